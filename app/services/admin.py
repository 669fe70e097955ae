"""What only an administrator may do: delete articles, stories and comparisons, edit metadata.

The web layer checks the admin token before calling these; the functions themselves trust
their caller, like every service. An article's text is never edited: offsets in stored
analyses index it, so a changed text is a new article (delete, then add again).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from app.models import Article, Comparison, Story
from app.services.articles import get_article
from app.services.errors import NotFound, UserError
from app.services.ingest import FIELD_LIMITS, ArticleInput, _clean_fields, _valid_url, get_or_create_outlet, parse_date

EDITABLE = ("title", "outlet", "url", "author", "published")


@dataclass(frozen=True)
class ArticleEdit:
    """New metadata; None leaves a field as it is, an empty string clears it (except the outlet)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None


def delete_article(session: Session, article_id: int) -> None:
    """Remove one article. Comparisons keep its id and show it as deleted when next opened."""
    article = get_article(session, article_id)
    session.delete(article)
    session.commit()


def delete_story(session: Session, story_id: int) -> int:
    """Remove a story; its articles and comparisons stay, unassigned. Returns how many articles it had."""
    story = session.get(Story, story_id)
    if story is None:
        raise NotFound(f"There is no story {story_id}.")
    # Explicit rather than trusting ON DELETE SET NULL, which SQLite honours only with foreign keys on.
    moved = session.exec(update(Article).where(Article.story_id == story_id).values(story_id=None))
    session.exec(update(Comparison).where(Comparison.story_id == story_id).values(story_id=None))
    session.delete(story)
    session.commit()
    return moved.rowcount or 0


def delete_comparison(session: Session, slug: str) -> None:
    comparison = session.exec(select(Comparison).where(Comparison.slug == slug)).first()
    if comparison is None:
        raise NotFound(f"There is no comparison {slug[:40]!r}.")
    session.delete(comparison)
    session.commit()


def edit_article(session: Session, article_id: int, edit: ArticleEdit) -> Article:
    """Change an article's metadata with the same rules (lengths, http(s) URLs, dates) as adding one."""
    article = get_article(session, article_id)
    given = {name: getattr(edit, name) for name in EDITABLE if getattr(edit, name) is not None}
    if not given:
        raise UserError("Nothing to change: send at least one of " + ", ".join(EDITABLE) + ".")
    cleaned = _clean_fields(ArticleInput(**{k: v for k, v in given.items() if k in FIELD_LIMITS}))
    if "title" in given:
        article.title = cleaned.title
    if "author" in given:
        article.author = cleaned.author
    if "url" in given:
        article.url = _valid_url(cleaned.url)
    if "published" in given:
        article.published_at = parse_date(given["published"])
    if "outlet" in given:
        if not cleaned.outlet:
            raise UserError("An article needs an outlet.", field="outlet")
        article.outlet_id = get_or_create_outlet(session, cleaned.outlet).id
    session.add(article)
    session.commit()
    session.refresh(article)
    return article
