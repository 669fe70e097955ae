"""The request body limit, as a plain ASGI middleware: bodies over it are refused before they are read."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings
from app.web.errors import error_response

# Room for multipart boundaries, headers and the metadata fields around the largest text.
BODY_MARGIN_BYTES = 256 * 1024


def body_limit(settings: Settings) -> int:
    """The largest request body, and so the largest form field: an article's text or a page's HTML, with room."""
    return settings.max_upload_bytes + BODY_MARGIN_BYTES


class BodyTooLarge(HTTPException):
    """Raised from inside `receive`, so FastAPI passes it on instead of calling it a parse error."""

    def __init__(self, limit: int):
        super().__init__(413, f"The request is larger than the {limit:,} bytes allowed.")


class BodySizeLimitMiddleware:
    """Refuses bodies over the limit: by Content-Length, or as soon as a streamed body passes it."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.strip().isascii() and declared.strip().isdigit() and int(declared) > self.limit:
            return await self._refuse(scope, receive, send)
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"The request is larger than the {self.limit:,} bytes allowed."
        response = error_response(scope, 413, message, headers={"connection": "close"})
        await response(scope, receive, send)


# NUL and the other C0 controls but tab, newline and carriage return, and DEL: no address or
# query a person types holds them, and PostgreSQL cannot even compare text holding NUL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
CONTROL_IN_ADDRESS = (
    "The address contains a control character (such as %00): remove it. Addresses, search words and filters "
    "cannot hold them."
)


def has_control(scope: Scope) -> bool:
    path = scope.get("path", "").encode("utf-8", "surrogatepass")
    query = unquote_to_bytes(scope.get("query_string", b"").replace(b"+", b" "))
    return any(byte in _CONTROL_BYTES for byte in path + query)


class ControlCharacterMiddleware:
    """Refuses (422, the same on both databases) a request whose path or query string holds a control character."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and has_control(scope):
            response = error_response(scope, 422, CONTROL_IN_ADDRESS)
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)
