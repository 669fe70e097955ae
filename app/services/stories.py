"""Stories: the event several articles cover."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from app.analysis import JOIN_THRESHOLD, story_similarities
from app.models import Article, Comparison, Outlet, Story, as_row_id, saved_key
from app.services import comparison_index
from app.services.errors import NotFound, UserError


@dataclass(frozen=True)
class StorySummary:
    id: int
    title: str
    articles: int
    outlets: list[str]
    latest_comparison: str | None = None  # slug of the newest comparison of the story


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
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(Article.story_id == story_id)
        .order_by(col(Article.published_at).asc(), col(Article.id).asc())
    )
    return list(session.exec(query))


def list_stories(session: Session, limit: int = 50) -> list[StorySummary]:
    """Newest stories with their outlets and newest comparison, in three queries whatever the count."""
    stories = list(
        session.exec(select(Story).order_by(col(Story.created_at).desc(), col(Story.id).desc()).limit(limit))
    )
    ids = [saved_key(story.id) for story in stories]
    counts: Counter = Counter()
    outlets: dict[int, set[str]] = {i: set() for i in ids}
    rows = session.exec(
        select(Article.story_id, Outlet.name)
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(col(Article.story_id).in_(ids))
    )
    for story_id, outlet in rows:
        counts[story_id] += 1
        outlets[saved_key(story_id)].add(outlet)
    latest: dict[int, str] = {}
    newest_first = (
        select(Comparison.story_id, Comparison.slug)
        .where(col(Comparison.story_id).in_(ids))
        .order_by(col(Comparison.created_at).desc(), col(Comparison.id).desc())
    )
    for story_id, slug in session.exec(newest_first):
        latest.setdefault(saved_key(story_id), slug)
    return [
        StorySummary(i, s.title, counts[i], sorted(outlets[i], key=str.casefold), latest.get(i))
        for i, s in zip(ids, stories, strict=True)
    ]


def parse_story_id(value: object) -> int | None:
    """A story id as a form or multipart field sends it: blank is none, else a whole number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip().isdigit():
        number = as_row_id(value)
        if number is None:
            raise UserError(f"There is no story {value.strip()[:20]}.", field="story_id")
        return number
    raise UserError("story_id must be a whole number.", field="story_id")


# --- Grouping new articles into stories -------------------------------------------------
#
# The analysis says how alike two articles read (app.analysis.story_similarities); a story
# scores the best match among its articles, and only articles published close together count.
# Outlets publish on the same event for a few days; beyond that, similar words mean a new event.
DATE_WINDOW = timedelta(days=4)
MAX_CANDIDATES = 400  # newest articles that already belong to a story


@dataclass(frozen=True)
class StoryMatch:
    story_id: int | None
    score: float


def assign_story(session: Session, article: Article) -> Story:
    """Put a just-stored article into the story it covers, or start one titled after it."""
    match = best_story_match(session, article)
    if match.story_id is not None and match.score >= JOIN_THRESHOLD:
        story = get_story(session, match.story_id)
    else:
        story = create_story(session, article.title or _first_words(article.text) or f"Article {article.id}")
    article.story_id = story.id
    session.add(article)
    session.commit()
    session.refresh(article)
    return story


def best_story_match(session: Session, article: Article) -> StoryMatch:
    """The story whose articles read most like ``article`` (within the date window) and its score."""
    candidates = [c for c in _recent_story_articles(session, article.id) if _dates_compatible(article, c)]
    if not candidates:
        return StoryMatch(None, 0.0)
    similarities = story_similarities((article.title, article.text), [(c.title, c.text) for c in candidates])
    scores: dict[int, float] = {}
    for candidate, score in zip(candidates, similarities, strict=True):
        in_story = saved_key(candidate.story_id)  # candidates are articles in a story
        scores[in_story] = max(score, scores.get(in_story, 0.0))
    story_id = max(scores, key=lambda s: (scores[s], s))
    return StoryMatch(story_id, scores[story_id])


