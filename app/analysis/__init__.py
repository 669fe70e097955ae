"""Pure text analysis: compare how several articles cover one story.

No web, database, file or network access happens here, and the same input always gives
the same output. The single public entry is :func:`compare`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from app.analysis.options import AnalysisOptions
from app.analysis.result import Checks, ComparisonResult, QuoteResult, Span
from app.analysis.stories import JOIN_THRESHOLD, story_similarities
from app.analysis.version import ANALYSIS_VERSION
from app.analysis.worddiff import word_diff, word_key  # for readers that show how two wordings differ

if TYPE_CHECKING:
    from app.analysis.pipeline import analyse, compare

__all__ = [
    "ANALYSIS_VERSION",
    "JOIN_THRESHOLD",
    "AnalysisOptions",
    "Checks",
    "ComparisonResult",
    "QuoteResult",
    "Span",
    "analyse",
    "compare",
    "story_similarities",
    "word_diff",
    "word_key",
]

# The pipeline (app/analysis/pipeline.py) and its models load on first use of these: story
# matching and language detection, run on every upload and import, need none of it.
_PIPELINE = {"analyse", "compare"}


def __getattr__(name: str) -> Any:
    if name in _PIPELINE:
        value = getattr(importlib.import_module("app.analysis.pipeline"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'app.analysis' has no attribute {name!r}")
