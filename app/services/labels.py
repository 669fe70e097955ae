"""Labels the operator puts on outlets: sets (country, ownership, kind...), their values, and each
outlet's value in a set, from pages, the API, a CSV file (``parallax labels import``) or the demo.

Parallax ships no ratings: every set and value here is the operator's data, and the pages say so.
An outlet has at most one value per set, so a set splits the outlets of a comparison into sides.
Whatever changes what a comparison page shows about an outlet's labels bumps that outlet's
``labels_rev``, the counter cached pages key on (see services/comparisons.py ``Header``).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.models import LabelSet, LabelValue, Outlet, OutletLabel, clean_line, saved_key
from app.services.errors import Conflict, NotFound, UserError
from app.services.ingest import get_or_create_outlet, outlet_key

NAME_LIMIT = 100
SOURCE_LIMIT = 500
MOST_VALUES = 200  # per set
MOST_CSV_ROWS = 5000
MOST_CSV_SETS = 20
OPERATORS_DATA = "Labels are this site's operator's data, not Parallax's: Parallax ships no ratings of any outlet."


def clean_name(value: str) -> str:
    """A name as stored: one line, without control, bidi or zero-width characters (models.clean_line)."""
    return clean_line(str(value))


def _name(value: object, what: str) -> str:
    name = clean_name(value) if isinstance(value, str) else ""
    if not name:
        raise UserError(f"A {what} needs a name.", field="name")
    if len(name) > NAME_LIMIT:
        raise UserError(f"The {what} name {name[:40]!r}… is too long (at most {NAME_LIMIT} characters).", field="name")
    return name


class LabelSetIn(BaseModel):
    """A label set to define (the body of POST /api/labels): its name, its values in order, whose they are."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=NAME_LIMIT, description="e.g. country, ownership, kind")
    values: list[str] = Field(default_factory=list, max_length=MOST_VALUES, description="allowed values, in order")
    source: str | None = Field(None, max_length=SOURCE_LIMIT, description="whose labels these are, and where from")

    @field_validator("values")
    @classmethod
    def _clean_values(cls, values: list[str]) -> list[str]:
        return distinct_names(values)


class LabelSetPatch(BaseModel):
    """Changes to a label set: leave a field out to keep it. ``values`` is the whole new list:
    values kept by name keep their outlets, new ones are added, missing ones are removed."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=NAME_LIMIT)
    values: list[str] | None = Field(None, max_length=MOST_VALUES)
    source: str | None = Field(None, max_length=SOURCE_LIMIT)

    @field_validator("values")
    @classmethod
    def _clean_values(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else distinct_names(values)


def distinct_names(values: Iterable[str]) -> list[str]:
    """Values as typed, spaces collapsed, blanks and repeats (by case) dropped, order kept."""
    out: dict[str, str] = {}
    for raw in values:
        name = clean_name(raw)
        if len(name) > NAME_LIMIT:
            raise ValueError(f"the value {name[:40]!r}… is longer than {NAME_LIMIT} characters")
        if name:
            out.setdefault(outlet_key(name), name)
    return list(out.values())


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueView:
    id: int
    name: str
    outlets: int = 0


@dataclass(frozen=True)
class SetView:
    id: int
    name: str
    source: str | None
    values: list[ValueView]

    def value(self, value_id: int | None) -> ValueView | None:
        return next((v for v in self.values if v.id == value_id), None)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "values": [{"id": v.id, "name": v.name, "outlets": v.outlets} for v in self.values],
        }


@dataclass(frozen=True)
class LabelBook:
    """The label sets and which value each outlet has in each: what coverage by label reads."""

    sets: list[SetView] = field(default_factory=list)
    by_outlet: dict[int, dict[int, int]] = field(default_factory=dict)  # outlet id -> set id -> value id

    def value_of(self, outlet_id: int, set_id: int) -> int | None:
        return self.by_outlet.get(outlet_id, {}).get(set_id)

    def names_of(self, outlet_id: int) -> dict[str, str]:
        """Set name -> value name for one outlet, in the sets' order."""
        out = {}
        for label_set in self.sets:
            value = label_set.value(self.value_of(outlet_id, label_set.id))
            if value is not None:
                out[label_set.name] = value.name
        return out

    @property
    def empty(self) -> bool:
        return not any(self.by_outlet.values())


