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
BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def policy_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers a response to ``path`` carries: one strict policy for every page, /docs included
    (its viewer is served from this site and started without inline script, routes/docs.py)."""
    return [*BASE_HEADERS, (b"content-security-policy", STRICT_CSP.encode())]


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
