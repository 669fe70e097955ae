"""Rendered pages, kept in process and answered conditionally.

A stored comparison is the page people share, so a view of one that nothing changed
should cost little: the bytes are cached, keyed by the slug, a digest of everything the
page shows (result fingerprint and article metadata) and the query variant, and served
gzipped when asked; a conditional GET with the ETag gets 304.

Every page also keys on the archive version (app.db.ArchiveVersion: it moves whenever
anything is committed, by any process). While it stands still a comparison is served without
reading its header again, and the list pages (home, stories, search, outlets, comparisons) are
served from :func:`cached_page`: rendered once per version, query and kind of visitor, with the
browser's own form token put in at serving time.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from app.services import comparisons as service
from app.web.access import is_admin, may_upload
from app.web.csrf import TOKEN_PLACEHOLDER, csrf_token_for, placeholder_token, token_issued

PAGE_VERSION = "1"  # bump when templates change what a cached page looks like
CACHE_SIZE = 512
CACHE_BYTES = 96 * 1024 * 1024  # what the cache may hold in all: memory stays bounded whatever is viewed

Build = Callable[[service.Snapshot], bytes]


@dataclass(frozen=True)
class Rendering:
    body: bytes
    zipped: bytes  # compressed once, served many times
    etag: str
    modified: str
    key: tuple = ()


class RenderCache:
    """A small thread-safe LRU of renderings, bounded in entries and in bytes held."""

    def __init__(self, size: int = CACHE_SIZE, budget: int = CACHE_BYTES):
        self.size = size
        self.budget = budget
        self.held = 0
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()
        # A page being rendered, by key: concurrent views of it wait for that rendering instead of
        # each making their own (sixteen clients missing together after a commit rendered it sixteen
        # times). Weak: a lock lives only while someone holds or waits for it.
        self.rendering: weakref.WeakValueDictionary[tuple, asyncio.Lock] = weakref.WeakValueDictionary()

    def get(self, key: tuple):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple, value: object) -> None:
        with self._lock:
            if key in self._items:
                self.held -= _weight(self._items.pop(key))
            self._items[key] = value
            self.held += _weight(value)
            while len(self._items) > self.size or (self.held > self.budget and len(self._items) > 1):
                self.held -= _weight(self._items.popitem(last=False)[1])


def _weight(value: object) -> int:
    """Bytes a cache entry holds: its bodies (an entry is a rendering, or (version, page))."""
    if isinstance(value, tuple) and len(value) == 2:
        value = value[1]
    if isinstance(value, Rendering | Page):
        return len(value.body) + len(value.zipped or b"")
    return 0


async def cached_response(
    request: Request,
    slug: str,
    variant: tuple,
    build: Build,
    media: str,
    with_texts: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    """Serve from the render cache when nothing shown changed; build (and maybe recompute) otherwise.

    On SQLite the hit check (one indexed read of two small rows from a local file) runs in the
    event loop, on the loop's own connection: a hop to a worker thread costs more than the read,
    and under load the threads' fight for the GIL cut throughput by half. PostgreSQL reads go over
    a socket, so there the check goes to a worker thread and never blocks the loop. Building
    always runs in a thread.
    """
    state = request.app.state
    version = await archive_version(request)
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
        return Response(item, media_type=media, headers={"Cache-Control": "no-store", **(headers or {})})
    if version:  # while nothing is committed, PageCacheMiddleware serves it without the header read
        kept = (("Last-Modified", item.modified), *(headers or {}).items())
        _cache(request).put(page_key(request), (version, Page(item.body, item.zipped, item.etag, kept, media)))
    response = _conditional(request, item, media)
    response.headers.update(headers or {})
    return response


def _cache(request: Request) -> RenderCache:
    cache: RenderCache = request.app.state.render_cache
    return cache


def _cached(engine: Engine, request: Request, slug: str, variant: tuple) -> Rendering | None:
    """The cached rendering when what it shows is unchanged, else None."""
    head = service.header(engine, slug)
    item = _cache(request).get((slug, head.version_key, PAGE_VERSION, variant)) if head.current else None
    return item if isinstance(item, Rendering) else None


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
    key = (slug, shot.version_key, PAGE_VERSION, variant)
    item = Rendering(body, gzip.compress(body, 6), f'W/"{shot.version_key}-{variant_tag}"', modified, key)
    _cache(request).put(key, item)
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


# ---- list pages -----------------------------------------------------------------------------

MAX_CACHED_PAGE = 2_000_000  # bytes; a bigger rendering is served but not kept
_PLACEHOLDER = TOKEN_PLACEHOLDER.encode()


@dataclass(frozen=True)
class Page:
    """A page rendered once for everyone who sees the same thing."""

    body: bytes
    zipped: bytes | None  # None when the body holds a form token, which differs per browser
    etag: str
    headers: tuple[tuple[str, str], ...]
    media: str


async def archive_version(request: Request) -> str | None:
    """The database's current version (None: no probe, nothing is cached on it)."""
    probe = request.app.state.archive_version
    if probe is None:
        return None
    now: str | None = probe.read_now()  # SQLite's file, or a fresh snapshot: no wait in the loop
    return now if now is not None else await run_in_threadpool(probe.read)


