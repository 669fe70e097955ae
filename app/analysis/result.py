"""The one typed shape of what :func:`app.analysis.compare` returns (comparison.schema.json).

compare() builds a :class:`ComparisonResult` and serialises it once (``to_dict``); whoever
stores that dict reads it back with ``ComparisonResult.model_validate`` into the same
objects, so no reader walks the JSON by hand. Extra keys beyond the schema (wire copy,
word diffs, wording similarities) are computed here, in the analysis, never at render time.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

# How one wording of a quote differs from its fullest wording, word by word; "omitted" is
# the part of the statement a fragment does not quote at all.
DiffOp = Literal["equal", "insert", "delete", "omitted"]


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True)


class Span(_Shape):
    start: int
    end: int


class RemovedSpan(Span):
    kind: str  # comment-form, photo-credit, caption, related-link, byline, dateline, markup, ...


class ArticleResult(_Shape):
    id: str
    outlet: str | None = None
    title: str | None = None
    language: str = "en"  # ISO 639-1 code the stages used
    not_checked: list[str] = Field(default_factory=list)  # stages with no data for that language
    removed: list[RemovedSpan] = Field(default_factory=list)
    sentences: list[Span] = Field(default_factory=list)


class Occurrence(Span):
    article: str


class ClaimResult(_Shape):
    id: str
    text: str = ""
    text_article: str | None = Field(None, exclude_if=lambda v: v is None)  # whose wording text is
    occurrences: list[Occurrence] = Field(default_factory=list)
    score: float | None = Field(None, exclude_if=lambda v: v is None)  # similarity that joined the group
    shared_terms: list[str] = Field(default_factory=list, exclude_if=lambda v: not v)


class QuoteOccurrence(Occurrence):
    text: str
    speaker: str | None = None
    diff: list[tuple[DiffOp, str]] = Field(default_factory=list)  # from the fullest wording to this one
    similarity: int = 100  # rapidfuzz ratio (0-100) of this wording and the passage of the fullest it renders


class Wording(Protocol):
    @property
    def article(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def text(self) -> str: ...


def fullest_key(wording: Wording) -> tuple[int, str, int]:
    """Which wording of a statement is its fullest: the longest, then by article id, then the earliest."""
    return (len(wording.text), wording.article, -wording.start)


class QuoteResult(_Shape):
    id: str
    speaker: str | None = None
    occurrences: list[QuoteOccurrence] = Field(default_factory=list)

    @property
    def fullest(self) -> QuoteOccurrence | None:
        """The wording every other one is diffed against."""
        return max(self.occurrences, key=fullest_key, default=None)


class ValueOccurrence(Occurrence):
    value: str
    text: str = ""  # the sentence (or clause) that carries the value


class DiscrepancyResult(_Shape):
    id: str
    about: str = "value"
    kind: str = "conflict"  # "conflict": the values contradict; "update": a count that grew
    claim: str | None = None
    values: list[ValueOccurrence] = Field(default_factory=list)


class WireShare(_Shape):
    article: str
    shared: float  # share of this article's characters also found word for word in another one
    partner: str | None = None  # the article it shares most with


class WirePair(_Shape):
    a: str
    b: str
    coverage: float


class WireCopyResult(_Shape):
    shingle: int
    articles: list[WireShare] = Field(default_factory=list)
    pairs: list[WirePair] = Field(default_factory=list)


class LanguageChecks(_Shape):
    """One language of a comparison: its articles and the stages that did and did not run for them."""

    language: str  # ISO 639-1 code ("und" when the text had no letters to tell)
    name: str  # its English name, from CLDR
    direction: Literal["ltr", "rtl"] = "ltr"
    articles: list[str] = Field(default_factory=list)
    checked: list[str] = Field(default_factory=list)
    not_checked: list[str] = Field(default_factory=list)


class Checks(_Shape):
    languages: list[LanguageChecks] = Field(default_factory=list)
    mixed: bool = False  # articles in more than one language: matching across them is out of scope
    notices: list[str] = Field(default_factory=list)  # what a reader must be told, in English sentences

    def checked(self, stage: str) -> bool:
        """Whether ``stage`` ran for every article (only then may "none found" be said)."""
        return all(stage in c.checked for c in self.languages)


class ComparisonResult(_Shape):
    version: str = ""
    articles: list[ArticleResult] = Field(default_factory=list)
    claims: list[ClaimResult] = Field(default_factory=list)
    quotes: list[QuoteResult] = Field(default_factory=list)
    discrepancies: list[DiscrepancyResult] = Field(default_factory=list)
    wire_copy: WireCopyResult | None = None
    checks: Checks = Field(default_factory=Checks)  # which stages ran for which language

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the schema (lists, not tuples; optional claim fields left out when empty)."""
        return self.model_dump(mode="json")
