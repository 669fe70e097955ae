"""The comparison page's texts as HTML: each article through the Markdown renderer, with its
sentences laid over the formatting as the elements the page's script lights up and pins."""

from __future__ import annotations

from markupsafe import Markup

from app.web.comparison_view import TextColumn
from app.web.markdown import Document, Mark

# Headings inside an article sit under the column's own h3.
COLUMN_HEADING_BASE = 4


def column_html(column: TextColumn) -> Markup:
    """The article's reporting only (boilerplate is listed apart), one element per sentence."""
    marks = [
        Mark(s.start, s.end, (("id", s.id), ("class", f"s level-{s.level}"), ("data-claims", s.claims)))
        for s in column.sentences
    ]
    return Document(column.text, COLUMN_HEADING_BASE).render(marks, marked_only=True)
