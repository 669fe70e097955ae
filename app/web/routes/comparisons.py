"""Comparisons: the form that creates one and its API twin, the page /c/{slug} and its JSON and CSV twins.

Reading goes through the render cache (render_cache.py): a page view that nothing changed
costs two small queries, and a conditional GET with the ETag gets 304.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.services import articles as article_service
from app.services import comparison_index
from app.services import comparisons as service
from app.services.comparisons import ComparisonIn, Snapshot
from app.services.errors import UnsupportedMedia, UserError
from app.services.labels import OPERATORS_DATA
from app.services.stories import parse_story_id
from app.web import comparison_view as view
from app.web.access import check_comparison_token, is_admin
from app.web.api_errors import errors
from app.web.deps import SessionDep, SettingsDep
from app.web.digest import build_digest
from app.web.params import QueryRowId
from app.web.rate_limit import check_rate
from app.web.render_cache import cached_response
from app.web.routes.search import Limit, Offset
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["comparisons"])


# ---- creating -----------------------------------------------------------------------------


@pages.get("/comparisons/new", name="new_comparison")
def new_comparison(request: Request, session: SessionDep, story_id: QueryRowId = None):
    """A form listing articles (a story's, or the newest) to tick and compare."""
    return _form(request, session, {"story_id": story_id, "article_ids": [], "title": ""}, None, 200)


def _form(request: Request, session: SessionDep, values: dict, error: str | None, status: int):
    story_id = values.get("story_id") if isinstance(values.get("story_id"), int) else None
    choices = article_service.list_articles(session, story_id=story_id, limit=200).items
    chosen = {str(v) for v in values.get("article_ids") or []}
    context = {"values": values, "choices": choices, "chosen": chosen, "error": error, "errors": {}}
    return render(request, "_comparison_form.html", context, status)


@pages.post("/comparisons", name="create_comparison_form")
async def create_comparison_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    article_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI reads the default
    title: Annotated[str, Form()] = "",
    story_id: Annotated[str, Form()] = "",
    upload_token: Annotated[str, Form()] = "",
):
    """Store the comparison and go to its page, or show the form again with the reason."""
    values: dict[str, object] = {"article_ids": article_ids, "title": title, "story_id": story_id}
    try:
        check_comparison_token(request, settings, upload_token)
        check_rate(request, settings, "comparison")
        values["story_id"] = story = parse_story_id(story_id)
        comparison, _ = await run_in_threadpool(
            service.find_or_create, session, settings, article_ids, title or None, story
        )
    except UserError as exc:
        response = _form(request, session, values, exc.message, exc.status_code)
        response.headers.update(exc.headers or {})  # a 429's Retry-After
        return response
    return RedirectResponse(str(request.url_for("comparison_page", slug=comparison.slug)), status_code=303)


def _json_body(request: Request) -> None:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMedia("Send application/json.")


@api.post("/comparisons", status_code=201, dependencies=[Depends(_json_body)], responses=errors(401, 403, 415, 429))
async def create_comparison_api(request: Request, body: ComparisonIn, session: SessionDep, settings: SettingsDep):
    """Store and compute a comparison; answers 201 with its permanent slug and URL, or 200 with
    `"existing": true` and the slug of the comparison already made of the same articles.
    Rate-limited per client (429 with Retry-After); may need the upload token (PARALLAX_COMPARISONS_NEED_TOKEN)."""
    check_comparison_token(request, settings)
    check_rate(request, settings, "comparison")
    comparison, created = await run_in_threadpool(
        service.find_or_create, session, settings, body.article_ids, body.title, body.story_id
    )
    summary = {**_summary(request, comparison), "existing": not created}
    return JSONResponse(summary, status_code=201 if created else 200, headers={"Location": summary["url"]})


@pages.get("/comparisons", name="comparisons_page")
def comparisons_page(request: Request, session: SessionDep, limit: Limit = 50, offset: Offset = 0):
    """Every comparison, newest first, with its story."""
    items, total = comparison_index.list_comparisons(session, limit, offset)
    return render(request, "comparisons.html", {"items": items, "total": total, "limit": limit, "offset": offset})


@pages.get("/comparisons.json", name="comparisons_json")
@api.get("/comparisons", name="list_comparisons")
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