def list_sets(session: Session) -> list[SetView]:
    """Every label set with its values (in order) and how many outlets have each."""
    counts = dict(session.exec(select(OutletLabel.value_id, func.count()).group_by(col(OutletLabel.value_id))).all())
    values: dict[int, list[ValueView]] = defaultdict(list)
    for v in session.exec(select(LabelValue).order_by(col(LabelValue.position), col(LabelValue.id))):
        values[v.label_set_id].append(ValueView(saved_key(v.id), v.name, counts.get(saved_key(v.id), 0)))
    sets = session.exec(select(LabelSet).order_by(col(LabelSet.name_key)))
    return [SetView(saved_key(s.id), s.name, s.source, values[saved_key(s.id)]) for s in sets]


def get_set(session: Session, set_id: int) -> SetView:
    found = next((s for s in list_sets(session) if s.id == set_id), None)
    if found is None:
        raise NotFound(f"There is no label set {set_id}.")
    return found


def book(session: Session, outlet_ids: Iterable[int] | None = None) -> LabelBook:
    """The sets in use by these outlets (all outlets when None) and each outlet's values."""
    query = select(OutletLabel)
    if outlet_ids is not None:
        ids = sorted(set(outlet_ids))
        if not ids:
            return LabelBook()
        query = query.where(col(OutletLabel.outlet_id).in_(ids))
    by_outlet: dict[int, dict[int, int]] = defaultdict(dict)
    for row in session.exec(query):
        by_outlet[row.outlet_id][row.label_set_id] = row.value_id
    used = {set_id for labels in by_outlet.values() for set_id in labels}
    sets = [s for s in list_sets(session) if outlet_ids is None or s.id in used]
    return LabelBook(sets, dict(by_outlet))


# --- defining sets ------------------------------------------------------------------------


def create_set(session: Session, data: LabelSetIn) -> SetView:
    name = _name(data.name, "label set")
    label_set = LabelSet(name=name, name_key=outlet_key(name), source=clean_name(data.source or "") or None)
    session.add(label_set)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise _set_exists(session, name) from None
    assert label_set.id is not None
    for position, value in enumerate(data.values):
        session.add(LabelValue(label_set_id=label_set.id, name=value, name_key=outlet_key(value), position=position))
    session.commit()
    return get_set(session, label_set.id)


def _set_exists(session: Session, name: str) -> Conflict:
    existing = session.exec(select(LabelSet).where(LabelSet.name_key == outlet_key(name))).first()
    return Conflict(
        f"There is already a label set called {name!r}.", field="name", extra={"existing_id": existing and existing.id}
    )


def update_set(session: Session, set_id: int, patch: LabelSetPatch) -> SetView:
    label_set = _set_row(session, set_id)
    if patch.name is not None:
        label_set.name = _name(patch.name, "label set")
        label_set.name_key = outlet_key(label_set.name)
    if patch.source is not None:
        label_set.source = clean_name(patch.source) or None
    session.add(label_set)
    if patch.values is not None:
        _replace_values(session, set_id, patch.values)
    _bump_set(session, set_id)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _set_exists(session, patch.name or "") from None
    return get_set(session, set_id)


def _replace_values(session: Session, set_id: int, names: list[str]) -> None:
    """Keep the values named again (and their outlets), add the new ones, remove the rest, in the new order."""
    existing = {v.name_key: v for v in session.exec(select(LabelValue).where(LabelValue.label_set_id == set_id))}
    wanted = {outlet_key(n): n for n in names}
    for key, value in existing.items():
        if key not in wanted:
            session.exec(delete(OutletLabel).where(col(OutletLabel.value_id) == value.id))
            session.delete(value)
    session.flush()
    for position, (key, name) in enumerate(wanted.items()):
        value = existing.get(key) or LabelValue(label_set_id=set_id, name_key=key, name=name)
        value.name, value.position = name, position  # a new spelling of the same value is kept
        session.add(value)


def delete_set(session: Session, set_id: int) -> None:
    label_set = _set_row(session, set_id)
    _bump_set(session, set_id)
    session.exec(delete(OutletLabel).where(col(OutletLabel.label_set_id) == set_id))
    session.exec(delete(LabelValue).where(col(LabelValue.label_set_id) == set_id))
    session.delete(label_set)
    session.commit()


def _set_row(session: Session, set_id: int) -> LabelSet:
    label_set = session.get(LabelSet, set_id)
    if label_set is None:
        raise NotFound(f"There is no label set {set_id}.")
    return label_set


