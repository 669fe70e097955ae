"""Search: the results page and its .json twin."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session

from app.services.search import MAX_PAGE, MAX_QUERY_CHARS, search_articles
from app.web.render_cache import cached_page
from app.web.templating import render
from app.web.urls import link

router = APIRouter(include_in_schema=False)

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="results per page")]
Offset = Annotated[int, Query(ge=0, description="results to skip")]
SearchText = Annotated[str, Query(description=f"words to find (first {MAX_QUERY_CHARS} characters are used)")]


@router.get("/search.json", name="search_json")
async def search_json(request: Request, q: SearchText = "", limit: Limit = 20, offset: Offset = 0):
    """The results page as JSON: ``next`` and ``prev`` are the neighbouring pages' URLs (or null)."""

    def build(session: Session) -> Response:
        results = search_articles(session, q, limit, offset)
        url = str(link(request, "search_json"))
        links = results.pages.links()
        out = results.to_json() | {
            rel: (f"{url}?{urlencode({'q': results.q, **links[rel]})}" if rel in links else None)
            for rel in ("prev", "next")
        }
        return JSONResponse(out)

    return await cached_page(request, build)


@router.get("/search", name="search_page")
async def search_page(request: Request, q: SearchText = "", limit: Limit = 20, offset: Offset = 0):
    def build(session: Session) -> Response:
        return render(request, "search.html", {"results": search_articles(session, q, limit, offset), "q": q})

    return await cached_page(request, build)
