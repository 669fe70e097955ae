"""Articles: the form that adds one (by text, file or URL, with its review step) and its API twin,
the bookmarklet's door and help page, an article's page and its JSON.

Every door takes the same :class:`ArticleCreate` fields (read off the model, not listed
again here) and hands them to the one ingest service. Given only a URL, the form fetches
the page and shows what it found for review (:func:`review`); the bookmarklet posts a page's
HTML to the same review step. The review carries the page itself in a hidden field, so
saving stores exactly what was reviewed without fetching again, with the uploader's
corrections final. Saving from a form grants this browser the article's edit cookie.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from app.models import Article
from app.services import articles as article_service
from app.services import comparison_index
from app.services import stories as story_service
from app.services.articles import FIELD_LIMITS, ArticleCreate, ArticlePublic, ArticlesPage
from app.services.by_url import Draft, add_by_url, fetch_draft, only_url, read_draft, save_draft
from app.services.errors import Duplicate, TooLarge, UnsupportedMedia, UserError, validated
from app.services.ingest import Upload, ingest
from app.settings import Settings
from app.web.access import UploadDep, check_form_upload_token, grant_edit
from app.web.api_errors import errors
from app.web.csrf import BOOKMARKLET_FORM
from app.web.deps import SessionDep, SettingsDep
from app.web.limits import body_limit
from app.web.params import QueryRowId, RowId
from app.web.rate_limit import check_rate
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["articles"])

# The metadata and text a form sends; story_id comes only through the API.
FORM_FIELDS = [name for name in ArticleCreate.model_fields if name != "story_id"]
FORM_LIMITS = {"max_files": 1, "max_fields": 20}
# What the review step shows for correction: the metadata (the text is the page's own).
REVIEW_FIELDS = [name for name in FORM_FIELDS if name != "text"]


# --- reading a submitted form ---------------------------------------------------------------


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def form_values(form: FormData) -> dict[str, str]:
    """The article fields of a submitted form, as typed (kept to show the form again)."""
    return {name: _text(form.get(name)) for name in FORM_FIELDS}


async def read_upload(value: object, settings: Settings) -> Upload | None:
    """The chosen file, read without holding more than the allowed size; None when none was chosen."""
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    data = await value.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(f"The file is larger than the {settings.max_upload_bytes:,} bytes allowed.", field="file")
    return Upload(value.filename, data)


# --- the form -----------------------------------------------------------------------------


@pages.get("/articles/new", name="new_article")
def new_article(request: Request, url: Annotated[str, Query(max_length=FIELD_LIMITS["url"])] = ""):
    """The form; ``?url=`` fills the URL in (the bookmarklet's way in when a site lets it send no HTML)."""
    return render(request, "article_form.html", {"values": {"url": url}, "errors": {}})


@pages.post("/articles/new", name="create_article_form")
async def create_article_form(request: Request, session: SessionDep, settings: SettingsDep):
    """Store the article, or show the form again with the reason and everything typed kept."""
    async with request.form(**FORM_LIMITS) as form:
        values = form_values(form)
        try:
            check_form_upload_token(request, settings, _text(form.get("upload_token")))
            upload = await read_upload(form.get("file"), settings)
            given = validated(ArticleCreate, values)
            if only_url(given, upload):  # fetch it and show what was found
                check_rate(request, settings, "fetch")
                draft = await fetch_draft(given.url or "", settings)
                return review(
                    request, draft, {**draft.fields(), **({"language": given.language} if given.language else {})}
                )
            article = await run_in_threadpool(ingest, session, settings, given, upload)
        except Duplicate as exc:
            existing = request.url_for("article_page", article_id=exc.existing_id)
            context = {"values": values, "errors": {"text": exc.message}, "existing_url": existing}
            return render(request, "article_form.html", context, 409)
        except UserError as exc:
            errors = {exc.field or "form": exc.message}
            return render(request, "article_form.html", {"values": values, "errors": errors}, exc.status_code)
    return _saved(request, settings, article)


def _saved(request: Request, settings: Settings, article: Article) -> RedirectResponse:
    """On to the new article's page; this browser may correct its details for a while."""
    assert article.id is not None
    response = RedirectResponse(str(request.url_for("article_page", article_id=article.id)), status_code=303)
    grant_edit(request, response.headers, settings, article.id)
    return response


# --- the review step and the bookmarklet --------------------------------------------------


def review(request: Request, draft: Draft, values: dict | None = None, errors: dict | None = None, status=200):
    """The review step: what was found, editable, with the page itself carried along."""
    context = {"draft": draft, "values": values or draft.fields(), "errors": errors or {}}
    return render(request, "article_review.html", context, status)


async def _fields(request: Request, settings: Settings) -> dict[str, str]:
    """A review or bookmarklet form's text fields; one of them may be as large as an article (the page)."""
    async with request.form(max_part_size=body_limit(settings), max_fields=20, max_files=0) as form:
        return {name: value for name, value in form.items() if isinstance(value, str)}


@pages.post(BOOKMARKLET_FORM, name="from_page")
async def from_page(request: Request, settings: SettingsDep):
    """The bookmarklet lands here: with the page's HTML, review it; with only its URL, offer to fetch it.

    Posted from other sites, so it has no CSRF token (web/csrf.py): it stores nothing."""
    form = await _fields(request, settings)
    url, html = form.get("url", "").strip()[: FIELD_LIMITS["url"]], form.get("html", "")
    if not html.strip():
        target = str(request.url_for("new_article")) + "?url=" + quote(url, safe="")
        return RedirectResponse(target, status_code=303)
    if len(html.encode("utf-8", "surrogatepass")) > settings.max_upload_bytes:
        raise TooLarge(f"The page is larger than the {settings.max_upload_bytes:,} bytes allowed.")
    return review(request, await run_in_threadpool(read_draft, url, html))


@pages.post("/articles/review", name="save_draft_form")
async def save_draft_form(request: Request, session: SessionDep, settings: SettingsDep):
    """Store the reviewed draft with the corrections, or show the review again with the reason."""
    form = await _fields(request, settings)
    values = {name: form.get(name, "") for name in REVIEW_FIELDS}
    draft = await run_in_threadpool(read_draft, values["url"].strip(), form.get("source", ""), form.get("page_url"))
    try:
        check_form_upload_token(request, settings, form.get("upload_token"))
        corrected = validated(ArticleCreate, values)
        article = await run_in_threadpool(save_draft, session, settings, draft, corrected)
    except Duplicate as exc:
        existing = request.url_for("article_page", article_id=exc.existing_id)
        return review(request, draft, values, {"form": exc.message, "existing_url": str(existing)}, 409)
    except UserError as exc:
        return review(request, draft, values, {exc.field or "form": exc.message}, exc.status_code)
    return _saved(request, settings, article)


def bookmarklet(source_file: Path, action: str, fallback: str, limit: int) -> str:
    """The javascript: URL a browser keeps as a bookmark, from static/bookmarklet.js."""
    source = source_file.read_text(encoding="utf-8")
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)  # comments out, then one line
    source = source.replace("__ACTION__", json.dumps(action)).replace("__FALLBACK__", json.dumps(fallback))
    source = source.replace("__LIMIT__", str(limit))
    one_line = " ".join(line.strip() for line in source.splitlines() if line.strip())
    return "javascript:" + quote(one_line, safe="(){}[];,.=!&|+-*/<>?:'_")


