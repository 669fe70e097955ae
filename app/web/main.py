"""The ASGI application: `create_app(settings)` builds it, `app_factory` is what uvicorn serves."""

from __future__ import annotations

import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import app as package
from app.db import archive_version, make_engine, make_loop_engine
from app.services import comparisons, processes
from app.services.imports import ImportRunner
from app.settings import Settings, get_settings
from app.web import api_errors
from app.web.csrf import CSRF_DEPENDENCY, CsrfMiddleware
from app.web.errors import register_error_handlers
from app.web.headers import SecurityHeadersMiddleware
from app.web.limits import BodySizeLimitMiddleware, ControlCharacterMiddleware, body_limit
from app.web.rate_limit import RateLimiter
from app.web.render_cache import PageCacheMiddleware, RenderCache
from app.web.routes import admin, articles, corrections, docs, imports, labels, outlets, search, stories
from app.web.routes import comparisons as comparison_routes
from app.web.templating import make_templates
from app.web.urls import PathBuilder


@asynccontextmanager
async def lifespan(application: FastAPI) -> AsyncIterator[dict]:
    """Start this process's background runners (big comparisons, bulk imports); on exit stop them,
    finishing the work in hand. Routes reach the import runner as ``request.state.imports``."""
    state = application.state
    runner = comparisons.make_runner(state.engine, state.settings)
    import_runner = ImportRunner(state.engine, state.settings)
    await runner.start()
    await import_runner.start()
    try:
        yield {"imports": import_runner}
    finally:
        await import_runner.stop()
        await runner.stop()
        if state.archive_version is not None:
            state.archive_version.close()
        if state.loop_engine is not None:
            state.loop_engine.dispose()  # its one connection; the main engine belongs to whoever made the app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    application = FastAPI(
        title="Parallax",
        version=package.__version__,
        description="Compare how news outlets cover the same story.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's own viewer loads from a CDN: routes/docs.py serves one offline
        redoc_url=None,
    )
    state = application.state
    state.settings = settings
    state.engine = make_engine(settings.database_url)
    state.loop_engine = make_loop_engine(settings.database_url)  # SQLite: the render cache's own connection
    state.render_cache = RenderCache()
    state.rate_limiter = RateLimiter(settings.rate_limit_count, settings.rate_limit_seconds)
    state.archive_version = archive_version(settings.database_url, state.engine)  # what cached pages key on
    state.templates = make_templates(settings)
    state.paths = PathBuilder(application)
    application.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    # Added innermost first: headers wrap everything, then the body limit, then CSRF, then the
    # cached pages (inside CSRF: a cached form gets this browser's token).
    application.add_middleware(PageCacheMiddleware)
    application.add_middleware(CsrfMiddleware, settings=settings)
    application.add_middleware(BodySizeLimitMiddleware, limit=body_limit(settings))
    application.add_middleware(ControlCharacterMiddleware)
    application.add_middleware(SecurityHeadersMiddleware)
    application.router.dependencies.append(CSRF_DEPENDENCY)  # before routers: FastAPI copies it into each route
    for routes in (articles, imports, admin, stories, outlets, labels, search, corrections, comparison_routes):
        application.include_router(routes.router)
    application.get("/healthz", include_in_schema=False)(healthz)
    docs.install(application)
    api_errors.install(application)
    register_error_handlers(application)
    logging.getLogger("parallax").setLevel(logging.INFO)
    return application


def healthz() -> dict:
    return {"status": "ok"}


def app_factory() -> FastAPI:
    """Entry for `uvicorn --factory`, so importing this module builds nothing. In a worker process of
    `--workers N` it first asks for SIGTERM when the supervisor dies: a killed supervisor must not
    leave workers serving the port (uvicorn then shuts the worker down as on any SIGTERM)."""
    supervisor = processes.multiprocessing_parent()
    if supervisor is not None:
        processes.die_with_parent(signal.SIGTERM, supervisor)
    return create_app()
