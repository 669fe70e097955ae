"""A local web server for the fetch tests and the bulk-import benchmark: real sockets, one thread per request.

Paths: /article/<name> (an HTML news page; ?csp=1 forbids it to post forms elsewhere,
?delay=S answers after S seconds), /plain, /host (echoes the Host header), /redirect?to=URL, /hops/<n> (n redirects,
then an article), /slow (a byte every 0.2 s, forever), /silent (headers, then nothing),
/endless (an unending body), /huge (a Content-Length far over any limit), /pdf, /missing.
"""

from __future__ import annotations

import contextlib
import html
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Harbour Gazette</title>
<link rel="canonical" href="https://harbourgazette.example/news/{name}">
<meta property="og:site_name" content="© Harbour Gazette Ltd 2025">
<meta property="article:published_time" content="2025-03-04T09:30:00+02:00">
<meta name="author" content="Mira Holt and Tomas Berg">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>
<p>The harbour council voted seven to two on Tuesday to close the old swing bridge for repairs, starting in May,
after engineers found corrosion in two of its four main supports.</p>
<p>Traffic will be diverted over the ring road for at least eleven weeks, the council said in a statement, and
a free shuttle ferry will run every twenty minutes between the market and the station.</p>
<p>"We cannot keep a bridge open that we would not walk across ourselves," said council leader Ana Ruiz, adding
that the {name} repairs would cost about 3.2 million euros.</p>
</article>
<footer>Copyright 2025 Harbour Gazette. All rights reserved.</footer>
</body></html>
"""


def article_html(name: str) -> str:
    title = f"Council closes the swing bridge for {name} repairs"
    return ARTICLE.format(title=html.escape(title), name=html.escape(name))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet in test output
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        route = parts.path.strip("/").split("/")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        handler = getattr(self, "route_" + route[0], None) if route[0] else None
        if handler is None:
            self.send_body(404, "text/plain", b"not here")
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
            handler(route[1:], query)

    def send_body(self, status: int, content_type: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def route_article(self, rest: list[str], query: dict) -> None:
        name = rest[0] if rest else "spring"
        # ?csp=1: a site whose policy forbids its pages to send forms elsewhere.
        headers = {"content-security-policy": "form-action 'self'"} if query.get("csp") else None
        time.sleep(min(float(query.get("delay", 0)), 5))  # ?delay=0.1: a site 100 ms away
        self.send_body(200, "text/html; charset=utf-8", article_html(name).encode("utf-8"), headers)

    def route_plain(self, rest: list[str], query: dict) -> None:
        self.send_body(200, "text/plain; charset=utf-8", b"The ferry runs every twenty minutes.\n")

    def route_host(self, rest: list[str], query: dict) -> None:
        self.send_body(200, "text/plain", f"host={self.headers.get('host')}".encode())

    def route_redirect(self, rest: list[str], query: dict) -> None:
        self.send_body(int(query.get("status", 302)), "text/plain", b"moved", {"location": query.get("to", "/")})

    def route_hops(self, rest: list[str], query: dict) -> None:
        left = int(rest[0])
        target = f"/hops/{left - 1}" if left > 0 else "/article/hops"
        self.send_body(301, "text/plain", b"moved", {"location": target})

    def route_slow(self, rest: list[str], query: dict) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body><p>")
        for _ in range(600):  # two minutes at most, far past any test's limit
            self.wfile.write(b"a")
            self.wfile.flush()
            time.sleep(0.2)

    def route_silent(self, rest: list[str], query: dict) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", "1000")
        self.end_headers()
        self.wfile.flush()
        time.sleep(10)

    def route_endless(self, rest: list[str], query: dict) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.end_headers()
        line = b"<p>" + b"more words about the bridge " * 40 + b"</p>\n"
        for _ in range(1_000_000):
            self.wfile.write(line)

    def route_huge(self, rest: list[str], query: dict) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(10**12))
        self.end_headers()
        self.wfile.write(b"<html>")

    def route_pdf(self, rest: list[str], query: dict) -> None:
        self.send_body(200, "application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")


class PageServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        # The fetcher hanging up on /slow, /endless or /huge is what those pages are for.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve :class:`Handler` on a free port of ``host``; yields the base URL (…://host:port)."""
    server = PageServer((host, 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield f"{'https' if tls else 'http'}://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
