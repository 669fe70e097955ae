"""How fast one client may start costly work (creating comparisons, fetching pages by URL).

A token bucket per client address and kind of work, kept in this process's memory: each
client may start ``count`` at once and one more every ``seconds / count`` seconds. With
several worker processes each keeps its own buckets, so a client gets up to ``count`` per
process; the limit bounds abuse, it is not an exact quota. The table of clients is bounded
(least recently seen forgotten first), so spoofed or many addresses cannot grow it without end.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request

from app.services.errors import UserError
from app.settings import Settings

MOST_CLIENTS = 10_000


class TooManyRequests(UserError):
    status_code = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, extra={"retry_after": retry_after})
        self.headers = {"Retry-After": str(retry_after)}


class RateLimiter:
    def __init__(self, count: int, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.capacity = float(count)
        self.rate = count / seconds  # tokens per second
        self.clock = clock
        self._buckets: OrderedDict[tuple[str, str], tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: tuple[str, str]) -> float:
        """Spend one token of ``key``'s bucket: 0 when allowed, else the seconds until one is free."""
        now = self.clock()
        with self._lock:
            tokens, since = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - since) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[key] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > MOST_CLIENTS:
                self._buckets.popitem(last=False)
            return wait


def client_address(request: Request, settings: Settings) -> str:
    """The client's address; behind your own proxy (PARALLAX_TRUST_PROXY_HEADERS), the one it saw."""
    forwarded = request.headers.get("x-forwarded-for", "") if settings.trust_proxy_headers else ""
    if forwarded.strip():
        return forwarded.split(",")[-1].strip()[:64]  # the last hop: what our proxy appended
    return request.client.host if request.client else "unknown"


WHAT = {"comparison": "comparisons", "fetch": "pages fetched by URL"}


def check_rate(request: Request, settings: Settings, kind: str) -> None:
    """Raise TooManyRequests (429, Retry-After) when this client has started too many ``kind`` lately."""
    if not settings.rate_limited:
        return
    limiter = request.app.state.rate_limiter
    wait = limiter.take((kind, client_address(request, settings)))
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise TooManyRequests(
            f"Too many {WHAT.get(kind, kind)} from your address: at most {settings.rate_limit_count} per "
            f"{settings.rate_limit_seconds:g} seconds. Try again in {seconds} seconds.",
            retry_after=seconds,
        )
