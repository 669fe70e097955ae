"""The ASGI application: `create_app(settings)` builds it, `app` is what uvicorn serves."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import app as package
from app.db import make_engine
from app.services import jobs
from app.settings import Settings, get_settings
from app.web.errors import register_error_handlers
from app.web.routes import admin, api, comparisons, docs, pages, stories
from app.web.security import CSRF_DEPENDENCY, install_security
from app.web.templating import make_templates


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    application = FastAPI(
        title="Parallax",
        version=package.__version__,
        description="Compare how news outlets cover the same story.",
        lifespan=jobs.lifespan,  # this process's background-job runner
        docs_url=None,  # FastAPI's own viewer loads from a CDN: routes/docs.py serves one offline
        redoc_url=None,
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
    comparisons.install(application)
    docs.install(application)

    @application.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok"}

    register_error_handlers(application)
    logging.getLogger("parallax").setLevel(logging.INFO)
    return application


def app_factory() -> FastAPI:
    """Entry for `uvicorn --factory`, so importing this module builds nothing."""
    return create_app()
