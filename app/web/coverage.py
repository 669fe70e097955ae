"""Coverage by label: how a comparison's claims spread over each label set the operator defined.

Read from the claims as shown (the stored analysis with readers' corrections) and the outlets'
labels; nothing here looks at text. A claim's side in a set is the values of the outlets that
carry it. An outlet without a value in a set is "no label", and a claim one of them carries is
never said to be carried by one side only: what is not known is not counted as absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from app.services.labels import LabelBook, SetView

NO_LABEL = "no label"


class Row(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def present(self) -> list[bool]: ...
    @property
    def count(self) -> int: ...


class Outlet(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def labels(self) -> dict[int, int]: ...  # set id -> value id


@dataclass
class ValueShare:
    """One value of a set among the compared outlets (value None: the outlets without one)."""

    value_id: int | None
    name: str
    outlets: list[str]
    claims: int = 0  # claims at least one of its outlets carries
    only: int = 0  # claims carried by its outlets and no other
    share: int = 0  # percent of all claims it carries

    @property
    def filter_query(self) -> str:
        return f"?filter=label&label={self.value_id}#claims" if self.value_id is not None else ""


@dataclass
class Sides:
    """Which values of one set carry a claim and which leave it out."""

    carried_by: list[str]
    left_out_by: list[str]
    unlabelled: bool  # an outlet with no value in the set carries it

    @property
    def one_side(self) -> str | None:
        return self.carried_by[0] if len(self.carried_by) == 1 and not self.unlabelled else None


@dataclass
class Blindspot:
    row: Row
    set_name: str
    value: str
    outlets: list[str]  # the outlets that carry it, all with ``value``
    left_out_by: list[str]  # the set's other values among the compared outlets


@dataclass
class SetCoverage:
    set: SetView
    values: list[ValueShare]
    sides: dict[str, Sides]  # by claim id
    blindspots: list[Blindspot]

    @property
    def labelled_values(self) -> list[ValueShare]:
        return [v for v in self.values if v.value_id is not None]


@dataclass
class Coverage:
    sets: list[SetCoverage] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.sets

    @property
    def blindspots(self) -> list[Blindspot]:
        return [b for s in self.sets for b in s.blindspots]

    def value(self, value_id: int | None) -> tuple[SetView, ValueShare] | None:
        for s in self.sets:
            for v in s.labelled_values:
                if v.value_id == value_id:
                    return s.set, v
        return None


def build_coverage(book: LabelBook, columns: Sequence[Outlet], rows: Sequence[Row]) -> Coverage:
    """Per label set with a value on at least one compared outlet: the spread, each claim's sides, the blindspots."""
    return Coverage([s for label_set in book.sets if (s := set_coverage(label_set, columns, rows)) is not None])


def set_coverage(label_set: SetView, columns: Sequence[Outlet], rows: Sequence[Row]) -> SetCoverage | None:
    of_column = [column.labels.get(label_set.id) for column in columns]
    if not any(v is not None for v in of_column):
        return None
    shares: list[ValueShare] = []
    for value in label_set.values:
        outlets = [c.label for c, v in zip(columns, of_column, strict=True) if v == value.id]
        if outlets:
            shares.append(ValueShare(value.id, value.name, outlets))
    unlabelled = [c.label for c, v in zip(columns, of_column, strict=True) if v is None]
    if unlabelled:
        shares.append(ValueShare(None, NO_LABEL, unlabelled))
    index = {v.value_id: v for v in shares}
    sides: dict[str, Sides] = {}
    blindspots: list[Blindspot] = []
    for row in rows:
        carrying = {v for v, present in zip(of_column, row.present, strict=True) if present}
        for value_id in carrying:
            index[value_id].claims += 1
        if len(carrying) == 1:
            index[next(iter(carrying))].only += 1
        labelled = [v for v in shares if v.value_id is not None]
        side = Sides(
            [v.name for v in labelled if v.value_id in carrying],
            [v.name for v in labelled if v.value_id not in carrying],
            None in carrying,
        )
        sides[row.id] = side
        if side.one_side and row.count >= 2 and side.left_out_by:
            outlets = [c.label for c, present in zip(columns, row.present, strict=True) if present]
            blindspots.append(Blindspot(row, label_set.name, side.one_side, outlets, side.left_out_by))
    for share in shares:
        share.share = round(100 * share.claims / len(rows)) if rows else 0
    blindspots.sort(key=lambda b: (-b.row.count, b.value))
    return SetCoverage(label_set, shares, sides, blindspots)


def carried_only_by(rows: Sequence[Row], columns: Sequence[Outlet], set_id: int, value_id: int) -> list:
    """The claims every carrier of which has ``value_id`` in the set (the filter "carried only by outlets labelled …")."""
    of_column = [column.labels.get(set_id) for column in columns]
    return [
        row
        for row in rows
        if row.count and all(v == value_id for v, present in zip(of_column, row.present, strict=True) if present)
    ]


@dataclass
class ArticleShare:
    """One value of a set among a story's articles: which outlets, how many articles."""

    name: str
    outlets: list[str]
    articles: int


def story_spread(book: LabelBook, outlets: Sequence[tuple[int, str, int]]) -> list[tuple[SetView, list[ArticleShare]]]:
    """Per label set with a value on one of the story's outlets ((id, name, articles) each): the articles by value."""
    out = []
    for label_set in book.sets:
        shares = []
        for value in [*label_set.values, None]:
            mine = [
                (name, n)
                for outlet_id, name, n in outlets
                if book.value_of(outlet_id, label_set.id) == (value and value.id)
            ]
            if mine:
                shares.append(
                    ArticleShare(value.name if value else NO_LABEL, [m[0] for m in mine], sum(m[1] for m in mine))
                )
        if any(s.name != NO_LABEL for s in shares):
            out.append((label_set, shares))
    return out
