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
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import Scope

from app.db import UnstorableText
from app.services.errors import UserError
from app.web.headers import policy_headers

log = logging.getLogger("parallax")


def is_api(path: str) -> bool:
    """The cookie-free JSON API (no CSRF, tokens in headers only)."""
    return path.startswith("/api/") or path == "/api"


def wants_json(path: str) -> bool:
    return is_api(path) or path.endswith(".json") or path == "/healthz"


class ErrorItem(BaseModel):
    field: str = Field(description="where: a field, or a parameter as in:name (e.g. query.limit); '' for the body")
    message: str


class ErrorBody(BaseModel):
    """Every JSON error the API answers (4xx and 5xx) has this shape; some add keys (``existing_id``
    for a 409 naming the stored article, ``reason`` for a refused fetch)."""

    model_config = ConfigDict(extra="allow")
    detail: str = Field(description="what is wrong, written for people")
    field: str | None = Field(None, description="the field at fault, when there is one")
    errors: list[ErrorItem] = Field(default_factory=list, description="each problem found, when there are several")


def error_body(message: str, field: str | None = None, errors: list[dict] | None = None, **extra: object) -> dict:
    """The one JSON error shape (ErrorBody)."""
    items = errors if errors is not None else ([{"field": field, "message": message}] if field else [])
    return {**extra, "detail": message, "field": field, "errors": items}


def error_response(
    scope: Scope, status: int, message: str, body: dict | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    """JSON (ErrorBody) for the API and .json twins, else the error page."""
    if wants_json(scope["path"]):
        return JSONResponse(body or error_body(message), status_code=status, headers=headers)
    scope.setdefault("router", scope["app"].router)  # a middleware runs before the router is in the scope
    templates: Jinja2Templates = scope["app"].state.templates
    context = {"status": status, "message": message}
    return templates.TemplateResponse(Request(scope), "error.html", context, status_code=status, headers=headers)


NOTHING_HERE = "There is nothing at this address."


async def _user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    body = error_body(exc.message, exc.field, **exc.extra)
    return error_response(request.scope, exc.status_code, exc.message, body, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc.__cause__, ClientDisconnect):  # FastAPI's body reader wraps it in a 400
        return await _client_gone(request, exc.__cause__)
    message = exc.detail if isinstance(exc.detail, str) else "Request refused."
    if exc.status_code == 404 and message == "Not Found":
        message = NOTHING_HERE
    status = exc.status_code
    if status == 400:  # Starlette's form parser on a broken body: README promises 422 for malformed bodies
        status, message = 422, f"The body could not be read: {message}"
    return error_response(request.scope, status, message, error_body(message), exc.headers)


def _where(loc: tuple) -> str:
    """A parameter or form field by its name (limit, article_id), a JSON body field by its path (article_ids.3)."""
    if loc and loc[0] == "body":
        return ".".join(str(p) for p in loc[1:])
    return ".".join(str(p) for p in loc[1:]) or str(loc[0] if loc else "")


def _message(error: dict) -> str:
    if error.get("type") == "json_invalid":  # the body is not JSON at all: say so, with where it broke
        where = error.get("ctx", {}).get("error", "")
        return f"The body is not valid JSON{f' ({where})' if where else ''}."
    return str(error.get("msg", ""))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("loc", ("",))[0] == "path" for e in errors):
        # /articles/abc or /articles/3000000000: an address that leads nowhere, like a deleted article's.
        return error_response(request.scope, 404, NOTHING_HERE, error_body(NOTHING_HERE))
    problems = [
        {"field": "" if e.get("type") == "json_invalid" else _where(tuple(e.get("loc", ()))), "message": _message(e)}
        for e in errors[:20]
    ]
    summary = "; ".join(f"{p['field']}: {p['message']}" if p["field"] else p["message"] for p in problems[:5])
    summary = summary or "Invalid request."
    if len(errors) > 5:
        summary += f" (and {len(errors) - 5} more)"
    field = problems[0]["field"].split(".")[0] if len(problems) == 1 else None
    return error_response(request.scope, 422, summary, error_body(summary, field or None, problems))


async def _number_too_large(request: Request, exc: Exception) -> Response:
    # An id like 2**70 reaches the database driver, which cannot bind it: the request is at fault.
    return error_response(request.scope, 422, "A number in the request is too large.")


async def _unstorable(request: Request, exc: Exception) -> Response:
    return error_response(request.scope, 422, str(exc))


async def _refused_by_database(request: Request, exc: Exception) -> Response:
    # A value the database's types refuse (a number out of a column's range, text too long for it):
    # input a door failed to check. Logged, so the door gets its check; the user gets a 4xx, not a 500.
    log.warning("database refused a value on %s %s: %s", request.method, request.url.path, str(exc).splitlines()[0])
    return error_response(request.scope, 422, "A value in the request is out of the range the database can store.")


async def _client_gone(request: Request, exc: Exception) -> Response:
    # The client closed the connection mid-upload: nothing to answer and nothing wrong here.
    log.info("client disconnected during %s %s; the request was dropped", request.method, request.url.path)
    return Response(status_code=400)  # never reaches anyone; not logged as a server error


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
    app.add_exception_handler(UnstorableText, _unstorable)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(DataError, _refused_by_database)
    app.add_exception_handler(Exception, _unexpected)
