"""Editing and deleting behind the admin token, and the unlock form that remembers tokens.

JSON routes take the token in a header only (no cookies, so no CSRF to fear); the HTML
routes accept the cookie the unlock form sets, and the app-wide CSRF check guards them.
An article's details may also be corrected from the browser that added it, for a while
(its edit cookie, see web/access.py).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from app.services import admin as admin_service
from app.services import articles as article_service
from app.services import comparisons as comparison_service
from app.services.articles import ArticlePublic, ArticleUpdate
from app.services.errors import UserError, validated
from app.services.stories import get_story
from app.web.access import ADMIN_COOKIE, UNLOCK_MAX_AGE, UPLOAD_COOKIE, AdminDep, EditorDep, matches, unlock_value
from app.web.cookies import is_https, set_cookie
from app.web.deps import SessionDep, SettingsDep
from app.web.params import RowId
from app.web.templating import render
from app.web.urls import link

router = APIRouter()
EDITABLE = list(ArticleUpdate.model_fields)  # the edit form's fields, read off the model


# --- JSON ---------------------------------------------------------------------------------


@router.delete("/api/articles/{article_id}", status_code=204, tags=["admin"])
def api_delete_article(article_id: RowId, session: SessionDep, _admin: AdminDep):
    """Delete an article (admin token). Comparisons that held it show it as deleted."""
    admin_service.delete_article(session, article_id)
    return Response(status_code=204)


@router.patch("/api/articles/{article_id}", response_model=ArticlePublic, tags=["admin"])
def api_edit_article(article_id: RowId, edit: ArticleUpdate, session: SessionDep, _admin: AdminDep):
    """Change title, outlet, URL, author or date (admin token). The text never changes."""
    article = admin_service.edit_article(session, article_id, edit)
    return article_service.to_public(session, article)


@router.delete("/api/stories/{story_id}", status_code=204, tags=["admin"])
def api_delete_story(story_id: RowId, session: SessionDep, _admin: AdminDep):
    """Delete a story (admin token); its articles stay, without a story."""
    admin_service.delete_story(session, story_id)
    return Response(status_code=204)


@router.delete("/api/comparisons/{slug}", status_code=204, tags=["admin"])
def api_delete_comparison(slug: str, session: SessionDep, _admin: AdminDep):
    """Delete a saved comparison (admin token); its link stops working."""
    admin_service.delete_comparison(session, slug)
    return Response(status_code=204)


@router.post("/api/comparisons/{slug}/retry", status_code=202, tags=["admin"])
def api_retry_comparison(request: Request, slug: str, session: SessionDep, _admin: AdminDep):
    """Queue a failed comparison again with fresh attempts (admin token): 202 with its link and status;
    409 when it is not failed. A retry gets the server's budgets as they are set now."""
    comparison = comparison_service.retry(session, slug)
    url = str(request.url_for("comparison_page", slug=slug))
    body = {"slug": slug, "url": url, "status": comparison.status, "error": comparison.error}
    return JSONResponse(body, status_code=202, headers={"Location": url})


# --- HTML ---------------------------------------------------------------------------------


def _see(request: Request, name: str, **params) -> RedirectResponse:
    return RedirectResponse(str(link(request, name, **params)), status_code=303)


@router.get("/unlock", name="unlock_page", include_in_schema=False)
def unlock_page(request: Request):
    return render(request, "admin_unlock.html", {"error": None})


@router.post("/unlock", include_in_schema=False)
def unlock(request: Request, settings: SettingsDep, token: Annotated[str, Form(max_length=500)] = ""):
    """Remember a token in an HttpOnly cookie, so forms need not ask for it again."""
    token = token.strip()
    for expected, purpose, cookie in (
        (settings.admin_token, "admin", ADMIN_COOKIE),
        (settings.upload_token, "upload", UPLOAD_COOKIE),
    ):
        if expected and token and matches(expected, token):
            response = _see(request, "home")
            secure = is_https(request.scope, settings)
            set_cookie(response.headers, cookie, unlock_value(expected, purpose), secure=secure, max_age=UNLOCK_MAX_AGE)
            return response
    message = "That token is not right." if token else "Enter a token."
    if not (settings.admin_token or settings.upload_token):
        message = "This server has no tokens set: adding is open, editing and deleting are off."
    return render(request, "admin_unlock.html", {"error": message}, status_code=403)


