"""Stored comparisons: create one with a permanent slug, load it, recompute it when stale.

The analysis result is stored with a fingerprint of the analysis version and each
article's content hash. Viewing a comparison whose fingerprint no longer matches (the
analysis was upgraded, an article was edited or deleted) recomputes it, so a link keeps
working and stays right across restarts and upgrades.

A server computes every comparison in the background: the request that creates one stores it,
hands it to the runner and waits at most ``PARALLAX_ANALYSIS_WAIT_SECONDS`` for the result, and
the runner runs the analysis in a child process within the time and memory budget
(:func:`compute_bounded`, services/analysis_worker.py). Without a runner (the CLI, the demo
load, scripts) :func:`compute` runs it in the calling process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import bindparam, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app.analysis import ANALYSIS_VERSION, ComparisonResult, compare
from app.models import (
    MAX_ROW_ID,
    Article,
    Comparison,
    ComparisonStatus,
    Outlet,
    RowIdValue,
    Story,
    as_row_id,
    aware,
    clean_line,
    saved_key,
    utcnow,
)
from app.services import analysis_worker, comparison_index, corrections, job_queue, jobs, labels
from app.services.corrections import Corrected
from app.services.errors import Conflict, NotFound, UserError
from app.services.labels import LabelBook
from app.settings import MOST_ARTICLES_PER_COMPARISON, Settings

log = logging.getLogger("parallax")

SLUG_BYTES = 9  # token_urlsafe(9) -> 12 characters, 72 random bits
MAX_TITLE = 500


@dataclass(frozen=True)
class ArticleMeta:
    """What a comparison page shows about one of its articles."""

    id: int
    outlet: str
    title: str | None
    url: str | None
    author: str | None
    published_at: datetime | None  # aware UTC
    content_hash: str
    outlet_id: int = 0
    labels_rev: int = 0  # the outlet's labels counter: a change of labels changes the page
    language: str | None = None  # stored; NULL for rows older than languages (detected when analysed)

    def __post_init__(self) -> None:
        if isinstance(self.published_at, datetime):  # the header's plain SQL read on SQLite gives text: kept as is
            object.__setattr__(self, "published_at", aware(self.published_at))

    @property
    def analysed_as(self) -> str:
        return analysed_as(self.content_hash, self.language)


class Member(BaseModel):
    """Outlet and title of one compared article, kept after it is deleted so the page can name it."""

    id: int
    outlet: str | None = None
    title: str | None = None
    gone: bool = False


class StoredResult(ComparisonResult):
    """What the result column holds: the analysis result plus the comparison's members."""

    members: list[Member] = Field(default_factory=list)


@dataclass(frozen=True)
class Loaded:
    """A comparison with the articles that still exist, the ids that are gone, and its result read back."""

    comparison: Comparison
    articles: list[ArticleMeta]
    missing: list[int]
    result: StoredResult  # with readers' corrections applied when read through snapshot()
    corrections: Corrected | None = None  # what each correction did (None: not applied)
    labels: LabelBook = field(default_factory=LabelBook)  # the compared outlets' labels

    @property
    def waiting(self) -> bool:
        """A background job is computing it: the page says so and refreshes."""
        return ComparisonStatus(self.comparison.status).active

    @property
    def ready(self) -> bool:
        return self.comparison.status == ComparisonStatus.READY


class ComparisonIn(BaseModel):
    """Articles to compare, by id: at least two different ones (the body of POST /api/comparisons)."""

    model_config = ConfigDict(extra="forbid")
    article_ids: list[RowIdValue] = Field(
        max_length=MOST_ARTICLES_PER_COMPARISON, description="ids of stored articles, at least two distinct"
    )
    title: str | None = Field(None, max_length=MAX_TITLE)
    story_id: RowIdValue | None = None


def new_slug() -> str:
    return secrets.token_urlsafe(SLUG_BYTES)


