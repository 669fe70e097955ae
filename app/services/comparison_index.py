"""Finding comparisons again: all of them, newest first; those holding an article or a story's
articles; and the one already made of the same articles, so asking twice does not store two.

A comparison is indexed when it is stored (`index`): `article_key` hashes its sorted article
ids and `comparison_article` lists them one per row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from app.analysis import ANALYSIS_VERSION
from app.models import Article, Comparison, ComparisonArticle, ComparisonStatus, Story, saved_key


def article_key(ids: Iterable[int]) -> str:
    """The same for any order of the same articles."""
    return hashlib.sha256(",".join(str(i) for i in sorted(set(ids))).encode()).hexdigest()


def index(session: Session, comparison: Comparison) -> None:
    """Record the comparison's article set and its articles; the caller commits."""
    comparison.article_key = article_key(comparison.article_ids)
    session.add(comparison)
    for article_id in sorted(set(comparison.article_ids)):
        session.add(ComparisonArticle(comparison_id=saved_key(comparison.id), article_id=article_id))


def find_same(session: Session, ids: Sequence[int]) -> Comparison | None:
    """The newest comparison of exactly these articles made by this analysis version that did not fail."""
    query = (
        select(Comparison)
        .where(Comparison.article_key == article_key(ids), Comparison.analysis_version == ANALYSIS_VERSION)
        .where(Comparison.status != ComparisonStatus.FAILED)
        .order_by(col(Comparison.created_at).desc(), col(Comparison.id).desc())
    )
    return session.exec(query).first()


def story_of(session: Session, ids: Sequence[int]) -> tuple[Story | None, bool]:
    """The story all these articles belong to, if one, and whether they are all of its articles."""
    story_ids = set(session.exec(select(Article.story_id).where(col(Article.id).in_(list(ids)))).all())
    if len(story_ids) != 1 or None in story_ids:
        return None, False
    story = session.get(Story, story_ids.pop())
    if story is None:
        return None, False
    members = set(session.exec(select(Article.id).where(Article.story_id == story.id)).all())
    return story, members == set(ids)


@dataclass(frozen=True)
class ComparisonSummary:
    """One line of a list of comparisons."""

    slug: str
    title: str
    status: str
    articles: int
    created_at: datetime
    story_id: int | None
    story_title: str | None

    def as_json(self, url: str) -> dict:
        return {
            "slug": self.slug,
            "url": url,
            "title": self.title,
            "status": str(self.status),
            "articles": self.articles,
            "created_at": self.created_at.isoformat(),
            "story": {"id": self.story_id, "title": self.story_title} if self.story_id else None,
        }


def _summaries(session: Session, query) -> list[ComparisonSummary]:
    rows = session.exec(query).all()
    return [
        ComparisonSummary(c.slug, c.title, c.status, len(c.article_ids), c.created_at, c.story_id, title)
        for c, title in rows
    ]


def _with_story():
    return select(Comparison, Story.title).outerjoin(Story, col(Story.id) == col(Comparison.story_id))


def _newest(query):
    return query.order_by(col(Comparison.created_at).desc(), col(Comparison.id).desc())


def list_comparisons(session: Session, limit: int = 50, offset: int = 0) -> tuple[list[ComparisonSummary], int]:
    """A page of comparisons, newest first, and how many there are in all."""
    total = session.exec(select(func.count()).select_from(Comparison)).one()
    return _summaries(session, _newest(_with_story()).limit(limit).offset(offset)), total


def with_article(session: Session, article_id: int, limit: int = 50) -> list[ComparisonSummary]:
    held = select(ComparisonArticle.comparison_id).where(ComparisonArticle.article_id == article_id)
    return holding(session, held, limit)


def holding(session: Session, comparison_ids, limit: int = 50) -> list[ComparisonSummary]:
    """The newest comparisons among ``comparison_ids`` (a select of ids, e.g. those holding an outlet's articles)."""
    return _summaries(session, _newest(_with_story().where(col(Comparison.id).in_(comparison_ids))).limit(limit))


def of_story(session: Session, story_id: int, article_ids: Sequence[int], limit: int = 50) -> list[Comparison]:
    """Made for the story, or of exactly its articles (say through the API, without naming it)."""
    same_set = Comparison.article_key == article_key(article_ids) if article_ids else False
    query = select(Comparison).where((Comparison.story_id == story_id) | same_set)
    return list(session.exec(_newest(query).limit(limit)))
