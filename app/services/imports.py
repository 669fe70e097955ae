"""Importing a list of URLs in the background: one job, one result per URL (added, duplicate, failed and why).

A job is kind ``import_urls``, apart from the comparison jobs: its body is :func:`run_import`,
which any runner may execute (a thread of the web process from :func:`start_import`, or the
CLI in the foreground with a progress bar). Each URL is claimed with one conditional UPDATE
(pending → running) before it is fetched, so two runners never fetch the same URL, and a
runner killed mid-way leaves claims that :func:`resume_imports` hands back when a process starts.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.models import ImportItem, ImportItemPublic, ImportJob, ImportPublic, Story, utcnow
from app.services.by_url import add_fetched, fetch_source
from app.services.errors import Duplicate, NotFound, UserError
from app.services.fetch import FetchPolicy
from app.services.ingest import ArticleInput
from app.settings import Settings

log = logging.getLogger("parallax.imports")

KIND = "import_urls"
MAX_URLS = 500
# URLs fetched at once by one runner: enough to hide network waits, few enough to be polite.
CONCURRENCY = 4
STATUSES = ("pending", "running", "added", "duplicate", "failed")
URL_LIMIT = 2000
# A claim older than this (longest fetch plus storing) belongs to a runner that died.
CLAIM_MARGIN = timedelta(minutes=2)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

OnResult = Callable[[ImportItemPublic], None]


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
                status="failed" if problem else "pending",
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
    public = [ImportItemPublic(url=i.url, status=i.status, article_id=i.article_id, message=i.message) for i in items]
    counts = Counter(i.status for i in public)
    done = sum(counts[s] for s in ("added", "duplicate", "failed"))
    return ImportPublic(
        slug=job.slug,
        total=job.total,
        done=done,
        finished=done == job.total,
        counts={s: counts[s] for s in STATUSES},
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
) -> None:
    """Fetch and store every pending URL of the job (blocking); results are written as they come."""
    with Session(engine) as session:
        job = session.get(ImportJob, job_id)
        if job is None:
            return
        story_id = job.story_id
    policy = policy or FetchPolicy.from_settings(settings)
    asyncio.run(_run(engine, settings, job_id, story_id, policy, on_result, concurrency))
    _finish(engine, job_id)


async def _run(engine, settings, job_id, story_id, policy, on_result, concurrency) -> None:
    async def worker() -> None:
        while (claimed := await asyncio.to_thread(_claim_next, engine, job_id)) is not None:
            item_id, url = claimed
            result = await _import_one(engine, settings, url, story_id, policy)
            await asyncio.to_thread(_record, engine, item_id, result)
            if on_result is not None:
                on_result(result)

    await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))


async def _import_one(engine, settings, url: str, story_id, policy: FetchPolicy) -> ImportItemPublic:
    try:
        source, page_url = await fetch_source(url, policy)
    except UserError as exc:
        return ImportItemPublic(url=url, status="failed", message=exc.message)

    def store() -> int:
        with Session(engine) as session:
            given = ArticleInput(url=url, story_id=story_id)
            article = add_fetched(session, settings, given, source, page_url)
            assert article.id is not None
            return article.id

    try:
        article_id = await asyncio.to_thread(store)
    except Duplicate as exc:
        return ImportItemPublic(url=url, status="duplicate", article_id=exc.existing_id, message=exc.message)
    except UserError as exc:
        return ImportItemPublic(url=url, status="failed", message=exc.message)
    except Exception:  # a database error: this URL fails, the rest of the job goes on
        log.exception("storing %s failed", url)
        return ImportItemPublic(url=url, status="failed", message="The page was fetched but could not be stored.")
    return ImportItemPublic(url=url, status="added", article_id=article_id)


def _claim_next(engine: Engine, job_id: int) -> tuple[int, str] | None:
    """The next pending item of the job, now ours; None when none is left."""
    while True:
        with Session(engine) as session:
            row = session.exec(
                select(ImportItem.id, ImportItem.url)
                .where(ImportItem.job_id == job_id, ImportItem.status == "pending")
                .order_by(col(ImportItem.position))
                .limit(1)
            ).first()
            if row is None:
                return None
            claimed = session.exec(  # type: ignore[call-overload]
                update(ImportItem)
                .where(col(ImportItem.id) == row[0], col(ImportItem.status) == "pending")
                .values(status="running", claimed_at=utcnow())
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
            .where(ImportItem.job_id == job_id, col(ImportItem.status).in_(("pending", "running")))
        ).one()
        if left == 0:
            session.exec(  # type: ignore[call-overload]
                update(ImportJob)
                .where(col(ImportJob.id) == job_id, col(ImportJob.finished_at).is_(None))
                .values(finished_at=utcnow())
            )
            session.commit()


# ---- the in-process runner ------------------------------------------------------------------


def start_import(engine: Engine, settings: Settings, job_id: int) -> threading.Thread:
    """Run the job in a thread of this process, so the request that made it returns at once."""
    thread = threading.Thread(target=_run_logged, args=(engine, settings, job_id), name=f"parallax-{KIND}", daemon=True)
    thread.start()
    return thread


def _run_logged(engine: Engine, settings: Settings, job_id: int) -> None:
    try:
        run_import(engine, settings, job_id)
    except Exception:
        log.exception("import job %s failed", job_id)


def resume_imports(engine: Engine, settings: Settings) -> list[int]:
    """At start: give back claims of runners that died, and start jobs that still have pending URLs."""
    cutoff = utcnow() - CLAIM_MARGIN - timedelta(seconds=settings.fetch_timeout)
    with Session(engine) as session:
        session.exec(  # type: ignore[call-overload]
            update(ImportItem)
            .where(col(ImportItem.status) == "running", col(ImportItem.claimed_at) < cutoff)
            .values(status="pending", claimed_at=None)
        )
        session.commit()
        job_ids = list(session.exec(select(ImportItem.job_id).where(ImportItem.status == "pending").distinct()))
    for job_id in job_ids:
        start_import(engine, settings, job_id)
    return job_ids