async def cached_page(request: Request, build: Callable[[Session], Response]) -> Response:
    """The page ``build`` renders (given a session of its own), from the cache while nothing was
    committed since it was rendered for this URL and this kind of visitor (admin, uploader);
    only 200s are kept. No session is opened for a page served from the cache."""
    version = await archive_version(request)
    key = page_key(request)
    cache = _cache(request)
    known = cache.get(key) if version else None
    if known is not None and known[0] == version:
        return _serve_page(request, known[1])
    if not version:
        made = await run_in_threadpool(_render_page, request, build)
        return made if isinstance(made, Response) else _serve_page(request, made)
    async with cache.rendering.setdefault(key, asyncio.Lock()):  # one rendering a page and version
        known = cache.get(key)
        if known is not None and known[0] == version:  # made while this view waited
            return _serve_page(request, known[1])
        made = await run_in_threadpool(_render_page, request, build)
        if isinstance(made, Response):
            return made
        if len(made.body) <= MAX_CACHED_PAGE:
            cache.put(key, (version, made))
    return _serve_page(request, made)


def page_key(request: Request) -> tuple:
    """What a cached response depends on besides the archive: the URL as asked (path and query,
    so only a query the route accepted can have an entry), the host, and the kind of visitor."""
    settings = request.app.state.settings
    scope = request.scope
    return (
        "page",
        scope["path"],
        scope.get("query_string", b""),
        str(request.base_url),
        is_admin(request, settings),
        may_upload(request, settings),
    )


class PageCacheMiddleware:
    """Answers a GET from the cache when the archive's version is the one its entry was made at,
    before routing, dependencies and sessions: what a route would answer, at a fraction of the cost.
    Misses go on to the route, which renders and fills the cache (cached_page, cached_response)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            request = Request(scope, receive)
            if request.app.state.archive_version is not None:
                known = _cache(request).get(page_key(request))
                if known is not None and known[0] == await archive_version(request):
                    return await _serve_page(request, known[1])(scope, receive, send)
        await self.app(scope, receive, send)


def _render_page(request: Request, build: Callable[[Session], Response]) -> Page | Response:
    with Session(request.app.state.engine) as session, placeholder_token(request):
        response = build(session)
    if response.status_code != 200:
        return response
    body = bytes(response.body)
    media = response.headers.get("content-type", "text/html; charset=utf-8")
    kept = tuple((k, v) for k, v in response.headers.items() if k not in {"content-length", "content-type"})
    etag = f'W/"{hashlib.sha256(body).hexdigest()[:24]}"'
    zipped = None if _PLACEHOLDER in body else gzip.compress(body, 6)
    return Page(body, zipped, etag, kept, media)


def _serve_page(request: Request, page: Page) -> Response:
    body, etag = page.body, page.etag
    if page.zipped is None:  # the browser's own token where the page has one
        token = csrf_token_for(request)
        body = body.replace(_PLACEHOLDER, token.encode())
        etag = f'{etag[:-1]}-{hashlib.sha256(token.encode()).hexdigest()[:8]}"'
    headers = {**dict(page.headers), "ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding, Cookie"}
    sent = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    if etag in sent and not token_issued(request):
        return Response(status_code=304, headers=headers)
    if page.zipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(page.zipped, media_type=page.media, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body, media_type=page.media, headers=headers)
