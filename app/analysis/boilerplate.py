"""Find what is not the article's own reporting: comment forms, credits, captions, bylines."""

from __future__ import annotations

from app.analysis.options import AnalysisOptions
from app.analysis.types import Removed


def find_removed(text: str, options: AnalysisOptions) -> list[Removed]:
    """Spans of boilerplate, sorted, non-overlapping, offsets into ``text``."""
    return []
