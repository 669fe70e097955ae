"""Protections every route gets without asking: headers, body limit, CSRF, token checks.

`install_security(app, settings)` wires them in. Routes only opt in to the token checks they
need (`require_upload_token`, `require_admin`); CSRF and the rest apply to everything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from jinja2 import pass_context
from markupsafe import Markup, escape
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException

from app.services.errors import Forbidden, UserError
from app.settings import Settings
from app.web.deps import SettingsDep

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_COOKIE = "parallax_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UPLOAD_COOKIE = "parallax_upload"
ADMIN_COOKIE = "parallax_admin"
UNLOCK_MAX_AGE = 30 * 24 * 3600
# Who added an article may correct its details for a day, without the admin token.
EDIT_COOKIE = "parallax_edit"
EDIT_MAX_AGE = 24 * 3600
MAX_EDIT_GRANTS = 40  # the newest kept, so the cookie stays far under browsers' 4 KB
# The bookmarklet posts a page's HTML from the page's own site: a cross-site form by design.
# It stores nothing (it shows the review step, whose save is an ordinary protected form).
CROSS_SITE_FORMS = {"/articles/from-page"}
SCOPE_KEY = "parallax.security"
# Room for multipart boundaries, headers and the metadata fields around the largest text.
BODY_MARGIN_BYTES = 256 * 1024

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# FastAPI's /docs and /redoc pages load their viewer from a CDN and start it with an inline
# script. They show only the API description (no stored data), so they get a looser policy.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; worker-src 'self' blob:; font-src 'self' https://fonts.gstatic.com; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
DOCS_PATHS = {"/docs", "/docs/oauth2-redirect", "/redoc"}
BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class Unauthorized(UserError):
    status_code = 401


class BodyTooLarge(HTTPException):
    """Raised from inside `receive`, so FastAPI passes it on instead of calling it a parse error."""

    def __init__(self, limit: int):
        super().__init__(413, f"The request is larger than the {limit:,} bytes allowed.")


def is_api(path: str) -> bool:
    return path.startswith("/api/") or path == "/api"


def is_https(scope, settings: Settings) -> bool:
    if scope.get("scheme") == "https":
        return True
    if not settings.trust_proxy_headers:
        return False
    forwarded = Headers(scope=scope).get("x-forwarded-proto", "")
    return forwarded.split(",")[0].strip().lower() == "https"


# --- headers ------------------------------------------------------------------------------


class SecurityHeadersMiddleware:
    """Adds the policy headers to every response, errors and static files included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = DOCS_CSP if scope["path"] in DOCS_PATHS else STRICT_CSP

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in BASE_HEADERS if n not in names]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", csp.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- body size ----------------------------------------------------------------------------


class BodySizeLimitMiddleware:
    """Refuses bodies over the limit before reading them: by Content-Length, or while streaming."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.strip().isdigit() and int(declared) > self.limit:
            return await self._refuse(scope, receive, send)
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send):
        message = f"The request is larger than the {self.limit:,} bytes allowed."
        await error_response(scope, 413, message)(scope, receive, send)


def error_response(scope, status: int, message: str):
    """The same JSON or HTML error shape the app's handlers give, for use outside a route."""
    from fastapi.responses import JSONResponse

    headers = {"connection": "close"} if status == 413 else None
    if is_api(scope["path"]) or scope["path"].endswith(".json"):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    from starlette.requests import Request as StarletteRequest

    scope.setdefault("router", scope["app"].router)
    templates = scope["app"].state.templates
    context = {"status": status, "message": message}
    return templates.TemplateResponse(
        StarletteRequest(scope), "error.html", context, status_code=status, headers=headers
    )


# --- CSRF ---------------------------------------------------------------------------------


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


def _cookies(scope) -> dict[str, str]:
    from starlette.requests import cookie_parser

    return cookie_parser(Headers(scope=scope).get("cookie", ""))


class CsrfMiddleware:
    """Refuses cross-site form posts by their Origin / Sec-Fetch-Site, and hands out the cookie.

    The token itself is checked by `verify_csrf` once the form is parsed; this layer keeps a
    valid signed token per browser and sets its cookie when a page rendered `csrf_field()`.
    """

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        guarded = not is_api(scope["path"]) and scope["path"] not in CROSS_SITE_FORMS
        if scope["method"] in UNSAFE_METHODS and guarded and _cross_site(scope):
            message = "This form was sent from another site, so it was refused."
            return await error_response(scope, 403, message)(scope, receive, send)
        secret = self.settings.secret_key
        current = _cookies(scope).get(CSRF_COOKIE)
        state = {"token": current if valid_csrf_token(secret, current) else None, "issue": False}
        scope[SCOPE_KEY] = state

        async def send_with_cookie(message):
            if message["type"] == "http.response.start" and state["issue"]:
                cookie = cookie_header(CSRF_COOKIE, state["token"], is_https(scope, self.settings), None)
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie.encode())]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cross_site(scope) -> bool:
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