def _bump_set(session: Session, set_id: int) -> None:
    holders = select(OutletLabel.outlet_id).where(OutletLabel.label_set_id == set_id)
    bump(session, session.exec(holders).all())


def bump(session: Session, outlet_ids: Iterable[int]) -> None:
    """Cached pages showing these outlets are stale: their labels changed. The caller commits."""
    ids = sorted(set(outlet_ids))
    if ids:
        session.exec(update(Outlet).where(col(Outlet.id).in_(ids)).values(labels_rev=col(Outlet.labels_rev) + 1))


# --- assigning values ---------------------------------------------------------------------


def assign(session: Session, outlet_id: int, labels: Mapping[str, str | None]) -> dict[str, str]:
    """Set an outlet's values by set name and value name (None or "" clears it); the outlet's labels after.

    Names are matched ignoring case and spacing; an unknown set or value is refused, naming what exists."""
    if session.get(Outlet, outlet_id) is None:
        raise NotFound(f"There is no outlet {outlet_id}.")
    sets = {outlet_key(s.name): s for s in list_sets(session)}
    changes: dict[int, int | None] = {}
    for set_name, value_name in labels.items():
        label_set = sets.get(outlet_key(set_name))
        if label_set is None:
            known = ", ".join(s.name for s in sets.values()) or "none yet"
            raise UserError(f"There is no label set {set_name!r} (defined: {known}).", field="labels")
        if value_name is None or not clean_name(value_name):
            changes[label_set.id] = None
            continue
        value = next((v for v in label_set.values if outlet_key(v.name) == outlet_key(value_name)), None)
        if value is None:
            allowed = ", ".join(v.name for v in label_set.values) or "none yet"
            raise UserError(f"{label_set.name} has no value {value_name!r} (its values: {allowed}).", field="labels")
        changes[label_set.id] = value.id
    set_values(session, {(outlet_id, set_id): value_id for set_id, value_id in changes.items()})
    return book(session, [outlet_id]).names_of(outlet_id)


def set_values(session: Session, changes: Mapping[tuple[int, int], int | None]) -> int:
    """Apply (outlet id, set id) -> value id (None clears) and commit; how many changed."""
    outlets = sorted({outlet_id for outlet_id, _ in changes})
    rows: Iterable[OutletLabel] = (
        session.exec(select(OutletLabel).where(col(OutletLabel.outlet_id).in_(outlets))) if outlets else []
    )
    current = {(r.outlet_id, r.label_set_id): r for r in rows}
    changed: set[int] = set()
    for (outlet_id, set_id), value_id in changes.items():
        row = current.get((outlet_id, set_id))
        if row is not None and row.value_id == value_id:
            continue
        if row is not None and value_id is None:
            session.delete(row)
        elif row is not None and value_id is not None:
            row.value_id = value_id
            session.add(row)
        elif value_id is not None:
            session.add(OutletLabel(outlet_id=outlet_id, label_set_id=set_id, value_id=value_id))
        else:
            continue
        changed.add(outlet_id)
    bump(session, changed)
    session.commit()
    return len(changed)


def merge_labels(session: Session, source_id: int, target_id: int) -> None:
    """When two outlets become one, the target keeps its values and takes the source's for sets it lacks.
    The caller commits."""
    target_sets = set(session.exec(select(OutletLabel.label_set_id).where(OutletLabel.outlet_id == target_id)).all())
    for row in session.exec(select(OutletLabel).where(OutletLabel.outlet_id == source_id)).all():
        if row.label_set_id not in target_sets:
            session.add(OutletLabel(outlet_id=target_id, label_set_id=row.label_set_id, value_id=row.value_id))
        session.delete(row)
    bump(session, [target_id])


# --- CSV ----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What a CSV import did, for the CLI's lines and the API's answer."""

    sets_created: list[str] = field(default_factory=list)
    values_created: int = 0
    assigned: int = 0  # cells that changed an outlet's value
    unchanged: int = 0
    outlets_created: list[str] = field(default_factory=list)
    unknown_outlets: list[str] = field(default_factory=list)  # skipped: no outlet of that name

    def as_json(self) -> dict:
        return {
            "sets_created": self.sets_created,
            "values_created": self.values_created,
            "assigned": self.assigned,
            "unchanged": self.unchanged,
            "outlets_created": self.outlets_created,
            "unknown_outlets": self.unknown_outlets,
        }


