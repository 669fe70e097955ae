"""Group passages that state the same fact across outlets."""

from __future__ import annotations

from app.analysis.options import AnalysisOptions
from app.analysis.types import Article, ClaimGroup, ClaimSpan, Sentence


def group_claims(docs: list[Article], sentences: dict[str, list[Sentence]], options: AnalysisOptions) -> list[ClaimGroup]:
    """Placeholder: every sentence is its own claim."""
    groups = []
    for d in docs:
        for s in sentences[d.id]:
            groups.append(ClaimGroup(f"c{len(groups) + 1:03d}", s.text, [ClaimSpan(d.id, s.start, s.end, s.text)]))
    return groups