@pages.get("/help/bookmarklet", name="bookmarklet_page")
def bookmarklet_page(request: Request, settings: SettingsDep):
    link = bookmarklet(
        settings.static_dir / "bookmarklet.js",
        str(request.url_for("from_page")),
        str(request.url_for("new_article")) + "?url=",
        settings.max_upload_bytes,
    )
    return render(request, "bookmarklet.html", {"bookmarklet": link})


@pages.get("/articles/{article_id}", name="article_page")
def article_page(request: Request, article_id: RowId, session: SessionDep):
    article = article_service.get_article(session, article_id)
    return render(request, "article.html", article_context(session, article))


def article_context(session: SessionDep, article) -> dict:
    """What templates/article.html needs (also when the move form shows the page again)."""
    story = story_service.get_story(session, article.story_id) if article.story_id else None
    return {
        "article": article_service.to_public(session, article, with_text=True),
        "story": story,
        "story_choices": story_service.story_choices(session),
        "comparisons": comparison_index.with_article(session, article.id),
    }


# --- the API ------------------------------------------------------------------------------

_MULTIPART_FIELDS = {name: {"type": "string"} for name in [*FORM_FIELDS, "story_id"]}
_UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleCreate.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        **_MULTIPART_FIELDS,
                        "file": {"type": "string", "format": "binary", "description": ".txt, .md, .html or .htm"},
                    },
                }
            },
        },
    }
}


@api.post(
    "/articles",
    status_code=201,
    response_model=ArticlePublic,
    openapi_extra=_UPLOAD_DOC,
    responses=errors(409, 415, 429),
)
async def create_article(request: Request, session: SessionDep, settings: SettingsDep, _token: UploadDep):
    """Store one article from JSON, or from a multipart form with a file; with only a URL, fetch the page."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        given, upload = validated(ArticleCreate, await request.body()), None
    elif kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        async with request.form(**FORM_LIMITS) as form:
            upload = await read_upload(form.get("file"), settings)
            fields = {**form_values(form), "story_id": story_service.parse_story_id(form.get("story_id"))}
            given = validated(ArticleCreate, fields)
    else:
        raise UnsupportedMedia("Send application/json or multipart/form-data.")
    if only_url(given, upload):
        check_rate(request, settings, "fetch")
        article = await run_in_threadpool(add_by_url, session, settings, given)
    else:
        article = await run_in_threadpool(ingest, session, settings, given, upload)
    public = article_service.to_public(session, article)
    location = str(request.url_for("read_article", article_id=article.id))
    return JSONResponse(public.model_dump(mode="json"), status_code=201, headers={"Location": location})


@api.get("/articles", response_model=ArticlesPage)
def list_articles(
    session: SessionDep,
    outlet: Annotated[str | None, Query(max_length=200, description="the outlet's name")] = None,
    story: QueryRowId = None,
    q: Annotated[str | None, Query(max_length=200, description="words in the title or text")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
):
    """Articles, newest first, filtered by outlet name, story id or text."""
    return article_service.list_articles(session, outlet=outlet, story_id=story, text=q, limit=limit, offset=offset)


@api.get("/articles/{article_id}", response_model=ArticlePublic, name="read_article")
def read_article(article_id: RowId, session: SessionDep):
    """One article with its text."""
    article = article_service.get_article(session, article_id)
    return article_service.to_public(session, article, with_text=True)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