class ViewQuery(tuple):
    """?filter=, ?outlet=, ?sort= and ?label= as the page, the CSV and the JSON all read them."""

    __slots__ = ()

    def __new__(
        cls, filter: str | None = None, outlet: str | None = None, sort: str | None = None, label: str | None = None
    ):
        kind = view.FILTER_ALIASES.get(filter or "", filter) or "every"
        outlet = outlet if kind in view.NEEDS_OUTLET and outlet else None
        label = label[:20] if kind == "label" and label else None
        return super().__new__(cls, (kind, outlet, sort if sort in view.SORTS else None, label))

    @property
    def query_string(self) -> str:
        kind, outlet, sort, label = self
        pairs = [("filter", kind)] if kind != "every" else []
        pairs += [("outlet", outlet)] if outlet else []
        pairs += [("label", label)] if label else []
        pairs += [("sort", sort)] if sort else []
        return ("?" + "&".join(f"{k}={quote(v)}" for k, v in pairs)) if pairs else ""


# The query parameters every rendering of a comparison reads, as one dependency.
ViewQueryDep = Annotated[ViewQuery, Depends(ViewQuery)]


@pages.get("/c/{slug}.json", name="comparison_json")
async def comparison_json(request: Request, slug: str, view_query: ViewQueryDep):
    """The analysis result (comparison.schema.json) with readers' corrections applied, plus the
    comparison's and articles' metadata, coverage by label, the timeline and the corrections; each
    passage carries its text beside its offsets, and ?filter=/?outlet=/?sort=/?label= pick the claims
    as on the page."""
    variant = ("json", str(request.base_url), *view_query)

    def build(shot: Snapshot) -> bytes:
        return _json_bytes(request, shot, view_query)

    return await cached_response(request, slug, variant, build, "application/json", with_texts=True)


def _json_bytes(request: Request, shot: Snapshot, view_query: ViewQuery) -> bytes:
    loaded, texts = shot.loaded, shot.texts
    c = loaded.comparison
    result = loaded.result.to_dict()
    metas = {str(a.id): a for a in loaded.articles}
    result["articles"] = [{**entry, "meta": _meta(metas.get(entry["id"]))} for entry in result["articles"]]
    page = view.build_page(loaded, texts, *view_query)
    by_id = {claim["id"]: claim for claim in result.get("claims", [])}
    result["claims"] = [_claim_json(page, row, _with_texts(by_id[row.id], texts)) for row in page.shown_claims]
    result["quotes"] = [_with_texts(q, texts) for q in result.get("quotes", [])]
    begun = {
        d.id: {**entry.moment.as_json(), "text": text}
        for entry in (page.timeline.entries if page.timeline else [])
        if entry.moment is not None
        for d, text in entry.discrepancies
    }
    result["discrepancies"] = [_discrepancy_json(d, texts, begun) for d in result.get("discrepancies", [])]
    result["dismissed_discrepancies"] = [
        {**_discrepancy_json(d.model_dump(mode="json"), texts, {}), "correction": applied.id}
        for d, applied in (loaded.corrections.dismissed if loaded.corrections else [])
    ]
    result["labels"] = _coverage_json(page)
    result["timeline"] = _timeline_json(page)
    result["corrections"] = [item.as_json() for item in page.corrections]
    applied = page.filter
    result["comparison"] = {
        **_summary(request, c),
        "created_at": c.created_at.isoformat() if c.created_at else None,
        "computed_at": c.computed_at.isoformat() if c.computed_at else None,
        "missing_article_ids": loaded.missing,
        "view": applied,
    }
    return json.dumps(result, ensure_ascii=False).encode()


def _claim_json(page: view.Page, row: view.ClaimRow, claim: dict) -> dict:
    """A claim with what the page adds to it: its sides in each label set, its first report, its corrections."""
    first = page.timeline.first.get(row.id) if page.timeline else None
    return {
        **claim,
        "labels": {s.set.name: view.sides_json(s.sides[row.id]) for s in page.coverage.sets},
        "first_reported": first.as_json() if first else None,
        "corrections": [c.id for c in row.corrections],
    }


def _discrepancy_json(item: dict, texts: dict[str, str], begun: dict[str, dict]) -> dict:
    """A discrepancy with its values' passages and when it first appeared (``begun``, by id)."""
    return {
        **item,
        "values": [_with_texts(v, texts) for v in item.get("values", [])],
        "first_appeared": begun.get(item.get("id", "")),
    }


def _coverage_json(page: view.Page) -> dict:
    return {
        "note": OPERATORS_DATA,
        "sets": [
            {
                "id": s.set.id,
                "name": s.set.name,
                "source": s.set.source,
                "values": [
                    {
                        "id": v.value_id,
                        "name": v.name,
                        "outlets": v.outlets,
                        "claims": v.claims,
                        "only": v.only,
                        "share": v.share,
                    }
                    for v in s.values
                ],
                "blindspots": [
                    {"claim": b.row.id, "value": b.value, "outlets": b.outlets, "left_out_by": b.left_out_by}
                    for b in s.blindspots
                ],
            }
            for s in page.coverage.sets
        ],
    }


