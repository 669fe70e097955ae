"""Importing a list of URLs in the background: one job, one result per URL (added, duplicate, failed and why).

A job is kind ``import_urls``, kept apart from the comparison jobs of jobs.py (no job queue,
no worker process: fetching is waiting on the network, not computing). Its body is
:func:`run_import`, which any runner may execute: this process's :class:`ImportRunner` (a
thread started by the web app's lifespan, shaped like jobs.ThreadRunner), or the CLI in the
foreground with a progress bar. Each URL is claimed with one conditional UPDATE
(pending → running) before it is fetched, so two runners never fetch the same URL; a runner
that stops leaves the rest pending, and claims of one killed mid-way are handed back when a
runner starts (:func:`resumable_jobs`).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import re
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db import refresh_statistics
from app.models import (
    ArticleCreate,
    ImportItem,
    ImportItemPublic,
    ImportJob,
    ImportPublic,
    ImportStatus,
    RowIdValue,
    Story,
    utcnow,
)
from app.services.by_url import fetch_source
from app.services.errors import Duplicate, NotFound, UserError, validated
from app.services.fetch import FetchPolicy
from app.services.ingest import Page, ingest
from app.settings import Settings

log = logging.getLogger("parallax.imports")

KIND = "import_urls"
MAX_URLS = 500
# URLs fetched at once by one runner: enough to hide network waits, few enough to be polite.
CONCURRENCY = 4
URL_LIMIT = 2000
# A claim older than this (longest fetch plus storing) belongs to a runner that died.
CLAIM_MARGIN = timedelta(minutes=2)
ACTIVE = (ImportStatus.PENDING, ImportStatus.RUNNING)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

OnResult = Callable[[ImportItemPublic], None]


class ImportIn(BaseModel):
    """URLs to fetch and store, each with its own result (the body of POST /api/imports)."""

    model_config = ConfigDict(extra="forbid")
    urls: list[str] = Field(min_length=1, max_length=MAX_URLS, description="http(s) addresses")
    story_id: RowIdValue | None = Field(None, description="put every article in this story instead of matching each")


def parse_url_list(text: str) -> list[str]:
    """URLs from a pasted list or file: one per line (or separated by spaces); '#' starts a comment."""
    urls: list[str] = []
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):  # a "#" inside a URL is its fragment
            urls.extend(_CONTROL.sub(" ", line).split())
    return urls


def create_import(session: Session, urls: list[str], story_id: int | None = None) -> ImportJob:
    """Store a job with one pending item per URL; a URL that is not http(s) fails at once, saying why."""
    urls = [_CONTROL.sub("", u).strip() for u in urls]  # PostgreSQL refuses NUL; nothing else needs them
    urls = [u for u in urls if u]
    if not urls:
        raise UserError("Give at least one URL, one per line.", field="urls")
    if len(urls) > MAX_URLS:
        raise UserError(f"At most {MAX_URLS} URLs per import ({len(urls)} given).", field="urls")
    if story_id is not None and session.get(Story, story_id) is None:
        raise UserError(f"There is no story {story_id}.", field="story_id")
    job = ImportJob(slug=secrets.token_urlsafe(9), story_id=story_id, total=len(urls))
    session.add(job)
    session.flush()
    assert job.id is not None
    for position, url in enumerate(urls):
        problem = _url_problem(url)
        session.add(
            ImportItem(
                job_id=job.id,
                position=position,
                url=url[:URL_LIMIT],
                status=ImportStatus.FAILED if problem else ImportStatus.PENDING,
                message=problem,
            )
        )
    session.commit()
    session.refresh(job)
    return job


def _url_problem(url: str) -> str | None:
    if len(url) > URL_LIMIT:
        return f"The URL is longer than {URL_LIMIT} characters."
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return "Not an http:// or https:// address."
    return None


def get_job(session: Session, slug: str) -> ImportJob:
    job = session.exec(select(ImportJob).where(ImportJob.slug == slug)).first()
    if job is None:
        raise NotFound(f"There is no import {slug[:40]!r}.")
    return job


def progress(session: Session, job: ImportJob) -> ImportPublic:
    """How far the job is, and each URL's result in the order given."""
    items = session.exec(select(ImportItem).where(ImportItem.job_id == job.id).order_by(col(ImportItem.position)))
    public = [ImportItemPublic.model_validate(item) for item in items]
    counts = Counter(item.status for item in public)
    done = sum(n for status, n in counts.items() if status.done)
    return ImportPublic(
        slug=job.slug,
        total=job.total,
        done=done,
        finished=done == job.total,
        counts={status.value: counts[status] for status in ImportStatus},
        created_at=job.created_at,
        finished_at=job.finished_at,
        items=public,
    )


# ---- running a job ------------------------------------------------------------------------


def run_import(
    engine: Engine,
    settings: Settings,
    job_id: int,
    *,
    policy: FetchPolicy | None = None,
    on_result: OnResult | None = None,
    concurrency: int = CONCURRENCY,
    stopping: threading.Event | None = None,
) -> None:
    """Fetch and store every pending URL of the job (blocking); results are written as they come.

    Once ``stopping`` is set, the URLs in hand are finished and the rest stay pending."""
    with Session(engine) as session:
        job = session.get(ImportJob, job_id)
        if job is None:
            return
        story_id = job.story_id
    policy = policy or FetchPolicy.from_settings(settings)
    stopping = stopping or threading.Event()
    asyncio.run(_run(engine, settings, job_id, story_id, policy, on_result, concurrency, stopping))
    refresh_statistics(engine)  # before the job shows finished: a big import leaves the planner without them
    _finish(engine, job_id)