def cookie_header(name: str, value: str, secure: bool, max_age: int | None) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def csrf_token_for(request: Request) -> str:
    """The token this browser should send back; issues a cookie if it has none yet."""
    state = request.scope.setdefault(SCOPE_KEY, {"token": None, "issue": False})
    if state["token"] is None:
        state["token"] = new_csrf_token(request.app.state.settings.secret_key)
        state["issue"] = True
    return state["token"]


async def verify_csrf(request: Request) -> None:
    """App-wide dependency: a form post must carry the token matching its cookie."""
    if request.method not in UNSAFE_METHODS or is_api(request.url.path) or request.url.path in CROSS_SITE_FORMS:
        return
    settings = request.app.state.settings
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        # Parsed once here for every route: a field may be as large as an article (a page's HTML).
        sent = (await request.form(max_part_size=form_part_limit(settings))).get(CSRF_FIELD)
    sent = sent if isinstance(sent, str) else None
    if not (
        valid_csrf_token(settings.secret_key, cookie) and sent and hmac.compare_digest(sent.encode(), cookie.encode())
    ):
        raise Forbidden(
            "This form has expired or did not come from this site. Go back, reload the page and send it again."
        )


def form_part_limit(settings: Settings) -> int:
    """The largest one form field may be: an article's text, or a page's HTML."""
    return settings.max_upload_bytes + BODY_MARGIN_BYTES


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in {"multipart/form-data", "application/x-www-form-urlencoded"}


# --- tokens -------------------------------------------------------------------------------


def unlock_value(token: str, purpose: str) -> str:
    """What the unlock cookie holds: derived from the token, so rotating the token logs everyone out."""
    return hmac.new(token.encode(), f"parallax-{purpose}".encode(), hashlib.sha256).hexdigest()


def presented_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-parallax-token")