def _timeline_json(page: view.Page) -> list[dict]:
    if page.timeline is None:
        return []
    return [
        {
            **(entry.moment.as_json() if entry.moment else {"at": None, "precision": None}),
            "outlets": entry.outlets,
            "claims": [row.id for row in entry.claims],
            "discrepancies": [d.id for d, _ in entry.discrepancies],
        }
        for entry in page.timeline.entries
    ]


def _with_texts(item: dict, texts: dict[str, str]) -> dict:
    """The item with each passage's own text beside its offsets (`passage`, so an existing
    `text`, such as a quote's wording, keeps its meaning)."""
    if "occurrences" in item:
        return {**item, "occurrences": [_with_texts(o, texts) for o in item["occurrences"]]}
    source = texts.get(str(item.get("article")))
    if source is None or "start" not in item:
        return item
    return {**item, "passage": source[item["start"] : item["end"]]}


def _meta(meta: service.ArticleMeta | None) -> dict | None:
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


@api.get("/comparisons/{slug}", name="read_comparison")
async def read_comparison(request: Request, slug: str):
    """The same as /c/{slug}.json."""
    return await comparison_json(request, slug, ViewQuery())


@pages.get("/c/{slug}.csv", name="comparison_csv")
async def comparison_csv(request: Request, slug: str, view_query: ViewQueryDep):
    """The claims matrix as shown on the page (same ?filter=, ?outlet=, ?sort=, ?label=): one row per claim,
    per outlet whether it carries it and in which words, its first report, corrections and label sides,
    and a head naming each article."""

    def build(shot: Snapshot) -> bytes:
        out = io.StringIO()
        csv.writer(out).writerows(view.csv_rows(view.build_page(shot.loaded, shot.texts, *view_query)))
        return out.getvalue().encode("utf-8-sig")

    response = await cached_response(
        request, slug, ("csv", *view_query), build, "text/csv; charset=utf-8", with_texts=True
    )
    response.headers["Content-Disposition"] = f'attachment; filename="comparison-{slug}.csv"'
    return response


@pages.get("/c/{slug}", name="comparison_page")
async def comparison_page(request: Request, slug: str, view_query: ViewQueryDep):
    """The comparison: what differs first, then the claims matrix, coverage by label, the timeline,
    the texts, quotes, discrepancies and readers' corrections."""
    # The base URL is part of the key: rendered links are absolute, and a forged Host header
    # must never end up in a page served to others.
    # Admins see a delete link: their rendering is cached apart from everyone else's.
    admin = is_admin(request, request.app.state.settings)
    variant = ("html", str(request.base_url), admin, *view_query)

    def build(shot: Snapshot) -> bytes:
        page = view.build_page(shot.loaded, shot.texts, *view_query)
        context = {
            "comparison": shot.loaded.comparison,
            "page": page,
            "digest": build_digest(page),
            "loaded": shot.loaded,
            "export_query": view_query.query_string,
            "page_url": str(request.url_for("comparison_page", slug=slug)),
            "labels_note": OPERATORS_DATA,
        }
        html: str = request.app.state.templates.get_template("comparison.html").render(request=request, **context)
        return html.encode()

    return await cached_response(request, slug, variant, build, "text/html; charset=utf-8", with_texts=True)


@pages.get("/c/{slug}/claims/{claim_id}.json", name="comparison_claim_json")
async def comparison_claim_json(request: Request, slug: str, claim_id: str):
    """One claim: each outlet's passage, its text, and the words that differ from the row's wording."""

    def build(shot: Snapshot) -> bytes:
        claim = view.claim_detail(shot.loaded, shot.texts, claim_id)
        return json.dumps(view.claim_detail_json(claim), ensure_ascii=False).encode()

    return await cached_response(request, slug, ("claim-json", claim_id), build, "application/json", with_texts=True)


@pages.get("/c/{slug}/claims/{claim_id}", name="comparison_claim")
async def comparison_claim(request: Request, slug: str, claim_id: str):
    """One claim of the matrix, in each outlet's own words (what a ✓ in the matrix opens)."""

    def build(shot: Snapshot) -> bytes:
        context = {
            "comparison": shot.loaded.comparison,
            "claim": view.claim_detail(shot.loaded, shot.texts, claim_id),
            "page_url": str(request.url_for("comparison_page", slug=slug)),
        }
        template = request.app.state.templates.get_template("comparison_claim.html")
        html: str = template.render(request=request, **context)
        return html.encode()

    variant = ("claim", str(request.base_url), claim_id)
    return await cached_response(request, slug, variant, build, "text/html; charset=utf-8", with_texts=True)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
