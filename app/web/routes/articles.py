"""Articles: the form that adds one and its API twin, an article's page and its JSON.

Both doors take the same :class:`ArticleCreate` fields (read off the model, not listed
again here) and hand them to the one ingest service.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from app.services import articles as article_service
from app.services import stories as story_service
from app.services.articles import ArticleCreate, ArticlePublic, ArticlesPage
from app.services.errors import Duplicate, TooLarge, UnsupportedMedia, UserError, validated
from app.services.ingest import Upload, ingest
from app.settings import Settings
from app.web.access import UploadDep, check_form_upload_token
from app.web.deps import SessionDep, SettingsDep
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["articles"])

# The metadata and text a form sends; story_id comes only through the API.
FORM_FIELDS = [name for name in ArticleCreate.model_fields if name != "story_id"]
FORM_LIMITS = {"max_files": 1, "max_fields": 20}


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
def new_article(request: Request):
    return render(request, "article_form.html", {"values": {}, "errors": {}})


@pages.post("/articles/new", name="create_article_form")
async def create_article_form(request: Request, session: SessionDep, settings: SettingsDep):
    """Store the article, or show the form again with the reason and everything typed kept."""
    async with request.form(**FORM_LIMITS) as form:
        values = form_values(form)
        try:
            check_form_upload_token(request, settings, _text(form.get("upload_token")))
            upload = await read_upload(form.get("file"), settings)
            given = validated(ArticleCreate, values)
            article = await run_in_threadpool(ingest, session, settings, given, upload)
        except Duplicate as exc:
            existing = request.url_for("article_page", article_id=exc.existing_id)
            context = {"values": values, "errors": {"text": exc.message}, "existing_url": existing}
            return render(request, "article_form.html", context, 409)
        except UserError as exc:
            errors = {exc.field or "form": exc.message}
            return render(request, "article_form.html", {"values": values, "errors": errors}, exc.status_code)
    return RedirectResponse(str(request.url_for("article_page", article_id=article.id)), status_code=303)


@pages.get("/articles/{article_id}", name="article_page")
def article_page(request: Request, article_id: int, session: SessionDep):
    article = article_service.get_article(session, article_id)
    return render(request, "article.html", article_context(session, article))


def article_context(session: SessionDep, article) -> dict:
    """What templates/article.html needs (also when the move form shows the page again)."""
    story = story_service.get_story(session, article.story_id) if article.story_id else None
    return {
        "article": article_service.to_public(session, article, with_text=True),
        "story": story,
        "story_choices": story_service.story_choices(session),
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


@api.post("/articles", status_code=201, response_model=ArticlePublic, openapi_extra=_UPLOAD_DOC)
async def create_article(request: Request, session: SessionDep, settings: SettingsDep, _token: UploadDep):
    """Store one article from JSON, or from a multipart form with a file."""
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
    article = await run_in_threadpool(ingest, session, settings, given, upload)
    public = article_service.to_public(session, article)
    location = str(request.url_for("read_article", article_id=article.id))
    return JSONResponse(public.model_dump(mode="json"), status_code=201, headers={"Location": location})


@api.get("/articles", response_model=ArticlesPage)
def list_articles(
    session: SessionDep,
    outlet: str | None = None,
    story: int | None = None,
    q: Annotated[str | None, Query(max_length=200, description="words in the title or text")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
):
    """Articles, newest first, filtered by outlet name, story id or text."""
    return article_service.list_articles(session, outlet=outlet, story_id=story, text=q, limit=limit, offset=offset)


@api.get("/articles/{article_id}", response_model=ArticlePublic, name="read_article")
def read_article(article_id: int, session: SessionDep):
    """One article with its text."""
    article = article_service.get_article(session, article_id)
    return article_service.to_public(session, article, with_text=True)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
