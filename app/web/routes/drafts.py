"""Drafts: an article read from a URL or sent by the bookmarklet, reviewed by the uploader before it is stored.

The form door fetches a URL and shows the draft (see pages.create_article_form); the
bookmarklet posts a page's URL and HTML to ``/articles/from-page``. Either way the review page
carries the page itself in a hidden field, so saving stores exactly what was reviewed without
fetching again, with the uploader's corrections as final. Saving grants this browser the edit
cookie for the new article.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.services.by_url import Draft, read_draft, save_draft
from app.services.errors import Duplicate, TooLarge, UserError
from app.services.ingest import FIELD_LIMITS, ArticleInput
from app.web.deps import SessionDep, SettingsDep
from app.web.security import check_form_upload_token, edit_cookie, form_part_limit
from app.web.templating import render

router = APIRouter(include_in_schema=False)

REVIEW_FIELDS = ("url", "title", "outlet", "author", "published")


def render_review(request: Request, draft: Draft, values: dict | None = None, errors: dict | None = None, status=200):
    """The review step: what was found, editable, with the page itself carried along."""
    context = {"draft": draft, "values": values or draft.fields(), "errors": errors or {}}
    return render(request, "article_review.html", context, status)


async def _form(request: Request, settings) -> dict[str, str]:
    form = await request.form(max_part_size=form_part_limit(settings), max_fields=20, max_files=0)
    return {name: value for name, value in form.items() if isinstance(value, str)}


@router.post("/articles/from-page", name="from_page")
async def from_page(request: Request, settings: SettingsDep):
    """The bookmarklet lands here: with the page's HTML, review it; with only its URL, offer to fetch it."""
    form = await _form(request, settings)
    url, html = form.get("url", "").strip(), form.get("html", "")
    if not html.strip():
        target = str(request.url_for("new_article")) + "?url=" + quote(url[: FIELD_LIMITS["url"]], safe="")
        return RedirectResponse(target, status_code=303)
    if len(html.encode("utf-8", "surrogatepass")) > settings.max_upload_bytes:
        raise TooLarge(f"The page is larger than the {settings.max_upload_bytes:,} bytes allowed.")
    draft = await run_in_threadpool(read_draft, url[: FIELD_LIMITS["url"]], html)
    return render_review(request, draft)


@router.post("/articles/review", name="save_draft_form")
async def save_draft_form(request: Request, session: SessionDep, settings: SettingsDep):
    """Store the reviewed draft with the corrections, or show the review again with the reason."""
    form = await _form(request, settings)
    values = {name: form.get(name, "") for name in REVIEW_FIELDS}
    draft = await run_in_threadpool(read_draft, values["url"].strip(), form.get("source", ""), form.get("page_url"))
    try:
        check_form_upload_token(request, settings, form.get("upload_token"))
        corrected = ArticleInput(**values)
        article = await run_in_threadpool(save_draft, session, settings, draft, corrected)
    except Duplicate as exc:
        existing = request.url_for("article_page", article_id=exc.existing_id)
        errors = {"form": exc.message, "existing_url": str(existing)}
        return render_review(request, draft, values, errors, 409)
    except UserError as exc:
        return render_review(request, draft, values, {exc.field or "form": exc.message}, exc.status_code)
    response = RedirectResponse(str(request.url_for("article_page", article_id=article.id)), status_code=303)
    assert article.id is not None
    response.headers.append("set-cookie", edit_cookie(request, settings, article.id))
    return response


def bookmarklet(source_file: Path, action: str, fallback: str, limit: int) -> str:
    """The javascript: URL a browser keeps as a bookmark, from static/bookmarklet.js."""
    source = source_file.read_text(encoding="utf-8")
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)  # comments out, then one line
    source = source.replace("__ACTION__", json.dumps(action)).replace("__FALLBACK__", json.dumps(fallback))
    source = source.replace("__LIMIT__", str(limit))
    one_line = " ".join(line.strip() for line in source.splitlines() if line.strip())
    return "javascript:" + quote(one_line, safe="(){}[];,.=!&|+-*/<>?:'_")


@router.get("/help/bookmarklet", name="bookmarklet_page")
def bookmarklet_page(request: Request, settings: SettingsDep):
    link = bookmarklet(
        settings.static_dir / "bookmarklet.js",
        str(request.url_for("from_page")),
        str(request.url_for("new_article")) + "?url=",
        settings.max_upload_bytes,
    )
    return render(request, "bookmarklet.html", {"bookmarklet": link})
