"""Who reported what first: each claim's first report and a timeline of when claims and
discrepancies first appeared, from the articles' publication times.

A publication time is a moment when its time of day is known, and a whole day when only the
date is (stored as midnight UTC, the convention the edit form also reads). Nothing is said to be
first unless it is: two articles of the same day with no time of day are tied, and articles with
no date at all are named as such, never placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Protocol

from app.web.coverage import Row

DAY = timedelta(days=1)


@dataclass(frozen=True, order=True)
class Moment:
    """When an article was published: a moment, or a whole day when the time of day is not known."""

    start: datetime
    precise: bool

    @property
    def end(self) -> datetime:
        return self.start if self.precise else self.start + DAY

    @property
    def text(self) -> str:
        if self.precise:
            return self.start.strftime("%d %b %Y %H:%M UTC").lstrip("0")
        return self.start.strftime("%d %b %Y").lstrip("0")

    def overlaps(self, other: Moment) -> bool:
        """Whether the two could be the same moment, so neither is known to come first."""
        if self.precise and other.precise:
            return self.start == other.start
        return (self.start < other.end and other.start < self.end) or self.start == other.start

    def as_json(self) -> dict:
        return {"at": self.start.isoformat(), "precision": "time" if self.precise else "day"}


def moment_of(published_at: datetime | None) -> Moment | None:
    if published_at is None:
        return None
    moment = published_at.astimezone(UTC) if published_at.tzinfo else published_at.replace(tzinfo=UTC)
    return Moment(moment, moment.timetz().replace(tzinfo=None) != time(0))


class Column(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def moment(self) -> Moment | None: ...


@dataclass(frozen=True)
class FirstReport:
    """The earliest carriers of something: one when it is known, else those tied with it."""

    outlets: tuple[str, ...]
    articles: tuple[str, ...]
    moment: Moment
    undated: tuple[str, ...] = ()  # carriers with no publication date

    @property
    def certain(self) -> bool:
        return len(self.outlets) == 1 and not self.undated

    @property
    def text(self) -> str:
        if len(self.outlets) == 1:
            said = f"First reported by {self.outlets[0]}, {self.moment.text}"
        elif self.moment.precise:
            said = f"First reported by {_listed(self.outlets)}, all at {self.moment.text}"
        else:
            said = f"First reported on {self.moment.text}, by {_listed(self.outlets)} (which first is not known)"
        if self.undated:
            verb = "has" if len(self.undated) == 1 else "have"
            said += f"; {_listed(self.undated)} {verb} no publication date"
        return said + "."

    def as_json(self) -> dict:
        return {
            **self.moment.as_json(),
            "outlets": list(self.outlets),
            "article_ids": list(self.articles),
            "certain": self.certain,
            "undated": list(self.undated),
        }


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def first_report(carriers: Sequence[Column]) -> FirstReport | None:
    """The earliest of these articles, with every one that may be as early; None when none is dated."""
    dated = sorted((c for c in carriers if c.moment is not None), key=lambda c: (c.moment, c.key))
    if not dated:
        return None
    earliest = dated[0].moment
    assert earliest is not None  # only dated columns were kept
    tied = [c for c in dated if c.moment is not None and c.moment.overlaps(earliest)]
    undated = tuple(c.label for c in carriers if c.moment is None)
    return FirstReport(tuple(c.label for c in tied), tuple(c.key for c in tied), earliest, undated)


@dataclass
class Entry:
    """One moment of the timeline: the articles published then, and what first appeared with them."""

    moment: Moment | None  # None: the articles with no publication date
    outlets: list[str]
    claims: list = field(default_factory=list)  # claim rows first carried here
    discrepancies: list = field(default_factory=list)  # (discrepancy view, text) that begin here


@dataclass
class Timeline:
    entries: list[Entry]
    first: dict[str, FirstReport]  # by claim id

    @property
    def informative(self) -> bool:
        """At least two distinct known moments: only then is anything earlier than anything else."""
        return sum(1 for e in self.entries if e.moment is not None) >= 2

    @property
    def undated(self) -> list[str]:
        return [o for e in self.entries if e.moment is None for o in e.outlets]


def build_timeline(columns: Sequence[Column], rows: Sequence[Row], discrepancies: Sequence) -> Timeline:
    """Entries by publication moment (tied moments together), each claim's first report, and for each
    discrepancy the moment its second, differing value was first published."""
    groups: dict[Moment | None, Entry] = {}
    for column in sorted(columns, key=lambda c: (c.moment is None, c.moment or Moment(datetime.min, True), c.key)):
        groups.setdefault(column.moment, Entry(column.moment, [])).outlets.append(column.label)
    by_label = {c.label: c for c in columns}
    first: dict[str, FirstReport] = {}
    for row in rows:
        report = first_report([c for c, present in zip(columns, row.present, strict=True) if present])
        if report is None:
            continue
        first[row.id] = report
        groups[by_label[report.outlets[0]].moment].claims.append(row)
    for item in discrepancies:
        begun = discrepancy_begins(item, by_label)
        if begun is not None:
            groups[begun[0]].discrepancies.append((item, begun[1]))
    return Timeline(list(groups.values()), first)


def discrepancy_begins(item, by_label: dict[str, Column]) -> tuple[Moment, str] | None:
    """When a second, different value was first published beside the first one, and the values in time order.

    ``item.values`` are {"label", "value"} dicts (the page's discrepancy view)."""
    dated = [
        (moment, v)
        for v in item.values
        if v["label"] in by_label and (moment := by_label[v["label"]].moment) is not None
    ]
    dated.sort(key=lambda pair: (pair[0], pair[1]["label"]))
    seen: set[str] = set()
    for moment, value in dated:
        seen.add(" ".join(str(value["value"]).casefold().split()))
        if len(seen) >= 2:
            steps = "; then ".join(f"{v['label']} said {v['value']} ({m.text})" for m, v in _first_per_value(dated))
            kind = "An update of the figure" if getattr(item, "kind", "") == "update" else "They disagree"
            return moment, f"{kind}: {steps}."
    return None


def _first_per_value(dated: list) -> list:
    """Each distinct value at the first time it was published, in time order."""
    out, seen = [], set()
    for moment, value in dated:
        key = " ".join(str(value["value"]).casefold().split())
        if key not in seen:
            seen.add(key)
            out.append((moment, value))
    return out
