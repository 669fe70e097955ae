"""Stories: the home page (stories first), a story's page and its JSON twins, and moving an article."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

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
from app.web.render_cache import cached_page
from app.web.routes.articles import article_context
from app.web.templating import render
from app.web.urls import link, link_header

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["stories"])

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="results per page")]
Before = Annotated[int | None, Query(ge=0, description="the page of stories older than this story id")]
After = Annotated[int | None, Query(ge=0, description="the page of stories newer than this story id (0: the oldest)")]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="page of the story's articles")]
HOME_STORIES = 20


@pages.get("/", name="home")
async def home(request: Request, before: Before = None, after: After = None):
    """Stories first (newest first, 20 a page, "older" and "newer" pages by id), then the newest articles."""

    def build(session: Session) -> Response:
        first = before is None and after is None
        context = {
            "stories": story_service.stories_page(session, HOME_STORIES, before, after),
            "recent": article_service.list_articles(session, limit=20).items if first else [],
        }
        return render(request, "index.html", context)

    return await cached_page(request, build)


def story_view(request: Request, session, story_id: int, page_number: int = 1) -> dict:
    """The story, how its articles spread over each label set, and, from its newest ready comparison,
    the claims by label and the timeline of who reported what first."""
    detail = story_service.story_detail(session, story_id, page_number)
    book = label_service.book(session, [o["id"] for o in detail["outlets"]])
    spread = story_spread(book, [(o["id"], o["name"], o["articles"]) for o in detail["outlets"]])
    analysed = next((c for c in detail["comparisons"] if c.status == ComparisonStatus.READY), None)
    page = None
    if analysed is not None:
        shot = comparison_service.snapshot(request.app.state.engine, analysed.slug)
        page = view.build_page(shot.loaded, shot.texts) if shot.loaded.ready else None
    return detail | {"spread": spread, "analysed": analysed if page else None, "page": page}


@pages.get("/stories/{story_id}.json", name="story_json")
async def story_json(request: Request, story_id: RowId, page: PageNumber = 1):
    return await _cached_story_json(request, story_id, page)


async def _cached_story_json(request: Request, story_id: int, page: int) -> Response:
    def build(session: Session) -> Response:
        return JSONResponse(_story_json(request, story_view(request, session, story_id, page)))

    return await cached_page(request, build)


def _story_json(request: Request, detail: dict) -> dict:
    page, analysed = detail["page"], detail["analysed"]
    out = story_service.story_json(detail)
    articles = detail["articles"]
    json_url = str(link(request, "story_json", story_id=detail["story"].id))
    out["next"] = f"{json_url}?page={articles.page + 1}" if articles.page < articles.pages else None
    out["prev"] = f"{json_url}?page={articles.page - 1}" if articles.page > 1 else None
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
        url = str(link(request, "comparison_page", slug=analysed.slug))
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
async def story_page(request: Request, story_id: RowId, page: PageNumber = 1):
    def build(session: Session) -> Response:
        context = story_view(request, session, story_id, page) | {"labels_note": label_service.OPERATORS_DATA}
        return render(request, "story.html", context)

    return await cached_page(request, build)


@api.get("/stories", name="list_stories")
async def list_stories(request: Request, limit: Limit = 50, before: Before = None, after: After = None):
    """Stories, newest first, with their article counts and outlets; the neighbouring pages are in
    the Link header (rel="next": older stories, ?before=<id>; rel="prev": newer ones, ?after=<id>)."""

    def build(session: Session) -> Response:
        page = story_service.stories_page(session, limit, before, after)
        headers = {
            "Link": link_header(str(link(request, "list_stories")), page.links()),
            "X-Total-Count": str(page.total),
        }
        return JSONResponse([story_service.summary_json(s) for s in page.items], headers=headers)

    return await cached_page(request, build)


@api.get("/stories/{story_id}")
async def read_story(request: Request, story_id: RowId, page: PageNumber = 1):
    """One story: its outlets, a page of its articles (100 a page, ?page=; next and prev give the
    neighbours) and its comparisons; how its articles (and, from its newest ready comparison, its
    claims) spread over each label set; and the timeline of when claims first appeared."""
    return await _cached_story_json(request, story_id, page)


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
    return RedirectResponse(str(link(request, "article_page", article_id=article_id)), status_code=303)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
