"""Cross-site request forgery: signed double-submit tokens, and cross-site form posts refused.

:class:`CsrfMiddleware` refuses form posts whose Origin or Sec-Fetch-Site says they came
from another site, and sets the token cookie when a page rendered ``csrf_field()``; the
app-wide dependency :func:`verify_csrf` checks the token once the form is parsed. The JSON
API under /api needs neither: it never reads cookies. Nor do the few forms in
``CROSS_SITE_FORMS``, which other sites post by design and which store nothing.
"""

from __future__ import annotations

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
from app.web.cookies import is_https, set_cookie, sign
from app.web.errors import error_response, is_api
from app.web.limits import body_limit

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_COOKIE = "parallax_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SCOPE_KEY = "parallax.csrf"
# The bookmarklet posts a page's URL and HTML from that page's own site: a cross-site form
# with no token, by design. Its route stores nothing: it shows the review step, whose save
# is an ordinary guarded form.
BOOKMARKLET_FORM = "/articles/from-page"
CROSS_SITE_FORMS = frozenset({BOOKMARKLET_FORM})


def guarded(method: str, path: str) -> bool:
    """Whether a request must come from this site with its token: an unsafe method on a page
    (not the cookie-free API, nor a form other sites may post)."""
    return method in UNSAFE_METHODS and not is_api(path) and path not in CROSS_SITE_FORMS


def new_csrf_token(secret: str) -> str:
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{sign(secret, nonce)}"


def valid_csrf_token(secret: str, token: str | None) -> bool:
    if not token or token.count(".") != 1:
        return False
    nonce, signature = token.split(".")
    return hmac.compare_digest(signature.encode(), sign(secret, nonce).encode())


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
        if guarded(scope["method"], scope["path"]) and _cross_site(scope):
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
    state: _Token = request.scope.setdefault(SCOPE_KEY, _Token(None))
    if state.value is None:
        state.value, state.issued = new_csrf_token(request.app.state.settings.secret_key), True
    return state.value


async def verify_csrf(request: Request) -> AsyncIterator[None]:
    """App-wide dependency: a form post must carry the token matching its cookie.

    The form it parses is the one the route reads afterwards (Starlette keeps it on the
    request); its uploaded files are closed here once the request is done, refused or not. A
    field may be as large as an article (a page's HTML carried through the review step)."""
    if not guarded(request.method, request.url.path):
        yield
        return
    settings = request.app.state.settings
    form = await request.form(max_part_size=body_limit(settings)) if _is_form(request) else None
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
