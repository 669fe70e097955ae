"""Outlets: the list page and its API twin."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.services import articles as article_service
from app.services.articles import OutletPublic
from app.web.deps import SessionDep
from app.web.templating import render

router = APIRouter()


@router.get("/outlets", name="outlets_page", include_in_schema=False)
def outlets_page(request: Request, session: SessionDep):
    return render(request, "outlets.html", {"outlets": article_service.list_outlets(session)})


@router.get("/api/outlets", response_model=list[OutletPublic], tags=["articles"])
def list_outlets(session: SessionDep):
    """Every outlet with how many articles it has."""
    return article_service.list_outlets(session)
