"""Stories and search: HTML pages, their .json twins, and the /api routes.

`router` carries both the pages and the API, so app/web/main.py registers it in one line.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from app.models import ArticlePublic
from app.services import articles as article_service
from app.services import comparison_index
from app.services import stories as story_service
from app.services.errors import UserError
from app.services.search import MAX_PAGE, MAX_QUERY_CHARS, search_articles
from app.web.deps import SessionDep
from app.web.security import AdminDep
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["stories"])

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="results per page")]
Offset = Annotated[int, Query(ge=0, description="results to skip")]
SearchText = Annotated[str, Query(description=f"words to find (first {MAX_QUERY_CHARS} characters are used)")]


# --- stories ------------------------------------------------------------------------------


@pages.get("/stories/{story_id}.json", name="story_json")
def story_json(story_id: int, session: SessionDep):
    return story_service.story_json(story_service.story_detail(session, story_id))


@pages.get("/stories/{story_id}", name="story_page")
def story_page(request: Request, story_id: int, session: SessionDep):
    return render(request, "story.html", story_service.story_detail(session, story_id))


@api.get("/stories")
def list_stories(session: SessionDep, limit: Limit = 50):
    """Stories, newest first, with their article counts and outlets."""
    return [story_service.summary_json(s) for s in story_service.list_stories(session, limit=limit)]


@api.get("/stories/{story_id}")
def read_story(story_id: int, session: SessionDep):
    """One story: its outlets, articles and comparisons."""
    return story_service.story_json(story_service.story_detail(session, story_id))


# --- moving an article --------------------------------------------------------------------


class MoveIn(BaseModel):
    """Where to move an article: an existing story, or a new story with this title."""

    model_config = ConfigDict(extra="forbid")
    story_id: int | None = Field(None, description="id of an existing story")
    new_story_title: str | None = Field(None, max_length=500, description="title of a new story to create")


@api.post("/articles/{article_id}/story", response_model=ArticlePublic)
def move_article(article_id: int, move: MoveIn, session: SessionDep, _admin: AdminDep):
    """Move an article to another story, or to a new one."""
    article = story_service.move_article(session, article_id, move.story_id, move.new_story_title)
    return article_service.to_public(session, article)


@pages.post("/articles/{article_id}/story", name="move_article_form")
def move_article_form(
    request: Request,
    article_id: int,
    session: SessionDep,
    _admin: AdminDep,
    story_id: Annotated[str, Form()] = "",
    new_story_title: Annotated[str, Form(max_length=500)] = "",
):
    """Move, then show the article; on a mistake show its page again with the reason."""
    try:
        target = _form_story_id(story_id)
        story_service.move_article(session, article_id, target, new_story_title or None)
    except UserError as exc:
        session.rollback()
        article = article_service.get_article(session, article_id)
        values = {"story_id": story_id, "new_story_title": new_story_title}
        context = article_context(session, article) | {"move_error": exc.message, "move_values": values}
        return render(request, "article.html", context, exc.status_code)
    return RedirectResponse(str(request.url_for("article_page", article_id=article_id)), status_code=303)


def _form_story_id(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise UserError("Choose a story from the list.", field="story_id")
    return int(value)


def article_context(session, article) -> dict:
    """What templates/article.html needs, shared with pages.article_page."""
    story = story_service.get_story(session, article.story_id) if article.story_id else None
    return {
        "article": article_service.to_public(session, article, with_text=True),
        "story": story,
        "story_choices": story_service.story_choices(session),
        "comparisons": comparison_index.with_article(session, article.id),
    }


# --- search -------------------------------------------------------------------------------


@pages.get("/search.json", name="search_json")
def search_json(session: SessionDep, q: SearchText = "", limit: Limit = 20, offset: Offset = 0):
    return JSONResponse(search_articles(session, q, limit, offset).to_json())


@pages.get("/search", name="search_page")
def search_page(request: Request, session: SessionDep, q: SearchText = "", limit: Limit = 20, offset: Offset = 0):
    results = search_articles(session, q, limit, offset)
    return render(request, "search.html", {"results": results, "q": q})


router = APIRouter()
router.include_router(api)
router.include_router(pages)
