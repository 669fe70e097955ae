"""Reading articles and outlets back: lists, filters, one article.

The article and outlet shapes the web layer validates and shows are handed out from here,
so routes never reach into the storage layer themselves.
"""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.analysis import lang
from app.analysis.checks import not_checked
from app.analysis.language import detect_language, direction, language_name
from app.models import (
    FIELD_LIMITS,
    Article,
    ArticleCreate,
    ArticlePublic,
    ArticlesPage,
    ArticleUpdate,
    Outlet,
    OutletPublic,
    saved_key,
)
from app.services import labels
from app.services.errors import NotFound
from app.services.ingest import outlet_key

__all__ = [
    "FIELD_LIMITS",
    "ArticleCreate",
    "ArticlePublic",
    "ArticleUpdate",
    "ArticlesPage",
    "OutletPublic",
    "count_articles",
    "direction",
    "get_article",
    "language_name",
    "language_of",
    "list_articles",
    "list_outlets",
    "not_checked",
    "supported_languages",
    "to_public",
]

MAX_PAGE = 200


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    return article


def to_public(session: Session, article: Article, *, with_text: bool = False) -> ArticlePublic:
    outlet = session.get(Outlet, article.outlet_id)
    return _public(article, outlet.name if outlet else "", with_text)


def _public(article: Article, outlet: str, with_text: bool = False) -> ArticlePublic:
    return ArticlePublic(
        **article.model_dump(exclude={"text", "html", "language"}),
        language=language_of(article),
        outlet=outlet,
        text=article.text if with_text else None,
        has_html=article.html is not None,
    )


def language_of(article: Article) -> str:
    """The stored language; rows stored before languages were kept are detected from their text."""
    return article.language or detect_language(article.text)


def supported_languages() -> list[tuple[str, str]]:
    """(code, English name) of every language the analysis has data for, for forms and notices."""
    return [(code, language_name(code)) for code in lang.SUPPORTED]


def list_articles(
    session: Session,
    *,
    outlet: str | None = None,
    story_id: int | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ArticlesPage:
    """One page of articles, newest first, filtered by outlet name, story or words in title/text."""
    limit = max(1, min(limit, MAX_PAGE))
    offset = max(0, offset)
    query = select(Article, Outlet).join(Outlet, col(Outlet.id) == col(Article.outlet_id))
    if outlet:
        query = query.where(Outlet.name_key == outlet_key(outlet))
    if story_id is not None:
        query = query.where(Article.story_id == story_id)
    if text:
        query = query.where(
            or_(*(col(c).icontains(text.strip(), autoescape=True) for c in (Article.title, Article.text)))
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Article.created_at).desc(), col(Article.id).desc()).offset(offset).limit(limit)
    )
    items = [_public(article, outlet_row.name) for article, outlet_row in rows]
    return ArticlesPage(items=items, total=total, limit=limit, offset=offset)


def list_outlets(session: Session) -> list[OutletPublic]:
    """Every outlet by name, with its article count and its labels (label set name -> value)."""
    counts = (
        select(Outlet, func.count(col(Article.id)))
        .join(Article, col(Article.outlet_id) == col(Outlet.id), isouter=True)
        .group_by(col(Outlet.id))
        .order_by(Outlet.name_key)
    )
    book = labels.book(session)
    return [
        OutletPublic(
            id=saved_key(o.id), name=o.name, domain=o.domain, articles=n, labels=book.names_of(saved_key(o.id))
        )
        for o, n in session.exec(counts)
    ]


def count_articles(session: Session) -> int:
    return session.exec(select(func.count(col(Article.id)))).one()