def analysed_as(content_hash: str, language: str | None) -> str:
    """What the analysis of one article depends on: its text and, once stored, its language."""
    return content_hash if language is None else f"{content_hash}\0{language}"


def fingerprint(hashes: Iterable[str], version: str | None = None) -> str:
    """Hash of the analysis version and the articles' contents (see analysed_as), in comparison order."""
    digest = hashlib.sha256((version or ANALYSIS_VERSION).encode())
    for value in hashes:
        digest.update(b"\0" + value.encode())
    return digest.hexdigest()


def parse_ids(values: Sequence[object]) -> list[int]:
    """Whole-number article ids, duplicates dropped (a dict: linear), order kept; a clear error otherwise."""
    ids: dict[int, None] = {}
    for value in values:
        text = str(value).strip()[:40] if value is not None else ""
        if isinstance(value, bool) or not text.isascii() or not text.isdigit():
            raise UserError(f"Article ids are whole numbers; {text or 'an empty value'!r} is not.", field="article_ids")
        number = as_row_id(text)
        if number is None:
            raise UserError(f"Article ids run from 1 to {MAX_ROW_ID}; {text!r} is not one.", field="article_ids")
        ids[number] = None
    return list(ids)


def create_comparison(
    session: Session,
    settings: Settings,
    article_ids: Sequence[object],
    title: str | None = None,
    story_id: int | None = None,
) -> Comparison:
    """The comparison of these articles: the one already made, or a new one stored and computed."""
    return find_or_create(session, settings, article_ids, title, story_id)[0]


def find_or_create(
    session: Session,
    settings: Settings,
    article_ids: Sequence[object],
    title: str | None = None,
    story_id: int | None = None,
) -> tuple[Comparison, bool]:
    """(comparison, created): the same articles under this analysis version give back the comparison
    made before, so asking twice never stores two; else validate, store and compute a new one."""
    ids = _checked_ids(article_ids, settings.max_articles_per_comparison)
    found = _article_rows(session, ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"There is no article {', '.join(map(str, missing))}.", field="article_ids")
    if story_id is not None and session.get(Story, story_id) is None:
        raise NotFound(f"There is no story {story_id}.", field="story_id")
    existing = comparison_index.find_same(session, ids)
    if existing is not None:
        return existing, False
    story, exact = comparison_index.story_of(session, ids)
    if story_id is None and exact and story is not None:
        story_id = story.id  # exactly a story's articles: it belongs on the story's page
    comparison = Comparison(
        slug=new_slug(),
        title=_title(session, title, story_id if story_id is not None else _story_id(story), [found[i] for i in ids]),
        story_id=story_id,
        article_ids=ids,
    )
    _insert_with_unique_slug(session, comparison)
    comparison_index.index(session, comparison)
    session.commit()
    if not jobs.enqueue(session, comparison):  # no runner here (CLI, scripts): compute it in this process
        compute(session, comparison)
    else:
        wait_settled(session, comparison, settings.analysis_wait_seconds)
    return comparison, True


def wait_settled(session: Session, comparison: Comparison, seconds: float, poll: float = 0.05) -> None:
    """Give the runner up to ``seconds`` to finish, so a small comparison is ready on the first view;
    the row is refreshed either way. The waiting thread only polls: the analysis runs elsewhere."""
    deadline = time.monotonic() + seconds
    while True:
        session.refresh(comparison)
        if not ComparisonStatus(comparison.status).active or time.monotonic() >= deadline:
            return
        session.rollback()  # end the read transaction, so the next refresh sees the worker's commit
        time.sleep(min(poll, max(0.0, deadline - time.monotonic())))


def _checked_ids(article_ids: Sequence[object], most: int) -> list[int]:
    ids = parse_ids(article_ids)
    if len(ids) < 2:
        raise UserError("Choose at least two different articles to compare.", field="article_ids")
    if len(ids) > most:
        raise UserError(f"A comparison holds at most {most} articles; you chose {len(ids)}.", field="article_ids")
    return ids