def parse_csv(text: str) -> tuple[list[str], list[list[str]]]:
    """The label set names of the head row and the rows (outlet, value per set); a clear error otherwise.

    The head row is ``outlet`` then one column per label set; an empty cell leaves that label as it is."""
    try:
        rows = [
            row
            for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as exc:
        raise UserError(f"The file is not readable CSV: {exc}.", field="file") from None
    if not rows:
        raise UserError("The file is empty: its first row names the columns, outlet first.", field="file")
    head = [clean_name(cell) for cell in rows[0]]
    if not head or outlet_key(head[0]) != "outlet":
        raise UserError("The first column must be called 'outlet'; the others name label sets.", field="file")
    sets = head[1:]
    if not sets:
        raise UserError("Name at least one label set in the head row, after 'outlet'.", field="file")
    if len(sets) > MOST_CSV_SETS:
        raise UserError(f"At most {MOST_CSV_SETS} label sets in one file; this one has {len(sets)}.", field="file")
    for name in sets:
        _name(name, "label set")
    if len({outlet_key(s) for s in sets}) < len(sets):
        raise UserError("Two columns name the same label set.", field="file")
    body = rows[1:]
    if len(body) > MOST_CSV_ROWS:
        raise UserError(f"At most {MOST_CSV_ROWS} outlets in one file; this one has {len(body)}.", field="file")
    for number, row in enumerate(body, start=2):
        if len(row) > len(head):
            raise UserError(f"Row {number} has more cells than the head row names.", field="file")
        for cell in row:
            if len(clean_name(cell)) > NAME_LIMIT:
                raise UserError(f"Row {number}: {cell[:40]!r}… is longer than {NAME_LIMIT} characters.", field="file")
    return sets, [[clean_name(c) for c in row] + [""] * (len(head) - len(row)) for row in body]


def import_csv(session: Session, text: str, source: str | None = None, create_outlets: bool = False) -> ImportReport:
    """Define the file's label sets and values as needed and assign them to the outlets it names.

    Outlets are matched by name (case and spacing ignored); an unknown one is skipped and reported,
    or created when ``create_outlets`` (labels ready before its articles arrive)."""
    set_names, rows = parse_csv(text)
    report = ImportReport()
    existing = {outlet_key(s.name): s.id for s in list_sets(session)}
    set_ids = []
    for name in set_names:
        if outlet_key(name) not in existing:
            existing[outlet_key(name)] = create_set(session, LabelSetIn(name=name, source=source)).id
            report.sets_created.append(name)
        set_ids.append(existing[outlet_key(name)])
    values = {
        (v.label_set_id, v.name_key): v.id
        for v in session.exec(select(LabelValue).where(col(LabelValue.label_set_id).in_(set_ids)))
    }
    positions = {set_id: len([k for k in values if k[0] == set_id]) for set_id in set_ids}
    changes: dict[tuple[int, int], int | None] = {}
    for row in rows:
        outlet = _outlet_named(session, row[0], create_outlets, report)
        if outlet is None:
            continue
        for set_id, cell in zip(set_ids, row[1:], strict=True):
            if not cell:
                continue
            key = (set_id, outlet_key(cell))
            if key not in values:
                value = LabelValue(label_set_id=set_id, name=cell, name_key=key[1], position=positions[set_id])
                session.add(value)
                session.flush()
                assert value.id is not None
                values[key], positions[set_id] = value.id, positions[set_id] + 1
                report.values_created += 1
            changes[(saved_key(outlet.id), set_id)] = values[key]
    named = sorted({outlet_id for outlet_id, _ in changes})
    assigned: Iterable[OutletLabel] = (
        session.exec(select(OutletLabel).where(col(OutletLabel.outlet_id).in_(named))) if named else []
    )
    current = {(r.outlet_id, r.label_set_id): r.value_id for r in assigned}
    report.unchanged = sum(1 for k, v in changes.items() if current.get(k) == v)
    report.assigned = len(changes) - report.unchanged
    set_values(session, changes)
    return report


def _outlet_named(session: Session, name: str, create: bool, report: ImportReport) -> Outlet | None:
    if not name:
        return None
    outlet = session.exec(select(Outlet).where(Outlet.name_key == outlet_key(name))).first()
    if outlet is None and create:
        outlet = get_or_create_outlet(session, name)
        report.outlets_created.append(name)
    if outlet is None and name not in report.unknown_outlets:
        report.unknown_outlets.append(name)
    return outlet
