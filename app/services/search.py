"""Full-text search over article titles and text.

SQLite uses the FTS5 table of migration 0003 (bm25 ranking, snippet()); PostgreSQL the stored,
GIN-indexed tsvector column of migration 0015 (ts_rank, and ts_headline for the page's rows only).
Whatever the user types becomes quoted terms or plainto_tsquery input, so no query can raise a
syntax error.

Snippets come back as segments (text, matched) rather than HTML: templates escape every
segment and wrap matches in <mark>, so article text is never trusted as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape

from sqlalchemy import text as sql
from sqlmodel import Session

from app.services import paging

MAX_QUERY_CHARS = 200
MAX_TERMS = 16
MAX_PAGE = 100
# Private-use characters: FTS5 and ts_headline put them around matches; we turn them into segments.
MARK_START, MARK_END = "\ue000", "\ue001"
ELLIPSIS = "…"
_TERM = re.compile(r"[^\W_]+", re.UNICODE)

# Migration 0015's generated column: the title's words weighted A, the text's B.
SEARCH_VECTOR = "a.search_vector"
# ts_rank's weights for D, C, B, A: a title match counts four times a text match, as in bm25 on SQLite.
PG_WEIGHTS = "{0, 0, 0.25, 1}"


@dataclass(frozen=True)
class Segment:
    text: str
    match: bool


@dataclass(frozen=True)
class SearchHit:
    id: int
    title: str | None
    outlet: str
    story_id: int | None
    published_at: datetime | None
    snippet: list[Segment]

    @property
    def snippet_html(self) -> str:
        """Escaped text with <mark> around matches, for JSON clients that show HTML."""
        return "".join(f"<mark>{escape(s.text)}</mark>" if s.match else escape(s.text) for s in self.snippet)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "story_id": self.story_id,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "snippet": "".join(s.text for s in self.snippet),
            "snippet_html": self.snippet_html,
        }


@dataclass(frozen=True)
class SearchPage:
    q: str
    total: int
    limit: int
    offset: int
    items: list[SearchHit] = field(default_factory=list)

    @property
    def pages(self) -> paging.OffsetPage:
        """Where this page stands among the results (offsets beyond paging.MAX_OFFSET are not served)."""
        return paging.OffsetPage(self.items, self.total, self.limit, self.offset)

    def to_json(self) -> dict:
        return {
            "q": self.q,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "items": [hit.to_json() for hit in self.items],
        }


def query_terms(q: str | None) -> list[str]:
    """The words of a query, as the index tokenises them (punctuation is a separator)."""
    return _TERM.findall((q or "")[:MAX_QUERY_CHARS])[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    """Every term as a quoted FTS5 string, all required: operators typed by users stay words."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def search_articles(session: Session, q: str | None, limit: int = 20, offset: int = 0) -> SearchPage:
    """Articles whose title or text contains every word of ``q``, best match first."""
    limit, offset = paging.clamp(limit, offset, MAX_PAGE)
    query = " ".join((q or "").split())[:MAX_QUERY_CHARS]
    terms = query_terms(query)
    if not terms:
        return SearchPage(q=query, total=0, limit=limit, offset=offset)
    dialect = session.get_bind().dialect.name
    run = _search_postgres if dialect == "postgresql" else _search_sqlite
    total, rows = run(session, terms, limit, offset)
    items = [_hit(row) for row in rows]
    return SearchPage(q=query, total=total, limit=limit, offset=offset, items=items)


def _search_sqlite(session: Session, terms: list[str], limit: int, offset: int):
    match = fts5_query(terms)
    total = session.execute(sql("SELECT count(*) FROM article_fts WHERE article_fts MATCH :m"), {"m": match}).scalar()
    rows = session.execute(
        sql(
            # Title matches weigh more than text matches (bm25 column weights).
            "SELECT a.id, a.title, o.name AS outlet, a.story_id, a.published_at, "
            "snippet(article_fts, -1, :start, :end, :ellipsis, 24) AS snippet "
            "FROM article_fts JOIN article a ON a.id = article_fts.rowid JOIN outlet o ON o.id = a.outlet_id "
            "WHERE article_fts MATCH :m ORDER BY bm25(article_fts, 4.0, 1.0), a.id DESC LIMIT :limit OFFSET :offset"
        ),
        {"m": match, "start": MARK_START, "end": MARK_END, "ellipsis": ELLIPSIS, "limit": limit, "offset": offset},
    ).all()
    return total, rows


def _search_postgres(session: Session, terms: list[str], limit: int, offset: int):
    params = {
        "q": " ".join(terms),
        "limit": limit,
        "offset": offset,
        "opts": f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
        f'MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "',
    }
    where = f"{SEARCH_VECTOR} @@ plainto_tsquery('simple', :q)"
    total = session.execute(sql(f"SELECT count(*) FROM article a WHERE {where}"), params).scalar()
    # The page is ranked on the stored vectors; ts_headline re-reads the text of its rows only.
    rows = session.execute(
        sql(
            "SELECT a.id, a.title, o.name AS outlet, a.story_id, a.published_at, "
            "ts_headline('simple', a.text, plainto_tsquery('simple', :q), :opts) AS snippet "
            "FROM (SELECT a.id, "
            f"ts_rank('{PG_WEIGHTS}', {SEARCH_VECTOR}, plainto_tsquery('simple', :q)) AS rank "
            f"FROM article a WHERE {where} ORDER BY rank DESC, a.id DESC LIMIT :limit OFFSET :offset) AS page "
            "JOIN article a ON a.id = page.id JOIN outlet o ON o.id = a.outlet_id "
            "ORDER BY page.rank DESC, a.id DESC"
        ),
        params,
    ).all()
    return total, rows


def _hit(row) -> SearchHit:
    published = row.published_at
    if isinstance(published, str):  # raw SQL on SQLite returns the stored text
        published = datetime.fromisoformat(published)
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)  # stored as UTC
    return SearchHit(
        id=row.id,
        title=row.title,
        outlet=row.outlet,
        story_id=row.story_id,
        published_at=published,
        snippet=segments(row.snippet or ""),
    )


def segments(marked: str) -> list[Segment]:
    """Split text with match markers into plain and matched pieces; stray markers are dropped."""
    out: list[Segment] = []
    inside = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", " ".join(marked.split())):
        if piece == MARK_START:
            inside = True
        elif piece == MARK_END:
            inside = False
        elif piece:
            out.append(Segment(piece, inside))
    return out
