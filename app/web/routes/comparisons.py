"""Comparisons: the form that creates one and its API twin, the page /c/{slug} and its JSON and CSV twins.

Reading goes through the render cache (render_cache.py): a page view that nothing changed
costs two small queries, and a conditional GET with the ETag gets 304.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.services import articles as article_service
from app.services import comparisons as service
from app.services.comparisons import ComparisonIn, Snapshot
from app.services.errors import UnsupportedMedia, UserError
from app.services.stories import parse_story_id
from app.web import comparison_view as view
from app.web.access import is_admin
from app.web.deps import SessionDep, SettingsDep
from app.web.render_cache import cached_response
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["comparisons"])


# ---- creating -----------------------------------------------------------------------------


@pages.get("/comparisons/new", name="new_comparison")
def new_comparison(request: Request, session: SessionDep, story_id: int | None = None):
    """A form listing articles (a story's, or the newest) to tick and compare."""
    return _form(request, session, {"story_id": story_id, "article_ids": [], "title": ""}, None, 200)


def _form(request: Request, session: SessionDep, values: dict, error: str | None, status: int):
    story_id = values.get("story_id") if isinstance(values.get("story_id"), int) else None
    choices = article_service.list_articles(session, story_id=story_id, limit=200).items
    chosen = {str(v) for v in values.get("article_ids") or []}
    context = {"values": values, "choices": choices, "chosen": chosen, "error": error}
    return render(request, "_comparison_form.html", context, status)


@pages.post("/comparisons", name="create_comparison_form")
async def create_comparison_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    article_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI reads the default
    title: Annotated[str, Form()] = "",
    story_id: Annotated[str, Form()] = "",
):
    """Store the comparison and go to its page, or show the form again with the reason."""
    values: dict[str, object] = {"article_ids": article_ids, "title": title, "story_id": story_id}
    try:
        values["story_id"] = story = parse_story_id(story_id)
        comparison = await run_in_threadpool(
            service.create_comparison, session, settings, article_ids, title or None, story
        )
    except UserError as exc:
        return _form(request, session, values, exc.message, exc.status_code)
    return RedirectResponse(str(request.url_for("comparison_page", slug=comparison.slug)), status_code=303)


def _json_body(request: Request) -> None:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMedia("Send application/json.")


@api.post("/comparisons", status_code=201, dependencies=[Depends(_json_body)])
async def create_comparison_api(request: Request, body: ComparisonIn, session: SessionDep, settings: SettingsDep):
    """Store and compute a comparison; answers 201 with its permanent slug and URL."""
    comparison = await run_in_threadpool(
        service.create_comparison, session, settings, body.article_ids, body.title, body.story_id
    )
    summary = _summary(request, comparison)
    return JSONResponse(summary, status_code=201, headers={"Location": summary["url"]})


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


@pages.get("/c/{slug}.json", name="comparison_json")
async def comparison_json(request: Request, slug: str):
    """The analysis result (comparison.schema.json) plus the comparison's and articles' metadata."""
    variant = ("json", str(request.base_url))
    return await cached_response(request, slug, variant, lambda shot: _json_bytes(request, shot), "application/json")


def _json_bytes(request: Request, shot: Snapshot) -> bytes:
    loaded = shot.loaded
    c = loaded.comparison
    result = loaded.result.to_dict()
    metas = {str(a.id): a for a in loaded.articles}
    result["articles"] = [{**entry, "meta": _meta(metas.get(entry["id"]))} for entry in result["articles"]]
    result["comparison"] = {
        **_summary(request, c),
        "created_at": c.created_at.isoformat() if c.created_at else None,
        "computed_at": c.computed_at.isoformat() if c.computed_at else None,
        "missing_article_ids": loaded.missing,
    }
    return json.dumps(result, ensure_ascii=False).encode()


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
    return await comparison_json(request, slug)


@pages.get("/c/{slug}.csv", name="comparison_csv")
async def comparison_csv(request: Request, slug: str):
    """The claims matrix: one row per claim, one yes/no column per outlet."""

    def build(shot: Snapshot) -> bytes:
        out = io.StringIO()
        csv.writer(out).writerows(view.csv_rows(view.build_page(shot.loaded, {})))
        return out.getvalue().encode("utf-8-sig")

    response = await cached_response(request, slug, ("csv",), build, "text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="comparison-{slug}.csv"'
    return response


@pages.get("/c/{slug}", name="comparison_page")
async def comparison_page(
    request: Request, slug: str, filter: str | None = None, outlet: str | None = None, sort: str | None = None
):
    """The comparison: summary, claims matrix, texts side by side, quotes, discrepancies."""
    kind = filter if filter in view.FILTERS else None
    if filter and kind is None:
        kind = "invalid"
    sort = sort if sort in ("coverage", "rarity") else None
    # The base URL is part of the key: rendered links are absolute, and a forged Host header
    # must never end up in a page served to others.
    # Admins see a delete link: their rendering is cached apart from everyone else's.
    admin = is_admin(request, request.app.state.settings)
    variant = ("html", str(request.base_url), admin, kind, outlet if kind in ("omitted", "unique") else None, sort)

    def build(shot: Snapshot) -> bytes:
        context = {
            "comparison": shot.loaded.comparison,
            "page": view.build_page(shot.loaded, shot.texts, kind, outlet, sort),
            "loaded": shot.loaded,
            "page_url": str(request.url_for("comparison_page", slug=slug)),
        }
        return request.app.state.templates.get_template("comparison.html").render(request=request, **context).encode()

    return await cached_response(request, slug, variant, build, "text/html; charset=utf-8", with_texts=True)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
