"""HTML pages. Reading needs no JavaScript; static/app.js only adds interactions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.services import articles as article_service
from app.services import stories as story_service
from app.services.by_url import fetch_draft
from app.services.errors import Duplicate, UserError
from app.services.ingest import ArticleInput, ingest
from app.web.deps import SessionDep, SettingsDep
from app.web.routes.drafts import render_review
from app.web.routes.stories import article_context
from app.web.security import check_form_upload_token, edit_cookie
from app.web.templating import render
from app.web.uploads import read_upload

router = APIRouter()

FORM_FIELDS = ("outlet", "title", "url", "published", "author", "text")


@router.get("/", name="home")
def home(request: Request, session: SessionDep):
    """Stories first, then the newest articles."""
    return render(
        request,
        "index.html",
        {
            "stories": story_service.list_stories(session),
            "recent": article_service.list_articles(session, limit=20).items,
        },
    )


@router.get("/articles/new", name="new_article")
def new_article(request: Request, url: Annotated[str, Query(max_length=2000)] = ""):
    """The form; ``?url=`` fills the URL in (the bookmarklet's way in when a site lets it send no HTML)."""
    return render(request, "article_form.html", {"values": {"url": url}, "errors": {}})


@router.post("/articles/new", name="create_article_form")
async def create_article_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    outlet: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    author: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    upload_token: Annotated[str, Form()] = "",
):
    """Store the article, or show the form again with the reason and everything typed kept."""
    values = {"outlet": outlet, "title": title, "url": url, "published": published, "author": author, "text": text}
    try:
        check_form_upload_token(request, settings, upload_token)
        filename, data = await read_upload(file, settings)
        if url.strip() and not text.strip() and data is None:  # only a URL: fetch it and show what was found
            return render_review(request, await fetch_draft(url, settings))
        given = ArticleInput(**values, filename=filename, file_bytes=data)
        article = await run_in_threadpool(ingest, session, settings, given)
    except Duplicate as exc:
        existing = request.url_for("article_page", article_id=exc.existing_id)
        errors = {"text": exc.message}
        return render(request, "article_form.html", {"values": values, "errors": errors, "existing_url": existing}, 409)
    except UserError as exc:
        errors = {exc.field or "form": exc.message}
        return render(request, "article_form.html", {"values": values, "errors": errors}, exc.status_code)
    response = RedirectResponse(str(request.url_for("article_page", article_id=article.id)), status_code=303)
    assert article.id is not None
    response.headers.append("set-cookie", edit_cookie(request, settings, article.id))
    return response


@router.get("/articles/{article_id}", name="article_page")
def article_page(request: Request, article_id: int, session: SessionDep):
    article = article_service.get_article(session, article_id)
    return render(request, "article.html", article_context(session, article))


@router.get("/outlets", name="outlets_page")
def outlets_page(request: Request, session: SessionDep):
    return render(request, "outlets.html", {"outlets": article_service.list_outlets(session)})
