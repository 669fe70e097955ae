"""The analysis pipeline behind :func:`app.analysis.compare`: boilerplate, sentences, quotes, claims,
discrepancies, in that order.

Kept apart from the package's ``__init__`` so that what needs only the light parts of
app.analysis (story terms, language detection: every upload, ``parallax import``) does not load
the pipeline and its models; ``app.analysis.compare`` loads this module when first called.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.analysis import align, boilerplate, coverage, discrepancies, quotes, segment
from app.analysis.checks import not_checked, stage_checks
from app.analysis.language import detect_language, language_code
from app.analysis.options import AnalysisOptions
from app.analysis.result import (
    ArticleResult,
    ClaimResult,
    ComparisonResult,
    DiscrepancyResult,
    Occurrence,
    RemovedSpan,
    Span,
    ValueOccurrence,
)
from app.analysis.types import Article, ClaimGroup, Discrepancy, Removed, Sentence
from app.analysis.version import ANALYSIS_VERSION
from app.analysis.wirecopy import wire_copy


def compare(articles: Iterable[Mapping[str, Any]], options: AnalysisOptions | None = None) -> dict[str, Any]:
    """Compare articles about one story.

    Args:
        articles: dicts with "id", "text" and optionally "outlet", "title" and "language" (an
            ISO 639-1 code; detected from the text when missing).
        options: thresholds; the defaults suit news text.

    Returns:
        A dict following comparison.schema.json (the :class:`ComparisonResult` shape, which
        ``ComparisonResult.model_validate`` reads back); every start/end indexes the text as given.
    """
    return analyse(articles, options).to_dict()


def analyse(articles: Iterable[Mapping[str, Any]], options: AnalysisOptions | None = None) -> ComparisonResult:
    """What :func:`compare` returns, as typed objects."""
    options = options or AnalysisOptions()
    docs = [_article(a) for a in articles]

    # 1. Boilerplate first, so comment forms and captions never become claims or quotes.
    removed = {d.id: boilerplate.find_removed(d.text, options, d.language) for d in docs}
    # 2. Sentences of the reporting that remains, with offsets into the original text.
    sentences = {d.id: segment.split_sentences(d, removed[d.id], options) for d in docs}
    for d in docs:  # what no sentence holds is shown as removed too: nothing silently dropped
        extra = coverage.leftovers(d.text, removed[d.id], sentences[d.id], options.max_chars_per_article)
        removed[d.id] = sorted(removed[d.id] + extra, key=lambda r: (r.start, r.end)) if extra else removed[d.id]
    # 3. Direct quotes and their speakers, then the same statement grouped across outlets.
    quote_spans = quotes.extract_all(docs, sentences, options)
    quote_groups = quotes.group_quotes(quote_spans, options)
    # 4. Claims: passages stating the same fact, across outlets.
    comparison = align.compare_passages(docs, sentences, options, quote_groups)
    claim_groups = align.group_claims(docs, sentences, options, quote_groups, comparison)
    # 5. Values that differ inside aligned claims and quotes (reusing the claims' similarities).
    found = discrepancies.find_discrepancies(docs, claim_groups, quote_groups, sentences, options, comparison)

    return ComparisonResult(
        version=ANALYSIS_VERSION,
        articles=[_article_result(d, removed[d.id], sentences[d.id]) for d in docs],
        claims=[_claim_result(c) for c in claim_groups],
        quotes=[quotes.quote_result(g) for g in quote_groups],
        discrepancies=[_discrepancy_result(x) for x in found],
        # 6. How much of each text is copied word for word from another one.
        wire_copy=wire_copy({d.id: d.text for d in docs}).as_result(),
        # 7. Which stages ran for which language, and what a reader must be told about it.
        checks=stage_checks(docs),
    )


def _article(raw: Mapping[str, Any]) -> Article:
    text = raw.get("text")
    text = text if isinstance(text, str) else ""
    return Article(
        id=str(raw.get("id", "")),
        text=text,
        outlet=None if raw.get("outlet") is None else str(raw.get("outlet")),
        language=_language(raw.get("language"), text),
    )


def _language(given: object, text: str) -> str:
    """The language the input names ("de", "pt-BR", "German"), else the one detected in the text.

    A code CLDR does not know is kept as given: its stages do not run, and the output says so."""
    if given is None or not str(given).strip():
        return detect_language(text)
    return language_code(str(given)) or str(given).strip().lower()


def _article_result(doc: Article, removed: list[Removed], sentences: list[Sentence]) -> ArticleResult:
    return ArticleResult(
        id=doc.id,
        outlet=doc.outlet,
        title=_title(sentences),
        language=doc.language,
        not_checked=not_checked(doc.language),
        removed=[RemovedSpan(start=r.start, end=r.end, kind=r.kind) for r in removed],
        sentences=[Span(start=s.start, end=s.end) for s in sentences],
    )


def _title(sentences: list[Sentence]) -> str | None:
    for s in sentences:
        if s.is_heading:
            return s.text.strip("#* \t")
    return None


def _claim_result(c: ClaimGroup) -> ClaimResult:
    return ClaimResult(
        id=c.id,
        text=c.text,
        text_article=c.text_article,
        occurrences=[Occurrence(article=o.article, start=o.start, end=o.end) for o in c.occurrences],
        score=None if c.score is None else round(float(c.score), 3),
        shared_terms=list(c.shared_terms),
    )


def _discrepancy_result(d: Discrepancy) -> DiscrepancyResult:
    values = [
        ValueOccurrence(article=v.article, start=v.start, end=v.end, value=v.value, text=v.text) for v in d.values
    ]
    return DiscrepancyResult(id=d.id, about=d.about, kind=d.kind, claim=d.claim, values=values)
