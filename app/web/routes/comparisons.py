"""Comparisons: create (form and API), the page /c/{slug} and its JSON and CSV twins.

Rendered bytes are cached in process, keyed by the slug, a digest of everything the page
shows (result fingerprint and article metadata) and the query variant, so a page view
costs two small queries; a conditional GET with the ETag gets 304.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.db import is_sqlite, make_engine
from app.services import articles as article_service
from app.services import comparison_index
from app.services import comparison_view as view
from app.services import comparisons as service
from app.services import stories as story_service
from app.services.errors import UnsupportedMedia, UserError
from app.web.deps import SessionDep, SettingsDep
from app.web.digest import build_digest
from app.web.routes.stories import Limit, Offset
from app.web.security import is_admin
from app.web.templating import render

router = APIRouter()
api_router = APIRouter(prefix="/api", tags=["comparisons"])

PAGE_VERSION = "2"  # bump when templates change what a cached page looks like
CACHE_SIZE = 512


class RenderCache:
    """A small thread-safe LRU of rendered responses: key -> (body, media type)."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _cache(request: Request) -> RenderCache:
    state = request.app.state
    if not hasattr(state, "comparison_cache"):
        state.comparison_cache = RenderCache()
    return state.comparison_cache


# ---- creating -----------------------------------------------------------------------------


@router.get("/comparisons/new", name="new_comparison")
def new_comparison(request: Request, session: SessionDep, story_id: int | None = None):
    """A form listing articles (a story's, or the newest) to tick and compare."""
    return _form(request, session, {"story_id": story_id, "article_ids": [], "title": ""}, None, 200)


def _form(request: Request, session: Session, values: dict, error: str | None, status: int):
    story_id = values.get("story_id") if isinstance(values.get("story_id"), int) else None
    choices = article_service.list_articles(session, story_id=story_id, limit=200).items
    chosen = {str(v) for v in values.get("article_ids") or []}
    return render(
        request,
        "_comparison_form.html",
        {"values": values, "choices": choices, "chosen": chosen, "error": error},
        status,
    )


@router.post("/comparisons", name="create_comparison_form")
async def create_comparison_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    article_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI reads the default
    title: Annotated[str, Form()] = "",
    story_id: Annotated[str, Form()] = "",
):
    """Store the comparison and go to its page, or show the form again with the reason."""
    values = {"article_ids": article_ids, "title": title, "story_id": story_id}
    try:
        story = _story_id(story_id)
        values["story_id"] = story
        comparison, _ = await run_in_threadpool(
            service.find_or_create, session, settings, article_ids, title or None, story
        )
    except UserError as exc:
        return _form(request, session, values, exc.message, exc.status_code)
    return RedirectResponse(str(request.url_for("comparison_page", slug=comparison.slug)), status_code=303)


