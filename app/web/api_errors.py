"""The error answers of every API route, in its OpenAPI ``responses``, with the real body (ErrorBody).

Most codes follow from what a route is, and are added here so a new route gets them without
thinking: every route may answer 422 (a parameter or body that does not validate, a control
character in the address); one with a path parameter 404; one with a body 413 (the body limit);
one behind a token 401 and 403. The codes only a route knows it answers (409 for a name or text
that is taken, 415 for a media type it does not read, 429 when rate-limited) it declares itself
with ``responses=errors(409, ...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from app.web.access import require_admin, require_corrector, require_editor, require_upload_token
from app.web.errors import ErrorBody

MEANINGS = {
    400: "Bad request",
    401: "A token is needed and none was sent; `detail` says which and how",
    403: "The token is wrong, or what it allows does not include this",
    404: "Nothing at this address (an unknown id or slug, or an id outside 1..2147483647)",
    409: "Conflicts with what is stored (the same text, a name already taken); `existing_id` may say where",
    413: "The body (or a fetched page) is larger than allowed",
    415: "The body's media type is not one this route reads",
    422: "A parameter or the body does not validate (malformed JSON included); `errors` lists each problem",
    429: "Too many requests from this client: wait for the seconds in Retry-After",
}
TOKEN_CHECKS: set[Callable] = {require_admin, require_corrector, require_editor, require_upload_token}
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
REF = {"$ref": "#/components/schemas/ErrorBody"}


def errors(*codes: int) -> dict[int | str, dict]:
    """``responses=`` for a route's own error codes, each with the error body."""
    return {code: {"model": ErrorBody, "description": MEANINGS[code]} for code in codes}


def _calls(dependant: Dependant) -> Iterator[Callable]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def implied_codes(route: APIRoute, method: str) -> set[int]:
    """The error codes a route answers by what it is (see the module's docstring)."""
    codes = {422}
    if route.dependant.path_params:
        codes.add(404)
    if method in BODY_METHODS:
        codes.add(413)
    if TOKEN_CHECKS & set(_calls(route.dependant)):
        codes |= {401, 403}
    return codes


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` document every route's error codes with ErrorBody, and nothing else for errors."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        body = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(body.pop("$defs", {}))
        components["ErrorBody"] = body
        for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422 shape, which we never send
            components.pop(name, None)
        for context in iter_route_contexts(app.routes):
            route = context.route
            if not isinstance(route, APIRoute) or not route.include_in_schema:
                continue
            for method in route.methods or ():
                operation = schema["paths"].get(route.path_format, {}).get(method.lower())
                if operation is None:
                    continue
                responses = operation.setdefault("responses", {})
                for code in implied_codes(route, method) | {int(c) for c in responses if str(c)[0] in "45"}:
                    responses[str(code)] = {
                        "description": MEANINGS.get(code, "Error"),
                        "content": {"application/json": {"schema": REF}},
                    }
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
