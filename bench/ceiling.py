"""The framework's ceiling: a minimal FastAPI app serving one cached 65 KB page (bench/archive.py)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import Response

PAGE = (b"<!doctype html><title>ceiling</title>\n" + b"<p>" + b"x" * 1017 + b"</p>\n" * 1) * 64
PAGE = PAGE[: 65 * 1024 - 5] + b"</p>\n"  # exactly 65 KB
app = FastAPI()


@app.get("/")
async def page() -> Response:
    return Response(PAGE, media_type="text/html; charset=utf-8")


@app.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}
