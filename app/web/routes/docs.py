"""The API's interactive documentation at /docs, served whole by the app.

Swagger UI's files come from a package (fastapi-standalone-docs ships swagger-ui-dist with its
licence, at /docs/assets/LICENSE) and are started by static/api-docs.js, so the page needs no
CDN, works with no internet and stays inside the site's strict Content-Security-Policy.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from app.web.templating import render

SWAGGER_UI = files("fastapi_standalone_docs") / "static" / "swagger"

router = APIRouter(include_in_schema=False)


@router.get("/docs", name="api_docs")
def api_docs(request: Request):
    return render(request, "api_docs.html", {"openapi_url": request.app.openapi_url})


@router.get("/redoc")
def redoc():
    """The old second viewer's address: one viewer now, the one that needs no inline style."""
    return RedirectResponse("/docs", status_code=308)


def install(app: FastAPI) -> None:
    app.mount("/docs/assets", StaticFiles(directory=str(SWAGGER_UI)), name="docs_assets")
    app.include_router(router)
