"""Cross-site request forgery: signed double-submit tokens, and cross-site form posts refused.

:class:`CsrfMiddleware` refuses form posts whose Origin or Sec-Fetch-Site says they came
from another site, and sets the token cookie when a page rendered ``csrf_field()``; the
app-wide dependency :func:`verify_csrf` checks the token once the form is parsed. The JSON
API under /api needs neither: it never reads cookies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Depends, Request
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.services.errors import Forbidden
from app.settings import Settings
from app.web.cookies import is_https, set_cookie
from app.web.errors import error_response, is_api

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_COOKIE = "parallax_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SCOPE_KEY = "parallax.csrf"


def _sign(secret: str, nonce: str) -> str:
    digest = hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def new_csrf_token(secret: str) -> str:
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_sign(secret, nonce)}"


def valid_csrf_token(secret: str, token: str | None) -> bool:
    if not token or token.count(".") != 1:
        return False
    nonce, signature = token.split(".")
    return hmac.compare_digest(signature.encode(), _sign(secret, nonce).encode())


@dataclass
class _Token:
    """This request's token: the browser's valid one, or one issued while rendering (then its cookie is set)."""

    value: str | None
    issued: bool = False


class CsrfMiddleware:
    """Refuses cross-site form posts, keeps a valid signed token per browser and sets its cookie."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] in UNSAFE_METHODS and not is_api(scope["path"]) and _cross_site(scope):
            message = "This form was sent from another site, so it was refused."
            return await error_response(scope, 403, message)(scope, receive, send)
        current = cookie_parser(Headers(scope=scope).get("cookie", "")).get(CSRF_COOKIE)
        state = scope[SCOPE_KEY] = _Token(current if valid_csrf_token(self.settings.secret_key, current) else None)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and state.issued and state.value:
                secure = is_https(scope, self.settings)
                set_cookie(MutableHeaders(scope=message), CSRF_COOKIE, state.value, secure=secure)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cross_site(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    fetch_site = headers.get("sec-fetch-site", "").lower()
    if fetch_site in {"cross-site", "same-site"}:
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    host = headers.get("host", "")
    _, _, origin_host = origin.partition("://")
    return origin == "null" or origin_host.lower() != host.lower()


def csrf_token_for(request: Request) -> str:
    """The token this browser should send back; issues a cookie if it has none yet."""
    state = request.scope.setdefault(SCOPE_KEY, _Token(None))
    if state.value is None:
        state.value, state.issued = new_csrf_token(request.app.state.settings.secret_key), True
    return state.value


async def verify_csrf(request: Request) -> AsyncIterator[None]:
    """App-wide dependency: a form post must carry the token matching its cookie.

    The form it parses is the one the route reads afterwards (Starlette keeps it on the
    request); its uploaded files are closed here once the request is done, refused or not."""
    if request.method not in UNSAFE_METHODS or is_api(request.url.path):
        yield
        return
    form = await request.form() if _is_form(request) else None
    try:
        field = form.get(CSRF_FIELD) if form is not None else None
        _check(request, request.headers.get(CSRF_HEADER) or (field if isinstance(field, str) else None))
        yield
    finally:
        if form is not None:
            await form.close()


def _check(request: Request, sent: str | None) -> None:
    secret = request.app.state.settings.secret_key
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (
        cookie and valid_csrf_token(secret, cookie) and sent and hmac.compare_digest(sent.encode(), cookie.encode())
    ):
        raise Forbidden(
            "This form has expired or did not come from this site. Go back, reload the page and send it again."
        )


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in {"multipart/form-data", "application/x-www-form-urlencoded"}


CSRF_DEPENDENCY = Depends(verify_csrf)
