"""Stories: the event several articles cover."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Article, Outlet, Story
from app.services.errors import NotFound, UserError


@dataclass(frozen=True)
class StorySummary:
    id: int
    title: str
    articles: int
    outlets: list[str]


def create_story(session: Session, title: str) -> Story:
    title = " ".join((title or "").split())
    if not title:
        raise UserError("A story needs a title.", field="title")
    story = Story(title=title[:500])
    session.add(story)
    session.commit()
    session.refresh(story)
    return story


def get_story(session: Session, story_id: int) -> Story:
    story = session.get(Story, story_id)
    if story is None:
        raise NotFound(f"There is no story {story_id}.")
    return story


def story_articles(session: Session, story_id: int) -> list[tuple[Article, Outlet]]:
    query = (
        select(Article, Outlet)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(Article.story_id == story_id)
        .order_by(col(Article.published_at).asc(), col(Article.id).asc())
    )
    return list(session.exec(query))


def list_stories(session: Session, limit: int = 50) -> list[StorySummary]:
    stories = session.exec(select(Story).order_by(col(Story.created_at).desc(), col(Story.id).desc()).limit(limit))
    out = []
    for story in stories:
        rows = story_articles(session, story.id)
        outlets = sorted({o.name for _, o in rows}, key=str.casefold)
        out.append(StorySummary(story.id, story.title, len(rows), outlets))
    return out


def count_stories(session: Session) -> int:
    return session.exec(select(func.count(Story.id))).one()