def _story_id(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise UserError("story_id must be a whole number.", field="story_id")


class ComparisonIn(BaseModel):
    """Articles to compare, by id: at least two different ones."""

    model_config = ConfigDict(extra="forbid")
    article_ids: list[int] = Field(description="ids of stored articles, at least two distinct")
    title: str | None = Field(None, max_length=500)
    story_id: int | None = None


@api_router.post(
    "/comparisons",
    status_code=201,
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": ComparisonIn.model_json_schema()}}}
    },
)
async def create_comparison_api(request: Request, session: SessionDep, settings: SettingsDep):
    """Store and compute a comparison; answers 201 with its permanent slug and URL, or 200 with
    `"existing": true` and the slug of the comparison already made of the same articles."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMedia("Send application/json.")
    try:
        given = ComparisonIn.model_validate_json(await request.body())
    except ValidationError as exc:
        parts = [f"{'.'.join(map(str, e.get('loc', ()))) or 'body'}: {e.get('msg')}" for e in exc.errors()[:5]]
        raise UserError("; ".join(parts), field="article_ids") from None
    comparison, created = await run_in_threadpool(
        service.find_or_create, session, settings, given.article_ids, given.title, given.story_id
    )
    url = str(request.url_for("comparison_page", slug=comparison.slug))
    body = {**_summary(request, comparison), "existing": not created}
    return JSONResponse(body, status_code=201 if created else 200, headers={"Location": url})


@router.get("/comparisons", name="comparisons_page")
def comparisons_page(request: Request, session: SessionDep, limit: Limit = 50, offset: Offset = 0):
    """Every comparison, newest first, with its story."""
    items, total = comparison_index.list_comparisons(session, limit, offset)
    context = {"items": items, "total": total, "limit": limit, "offset": offset}
    return render(request, "comparisons.html", context)


@router.get("/comparisons.json", name="comparisons_json")
@api_router.get("/comparisons", name="list_comparisons")
def comparisons_json(request: Request, session: SessionDep, limit: Limit = 50, offset: Offset = 0):
    """Every comparison, newest first, with its story (= /comparisons.json)."""
    items, total = comparison_index.list_comparisons(session, limit, offset)
    return {
        "items": [c.as_json(str(request.url_for("comparison_page", slug=c.slug))) for c in items],
        "total": total,
        "limit": limit,
        "offset": offset,
    }


def _summary(request: Request, comparison) -> dict:
    return {
        "slug": comparison.slug,
        "url": str(request.url_for("comparison_page", slug=comparison.slug)),
        "json": str(request.url_for("comparison_json", slug=comparison.slug)),
        "csv": str(request.url_for("comparison_csv", slug=comparison.slug)),
        "status": comparison.status,
        "error": comparison.error,
        "title": comparison.title,
        "article_ids": comparison.article_ids,
        "story_id": comparison.story_id,
        "analysis_version": comparison.analysis_version,
    }


# ---- reading ------------------------------------------------------------------------------


async def _cached(request: Request, slug: str, variant: tuple, build: Callable, media: str) -> Response:
    """Serve from the render cache when nothing shown changed; build (and maybe recompute) otherwise.

    A stored comparison is the page people share, so a cache hit must cost little. On SQLite
    the hit check (one indexed read of two small rows from a local file) runs in the event
    loop: a hop to a worker thread costs more than the read, and under load the threads' fight
    for the GIL cut throughput by half. PostgreSQL reads go over a socket, so there the check
    goes to a worker thread and never blocks the loop. Building always runs in a thread.
    """
    engine = request.app.state.engine
    item = None
    if is_sqlite(engine):
        try:
            item = _cached_item(_loop_engine(request), request, slug, variant)
        except OperationalError:  # the file is busy: never make the event loop wait for it
            item = await run_in_threadpool(_cached_item, engine, request, slug, variant)
    else:
        item = await run_in_threadpool(_cached_item, engine, request, slug, variant)
    if item is None:
        item = await run_in_threadpool(_build_item, request, slug, variant, build)
    if isinstance(item, bytes):  # a background job may finish mid-render: no cache, no ETag
        return Response(item, media_type=media, headers={"Cache-Control": "no-store"})
    body, zipped, etag, modified = item
    headers = {"ETag": etag, "Last-Modified": modified, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(zipped, media_type=media, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body, media_type=media, headers=headers)


def _loop_engine(request: Request) -> Engine:
    """The event loop's own SQLite connection: waiting on the shared pool, whose connections
    worker threads hold until the loop answers for them, would deadlock the loop."""
    state = request.app.state
    if getattr(state, "loop_engine", None) is None:
        state.loop_engine = make_engine(state.settings.database_url, single_connection=True, busy_timeout_ms=200)
    return state.loop_engine


def _cached_item(engine: Engine, request: Request, slug: str, variant: tuple):
    """The cached rendering when what it shows is unchanged, else None."""
    with Session(engine) as session:
        head = service.header(session, slug)
    return _cache(request).get((slug, head.version_key, PAGE_VERSION, variant)) if head.current else None


def _build_item(request: Request, slug: str, variant: tuple, build: Callable):
    """(body, gzipped body, etag, last-modified), built and cached; only the body while pending."""
    with Session(request.app.state.engine) as session:
        loaded = service.load(session, slug)
        body = build(session, loaded)
        if loaded.comparison.status in ("pending", "running"):
            return body
        head = service.header(session, slug)
    variant_tag = hashlib.sha256(repr(variant).encode()).hexdigest()[:8]
    etag = f'W/"{head.version_key}-{variant_tag}"'
    modified = _http_date(loaded.comparison.computed_at or loaded.comparison.created_at)
    item = (body, gzip.compress(body, 6), etag, modified)  # compressed once, served many times
    _cache(request).put((slug, head.version_key, PAGE_VERSION, variant), item)
    return item


def _http_date(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite gives back naive datetimes; they were stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _page_context(request: Request, session: Session, loaded, view_query: ViewQuery) -> dict:
    texts = service.article_texts(session, [a.id for a in loaded.articles])
    page = view.build_page(loaded, texts, *view_query)
    story_id = loaded.comparison.story_id
    return {
        "comparison": loaded.comparison,
        "page": page,
        "digest": build_digest(page),
        "loaded": loaded,
        "story_title": story_service.get_story(session, story_id).title if story_id else None,
        "export_query": view_query.query_string,
        "page_url": str(request.url_for("comparison_page", slug=loaded.comparison.slug)),
    }


class ViewQuery(tuple):
    """?filter=, ?outlet= and ?sort= as the page, the CSV and the JSON all read them."""

    __slots__ = ()

    def __new__(cls, filter: str | None = None, outlet: str | None = None, sort: str | None = None):
        kind = view.FILTER_ALIASES.get(filter or "", filter) or "every"
        outlet = outlet if kind in view.NEEDS_OUTLET and outlet else None
        return super().__new__(cls, (kind, outlet, sort if sort in view.SORTS else None))

    @property
    def query_string(self) -> str:
        kind, outlet, sort = self
        pairs = [("filter", kind)] if kind != "every" else []
        pairs += [("outlet", outlet)] if outlet else []
        pairs += [("sort", sort)] if sort else []
        return ("?" + "&".join(f"{k}={quote(v)}" for k, v in pairs)) if pairs else ""


@router.get("/c/{slug}.json", name="comparison_json")
async def comparison_json(
    request: Request, slug: str, filter: str | None = None, outlet: str | None = None, sort: str | None = None
):
    """The analysis result (comparison.schema.json) plus the comparison's and articles' metadata;
    each passage carries its text beside its offsets, and ?filter=/?outlet=/?sort= pick the claims
    as on the page."""
    view_query = ViewQuery(filter, outlet, sort)
    variant = ("json", str(request.base_url), *view_query)

    def build(session, loaded) -> bytes:
        texts = service.article_texts(session, [a.id for a in loaded.articles])
        return _json_bytes(request, loaded, texts, view_query)

    return await _cached(request, slug, variant, build, "application/json")


def _json_bytes(request: Request, loaded, texts: dict[str, str], view_query: ViewQuery) -> bytes:
    c = loaded.comparison
    result = dict(c.result or {})
    metas = {str(a.id): a for a in loaded.articles}
    result["articles"] = [
        {**entry, "meta": _meta(metas.get(str(entry.get("id"))))} for entry in result.get("articles", [])
    ]
    shown, applied = view.filter_claims_of(loaded, result, texts, view_query)
    by_id = {str(claim.get("id")): claim for claim in result.get("claims", [])}
    result["claims"] = [_with_texts(by_id[row.id], texts) for row in shown]
    result["quotes"] = [
        {**q, "occurrences": [_with_texts(o, texts, keep=True) for o in q.get("occurrences", [])]}
        for q in result.get("quotes", [])
    ]
    result["discrepancies"] = [
        {**d, "values": [_with_texts(v, texts, keep=True) for v in d.get("values", [])]}
        for d in result.get("discrepancies", [])
    ]
    result["comparison"] = {
        **_summary(request, c),
        "created_at": c.created_at.isoformat() if c.created_at else None,
        "computed_at": c.computed_at.isoformat() if c.computed_at else None,
        "missing_article_ids": loaded.missing,
        "view": applied,
    }
    return json.dumps(result, ensure_ascii=False).encode()


def _with_texts(item: dict, texts: dict[str, str], keep: bool = False) -> dict:
    """The item with each passage's own text beside its offsets (`passage`, so an existing
    `text`, such as a quote's wording, keeps its meaning)."""
    if "occurrences" in item:
        return {**item, "occurrences": [_with_texts(o, texts, keep) for o in item["occurrences"]]}
    source = texts.get(str(item.get("article")))
    if source is None or "start" not in item:
        return item
    return {**item, "passage": source[item.get("start", 0) : item.get("end", 0)]}


