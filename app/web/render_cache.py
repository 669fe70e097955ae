"""Rendered comparison pages, kept in process and answered conditionally.

A stored comparison is the page people share, so a view of one that nothing changed
should cost little: the bytes are cached, keyed by the slug, a digest of everything the
page shows (result fingerprint and article metadata) and the query variant, and served
gzipped when asked; a conditional GET with the ETag gets 304.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from app.services import comparisons as service

PAGE_VERSION = "1"  # bump when templates change what a cached page looks like
CACHE_SIZE = 512

Build = Callable[[service.Snapshot], bytes]


@dataclass(frozen=True)
class Rendering:
    body: bytes
    zipped: bytes  # compressed once, served many times
    etag: str
    modified: str


class RenderCache:
    """A small thread-safe LRU of renderings."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[tuple, Rendering] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Rendering | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple, value: Rendering) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


async def cached_response(
    request: Request, slug: str, variant: tuple, build: Build, media: str, with_texts: bool = False
) -> Response:
    """Serve from the render cache when nothing shown changed; build (and maybe recompute) otherwise.

    On SQLite the hit check (one indexed read of two small rows from a local file) runs in the
    event loop, on the loop's own connection: a hop to a worker thread costs more than the read,
    and under load the threads' fight for the GIL cut throughput by half. PostgreSQL reads go over
    a socket, so there the check goes to a worker thread and never blocks the loop. Building
    always runs in a thread.
    """
    state = request.app.state
    item: Rendering | bytes | None = None
    if state.loop_engine is not None:
        try:
            item = _cached(state.loop_engine, request, slug, variant)
        except OperationalError:  # the file is busy: never make the event loop wait for it
            item = await run_in_threadpool(_cached, state.engine, request, slug, variant)
    else:
        item = await run_in_threadpool(_cached, state.engine, request, slug, variant)
    if item is None:
        item = await run_in_threadpool(_build, request, slug, variant, build, with_texts)
    if isinstance(item, bytes):  # a background job may finish mid-render: no cache, no ETag
        return Response(item, media_type=media, headers={"Cache-Control": "no-store"})
    return _conditional(request, item, media)


def _cache(request: Request) -> RenderCache:
    cache: RenderCache = request.app.state.render_cache
    return cache


def _cached(engine: Engine, request: Request, slug: str, variant: tuple) -> Rendering | None:
    """The cached rendering when what it shows is unchanged, else None."""
    head = service.header(engine, slug)
    return _cache(request).get((slug, head.version_key, PAGE_VERSION, variant)) if head.current else None


def _build(request: Request, slug: str, variant: tuple, build: Build, with_texts: bool) -> Rendering | bytes:
    """A rendering, built and cached; only the body while a job computes the comparison."""
    state = request.app.state
    shot = service.snapshot(state.engine, slug, with_texts, state.settings.analysis_wait_seconds)
    body = build(shot)
    if shot.version_key is None:
        return body
    variant_tag = hashlib.sha256(repr(variant).encode()).hexdigest()[:8]
    comparison = shot.loaded.comparison
    modified = _http_date(comparison.computed_at or comparison.created_at)
    item = Rendering(body, gzip.compress(body, 6), f'W/"{shot.version_key}-{variant_tag}"', modified)
    _cache(request).put((slug, shot.version_key, PAGE_VERSION, variant), item)
    return item


def _conditional(request: Request, item: Rendering, media: str) -> Response:
    """304 for a matching If-None-Match, the gzipped bytes when accepted, else the plain ones."""
    headers = {
        "ETag": item.etag,
        "Last-Modified": item.modified,
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding",
    }
    if item.etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(item.zipped, media_type=media, headers={**headers, "Content-Encoding": "gzip"})
    return Response(item.body, media_type=media, headers=headers)


def _http_date(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite gives back naive datetimes; they were stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment.astimezone(UTC), usegmt=True)
