"""The Jinja environment: autoescaped, with the filters our templates share."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from fastapi.templating import Jinja2Templates

from app.settings import Settings
from app.web.comparison_html import column_html
from app.web.markdown import render as render_markdown


def make_templates(settings: Settings) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(settings.templates_dir))
    env = templates.env
    env.autoescape = True
    env.filters["date"] = _date
    env.filters["markdown"] = render_markdown
    env.filters["column_html"] = column_html
    env.filters["zip_present"] = _zip_present
    return templates


def _date(value: datetime | None, fmt: str = "%d %b %Y") -> str:
    return value.strftime(fmt) if value else ""


def _zip_present(columns, present, wanted: bool = True) -> list[str]:
    """The labels of the columns whose flag in `present` is `wanted` (a matrix row's outlets)."""
    return [column.label for column, flag in zip(columns, present, strict=True) if flag == wanted]


def render(request: Request, template: str, context: dict, status_code: int = 200):
    """A page from the app's one template environment (set up in create_app)."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)
