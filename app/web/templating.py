"""The Jinja environment: autoescaped, with the filters and globals our templates share."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from app.services.articles import FIELD_LIMITS, direction, language_name, not_checked, supported_languages
from app.settings import Settings
from app.web.access import edit_grants, is_admin, may_edit, may_upload
from app.web.comparison_html import column_html
from app.web.csrf import CSRF_FIELD, csrf_token_for
from app.web.markdown import render as render_markdown
from app.web.urls import Link, link


def make_templates(settings: Settings) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(settings.templates_dir))
    env = templates.env
    env.autoescape = True
    env.filters["date"] = _date
    env.filters["markdown"] = render_markdown
    env.filters["column_html"] = column_html
    env.filters["zip_present"] = _zip_present
    env.globals.update(
        url_for=url_for,  # links from a cached path builder, not a router walk each (web/urls.py)
        csrf_field=csrf_field,
        upload_locked=upload_locked,
        admin_enabled=admin_enabled,
        admin_unlocked=admin_unlocked,
        may_edit_article=may_edit_article,
        edit_expires=edit_expires,
        limits=FIELD_LIMITS,  # maxlength of the article metadata inputs
        language_name=language_name,  # "de" -> "German"
        text_dir=direction,  # "ar" -> "rtl": the dir of an element holding text in that language
        supported_languages=supported_languages(),
        not_checked=not_checked,  # the analysis stages that do not run for a language
    )
    return templates


def render(request: Request, template: str, context: dict, status_code: int = 200) -> Response:
    """A page from the app's one template environment (set up in create_app)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def _date(value: datetime | None, fmt: str = "%d %b %Y") -> str:
    return value.strftime(fmt) if value else ""


def _zip_present(columns, present, wanted: bool = True) -> list[str]:
    """The labels of the columns whose flag in `present` is `wanted` (a matrix row's outlets)."""
    return [column.label for column, flag in zip(columns, present, strict=True) if flag == wanted]


@pass_context
def url_for(context: Context, name: str, /, **params) -> Link:
    return link(context["request"], name, **params)


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


@pass_context
def may_edit_article(context: Context, article_id: int) -> bool:
    request = context["request"]
    return may_edit(request, request.app.state.settings, article_id)


@pass_context
def edit_expires(context: Context, article_id: int) -> datetime | None:
    """When this browser's right to correct the article ends (None: it has none)."""
    request = context["request"]
    expires = edit_grants(request, request.app.state.settings).get(article_id)
    return datetime.fromtimestamp(expires, UTC) if expires else None
