"""Every error a user can meet becomes a clear page or JSON reason, never a stack trace.

:func:`error_response` is the one renderer: the app's exception handlers and the
middlewares that refuse a request before it reaches a route (body limit, CSRF) all use it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import Scope

from app.services.errors import UserError
from app.web.headers import policy_headers

log = logging.getLogger("parallax")


def is_api(path: str) -> bool:
    """The cookie-free JSON API (no CSRF, tokens in headers only)."""
    return path.startswith("/api/") or path == "/api"


def wants_json(path: str) -> bool:
    return is_api(path) or path.endswith(".json") or path == "/healthz"


def error_response(
    scope: Scope, status: int, message: str, body: dict | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    """JSON ({"detail": ...}) for the API and .json twins, else the error page."""
    if wants_json(scope["path"]):
        return JSONResponse(body or {"detail": message}, status_code=status, headers=headers)
    scope.setdefault("router", scope["app"].router)  # a middleware runs before the router is in the scope
    templates: Jinja2Templates = scope["app"].state.templates
    context = {"status": status, "message": message}
    return templates.TemplateResponse(Request(scope), "error.html", context, status_code=status, headers=headers)


async def _user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    body = {"detail": exc.message, "field": exc.field, **exc.extra}
    return error_response(request.scope, exc.status_code, exc.message, body)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "Request refused."
    if exc.status_code == 404 and message == "Not Found":
        message = "There is nothing at this address."
    return error_response(request.scope, exc.status_code, message, {"detail": exc.detail}, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"field": ".".join(str(p) for p in e.get("loc", ())[1:]), "message": e.get("msg", "")} for e in exc.errors()
    ]
    summary = "; ".join(f"{p['field'] or 'body'}: {p['message']}" for p in problems) or "Invalid request."
    return error_response(request.scope, 422, summary, {"detail": summary, "errors": problems})


async def _number_too_large(request: Request, exc: Exception) -> Response:
    # An id like 2**70 reaches the database driver, which cannot bind it: the request is at fault.
    return error_response(request.scope, 422, "A number in the request is too large.")


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    message = "Something went wrong on our side; nothing you sent was lost or changed."
    # Rendered by ServerErrorMiddleware, outside the headers middleware: it sets them itself.
    headers = {name.decode(): value.decode() for name, value in policy_headers(request.url.path)}
    return error_response(request.scope, 500, message, headers=headers)


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UserError, _user_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(OverflowError, _number_too_large)
    app.add_exception_handler(Exception, _unexpected)
