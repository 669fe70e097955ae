"""The ASGI application: `create_app(settings)` builds it, `app` is what uvicorn serves."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import app as package
from app.db import make_engine
from app.services import jobs
from app.services.imports import resume_imports
from app.settings import Settings, get_settings
from app.web.errors import register_error_handlers
from app.web.routes import admin, api, comparisons, drafts, imports, pages, stories
from app.web.security import CSRF_DEPENDENCY, install_security
from app.web.templating import make_templates


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    application = FastAPI(
        title="Parallax",
        version=package.__version__,
        description="Compare how news outlets cover the same story.",
        lifespan=_lifespan,
    )
    application.state.settings = settings
    application.state.engine = make_engine(settings.database_url)
    application.state.templates = make_templates(settings)
    application.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    install_security(application, settings)
    application.router.dependencies.append(CSRF_DEPENDENCY)  # before routers: FastAPI copies it into each route
    application.include_router(api.router)
    application.include_router(admin.router)
    application.include_router(pages.router)
    application.include_router(stories.router)
    application.include_router(drafts.router)
    application.include_router(imports.pages)
    application.include_router(imports.api)
    comparisons.install(application)

    @application.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok"}

    register_error_handlers(application)
    logging.getLogger("parallax").setLevel(logging.INFO)
    return application


@asynccontextmanager
async def _lifespan(application: FastAPI):
    """This process's background work: the comparison runner, and imports left unfinished."""
    async with jobs.lifespan(application):
        resume_imports(application.state.engine, application.state.settings)
        yield


def app_factory() -> FastAPI:
    """Entry for `uvicorn --factory`, so importing this module builds nothing."""
    return create_app()