def _story_id(story: Story | None) -> int | None:
    return story.id if story is not None else None


def _title(session: Session, title: str | None, story_id: int | None, rows: list) -> str:
    title = clean_line(title or "")  # one line, without control, bidi or zero-width marks
    story = session.get(Story, story_id) if not title and story_id is not None else None
    if story is not None:
        title = story.title
    if not title:
        outlets = [outlet.name for _, outlet in rows]
        title = "Comparison of " + ", ".join(dict.fromkeys(outlets))
    return title[:MAX_TITLE]


def _insert_with_unique_slug(session: Session, comparison: Comparison, attempts: int = 5) -> None:
    for _ in range(attempts):
        session.add(comparison)
        try:
            session.commit()
            session.refresh(comparison)
            return
        except IntegrityError:  # 72 random bits: practically never, but never a 500 either
            session.rollback()
            comparison.slug = new_slug()
    raise RuntimeError("could not find a free slug")


@dataclass(frozen=True)
class Header:
    """The few columns a page view needs to decide whether its cached rendering is still good."""

    slug: str
    title: str
    stored_fingerprint: str
    articles: list[ArticleMeta]
    missing: list[int]
    corrections_rev: int = 0
    status: str = ComparisonStatus.READY

    @property
    def current(self) -> bool:
        return self.stored_fingerprint == fingerprint(a.analysed_as for a in self.articles)

    @property
    def version_key(self) -> str:
        """Changes whenever anything the page shows can change: result, titles, outlets, urls,
        the outlets' labels and the readers' corrections."""
        # The status too: a failed comparison an admin retries keeps its fingerprint.
        digest = hashlib.sha256(f"{self.stored_fingerprint}\0{self.title}\0{self.missing}\0{self.status}".encode())
        digest.update(f"\0corrections {self.corrections_rev}".encode())
        for a in self.articles:
            digest.update(repr((a.id, a.outlet, a.title, a.url, a.author, a.published_at, a.outlet_id)).encode())
            digest.update(f"\0labels {a.labels_rev}\0language {a.language}".encode())
        return digest.hexdigest()[:24]


