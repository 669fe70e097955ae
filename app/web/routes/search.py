"""Search: the results page and its .json twin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from app.services.search import MAX_PAGE, MAX_QUERY_CHARS, search_articles
from app.web.deps import SessionDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="results per page")]
Offset = Annotated[int, Query(ge=0, description="results to skip")]
SearchText = Annotated[str, Query(description=f"words to find (first {MAX_QUERY_CHARS} characters are used)")]


@router.get("/search.json", name="search_json")
def search_json(session: SessionDep, q: SearchText = "", limit: Limit = 20, offset: Offset = 0):
    return JSONResponse(search_articles(session, q, limit, offset).to_json())


@router.get("/search", name="search_page")
def search_page(request: Request, session: SessionDep, q: SearchText = "", limit: Limit = 20, offset: Offset = 0):
    results = search_articles(session, q, limit, offset)
    return render(request, "search.html", {"results": results, "q": q})
