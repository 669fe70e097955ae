"""What only an administrator may do: delete articles, stories and comparisons, edit metadata.

The web layer checks the admin token before calling these; the functions themselves trust
their caller, like every service. An article's text is never edited: offsets in stored
analyses index it, so a changed text is a new article (delete, then add again).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.analysis.language import detect_language
from app.models import Article, ArticleBase, ArticleUpdate, Comparison, Story, saved_key
from app.services.articles import get_article
from app.services.errors import NotFound, UserError
from app.services.ingest import checked_language, get_or_create_outlet, parse_date


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
    moved = session.exec(update(Article).where(col(Article.story_id) == story_id).values(story_id=None))
    session.exec(update(Comparison).where(col(Comparison.story_id) == story_id).values(story_id=None))
    session.delete(story)
    session.commit()
    return moved.rowcount or 0


def delete_comparison(session: Session, slug: str) -> None:
    comparison = session.exec(select(Comparison).where(Comparison.slug == slug)).first()
    if comparison is None:
        raise NotFound(f"There is no comparison {slug[:40]!r}.")
    session.delete(comparison)
    session.commit()


def edit_article(session: Session, article_id: int, edit: ArticleUpdate) -> Article:
    """Change an article's metadata with the same rules (lengths, http(s) URLs, dates) as adding one.

    A field left out or null stays as it is; an empty one is cleared (an article keeps its outlet)."""
    article = get_article(session, article_id)
    given = {name: value for name in edit.model_fields_set if (value := getattr(edit, name)) is not None}
    if not given:
        raise UserError("Nothing to change: send at least one of " + ", ".join(ArticleUpdate.model_fields) + ".")
    if "language" in given:  # a cleared language is detected again
        given["language"] = checked_language(given["language"]) or detect_language(article.text)
    for name in given.keys() & ArticleBase.model_fields.keys():
        setattr(article, name, given[name] or None)
    if "published" in given:
        article.published_at = parse_date(given["published"])
    if "outlet" in given:
        if not given["outlet"]:
            raise UserError("An article needs an outlet.", field="outlet")
        article.outlet_id = saved_key(get_or_create_outlet(session, given["outlet"]).id)
    session.add(article)
    session.commit()
    session.refresh(article)
    return article
