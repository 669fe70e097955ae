"""Find what is not the article's own reporting: comment forms, credits, captions, bylines.

Scraped news text keeps the page furniture around the story. Those spans are reported (never
dropped) so later stages skip them and readers can still see them. Everything works line by
line with linear regexes, so a hostile input cannot make it slow.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from app.analysis.normalize import words
from app.analysis.options import AnalysisOptions
from app.analysis.types import Removed

_LINE = re.compile(r"[^\n]+")
_SCRAPER_STAMP = re.compile(r"\A\s*(date \d{4}-\d{2}-\d{2}(?:[T ][\d:]{5,8})?)")
_COMMENT_FORM = re.compile(
    r"(?:(?:leave a (?:reply|comment)|cancel reply|post comment|your email address will not be published\.?"
    r"|required fields are marked\s*\*?|save my name, email,? and website\b.{0,80}|comments? \*"
    r"|(?:name|email|website) \*|you must be logged in to post a comment\.?)\s*)+",
    re.IGNORECASE,
)
_AGENCY = (
    r"(?:Reuters|AP|AFP|Getty Images|EPA(?:-EFE)?|Shutterstock|Bloomberg|Pool|Associated Press|"
    r"The New York Times|Sipa|Xinhua|Anadolu|Alamy|ANI|PTI|dpa|Redux|Polaris)"
)
_NAME_TOKEN = r"[A-Z][\w.'\u2019-]*"
_CREDIT_PREFIX = r"(?:Credit:?\s*|Photo(?:graph)?(?: by|:)\s*|Image(?: by|:)\s*|Pictured?:\s*|\(Photo by\s*)"
_CREDIT_LINE = re.compile(
    rf"{_CREDIT_PREFIX}?{_NAME_TOKEN}(?:[ \-]{_NAME_TOKEN}){{0,4}}(?:\s?/\s?(?:via )?[\w.'\u2019 -]{{1,40}}){{1,4}}\)?"
    rf"|{_CREDIT_PREFIX}[\w.'\u2019 /-]{{1,60}}"
    rf"|{_NAME_TOKEN}(?: {_NAME_TOKEN}){{0,3}}\s?(?:/|via|for)\s?{_AGENCY}"
)
_GLUED_CREDIT = re.compile(r"(?<=[.!?\u201d\"])\s*(Credit:?\s?[A-Z][^\n/]{1,60}(?:/[^\n/]{1,40}){0,3})$")
_DATED_CAPTION_END = re.compile(
    r",? (?:on )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\.$"
)
_CAPTION_VERB = re.compile(
    r"\b(?:speaks|arrives|attends|chairs|looks on|gestures|walks|delivers|holds|waves|meets|stands|sits|poses"
    r"|leaves|talks|greets|shakes|visits|addresses|listens|is seen|are seen|gather|react|reacts|march|take part)\b"
)
_BYLINE = re.compile(
    r"(?:By|BY)\s+[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,3}"
    r"(?:(?:,\s*|\s+and\s+|\s*&\s*)[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,3}){0,4}"
    r"(?:\s*[|,]\s*[A-Z][\w ]{1,30})?"
)
_CONTRIBUTOR = re.compile(
    r"\b(?:contributed (?:to )?(?:this )?report(?:ing)?|contributed reporting|Reporting by|Editing by|Writing by"
    r"|Additional reporting by)\b",
)
_DATELINE = re.compile(
    r"[A-Z]{2,}(?:[ .'-]{1,2}[A-Z]{2,}){0,3}\.?(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"
    r"\s*(?:\([A-Za-z ]{1,30}\)\s*)?(?:\u2014|\u2013|--)"
)
_RELATED_PREFIX = re.compile(r"(?:READ MORE|Read more|RELATED|Related|Also read|ALSO READ|See also|Watch)\s*:", re.I)
_HEADING_MARK = re.compile(r"#{1,6}(?=\s)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,2})(?=[^\s*_])[^*_\n]{1,2000}?(?<=[^\s*_])\1")
_LINK = re.compile(r"\[[^\[\]\n]{1,500}\](\([^()\s]{0,2000}\))")


def find_removed(text: str, options: AnalysisOptions) -> list[Removed]:
    """Spans of boilerplate, sorted, non-overlapping, offsets into ``text``."""
    text = text[: options.max_chars_per_article]
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    found: list[Removed] = []
    stamp = _SCRAPER_STAMP.match(text)
    if stamp:
        found.append(Removed(stamp.start(1), stamp.end(1), "dateline"))
    article_words = _word_counts(text)
    for i in range(len(lines)):
        found.extend(_classify_line(text, lines, i, article_words, options))
    found.extend(itertools.islice(_markup(text), options.max_markup_spans))
    return _resolve(found)


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The line without markdown heading marks, emphasis markers and surrounding spaces."""
    while start < end and (text[start].isspace() or text[start] in "#*_>"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*_"):
        end -= 1
    return start, end


def _classify_line(
    text: str, lines: list[tuple[int, int]], i: int, article_words: dict[str, int], options: AnalysisOptions
) -> list[Removed]:
    start, end = _inner(text, *lines[i])
    line = text[start:end]
    if not line or len(line) > options.boilerplate_max_line_chars:
        return []
    if _COMMENT_FORM.fullmatch(line):
        return [Removed(start, end, "comment-form")]
    if _CREDIT_LINE.fullmatch(line):
        return [Removed(start, end, "photo-credit")]
    glued = _GLUED_CREDIT.search(line)
    if glued:
        cut = start + glued.start(1)
        caption_end = start + len(line[: glued.start(1)].rstrip())
        return [Removed(start, caption_end, "caption"), Removed(cut, end, "photo-credit")]
    kind = _line_kind(text, lines, i, line, article_words, options)
    if kind:
        return [Removed(start, end, kind)]
    dateline = _DATELINE.match(line)
    if dateline and i > 0:
        return [Removed(start, start + dateline.end(), "dateline")]
    return []


def _line_kind(
    text: str, lines: list[tuple[int, int]], i: int, line: str, article_words: dict[str, int], options: AnalysisOptions
) -> str | None:
    if _BYLINE.fullmatch(line):
        return "byline"
    if _is_staff_line(text, lines, i, line):
        return "byline"
    if _CONTRIBUTOR.search(line) and len(line.split()) <= 40:
        return "byline"
    if _is_caption(text, lines, i, line):
        return "caption"
    if _RELATED_PREFIX.match(line) or _is_off_topic_headline(lines, i, line, article_words, options):
        return "related-link"
    return None


def _next_line(text: str, lines: list[tuple[int, int]], i: int) -> str:
    if i + 1 >= len(lines):
        return ""
    start, end = _inner(text, *lines[i + 1])
    return text[start:end]


def _is_staff_line(text: str, lines: list[tuple[int, int]], i: int, line: str) -> bool:
    """'Washington Post' or 'Staff Writer' right under a byline: still the byline."""
    if i == 0 or len(line.split()) > 4 or re.search(r"[.!?:;\"\u201c\u201d]", line):
        return False
    prev_start, prev_end = _inner(text, *lines[i - 1])
    return bool(_BYLINE.fullmatch(text[prev_start:prev_end]))


def _is_caption(text: str, lines: list[tuple[int, int]], i: int, line: str) -> bool:
    """A photo caption: a one-sentence description followed by its credit, or dated wire-caption style."""
    if re.search(r"[\"\u201c\u201d]", line) or len(line.split()) > 70:
        return False
    if _CREDIT_LINE.fullmatch(_next_line(text, lines, i)) and line.endswith("."):
        return True
    return bool(_DATED_CAPTION_END.search(line) and _CAPTION_VERB.search(line))


def _is_off_topic_headline(
    lines: list[tuple[int, int]], i: int, line: str, article_words: dict[str, int], options: AnalysisOptions
) -> bool:
    """A short unpunctuated line inside the body whose words the story never uses: a promo for another story.

    Subheadings and the headline share the story's vocabulary, so they stay content.
    """
    if i < 2 or i == len(lines) - 1 or re.search(r"[.!?:;\"\u201c\u201d'\u2018\u2019]$", line):
        return False
    tokens = [w for w in words(line) if len(w) > 3]
    if not 4 <= len(tokens) <= 16:
        return False
    shared = sum(1 for w in tokens if article_words.get(w[:5], 0) > 1)
    return shared / len(tokens) < options.related_link_max_shared


def _word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in words(text[:200_000]):
        if len(w) > 3:
            counts[w[:5]] = counts.get(w[:5], 0) + 1
    return counts


def _markup(text: str) -> Iterator[Removed]:
    """Markdown syntax characters only: the words they decorate remain content."""
    for m in re.finditer(r"(?m)^[ \t]*(#{1,6})(?=\s)", text):
        yield Removed(m.start(1), m.end(1), "markup")
    for m in _EMPHASIS.finditer(text):
        n = len(m.group(1))
        yield Removed(m.start(), m.start() + n, "markup")
        yield Removed(m.end() - n, m.end(), "markup")
    for m in _LINK.finditer(text):
        yield Removed(m.start(), m.start() + 1, "markup")
        yield Removed(m.start(1) - 1, m.end(1), "markup")


def _resolve(found: list[Removed]) -> list[Removed]:
    """Sorted and non-overlapping; a content kind wins over bare markup (linear after sorting)."""
    kept: list[Removed] = []
    for r in sorted(found, key=lambda r: (r.start, r.kind == "markup", -r.end, r.kind)):
        if r.end <= r.start:
            continue
        if kept and r.start < kept[-1].end:
            if kept[-1].kind == "markup" and r.kind != "markup":
                kept[-1] = r  # the markup char lies inside a line judged boilerplate as a whole
            continue
        kept.append(r)
    return kept