def _matches(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def has_token(request: Request, expected: str, purpose: str, cookie: str) -> bool:
    """A header token, or (outside the cookie-free API) the unlock cookie."""
    if _matches(expected, presented_token(request)):
        return True
    if is_api(request.url.path):
        return False
    return _matches(unlock_value(expected, purpose), request.cookies.get(cookie))


def may_upload(request: Request, settings: Settings, form_token: str | None = None) -> bool:
    if settings.upload_token is None:
        return True
    if form_token and _matches(settings.upload_token, form_token.strip()):
        return True
    if settings.admin_token and has_token(request, settings.admin_token, "admin", ADMIN_COOKIE):
        return True
    return has_token(request, settings.upload_token, "upload", UPLOAD_COOKIE)


def is_admin(request: Request, settings: Settings) -> bool:
    return settings.admin_token is not None and has_token(request, settings.admin_token, "admin", ADMIN_COOKIE)


def require_upload_token(request: Request, settings: SettingsDep) -> None:
    """Dependency for routes that add articles when PARALLAX_UPLOAD_TOKEN is set."""
    if may_upload(request, settings):
        return
    if presented_token(request) is None:
        raise Unauthorized(
            "Adding articles needs the upload token: send it as 'Authorization: Bearer <token>' or 'X-Parallax-Token'.",
            field="token",
        )
    raise Forbidden("The upload token is wrong.", field="token")


def check_form_upload_token(request: Request, settings: Settings, form_token: str | None) -> None:
    """The form's version of the upload check: raises a field error the form can show."""
    if not may_upload(request, settings, form_token):
        message = "Enter the upload token." if not form_token else "The upload token is wrong."
        raise Forbidden(message, field="upload_token")


ADMIN_OFF = (
    "Editing, moving and deleting are turned off on this server: its operator turns them on by setting "
    "PARALLAX_ADMIN_TOKEN. Whoever added an article can still correct its details from the same browser for 24 hours."
)


def require_admin(request: Request, settings: SettingsDep) -> None:
    """Dependency for editing, moving and deleting: off unless PARALLAX_ADMIN_TOKEN is set."""
    if settings.admin_token is None:
        raise Forbidden(ADMIN_OFF)
    if is_admin(request, settings):
        return
    where = "send 'Authorization: Bearer <token>'" if is_api(request.url.path) else "unlock editing at /unlock"
    cookie = None if is_api(request.url.path) else request.cookies.get(ADMIN_COOKIE)
    if presented_token(request) is None and not cookie:
        raise Unauthorized(f"This needs the admin token: {where}.")
    raise Forbidden(f"The admin token is wrong or has changed: {where}.")


# --- the uploader's edit cookie ---------------------------------------------------------------


def _edit_signature(secret: str, payload: str) -> str:
    return _sign(secret, "parallax-edit:" + payload)


def edit_grants(request: Request, settings: Settings) -> dict[int, int]:
    """Article id -> expiry (Unix time) of the edits this browser may still make; forged or expired ones dropped."""
    raw = request.cookies.get(EDIT_COOKIE, "")
    payload, _, signature = raw.rpartition(".")
    if not payload or not hmac.compare_digest(
        signature.encode(), _edit_signature(settings.secret_key, payload).encode()
    ):
        return {}
    now = int(time.time())
    grants = {}
    for pair in payload.split("_"):
        article, _, expires = pair.partition("-")
        if article.isdigit() and expires.isdigit() and int(expires) > now:
            grants[int(article)] = int(expires)
    return grants


def edit_cookie(request: Request, settings: Settings, article_id: int) -> str:
    """Set-Cookie value granting this browser the edits of ``article_id`` for EDIT_MAX_AGE (others kept)."""
    grants = {**edit_grants(request, settings), article_id: int(time.time()) + EDIT_MAX_AGE}
    newest = sorted(grants.items(), key=lambda item: item[1])[-MAX_EDIT_GRANTS:]
    payload = "_".join(f"{article}-{expires}" for article, expires in newest)
    value = f"{payload}.{_edit_signature(settings.secret_key, payload)}"
    return cookie_header(EDIT_COOKIE, value, is_https(request.scope, settings), EDIT_MAX_AGE)


def may_edit(request: Request, settings: Settings, article_id: int) -> bool:
    """The admin, or the browser that added the article within the last EDIT_MAX_AGE."""
    return is_admin(request, settings) or article_id in edit_grants(request, settings)


def require_editor(request: Request, settings: SettingsDep, article_id: int) -> None:
    """Dependency for correcting an article's details: its uploader (edit cookie) or the admin."""
    if not is_api(request.url.path) and article_id in edit_grants(request, settings):
        return
    require_admin(request, settings)


AdminDep = Annotated[None, Depends(require_admin)]
EditorDep = Annotated[None, Depends(require_editor)]
UploadDep = Annotated[None, Depends(require_upload_token)]


# --- templates ----------------------------------------------------------------------------


@pass_context
def csrf_field(context) -> Markup:
    token = csrf_token_for(context["request"])
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, escape(token))


@pass_context
def upload_locked(context) -> bool:
    request = context["request"]
    return not may_upload(request, request.app.state.settings)


@pass_context
def admin_enabled(context) -> bool:
    return context["request"].app.state.settings.admin_token is not None


@pass_context
def may_edit_article(context, article_id: int) -> bool:
    request = context["request"]
    return may_edit(request, request.app.state.settings, article_id)


@pass_context
def edit_expires(context, article_id: int) -> datetime | None:
    """When this browser's right to correct the article ends (None: it has none)."""
    request = context["request"]
    expires = edit_grants(request, request.app.state.settings).get(article_id)
    return datetime.fromtimestamp(expires, UTC) if expires else None


@pass_context
def admin_unlocked(context) -> bool:
    request = context["request"]
    return is_admin(request, request.app.state.settings)


async def _number_too_large(request: Request, exc: OverflowError):
    return error_response(request.scope, 422, "A number in the request is too large.")


def install_security(app: FastAPI, settings: Settings) -> None:
    """Middlewares (outermost first: headers, size, CSRF), error handler and template helpers."""
    app.add_middleware(CsrfMiddleware, settings=settings)
    app.add_middleware(BodySizeLimitMiddleware, limit=settings.max_upload_bytes + BODY_MARGIN_BYTES)
    # Outside Starlette's own error middleware too, so even a 500 page carries the headers.
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeadersMiddleware(build_stack())
    # An id like 2**70 reaches the database driver, which cannot bind it: the request is at fault.
    app.add_exception_handler(OverflowError, _number_too_large)
    env = app.state.templates.env
    env.globals.update(
        csrf_field=csrf_field,
        upload_locked=upload_locked,
        admin_enabled=admin_enabled,
        admin_unlocked=admin_unlocked,
        may_edit_article=may_edit_article,
        edit_expires=edit_expires,
    )


CSRF_DEPENDENCY = Depends(verify_csrf)