@router.post("/lock", include_in_schema=False)
def lock(request: Request, settings: SettingsDep):
    """Forget the remembered tokens in this browser."""
    response = _see(request, "home")
    for cookie in (ADMIN_COOKIE, UPLOAD_COOKIE):
        set_cookie(response.headers, cookie, "", secure=is_https(request.scope, settings), max_age=0)
    return response


@router.get("/articles/{article_id}/edit", name="edit_article_page", include_in_schema=False)
def edit_article_page(request: Request, article_id: RowId, session: SessionDep, _editor: EditorDep):
    article = article_service.to_public(session, article_service.get_article(session, article_id))
    values = {name: getattr(article, name, None) or "" for name in EDITABLE}
    values["published"] = _date_field(article.published_at)
    return render(request, "admin_article.html", {"article": article, "values": values, "errors": {}})


def _date_field(moment: datetime | None) -> str:
    """A stored date as the form shows it: the day alone when it has no time of day (kept on save)."""
    if moment is None:
        return ""
    return moment.date().isoformat() if moment.timetz().replace(tzinfo=None) == time(0) else moment.isoformat()


@router.post("/articles/{article_id}/edit", name="edit_article_form", include_in_schema=False)
async def edit_article_form(request: Request, article_id: RowId, session: SessionDep, _editor: EditorDep):
    """Save the metadata, or show the form again with the reason and the input kept."""
    async with request.form() as form:
        values = {name: value if isinstance(value := form.get(name), str) else "" for name in EDITABLE}
    try:
        admin_service.edit_article(session, article_id, validated(ArticleUpdate, values))
    except UserError as exc:
        if exc.status_code == 404:
            raise
        article = article_service.to_public(session, article_service.get_article(session, article_id))
        context = {"article": article, "values": values, "errors": {exc.field or "form": exc.message}}
        return render(request, "admin_article.html", context, status_code=exc.status_code)
    return _see(request, "article_page", article_id=article_id)


@router.post("/articles/{article_id}/delete", name="delete_article_form", include_in_schema=False)
def delete_article_form(request: Request, article_id: RowId, session: SessionDep, _admin: AdminDep):
    admin_service.delete_article(session, article_id)
    return _see(request, "home")


@router.get("/stories/{story_id}/delete", name="delete_story_page", include_in_schema=False)
def delete_story_page(request: Request, story_id: RowId, session: SessionDep, _admin: AdminDep):
    story = get_story(session, story_id)
    action = link(request, "delete_story_form", story_id=story_id)
    what = f"the story “{story.title}”. Its articles stay, without a story."
    return render(request, "admin_confirm.html", {"what": what, "action": action})


@router.post("/stories/{story_id}/delete", name="delete_story_form", include_in_schema=False)
def delete_story_form(request: Request, story_id: RowId, session: SessionDep, _admin: AdminDep):
    admin_service.delete_story(session, story_id)
    return _see(request, "home")


@router.get("/c/{slug}/delete", name="delete_comparison_page", include_in_schema=False)
def delete_comparison_page(request: Request, slug: str, _admin: AdminDep):
    action = link(request, "delete_comparison_form", slug=slug)
    what = "this comparison. Its link will stop working; the articles stay."
    return render(request, "admin_confirm.html", {"what": what, "action": action})


@router.post("/c/{slug}/delete", name="delete_comparison_form", include_in_schema=False)
def delete_comparison_form(request: Request, slug: str, session: SessionDep, _admin: AdminDep):
    admin_service.delete_comparison(session, slug)
    return _see(request, "home")


@router.post("/c/{slug}/retry", name="retry_comparison_form", include_in_schema=False)
def retry_comparison_form(request: Request, slug: str, session: SessionDep, _admin: AdminDep):
    """The failed page's retry button: queue it again, back to its page (which shows the progress)."""
    comparison_service.retry(session, slug)
    return _see(request, "comparison_page", slug=slug)
