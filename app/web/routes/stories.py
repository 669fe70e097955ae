"""Stories: the home page (stories first), a story's page and its JSON twins, and moving an article."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from app.models import ComparisonStatus, RowIdValue
from app.services import articles as article_service
from app.services import comparisons as comparison_service
from app.services import labels as label_service
from app.services import stories as story_service
from app.services.articles import ArticlePublic
from app.services.errors import UserError
from app.services.search import MAX_PAGE
from app.web import comparison_view as view
from app.web.access import AdminDep
from app.web.coverage import story_spread
from app.web.deps import SessionDep
from app.web.params import RowId
from app.web.routes.articles import article_context
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["stories"])

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="results per page")]


@pages.get("/", name="home")
def home(request: Request, session: SessionDep):
    """Stories first, then the newest articles."""
    context = {
        "stories": story_service.list_stories(session),
        "recent": article_service.list_articles(session, limit=20).items,
    }
    return render(request, "index.html", context)


def story_view(request: Request, session, story_id: int) -> dict:
    """The story, how its articles spread over each label set, and, from its newest ready comparison,
    the claims by label and the timeline of who reported what first."""
    detail = story_service.story_detail(session, story_id)
    book = label_service.book(session, [o["id"] for o in detail["outlets"]])
    spread = story_spread(book, [(o["id"], o["name"], o["articles"]) for o in detail["outlets"]])
    analysed = next((c for c in detail["comparisons"] if c.status == ComparisonStatus.READY), None)
    page = None
    if analysed is not None:
        shot = comparison_service.snapshot(request.app.state.engine, analysed.slug)
        page = view.build_page(shot.loaded, shot.texts) if shot.loaded.ready else None
    return detail | {"spread": spread, "analysed": analysed if page else None, "page": page}


@pages.get("/stories/{story_id}.json", name="story_json")
def story_json(request: Request, story_id: RowId, session: SessionDep):
    return _story_json(request, story_view(request, session, story_id))


def _story_json(request: Request, detail: dict) -> dict:
    page, analysed = detail["page"], detail["analysed"]
    out = story_service.story_json(detail)
    out["labels"] = {
        "note": label_service.OPERATORS_DATA,
        "articles": [
            {
                "set": s.name,
                "source": s.source,
                "values": [{"name": v.name, "outlets": v.outlets, "articles": v.articles} for v in shares],
            }
            for s, shares in detail["spread"]
        ],
    }
    if page is not None:
        url = str(request.url_for("comparison_page", slug=analysed.slug))
        out["analysed_by"] = {"slug": analysed.slug, "url": url, "json": url + ".json"}
        out["labels"]["claims"] = [
            {
                "set": s.set.name,
                "values": [{"name": v.name, "claims": v.claims, "only": v.only} for v in s.values],
                "blindspots": [b.row.id for b in s.blindspots],
            }
            for s in page.coverage.sets
        ]
        out["timeline"] = [
            {
                **(e.moment.as_json() if e.moment else {"at": None, "precision": None}),
                "outlets": e.outlets,
                "claims": [r.id for r in e.claims],
                "discrepancies": [d.id for d, _ in e.discrepancies],
            }
            for e in page.timeline.entries
        ]
    return out


@pages.get("/stories/{story_id}", name="story_page")
def story_page(request: Request, story_id: RowId, session: SessionDep):
    return render(
        request, "story.html", story_view(request, session, story_id) | {"labels_note": label_service.OPERATORS_DATA}
    )


@api.get("/stories")
def list_stories(session: SessionDep, limit: Limit = 50):
    """Stories, newest first, with their article counts and outlets."""
    return [story_service.summary_json(s) for s in story_service.list_stories(session, limit=limit)]


@api.get("/stories/{story_id}")
def read_story(request: Request, story_id: RowId, session: SessionDep):
    """One story: its outlets, articles and comparisons; how its articles (and, from its newest ready
    comparison, its claims) spread over each label set; and the timeline of when claims first appeared."""
    return _story_json(request, story_view(request, session, story_id))


# --- moving an article --------------------------------------------------------------------


class MoveIn(BaseModel):
    """Where to move an article: an existing story, or a new story with this title."""

    model_config = ConfigDict(extra="forbid")
    story_id: RowIdValue | None = Field(None, description="id of an existing story")
    new_story_title: str | None = Field(None, max_length=500, description="title of a new story to create")


@api.post("/articles/{article_id}/story", response_model=ArticlePublic)
def move_article(article_id: RowId, move: MoveIn, session: SessionDep, _admin: AdminDep):
    """Move an article to another story, or to a new one."""
    article = story_service.move_article(session, article_id, move.story_id, move.new_story_title)
    return article_service.to_public(session, article)


@pages.post("/articles/{article_id}/story", name="move_article_form")
def move_article_form(
    request: Request,
    article_id: RowId,
    session: SessionDep,
    _admin: AdminDep,
    story_id: Annotated[str, Form()] = "",
    new_story_title: Annotated[str, Form(max_length=500)] = "",
):
    """Move, then show the article; on a mistake show its page again with the reason."""
    try:
        target = story_service.parse_story_id(story_id)
        story_service.move_article(session, article_id, target, new_story_title or None)
    except UserError as exc:
        session.rollback()
        article = article_service.get_article(session, article_id)
        values = {"story_id": story_id, "new_story_title": new_story_title}
        context = article_context(session, article) | {"move_error": exc.message, "move_values": values}
        return render(request, "article.html", context, exc.status_code)
    return RedirectResponse(str(request.url_for("article_page", article_id=article_id)), status_code=303)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
