"""Direct quotations, their speakers, and the same statement grouped across outlets."""

from __future__ import annotations

from app.analysis.options import AnalysisOptions
from app.analysis.types import Article, QuoteGroup, QuoteSpan, Sentence


def extract_quotes(doc: Article, sentences: list[Sentence], options: AnalysisOptions) -> list[QuoteSpan]:
    return []


def group_quotes(spans: list[QuoteSpan], options: AnalysisOptions) -> list[QuoteGroup]:
    return []


def group_to_dict(group: QuoteGroup) -> dict:
    return {
        "id": group.id,
        "speaker": group.speaker,
        "occurrences": [
            {"article": o.article, "start": o.start, "end": o.end, "text": o.text} for o in group.occurrences
        ],
    }
