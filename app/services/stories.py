"""Stories: the event several articles cover."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.analysis import JOIN_THRESHOLD
from app.analysis import stories as analysis_stories
from app.analysis.stories import Terms
from app.models import Article, Comparison, Outlet, Story, as_row_id, saved_key
from app.services import comparison_index, paging, story_index
from app.services.errors import NotFound, UserError


@dataclass(frozen=True)
class StorySummary:
    id: int
    title: str
    articles: int
    outlets: list[str]
    latest_comparison: str | None = None  # slug of the newest comparison of the story


def create_story(session: Session, title: str) -> Story:
    story = _new_story(title)
    session.add(story)
    session.commit()
    session.refresh(story)
    return story


def _new_story(title: str) -> Story:
    title = " ".join((title or "").split())
    if not title:
        raise UserError("A story needs a title.", field="title")
    return Story(title=title[:500])


def get_story(session: Session, story_id: int) -> Story:
    story = session.get(Story, story_id)
    if story is None:
        raise NotFound(f"There is no story {story_id}.")
    return story


STORY_PAGE = 100  # a story's articles per page


def story_articles(
    session: Session, story_id: int, limit: int | None = None, offset: int = 0
) -> list[tuple[Article, Outlet]]:
    """A story's articles, oldest first: all of them, or the page ``offset``/``limit``."""
    query = (
        select(Article, Outlet)
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(Article.story_id == story_id)
        .order_by(col(Article.published_at).asc(), col(Article.id).asc())
    )
    if limit is not None:
        query = query.offset(offset).limit(limit)
    return list(session.exec(query))


def story_article_ids(session: Session, story_id: int) -> list[str]:
    """The ids of all a story's articles, oldest first (what "compare all" compares)."""
    query = (
        select(Article.id)
        .where(Article.story_id == story_id)
        .order_by(col(Article.published_at).asc(), col(Article.id).asc())
    )
    return [str(i) for i in session.exec(query)]


def stories_page(
    session: Session, limit: int = 50, before: int | None = None, after: int | None = None
) -> paging.KeysetPage:
    """A page of stories, newest first (by id: the order they were made in), with their article
    counts, outlets and newest comparison; a few queries whatever the archive's size."""
    page = paging.keyset(session, select(Story), Story.id, limit, before, after)
    return replace(page, items=summaries(session, page.items))


def list_stories(session: Session, limit: int = 50) -> list[StorySummary]:
    """The newest stories (the first page of :func:`stories_page`)."""
    return stories_page(session, limit).items


