"""Bulk imports of URLs: the form and its progress page (with its .json twin), and the /api routes.

Creating an import stores the job and hands it to this process's import runner (started by
the app's lifespan, reached as ``request.state.imports``); the progress page reloads itself
until every URL has its result.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlmodel import Session

from app.models import ImportJob, ImportPublic
from app.services import imports as import_service
from app.services.errors import UserError, validated
from app.services.imports import ImportIn
from app.web.access import UploadDep, check_form_upload_token
from app.web.deps import SessionDep, SettingsDep
from app.web.templating import render
from app.web.urls import link

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["imports"])


def _start(request: Request, session: Session, urls: list[str], story_id: int | None) -> ImportJob:
    job = import_service.create_import(session, urls, story_id)
    assert job.id is not None
    request.state.imports.submit(job.id)
    return job


# --- pages --------------------------------------------------------------------------------


@pages.get("/imports/new", name="new_import")
def new_import(request: Request):
    return render(request, "import_form.html", {"values": {}, "errors": {}, "limit": import_service.MAX_URLS})


@pages.post("/imports/new", name="create_import_form")
async def create_import_form(request: Request, session: SessionDep, settings: SettingsDep):
    async with request.form(max_fields=10, max_files=0) as form:
        values = {name: value if isinstance(value := form.get(name), str) else "" for name in ("urls", "upload_token")}
    try:
        check_form_upload_token(request, settings, values.pop("upload_token"))
        job = _start(request, session, import_service.parse_url_list(values["urls"]), None)
    except UserError as exc:
        context = {"values": values, "errors": {exc.field or "form": exc.message}, "limit": import_service.MAX_URLS}
        return render(request, "import_form.html", context, exc.status_code)
    return RedirectResponse(str(link(request, "import_page", slug=job.slug)), status_code=303)


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
    payload = validated(ImportIn, await request.body())
    job = _start(request, session, payload.urls, payload.story_id)
    location = str(link(request, "read_import", slug=job.slug))
    body = import_service.progress(session, job).model_dump(mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": location})


@api.get("/imports/{slug}", response_model=ImportPublic, name="read_import")
def read_import(slug: str, session: SessionDep):
    """An import's progress and each URL's result (added with the article id, duplicate, or failed and why)."""
    return import_service.progress(session, import_service.get_job(session, slug))


router = APIRouter()
router.include_router(api)
router.include_router(pages)
