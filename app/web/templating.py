"""The Jinja environment: autoescaped, with the filters and globals our templates share."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from app.services.articles import FIELD_LIMITS
from app.settings import Settings
from app.web.access import is_admin, may_upload
from app.web.csrf import CSRF_FIELD, csrf_token_for


def make_templates(settings: Settings) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(settings.templates_dir))
    env = templates.env
    env.autoescape = True
    env.filters["date"] = _date
    env.filters["paragraphs"] = _paragraphs
    env.globals.update(
        csrf_field=csrf_field,
        upload_locked=upload_locked,
        admin_enabled=admin_enabled,
        admin_unlocked=admin_unlocked,
        limits=FIELD_LIMITS,  # maxlength of the article metadata inputs
    )
    return templates


def render(request: Request, template: str, context: dict, status_code: int = 200):
    """A page from the app's one template environment (set up in create_app)."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)


def _date(value: datetime | None, fmt: str = "%d %b %Y") -> str:
    return value.strftime(fmt) if value else ""


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, or single lines when the text has no blank lines."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    blocks = [b for b in blocks if b]
    if len(blocks) <= 1:
        blocks = [line.strip() for line in text.splitlines() if line.strip()]
    return blocks


@pass_context
def csrf_field(context: Context) -> Markup:
    token = csrf_token_for(context["request"])
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, escape(token))


@pass_context
def upload_locked(context: Context) -> bool:
    request = context["request"]
    return not may_upload(request, request.app.state.settings)


@pass_context
def admin_enabled(context: Context) -> bool:
    return context["request"].app.state.settings.admin_token is not None


@pass_context
def admin_unlocked(context: Context) -> bool:
    request = context["request"]
    return is_admin(request, request.app.state.settings)