def _recent_story_articles(session: Session, exclude_id: int | None) -> list[Article]:
    query = (
        select(Article)
        .where(col(Article.story_id).is_not(None), Article.id != (exclude_id or -1))
        .order_by(col(Article.created_at).desc(), col(Article.id).desc())
        .limit(MAX_CANDIDATES)
    )
    return list(session.exec(query))


def _dates_compatible(a: Article, b: Article) -> bool:
    if a.published_at is None or b.published_at is None:
        return True
    return abs(_aware(a.published_at) - _aware(b.published_at)) <= DATE_WINDOW


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def _first_words(text: str, limit: int = 12) -> str:
    return " ".join(text.split()[:limit])


# --- Moving articles between stories ----------------------------------------------------


def move_article(
    session: Session, article_id: int, story_id: int | None = None, new_title: str | None = None
) -> Article:
    """Move an article into story ``story_id``, or into a new story titled ``new_title``.

    The story it leaves is deleted when that leaves it with no articles and no comparisons.
    """
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    new_title = " ".join((new_title or "").split()) or None
    if story_id is not None and new_title is None:
        target = get_story(session, story_id)
    elif story_id is None and new_title is not None:
        target = create_story(session, new_title)
    else:
        raise UserError("Choose an existing story or give a title for a new one (not both).", field="story_id")
    previous = article.story_id
    article.story_id = target.id
    session.add(article)
    session.commit()
    if previous is not None and previous != target.id:
        _delete_if_abandoned(session, previous)
    session.refresh(article)
    return article


def _delete_if_abandoned(session: Session, story_id: int) -> None:
    has_articles = session.exec(select(Article.id).where(Article.story_id == story_id).limit(1)).first()
    has_comparisons = session.exec(select(Comparison.id).where(Comparison.story_id == story_id).limit(1)).first()
    story = session.get(Story, story_id)
    if story is not None and has_articles is None and has_comparisons is None:
        session.delete(story)
        session.commit()


# --- Reading a story back ----------------------------------------------------------------


def story_comparisons(session: Session, story_id: int) -> list[Comparison]:
    """Made for the story, or of exactly its articles, newest first."""
    ids = [saved_key(i) for i in session.exec(select(Article.id).where(Article.story_id == story_id))]
    return comparison_index.of_story(session, story_id, ids)


def story_detail(session: Session, story_id: int) -> dict:
    """Everything the story page and its JSON twin show."""
    story = get_story(session, story_id)
    rows = story_articles(session, story_id)
    outlets: dict[int, dict] = {}
    for _, outlet in rows:
        entry = outlets.setdefault(saved_key(outlet.id), {"id": outlet.id, "name": outlet.name, "articles": 0})
        entry["articles"] += 1
    return {
        "story": story,
        "rows": rows,
        "outlets": sorted(outlets.values(), key=lambda o: o["name"].casefold()),
        "comparisons": story_comparisons(session, story_id),
    }


def story_json(detail: dict) -> dict:
    story = detail["story"]
    return {
        "id": story.id,
        "title": story.title,
        "created_at": _aware(story.created_at).isoformat(),
        "outlets": detail["outlets"],
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "outlet": o.name,
                "url": a.url,
                "published_at": _aware(a.published_at).isoformat() if a.published_at else None,
            }
            for a, o in detail["rows"]
        ],
        "comparisons": [
            {"slug": c.slug, "title": c.title, "url": f"/c/{c.slug}", "articles": len(c.article_ids or [])}
            for c in detail["comparisons"]
        ],
    }


def summary_json(summary: StorySummary) -> dict:
    return {"id": summary.id, "title": summary.title, "articles": summary.articles, "outlets": summary.outlets}


def story_choices(session: Session, limit: int = 200) -> list[Story]:
    """Newest stories first, for the 'move to story' list."""
    return list(session.exec(select(Story).order_by(col(Story.created_at).desc(), col(Story.id).desc()).limit(limit)))
