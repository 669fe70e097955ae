"""Bulk imports of URLs: the form and its progress page, and their /api twins.

Creating an import stores the job and starts it in this process (services.imports); the
progress page reloads itself until every URL has its result.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.models import ImportPublic
from app.services import imports as import_service
from app.services.errors import UserError
from app.web.deps import SessionDep, SettingsDep
from app.web.security import UploadDep, check_form_upload_token
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["imports"])


class ImportIn(BaseModel):
    """URLs to fetch and store, each with its own result."""

    model_config = ConfigDict(extra="forbid")
    urls: list[str] = Field(min_length=1, max_length=import_service.MAX_URLS, description="http(s) addresses")
    story_id: int | None = Field(None, description="put every article in this story instead of matching each")


def _start(request: Request, session, urls: list[str], story_id: int | None):
    job = import_service.create_import(session, urls, story_id)
    assert job.id is not None
    import_service.start_import(request.app.state.engine, request.app.state.settings, job.id)
    return job


# --- pages --------------------------------------------------------------------------------


@pages.get("/imports/new", name="new_import")
def new_import(request: Request):
    return render(request, "import_form.html", {"values": {}, "errors": {}, "limit": import_service.MAX_URLS})


@pages.post("/imports/new", name="create_import_form")
async def create_import_form(request: Request, session: SessionDep, settings: SettingsDep):
    form = await request.form(max_fields=10, max_files=0)
    urls_text = form.get("urls")
    values = {"urls": urls_text if isinstance(urls_text, str) else ""}
    try:
        token = form.get("upload_token")
        check_form_upload_token(request, settings, token if isinstance(token, str) else None)
        job = _start(request, session, import_service.parse_url_list(values["urls"]), None)
    except UserError as exc:
        context = {"values": values, "errors": {exc.field or "form": exc.message}, "limit": import_service.MAX_URLS}
        return render(request, "import_form.html", context, exc.status_code)
    return RedirectResponse(str(request.url_for("import_page", slug=job.slug)), status_code=303)


@pages.get("/imports/{slug}.json", name="import_json")
def import_json(slug: str, session: SessionDep):
    return import_service.progress(session, import_service.get_job(session, slug))


@pages.get("/imports/{slug}", name="import_page")
def import_page(request: Request, slug: str, session: SessionDep):
    progress = import_service.progress(session, import_service.get_job(session, slug))
    return render(request, "import.html", {"job": progress})


# --- API ----------------------------------------------------------------------------------


@api.post("/imports", status_code=202, response_model=ImportPublic)
async def create_import(request: Request, session: SessionDep, _token: UploadDep):
    """Start importing URLs in the background; follow the Location header for each URL's result."""
    try:
        payload = ImportIn.model_validate_json(await request.body())
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:5])
        raise UserError(where, field="urls") from None
    job = _start(request, session, payload.urls, payload.story_id)
    location = str(request.url_for("read_import", slug=job.slug))
    body = import_service.progress(session, job).model_dump(mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": location})


@api.get("/imports/{slug}", response_model=ImportPublic, name="read_import")
def read_import(slug: str, session: SessionDep):
    """An import's progress and each URL's result (added with the article id, duplicate, or failed and why)."""
    return import_service.progress(session, import_service.get_job(session, slug))
