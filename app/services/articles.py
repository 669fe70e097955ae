"""Reading articles and outlets back: lists, filters, one article."""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.models import Article, ArticlePublic, ArticlesPage, Outlet, OutletPublic
from app.services.errors import NotFound

MAX_PAGE = 200


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    return article


def to_public(session: Session, article: Article, *, with_text: bool = False) -> ArticlePublic:
    outlet = session.get(Outlet, article.outlet_id)
    return ArticlePublic(
        id=article.id,
        outlet=outlet.name if outlet else "",
        outlet_id=article.outlet_id,
        story_id=article.story_id,
        title=article.title,
        url=article.url,
        canonical_url=article.canonical_url,
        author=article.author,
        published_at=article.published_at,
        content_hash=article.content_hash,
        created_at=article.created_at,
        text=article.text if with_text else None,
        has_html=article.html is not None,
    )


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
    query = select(Article, Outlet).join(Outlet, Outlet.id == Article.outlet_id)
    if outlet:
        from app.services.ingest import outlet_key

        query = query.where(Outlet.name_key == outlet_key(outlet))
    if story_id is not None:
        query = query.where(Article.story_id == story_id)
    if text:
        pattern = f"%{_escape_like(text.strip())}%"
        query = query.where(
            or_(col(Article.title).ilike(pattern, escape="\\"), col(Article.text).ilike(pattern, escape="\\"))
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Article.created_at).desc(), col(Article.id).desc()).offset(offset).limit(limit)
    )
    items = [_public_row(article, outlet_row) for article, outlet_row in rows]
    return ArticlesPage(items=items, total=total, limit=limit, offset=offset)


def _public_row(article: Article, outlet: Outlet) -> ArticlePublic:
    return ArticlePublic(
        **article.model_dump(exclude={"text", "html"}),
        outlet=outlet.name,
        has_html=article.html is not None,
    )


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_outlets(session: Session) -> list[OutletPublic]:
    counts = (
        select(Outlet, func.count(Article.id))
        .join(Article, Article.outlet_id == Outlet.id, isouter=True)
        .group_by(Outlet.id)
        .order_by(Outlet.name_key)
    )
    return [OutletPublic(id=o.id, name=o.name, domain=o.domain, articles=n) for o, n in session.exec(counts)]


def count_articles(session: Session) -> int:
    return session.exec(select(func.count(Article.id))).one()
