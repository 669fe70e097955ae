"""The values passed between analysis stages.

Every span is a pair of character offsets into the article's text exactly as it was
given (a Python str index), so ``text[start:end]`` is always the span meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    outlet: str | None = None
    language: str = "en"  # ISO 639-1 code; picks the per-language data in app/analysis/lang


@dataclass(frozen=True)
class Removed:
    """A span judged not to be the article's own reporting (shown apart, never dropped)."""

    start: int
    end: int
    kind: str  # comment-form, photo-credit, caption, related-link, byline, dateline, markup, ...


@dataclass(frozen=True)
class Sentence:
    article: str
    index: int  # position within its article
    start: int
    end: int
    text: str
    is_heading: bool = False


@dataclass(frozen=True)
class QuoteSpan:
    """One outlet's rendering of a direct quotation: the words inside the marks."""

    article: str
    start: int
    end: int
    text: str
    speaker: str | None
    sentence_index: int | None = None


@dataclass
class QuoteGroup:
    id: str
    speaker: str | None
    occurrences: list[QuoteSpan] = field(default_factory=list)


@dataclass(frozen=True)
class ClaimSpan:
    article: str
    start: int
    end: int
    text: str


@dataclass
class ClaimGroup:
    id: str
    text: str
    occurrences: list[ClaimSpan] = field(default_factory=list)
    score: float | None = None  # similarity that joined the group, for "why matched"
    shared_terms: list[str] = field(default_factory=list)
    text_article: str | None = None  # whose wording text is


@dataclass(frozen=True)
class DiscrepancyValue:
    article: str
    start: int
    end: int
    value: str
    text: str  # the sentence (or clause) that carries the value


@dataclass
class Discrepancy:
    id: str
    about: str
    claim: str | None
    values: list[DiscrepancyValue] = field(default_factory=list)
    kind: str = "conflict"  # "conflict": the values contradict; "update": a count that grew ("at least 10", then 24)
