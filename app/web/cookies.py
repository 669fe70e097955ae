"""The cookies this site sets (CSRF, unlocked tokens, the uploader's edit grants), how their values are
signed, and when a request counts as HTTPS."""

from __future__ import annotations

import base64
import hashlib
import hmac
from http.cookies import SimpleCookie

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import Scope

from app.settings import Settings


def is_https(scope: Scope, settings: Settings) -> bool:
    if scope.get("scheme") == "https":
        return True
    if not settings.trust_proxy_headers:
        return False
    forwarded = Headers(scope=scope).get("x-forwarded-proto", "")
    return forwarded.split(",")[0].strip().lower() == "https"


def set_cookie(headers: MutableHeaders, name: str, value: str, *, secure: bool, max_age: int | None = None) -> None:
    """Add a site-wide HttpOnly, SameSite=Lax cookie (Secure over HTTPS); max_age 0 forgets it."""
    jar: SimpleCookie = SimpleCookie()
    jar[name] = value
    morsel = jar[name]
    morsel["path"], morsel["samesite"] = "/", "Lax"
    morsel["httponly"] = True  # flags take booleans (http.cookies documents it)
    morsel["secure"] = secure
    if max_age is not None:
        morsel["max-age"] = max_age
    headers.append("set-cookie", morsel.OutputString())


def sign(secret: str, message: str) -> str:
    """The HMAC-SHA256 of ``message`` under the site's secret key, URL-safe: a cookie value nobody can forge."""
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