_HEADER_SQL = text("SELECT title, fingerprint, article_ids, corrections_rev, status FROM comparison WHERE slug = :slug")
_METAS_SQL = text(
    "SELECT a.id, o.name, a.title, a.url, a.author, a.published_at, a.content_hash, o.id, o.labels_rev, a.language "
    "FROM article a JOIN outlet o ON o.id = a.outlet_id WHERE a.id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def header(engine: Engine, slug: str) -> Header:
    """Light read for the cache check on every page view: plain SQL, no ORM, no result JSON."""
    with engine.connect() as connection:
        row = connection.execute(_HEADER_SQL, {"slug": slug}).first()
        if row is None:
            raise NotFound("There is no comparison at this address.")
        ids = json.loads(row[2]) if isinstance(row[2], str) else list(row[2])
        found = {r[0]: ArticleMeta(*r) for r in connection.execute(_METAS_SQL, {"ids": ids})} if ids else {}
    present = [found[i] for i in ids if i in found]
    return Header(slug, row[0], row[1], present, [i for i in ids if i not in found], row[3] or 0, row[4])


def get_comparison(session: Session, slug: str) -> Comparison:
    comparison = session.exec(select(Comparison).where(Comparison.slug == slug)).first()
    if comparison is None:
        raise NotFound("There is no comparison at this address.")
    return comparison


def load(session: Session, slug: str, wait: float = 0.0) -> Loaded:
    """The comparison, recomputed first if its articles or the analysis changed: by the runner, given
    up to ``wait`` seconds (a server's PARALLAX_ANALYSIS_WAIT_SECONDS), else in this process."""
    comparison = get_comparison(session, slug)
    articles, missing = article_metas(session, comparison.article_ids)
    if is_stale(comparison, articles):
        if jobs.enqueue_recompute(session, comparison):
            wait_settled(session, comparison, wait)
        else:
            compute(session, comparison)
        articles, missing = article_metas(session, comparison.article_ids)
    return Loaded(comparison, articles, missing, stored_result(comparison))


@dataclass(frozen=True)
class Snapshot:
    """What one rendering of a comparison shows, read in one go."""

    loaded: Loaded
    texts: dict[str, str]  # by the string id the analysis uses; empty unless asked for
    version_key: str | None  # None while a job computes it: such a rendering must not be kept


def snapshot(engine: Engine, slug: str, with_texts: bool = True, wait: float = 0.0) -> Snapshot:
    """The comparison (recomputed first when stale, see :func:`load`) with its readers' corrections
    applied and its outlets' labels, its texts, and the key of what it shows."""
    with Session(engine) as session:
        loaded = load(session, slug, wait)
        texts = article_texts(session, [a.id for a in loaded.articles]) if with_texts else {}
        loaded = reviewed(session, loaded, texts)
    return Snapshot(loaded, texts, None if loaded.waiting else header(engine, slug).version_key)


def reviewed(session: Session, loaded: Loaded, texts: dict[str, str]) -> Loaded:
    """The comparison as readers see it: its stored result with their corrections applied (never
    written back), and the labels of its outlets."""
    book = labels.book(session, {a.outlet_id for a in loaded.articles})
    if not loaded.ready:
        return replace(loaded, labels=book)
    rows = corrections.rows(session, loaded.comparison.id)
    hashes = {str(a.id): a.content_hash for a in loaded.articles}
    applied = corrections.apply(loaded.result, rows, texts, hashes)
    return replace(loaded, result=applied.result, corrections=applied, labels=book)


def stored_result(comparison: Comparison) -> StoredResult:
    """The stored result as typed objects; empty when there is none (yet) or it is from an unreadable version."""
    try:
        return StoredResult.model_validate(comparison.result or {})
    except ValidationError:  # an old result a job is about to replace: show the waiting page, not a 500
        log.warning("stored result of comparison %s does not read as this version's shape", comparison.slug)
        return StoredResult()


def is_stale(comparison: Comparison, articles: list[ArticleMeta]) -> bool:
    # A failed comparison with an unchanged fingerprint would fail the same way again; one given up
    # before any analysis stored a fingerprint (its workers kept dying) waits for an admin's retry.
    if comparison.status == ComparisonStatus.FAILED and not comparison.fingerprint:
        return False
    return comparison.result is None or comparison.fingerprint != fingerprint(a.analysed_as for a in articles)


Analyse = Callable[[list[tuple[Article, Outlet]]], dict]


def compute(session: Session, comparison: Comparison) -> Comparison:
    """Run the analysis in this process on the articles that still exist and store the result and
    fingerprint (the CLI, the demo load and scripts; a server goes through :func:`compute_bounded`)."""
    for name, value in outcome(session, comparison, run_analysis).items():
        setattr(comparison, name, value)
    session.add(comparison)
    session.commit()
    session.refresh(comparison)
    return comparison


def outcome(session: Session, comparison: Comparison, analyse: Analyse) -> dict:
    """The columns a computation sets: result, status and error, fingerprint, version, time.

    A comparison over its budget is failed with the reason, and with the fingerprint of what was
    analysed, so it is not recomputed on every view (an admin retries it)."""
    rows = _article_rows(session, comparison.article_ids)
    present = [rows[i] for i in comparison.article_ids if i in rows]
    members = [m.model_dump() for m in _members(comparison, rows)]
    values: dict = {
        "fingerprint": fingerprint(analysed_as(a.content_hash, a.language) for a, _ in present),
        "analysis_version": ANALYSIS_VERSION,
        "computed_at": utcnow(),
        "result": {"members": members},
        "status": ComparisonStatus.FAILED,
        "error": None,
        "lease_expires_at": None,
    }
    session.rollback()  # no read transaction held open while the analysis runs
    if len(present) < 2:
        values["error"] = "Fewer than two of its articles still exist, so there is nothing left to compare."
        return values
    try:
        values["result"] = {**analyse(present), "members": members}
        values["status"] = ComparisonStatus.READY
    except analysis_worker.OverBudget as exc:
        log.warning("comparison %s over budget: %s", comparison.slug, exc.reason)
        values["error"] = exc.reason + " An admin can retry it."
    except analysis_worker.Abandoned:
        raise
    except Exception:  # the page must say so rather than fail on every view
        log.exception("analysis failed for comparison %s", comparison.slug)
        values["error"] = "The analysis failed on these articles; it will be retried after an upgrade."
    return values


def compute_bounded(settings: Settings) -> jobs.Compute:
    """What a server's runner computes with: the analysis in a child process within the budget of
    ``settings``, the lease renewed while it runs, the outcome stored only while the claim holds."""
    budget = analysis_worker.Budget(settings.analysis_timeout_seconds, settings.analysis_memory_mb)

    def compute_claimed(session: Session, comparison: Comparison, claim: jobs.Claim) -> None:
        def analyse(present: list[tuple[Article, Outlet]]) -> dict:
            return analyse_in_child(present, budget, claim)

        try:
            values = outcome(session, comparison, analyse)
        except analysis_worker.Abandoned:  # stopping, or the claim lapsed and someone else has it
            log.info("comparison %s: analysis abandoned (attempt %s)", comparison.slug, claim.attempt)
            return
        with claim.engine.begin() as conn:
            stored = conn.execute(update(Comparison).where(*claim.ours()).values(**values)).rowcount
        if stored != 1:
            log.info("comparison %s: attempt %s lost its claim; result dropped", comparison.slug, claim.attempt)

    return compute_claimed


def _members(comparison: Comparison, rows: dict[int, tuple[Article, Outlet]]) -> list[Member]:
    """Outlet and title of every article, kept after one is deleted so the page can name it."""
    known = {m.id: m for m in stored_result(comparison).members}
    out = []
    for article_id in comparison.article_ids:
        if article_id in rows:
            article, outlet = rows[article_id]
            out.append(Member(id=article_id, outlet=outlet.name, title=article.title))
        else:
            before = known.get(article_id, Member(id=article_id))
            out.append(Member(id=article_id, outlet=before.outlet, title=before.title, gone=True))
    return out


def analyse_in_child(rows: list[tuple[Article, Outlet]], budget: analysis_worker.Budget, claim: jobs.Claim) -> dict:
    """:func:`run_analysis` in a child process within ``budget``, renewing ``claim`` while it runs."""
    return analysis_worker.run(_payload(rows), budget, claim.renew, claim.beat_seconds)


def run_analysis(rows: list[tuple[Article, Outlet]]) -> dict:
    """The analysis result of the articles, keyed by article id (wire copy and quote diffs included)."""
    return compare(_payload(rows))


def _payload(rows: list[tuple[Article, Outlet]]) -> list[dict]:
    # A language stored as NULL (rows older than languages) is detected by the analysis.
    return [{"id": str(a.id), "text": a.text, "outlet": o.name, "language": a.language} for a, o in rows]


def _article_rows(session: Session, ids: Sequence[int]) -> dict[int, tuple[Article, Outlet]]:
    if not ids:
        return {}
    query = (
        select(Article, Outlet)
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(col(Article.id).in_(list(ids)))
    )
    return {saved_key(article.id): (article, outlet) for article, outlet in session.exec(query)}


def article_metas(session: Session, ids: Sequence[int]) -> tuple[list[ArticleMeta], list[int]]:
    """Metadata (no text) of the articles that still exist, in comparison order, and the missing ids."""
    # Select itself, its row type given: sqlmodel's select() is typed for at most four columns.
    query = cast(
        "Select[int, str, str | None, str | None, str | None, datetime | None, str, int, int, str | None]",
        Select(
            col(Article.id),
            col(Outlet.name),
            col(Article.title),
            col(Article.url),
            col(Article.author),
            col(Article.published_at),
            col(Article.content_hash),
            col(Outlet.id),
            col(Outlet.labels_rev),
            col(Article.language),
        )
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(col(Article.id).in_(list(ids))),
    )
    found = {row[0]: ArticleMeta(*row) for row in session.exec(query)} if ids else {}
    return [found[i] for i in ids if i in found], [i for i in ids if i not in found]


def article_texts(session: Session, ids: Sequence[int]) -> dict[str, str]:
    """Texts keyed by the string id the analysis uses."""
    if not ids:
        return {}
    rows = session.exec(select(Article.id, Article.text).where(col(Article.id).in_(list(ids))))
    return {str(i): text for i, text in rows}


def create_for_story(session: Session, settings: Settings, story_id: int) -> Comparison | None:
    """A comparison of all of a story's articles (up to the limit), if it has at least two."""
    ids = session.exec(
        select(col(Article.id)).where(Article.story_id == story_id).order_by(col(Article.published_at), col(Article.id))
    ).all()[: settings.max_articles_per_comparison]
    if len(ids) < 2:
        return None
    return create_comparison(session, settings, ids, story_id=story_id)


# ---- background jobs ----------------------------------------------------------------------


def policy(settings: Settings) -> jobs.Policy:
    return jobs.Policy(timedelta(seconds=settings.job_lease_seconds), settings.job_max_attempts)


def make_runner(engine: Engine, settings: Settings) -> jobs.Runner:
    """This process's background runner, handed the work it runs: :func:`compute_bounded`. A runner
    that computes here starts the analysis forkserver now, so the first comparison finds it warm."""
    work = compute_bounded(settings)
    if engine.dialect.name == "postgresql":
        if settings.web_runs_jobs:
            analysis_worker.start_forkserver()
        return job_queue.ProcrastinateRunner(engine, work, work=settings.web_runs_jobs, policy=policy(settings))
    analysis_worker.start_forkserver()
    return jobs.ThreadRunner(engine, work, policy(settings))


def run_worker(engine: Engine, settings: Settings, concurrency: int = 1, alive_file: Path | None = None) -> None:
    """A dedicated worker process (`parallax worker`, PostgreSQL): blocks until SIGINT/SIGTERM."""
    analysis_worker.start_forkserver()
    work = compute_bounded(settings)
    job_queue.run_worker(engine, work, policy(settings), concurrency=concurrency, alive_file=alive_file)


def retry(session: Session, slug: str) -> Comparison:
    """An admin's retry of a failed comparison: queued again with fresh attempts (computed here
    when no runner serves this database). A comparison that is not failed is left as it is."""
    comparison = get_comparison(session, slug)
    if comparison.status != ComparisonStatus.FAILED:
        raise Conflict(f"Only a failed comparison can be retried; this one is {comparison.status}.")
    if jobs.retry(session, comparison) and jobs.runner_for(session) is None:
        compute(session, comparison)
    return comparison


# ---- readers' corrections -----------------------------------------------------------------


def correct(session: Session, slug: str, given: corrections.CorrectionIn, role: str) -> corrections.Applied:
    """Store a reader's correction of the comparison as it is shown now; what it does there."""
    loaded = load(session, slug)
    if not loaded.ready:
        raise UserError("This comparison is not ready yet: correct it once its analysis is shown.")
    texts = article_texts(session, [a.id for a in loaded.articles])
    shown = reviewed(session, loaded, texts)
    hashes = {str(a.id): a.content_hash for a in loaded.articles}
    row = corrections.create(session, loaded.comparison, shown.result, texts, hashes, given, role)
    after = corrections.apply(loaded.result, corrections.rows(session, loaded.comparison.id), texts, hashes)
    return next(item for item in after.items if item.id == row.id)


def undo_correction(session: Session, slug: str, correction_id: int, by: str) -> None:
    corrections.undo(session, get_comparison(session, slug), correction_id, by)
