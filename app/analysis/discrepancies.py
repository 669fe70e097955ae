"""Values that differ between outlets inside aligned claims and quotes."""

from __future__ import annotations

from app.analysis.options import AnalysisOptions
from app.analysis.types import Article, ClaimGroup, Discrepancy, QuoteGroup, Sentence


def find_discrepancies(
    docs: list[Article],
    claims: list[ClaimGroup],
    quote_groups: list[QuoteGroup],
    sentences: dict[str, list[Sentence]],
    options: AnalysisOptions,
) -> list[Discrepancy]:
    return []
