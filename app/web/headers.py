"""The security headers every response carries, as a plain ASGI middleware.

Starlette renders the 500 page in ServerErrorMiddleware, outside every middleware an app
adds, so that one response takes its headers from :func:`policy_headers` itself.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


def policy_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers a response to ``path`` carries (the docs pages get their looser CSP)."""
    csp = DOCS_CSP if path in DOCS_PATHS else STRICT_CSP
    return [*BASE_HEADERS, (b"content-security-policy", csp.encode())]


class SecurityHeadersMiddleware:
    """Adds the policy headers a response does not set itself: pages, errors and static files."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        policy = policy_headers(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in policy if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
