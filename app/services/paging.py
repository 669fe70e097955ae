"""Pages of a list: counts from SQL, and the links a page shows without JS.

Two kinds, one shape for templates and JSON:
  * :class:`OffsetPage` (page x of y) for lists whose depth is bounded: a story's articles (by the
    story), outlets (one per publisher), comparisons and search results (offset capped at
    ``MAX_OFFSET``; beyond it the pager says to narrow the list down);
  * :class:`KeysetPage` for the list that grows with the archive, the stories: "older" and
    "newer" pages start from an id (``before`` / ``after``), so a deep page costs what the first does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

MAX_OFFSET = 10_000  # deepest offset an offset list serves; deeper pages are refused, not slow


@dataclass(frozen=True)
class OffsetPage:
    items: list
    total: int
    limit: int
    offset: int

    @property
    def page(self) -> int:
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    @property
    def prev_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None

    @property
    def next_offset(self) -> int | None:
        following = self.offset + self.limit
        return following if following < self.total and following <= MAX_OFFSET else None

    @property
    def last_offset(self) -> int:
        return min((self.pages - 1) * self.limit, MAX_OFFSET // self.limit * self.limit)

    @property
    def capped(self) -> bool:
        """Whether rows lie beyond the deepest page served."""
        return self.total > self.last_offset + self.limit

    def links(self) -> dict[str, dict[str, int]]:
        """Query parameters of the neighbouring pages (for JSON twins and Link headers)."""
        out = {"first": {"offset": 0}, "last": {"offset": self.last_offset}}
        if self.prev_offset is not None:
            out["prev"] = {"offset": self.prev_offset}
        if self.next_offset is not None:
            out["next"] = {"offset": self.next_offset}
        return {rel: {**params, "limit": self.limit} for rel, params in out.items()}

    def page_links(self) -> dict[str, dict[str, int]]:
        """The same neighbours as ``?page=`` numbers (a story's articles)."""
        out = {"first": {"page": 1}, "last": {"page": self.pages}}
        if self.page > 1:
            out["prev"] = {"page": self.page - 1}
        if self.page < self.pages:
            out["next"] = {"page": self.page + 1}
        return out


def clamp(limit: int, offset: int, most: int) -> tuple[int, int]:
    return max(1, min(limit, most)), max(0, min(offset, MAX_OFFSET))


@dataclass(frozen=True)
class KeysetPage:
    items: list
    total: int
    limit: int
    newer: int  # rows before this page (newer ones): the page number follows from it
    before: int | None = None  # cursor of the next (older) page
    after: int | None = None  # cursor of the previous (newer) page
    extra: dict = field(default_factory=dict)

    @property
    def page(self) -> int:
        return -(-self.newer // self.limit) + 1

    @property
    def pages(self) -> int:
        return max(self.page, -(-self.total // self.limit))

    def links(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"first": {}, "last": {"after": 0}}
        if self.after is not None:
            out["prev"] = {"after": self.after}
        if self.before is not None:
            out["next"] = {"before": self.before}
        return {rel: {**params, "limit": self.limit} for rel, params in out.items()}


def keyset(
    session: Session,
    query: Any,
    id_column: Any,
    limit: int,
    before: int | None = None,
    after: int | None = None,
    key: Callable[[Any], int] = lambda row: row.id,
) -> KeysetPage:
    """Newest (highest id) first: the page older than ``before``, or the one newer than ``after``
    (``after=0``: the oldest page), from an indexed id, with the total and the rows above it counted in SQL."""
    ids = col(id_column)
    if after is not None:
        rows: Sequence = list(session.exec(query.where(ids > after).order_by(ids.asc()).limit(limit + 1)))
        more_newer = len(rows) > limit
        rows = list(reversed(rows[:limit]))
        more_older = bool(rows) and _exists(session, query.where(ids < key(rows[-1])))
    else:
        filtered = query.where(ids < before) if before is not None else query
        rows = list(session.exec(filtered.order_by(ids.desc()).limit(limit + 1)))
        more_older = len(rows) > limit
        rows = rows[:limit]
        more_newer = before is not None and bool(rows) and _exists(session, query.where(ids > key(rows[0])))
    total = _count(session, query)
    newer = _count(session, query.where(ids > key(rows[0]))) if rows and more_newer else 0
    return KeysetPage(
        items=list(rows),
        total=total,
        limit=limit,
        newer=newer,
        before=key(rows[-1]) if rows and more_older else None,
        after=key(rows[0]) if rows and more_newer else None,
    )


def _count(session: Session, query: Any) -> int:
    return session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()


def _exists(session: Session, query: Any) -> bool:
    return session.exec(query.order_by(None).limit(1)).first() is not None