async def _run(engine, settings, job_id, story_id, policy, on_result, concurrency, stopping) -> None:
    async def worker() -> None:
        while not stopping.is_set() and (claimed := await asyncio.to_thread(_claim_next, engine, job_id)):
            item_id, url = claimed
            result = await _import_one(engine, settings, url, story_id, policy)
            await asyncio.to_thread(_record, engine, item_id, result)
            if on_result is not None:
                on_result(result)

    await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))


async def _import_one(engine, settings, url: str, story_id, policy: FetchPolicy) -> ImportItemPublic:
    failed = ImportStatus.FAILED
    try:
        source, page_url = await fetch_source(url, policy)
    except UserError as exc:
        return ImportItemPublic(url=url, status=failed, message=exc.message)

    def store() -> int:
        given = validated(ArticleCreate, {"url": url, "story_id": story_id})
        with Session(engine) as session:
            article = ingest(session, settings, given, Page(source, page_url))
            assert article.id is not None
            return article.id

    try:
        article_id = await asyncio.to_thread(store)
    except Duplicate as exc:
        status = ImportStatus.DUPLICATE
        return ImportItemPublic(url=url, status=status, article_id=exc.existing_id, message=exc.message)
    except UserError as exc:
        return ImportItemPublic(url=url, status=failed, message=exc.message)
    except Exception:  # a database error: this URL fails, the rest of the job goes on
        log.exception("storing %s failed", url)
        return ImportItemPublic(url=url, status=failed, message="The page was fetched but could not be stored.")
    return ImportItemPublic(url=url, status=ImportStatus.ADDED, article_id=article_id)


def _claim_next(engine: Engine, job_id: int) -> tuple[int, str] | None:
    """The next pending item of the job, now ours; None when none is left."""
    while True:
        with Session(engine) as session:
            row = session.exec(
                select(ImportItem.id, ImportItem.url)
                .where(ImportItem.job_id == job_id, ImportItem.status == ImportStatus.PENDING)
                .order_by(col(ImportItem.position))
                .limit(1)
            ).first()
            if row is None:
                return None
            claimed = session.exec(
                update(ImportItem)
                .where(col(ImportItem.id) == row[0], col(ImportItem.status) == ImportStatus.PENDING)
                .values(status=ImportStatus.RUNNING, claimed_at=utcnow())
            )
            session.commit()
            if claimed.rowcount == 1 and row[0] is not None:
                return row[0], row[1]


def _record(engine: Engine, item_id: int, result: ImportItemPublic) -> None:
    with Session(engine) as session:
        item = session.get(ImportItem, item_id)
        if item is None:  # the job was deleted meanwhile
            return
        item.status, item.article_id = result.status, result.article_id
        item.message = (result.message or None) and result.message[:1000]
        session.add(item)
        session.commit()


def _finish(engine: Engine, job_id: int) -> None:
    with Session(engine) as session:
        left = session.exec(
            select(func.count())
            .select_from(ImportItem)
            .where(ImportItem.job_id == job_id, col(ImportItem.status).in_(ACTIVE))
        ).one()
        if left == 0:
            session.exec(
                update(ImportJob)
                .where(col(ImportJob.id) == job_id, col(ImportJob.finished_at).is_(None))
                .values(finished_at=utcnow())
            )
            session.commit()


# ---- the in-process runner ------------------------------------------------------------------


class ImportRunner:
    """This process's import worker: one thread running jobs in the order submitted.

    Shaped like jobs.ThreadRunner (submit, start, stop; started and stopped by the web app's
    lifespan), but its own: import jobs are not comparisons and need none of their machinery."""

    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.settings = settings
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._work, name=f"parallax-{KIND}", daemon=True)

    def submit(self, job_id: int) -> None:
        self._queue.put(job_id)

    async def start(self) -> None:
        self._thread.start()
        for job_id in resumable_jobs(self.engine, self.settings):  # left over from a stop, a crash or a restart
            self.submit(job_id)

    async def stop(self) -> None:
        """Finish the URLs in hand (the rest stay pending for the next start), then end the thread."""
        self._stopping.set()
        self._queue.put(None)
        await asyncio.to_thread(self._thread.join, self.settings.fetch_timeout + CLAIM_MARGIN.total_seconds())

    def _work(self) -> None:
        while (job_id := self._queue.get()) is not None:
            try:
                run_import(self.engine, self.settings, job_id, stopping=self._stopping)
            except Exception:  # keep the thread alive for the next job
                log.exception("import job %s failed", job_id)


def resumable_jobs(engine: Engine, settings: Settings) -> list[int]:
    """Jobs with URLs still to fetch, after handing back the claims of runners that died."""
    cutoff = utcnow() - CLAIM_MARGIN - timedelta(seconds=settings.fetch_timeout)
    with Session(engine) as session:
        session.exec(
            update(ImportItem)
            .where(col(ImportItem.status) == ImportStatus.RUNNING, col(ImportItem.claimed_at) < cutoff)
            .values(status=ImportStatus.PENDING, claimed_at=None)
        )
        session.commit()
        pending = select(ImportItem.job_id).where(ImportItem.status == ImportStatus.PENDING).distinct()
        return list(session.exec(pending))