def summaries(session: Session, stories: list[Story]) -> list[StorySummary]:
    """Each story's article count and outlets (counted in SQL) and its newest comparison."""
    ids = [saved_key(story.id) for story in stories]
    counts = dict(
        session.exec(
            select(Article.story_id, func.count(col(Article.id)))
            .where(col(Article.story_id).in_(ids))
            .group_by(col(Article.story_id))
        ).all()
    )
    outlets: dict[int, list[str]] = {i: [] for i in ids}
    rows = session.exec(
        select(Article.story_id, Outlet.name)
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(col(Article.story_id).in_(ids))
        .distinct()
    )
    for story_id, outlet in rows:
        outlets[saved_key(story_id)].append(outlet)
    latest: dict[int, str] = {}
    newest_first = (
        select(Comparison.story_id, Comparison.slug)
        .where(col(Comparison.story_id).in_(ids))
        .order_by(col(Comparison.created_at).desc(), col(Comparison.id).desc())
    )
    for story_id, slug in session.exec(newest_first):
        latest.setdefault(saved_key(story_id), slug)
    return [
        StorySummary(i, s.title, counts.get(i, 0), sorted(outlets[i], key=str.casefold), latest.get(i))
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
# The analysis says how alike two articles read (app.analysis.stories); the articles to compare
# come from the stored index (app.services.story_index), never from a window of recent ones.
# A story scores the best match among its articles, and only articles published close together
# count: outlets publish on the same event for a few days; beyond that, similar words mean a new event.
DATE_WINDOW = timedelta(days=4)


@dataclass(frozen=True)
class StoryMatch:
    story_id: int | None
    score: float


def place_in_story(session: Session, article: Article, batch: story_index.Batch | None = None) -> Story:
    """Under the story lock: index the article, then join the best story or start one (flushed, not committed).

    ``batch``: what the articles stored in the same transaction share (see story_index.Batch)."""
    terms = story_index.index_article(session, article, batch)
    match = best_story_match(session, article, terms, batch)
    story = session.get(Story, match.story_id) if match.story_id is not None else None
    if story is None or match.score < JOIN_THRESHOLD:
        story = _new_story(article.title or _first_words(article.text) or f"Article {article.id}")
        session.add(story)
        session.flush()
    article.story_id = story.id
    session.add(article)
    session.flush()
    if batch is not None and article.id is not None:
        batch.terms[article.id] = terms
    return story


def best_story_match(
    session: Session, article: Article, terms: Terms | None = None, batch: story_index.Batch | None = None
) -> StoryMatch:
    """The story whose articles read most like ``article`` (within the date window) and its score.

    ``terms``: the article's, when it has just been indexed; otherwise (an article not stored,
    or stored before the index) it is counted as one more article, as if it were indexed."""
    indexed = terms is not None
    if terms is None:
        terms = analysis_stories.story_terms(article.title, article.text)
    df, articles = story_index.term_counts(session, (t for t, _ in terms), batch)
    if not indexed:
        articles += 1
        df.update({t: df.get(t, 0) + 1 for t, _ in terms})
    query = analysis_stories.vector(terms, df, articles)
    lookup = analysis_stories.lookup_terms(query, df, articles)
    weights = {term: query[term] * analysis_stories.idf(df[term], articles) for term in lookup}
    ranked = story_index.ranked_candidates(session, weights, article.id)
    usable = [(candidate, norm, shared / norm) for candidate, norm, shared in ranked]
    usable = [u for u in usable if _dates_compatible(article.published_at, u[0].published_at)]
    best: list[story_index.Candidate] = []
    per_story: Counter = Counter()
    seen: set[tuple[int, float, float]] = set()
    for candidate, norm, score in sorted(usable, key=lambda u: (-u[2], -u[0].article_id)):
        copy = (candidate.story_id, norm, score)  # the same terms again (a wire copy): it adds nothing
        if per_story[candidate.story_id] < story_index.SCORED_PER_STORY and copy not in seen:
            best.append(candidate)
            per_story[candidate.story_id] += 1
            seen.add(copy)
    best = best[: story_index.SCORED_CANDIDATES]
    if not best:
        return StoryMatch(None, 0.0)
    known = {} if batch is None else batch.terms  # candidates' stored terms, read once a batch
    known.update(story_index.stored_terms(session, [c.article_id for c in best if c.article_id not in known]))
    their_terms = {c.article_id: known[c.article_id] for c in best}
    similarities = analysis_stories.similarities(terms, [their_terms[c.article_id] for c in best])
    scores: dict[int, float] = {}
    for candidate, score in zip(best, similarities, strict=True):
        in_story = saved_key(candidate.story_id)  # candidates are articles in a story
        scores[in_story] = max(score, scores.get(in_story, 0.0))
    story_id = max(scores, key=lambda s: (scores[s], s))
    return StoryMatch(story_id, scores[story_id])


def _dates_compatible(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return True
    return abs(_aware(a) - _aware(b)) <= DATE_WINDOW


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


def story_detail(session: Session, story_id: int, page: int = 1) -> dict:
    """Everything the story page and its JSON twin show: one page of its articles, and its outlets
    with their article counts (counted in SQL, not over the rows)."""
    story = get_story(session, story_id)
    of_story = Article.story_id == story_id
    total = session.exec(select(func.count()).select_from(Article).where(of_story)).one()
    pages = max(1, -(-total // STORY_PAGE))
    offset = (min(max(1, page), pages) - 1) * STORY_PAGE
    counted = session.exec(
        select(Outlet.id, Outlet.name, func.count(col(Article.id)))
        .join(Article, col(Article.outlet_id) == Outlet.id)
        .where(of_story)
        .group_by(col(Outlet.id), col(Outlet.name))
    )
    outlets = [{"id": i, "name": name, "articles": n} for i, name, n in counted]
    return {
        "story": story,
        "rows": story_articles(session, story_id, STORY_PAGE, offset),
        "articles": paging.OffsetPage([], total, STORY_PAGE, offset),
        "outlets": sorted(outlets, key=lambda o: o["name"].casefold()),
        "comparisons": story_comparisons(session, story_id),
    }


def story_json(detail: dict) -> dict:
    story = detail["story"]
    articles: paging.OffsetPage = detail["articles"]
    return {
        "id": story.id,
        "title": story.title,
        "created_at": _aware(story.created_at).isoformat(),
        "outlets": detail["outlets"],
        "articles_total": articles.total,
        "page": articles.page,
        "pages": articles.pages,
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
