"""The JSON API under /api, documented at /docs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from app.models import ArticlePublic, ArticlesPage, OutletPublic
from app.services import articles as article_service
from app.services.by_url import add_by_url
from app.services.errors import UnsupportedMedia, UserError
from app.services.ingest import ArticleInput, ingest
from app.web.deps import SessionDep, SettingsDep
from app.web.security import UploadDep
from app.web.uploads import read_upload

router = APIRouter(prefix="/api", tags=["api"])


class ArticleIn(BaseModel):
    """An article to store: its text (or HTML) and what is known about it."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(
        None,
        description="plain text, stored exactly as given; HTML is reduced to its main text. "
        "Leave it out and give a url to have the server fetch the page",
    )
    outlet: str | None = Field(None, description="publisher; taken from the page or the URL's domain when missing")
    title: str | None = None
    url: str | None = Field(None, description="http or https address of the original; fetched when no text is given")
    author: str | None = None
    published: str | None = Field(None, description="ISO date, e.g. 2025-04-18 or 2025-04-18T09:30:00Z")
    story_id: int | None = None


_UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        **{k: {"type": "string"} for k in ("outlet", "title", "url", "author", "published", "text")},
                        "file": {"type": "string", "format": "binary", "description": ".txt, .md, .html or .htm"},
                    },
                }
            },
        },
    }
}


@router.post("/articles", status_code=201, response_model=ArticlePublic, openapi_extra=_UPLOAD_DOC)
async def create_article(request: Request, session: SessionDep, settings: SettingsDep, _token: UploadDep):
    """Store one article from JSON, or from a multipart form with a file; with only a URL, fetch the page."""
    given = await _article_input(request, settings)
    wants_fetch = given.url and not (given.text or "").strip() and given.file_bytes is None
    store = add_by_url if wants_fetch else ingest
    article = await run_in_threadpool(store, session, settings, given)
    public = article_service.to_public(session, article)
    location = str(request.url_for("read_article", article_id=article.id))
    return JSONResponse(public.model_dump(mode="json"), status_code=201, headers={"Location": location})


async def _article_input(request: Request, settings) -> ArticleInput:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            payload = ArticleIn.model_validate_json(await request.body())
        except ValidationError as exc:
            raise UserError(_validation_message(exc)) from None
        return ArticleInput(**payload.model_dump())
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form(max_files=1, max_fields=20)
        upload = form.get("file")
        filename, data = await read_upload(upload if hasattr(upload, "read") else None, settings)
        fields = {k: _str(form.get(k)) for k in ("outlet", "title", "url", "author", "published", "text")}
        return ArticleInput(**fields, story_id=_int(form.get("story_id")), filename=filename, file_bytes=data)
    raise UnsupportedMedia("Send application/json or multipart/form-data.")


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ())) or "body"
        parts.append(f"{where}: {error.get('msg')}")
    return "; ".join(parts)


def _str(value) -> str | None:
    return value if isinstance(value, str) else None


def _int(value) -> int | None:
    if not isinstance(value, str) or not value.strip():
        return None
    if not value.strip().isdigit():
        raise UserError("story_id must be a whole number.", field="story_id")
    return int(value)


@router.get("/articles", response_model=ArticlesPage)
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


@router.get("/articles/{article_id}", response_model=ArticlePublic, name="read_article")
def read_article(article_id: int, session: SessionDep):
    """One article with its text."""
    article = article_service.get_article(session, article_id)
    return article_service.to_public(session, article, with_text=True)


@router.get("/outlets", response_model=list[OutletPublic])
def list_outlets(session: SessionDep):
    """Every outlet with how many articles it has."""
    return article_service.list_outlets(session)