def _meta(meta) -> dict | None:
    if meta is None:
        return None
    return {
        "article_id": meta.id,
        "outlet": meta.outlet,
        "title": meta.title,
        "url": meta.url,
        "author": meta.author,
        "published_at": meta.published_at.isoformat() if meta.published_at else None,
    }


@api_router.get("/comparisons/{slug}", name="read_comparison")
async def read_comparison(request: Request, slug: str):
    """The same as /c/{slug}.json."""
    return await comparison_json(request, slug)


@router.get("/c/{slug}.csv", name="comparison_csv")
async def comparison_csv(
    request: Request, slug: str, filter: str | None = None, outlet: str | None = None, sort: str | None = None
):
    """The claims matrix as shown on the page (same ?filter=, ?outlet=, ?sort=): one row per claim,
    per outlet whether it carries it and in which words, and a head naming each article."""
    view_query = ViewQuery(filter, outlet, sort)

    def build(session, loaded) -> bytes:
        texts = service.article_texts(session, [a.id for a in loaded.articles])
        page = view.build_page(loaded, texts, *view_query)
        out = io.StringIO()
        csv.writer(out).writerows(view.csv_rows(page))
        return out.getvalue().encode("utf-8-sig")

    response = await _cached(request, slug, ("csv", *view_query), build, "text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="comparison-{slug}.csv"'
    return response


@router.get("/c/{slug}", name="comparison_page")
async def comparison_page(
    request: Request,
    slug: str,
    filter: str | None = None,
    outlet: str | None = None,
    sort: str | None = None,
):
    """The comparison: what differs first, then the claims matrix, the texts, quotes, discrepancies."""
    view_query = ViewQuery(filter, outlet, sort)
    # The base URL is part of the key: rendered links are absolute, and a forged Host header
    # must never end up in a page served to others.
    # Admins see a delete link: their rendering is cached apart from everyone else's.
    admin = is_admin(request, request.app.state.settings)
    variant = ("html", str(request.base_url), admin, *view_query)

    def build(session, loaded) -> bytes:
        context = _page_context(request, session, loaded, view_query)
        return request.app.state.templates.get_template("comparison.html").render(request=request, **context).encode()

    return await _cached(request, slug, variant, build, "text/html; charset=utf-8")


@router.get("/c/{slug}/claims/{claim_id}.json", name="comparison_claim_json")
async def comparison_claim_json(request: Request, slug: str, claim_id: str):
    """One claim: each outlet's passage, its text, and the words that differ from the row's wording."""

    def build(session, loaded) -> bytes:
        texts = service.article_texts(session, [a.id for a in loaded.articles])
        claim = view.claim_detail(loaded, texts, claim_id)
        return json.dumps(view.claim_detail_json(claim), ensure_ascii=False).encode()

    return await _cached(request, slug, ("claim-json", claim_id), build, "application/json")


@router.get("/c/{slug}/claims/{claim_id}", name="comparison_claim")
async def comparison_claim(request: Request, slug: str, claim_id: str):
    """One claim of the matrix, in each outlet's own words (what a ✓ in the matrix opens)."""

    def build(session, loaded) -> bytes:
        texts = service.article_texts(session, [a.id for a in loaded.articles])
        context = {
            "comparison": loaded.comparison,
            "claim": view.claim_detail(loaded, texts, claim_id),
            "page_url": str(request.url_for("comparison_page", slug=slug)),
        }
        template = request.app.state.templates.get_template("comparison_claim.html")
        return template.render(request=request, **context).encode()

    return await _cached(request, slug, ("claim", str(request.base_url), claim_id), build, "text/html; charset=utf-8")


def install(application: FastAPI) -> None:
    """Mount the comparison routes."""
    application.include_router(api_router)
    application.include_router(router)
