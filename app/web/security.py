"""Protections every route gets without asking: headers, body limit, CSRF, token checks.

`install_security(app, settings)` wires them in. Routes only opt in to the token checks they
need (`require_upload_token`, `require_admin`); CSRF and the rest apply to everything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
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
SCOPE_KEY = "parallax.security"
# Room for multipart boundaries, headers and the metadata fields around the largest text.
BODY_MARGIN_BYTES = 256 * 1024

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
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

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in BASE_HEADERS if n not in names]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", STRICT_CSP.encode()))  # /docs too
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
        if scope["method"] in UNSAFE_METHODS and not is_api(scope["path"]) and _cross_site(scope):
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
    if request.method not in UNSAFE_METHODS or is_api(request.url.path):
        return
    secret = request.app.state.settings.secret_key
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        sent = (await request.form()).get(CSRF_FIELD)
    sent = sent if isinstance(sent, str) else None
    if not (valid_csrf_token(secret, cookie) and sent and hmac.compare_digest(sent.encode(), cookie.encode())):
        raise Forbidden(
            "This form has expired or did not come from this site. Go back, reload the page and send it again."
        )


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


def require_admin(request: Request, settings: SettingsDep) -> None:
    """Dependency for editing, moving and deleting: off unless PARALLAX_ADMIN_TOKEN is set."""
    if settings.admin_token is None:
        raise Forbidden(
            "Editing, moving and deleting are turned off on this server: its operator has not set PARALLAX_ADMIN_TOKEN."
        )
    if is_admin(request, settings):
        return
    where = "send 'Authorization: Bearer <token>'" if is_api(request.url.path) else "unlock editing at /unlock"
    cookie = None if is_api(request.url.path) else request.cookies.get(ADMIN_COOKIE)
    if presented_token(request) is None and not cookie:
        raise Unauthorized(f"This needs the admin token: {where}.")
    raise Forbidden(f"The admin token is wrong or has changed: {where}.")


AdminDep = Annotated[None, Depends(require_admin)]
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
        csrf_field=csrf_field, upload_locked=upload_locked, admin_enabled=admin_enabled, admin_unlocked=admin_unlocked
    )


CSRF_DEPENDENCY = Depends(verify_csrf)
