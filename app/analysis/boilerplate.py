"""Find what is not the article's own reporting: comment forms, credits, captions, bylines,
datelines and time stamps, teasers, newsletter and app prompts, ad labels, share widgets,
schedule table rows and editor's notes.

Scraped news text keeps the page furniture around the story. Those spans are reported (never
dropped) so later stages skip them and readers can still see them. The labels are per language
(app/analysis/lang/<code>/boilerplate.py); the rules that need no words (markup, table rows,
"City (Agency) —" datelines, "Name/Agency" credits) run for every language. Everything works
line by line with linear regexes, so a hostile input cannot make it slow.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from app.analysis import lang
from app.analysis.lang.locale_data import Vocabulary, fold
from app.analysis.lang.locale_data import words as folded_words
from app.analysis.normalize import words
from app.analysis.options import AnalysisOptions
from app.analysis.types import Removed

_LINE = re.compile(r"[^\n]+")
_SCRAPER_STAMP = re.compile(r"\A\s*(date \d{4}-\d{2}-\d{2}(?:[T ][\d:]{5,8})?)")
_AGENCY = (
    r"(?:Reuters|AP|AFP|Getty Images|EPA(?:-EFE)?|Shutterstock|Bloomberg|Pool|Associated Press|"
    r"The New York Times|Sipa|Xinhua|Anadolu|Alamy|ANI|PTI|dpa|Redux|Polaris)"
)
_NAME_TOKEN = r"[A-Z][\w.'\u2019-]*"
_GLUED_CREDIT = re.compile(r"(?<=[.!?\u201d\"])\s*(Credit:?\s?[A-Z][^\n/]{1,60}(?:/[^\n/]{1,40}){0,3})$")
_DATED_CAPTION_END = re.compile(
    r",? (?:on )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\.$"
)
_DASH = r"(?:\u2014|\u2013|--|-(?=\s))"
# "WASHINGTON —", "JAKARTA, Indonesia (AP) —", "LONDON (Reuters) -": a place in capitals, optional region and agency.
_DATELINE = re.compile(
    r"[A-Z]{2,}(?:[ .'-]{1,2}[A-Z]{2,}){0,3}\.?(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"
    rf"\s*(?:\([A-Za-z ]{{1,30}}\)\s*)?(?:{_DASH}|-(?=[A-Z][a-z]))"  # "ALASKA-Shortly after..." (spacing lost)
)
# "Berlin (dpa) -", "القاهرة (رويترز) -", "Paris, 12 mars (AFP) -": any script, with the agency in brackets.
_AGENCY_DATELINE = re.compile(rf"[^\W\d_][^\n()]{{0,50}}?\s?\([^\W\d_][^()\n]{{0,28}}\)\s*{_DASH}")
_TABLE_ROW = re.compile(r"\|?(?:[^|\n]{0,80}\|){2,}[^|\n]{0,80}|(?:[^\t\n]{0,80}\t){2,}[^\t\n]{0,80}")
_TIME_ZONE = re.compile(r"^[A-Z]{2,5}$")
_HEADING_MARK = re.compile(r"#{1,6}(?=\s)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,2})(?=[^\s*_])[^*_\n]{1,2000}?(?<=[^\s*_])\1")
_LINK = re.compile(r"\[[^\[\]\n]{1,500}\](\([^()\s]{0,2000}\))")


@dataclass(frozen=True)
class _Labels:
    """One language's labels, compiled once (see app/analysis/lang/<code>/boilerplate.py)."""

    byline: re.Pattern[str] | None
    credit_line: re.Pattern[str]
    contributor: re.Pattern[str] | None
    related: re.Pattern[str] | None
    promo: re.Pattern[str] | None
    ad: frozenset[str]
    share: frozenset[str]
    editor_note: re.Pattern[str] | None
    stamp_words: frozenset[str]
    comment_form: re.Pattern[str] | None
    caption_verb: re.Pattern[str] | None
    vocabulary: Vocabulary | None  # month and weekday names, for time-stamp lines


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def _prefix(phrases: tuple[str, ...], after: str) -> re.Pattern[str] | None:
    return re.compile(rf"(?:{_alternation(phrases)}){after}", re.I) if phrases else None


@cache
def _labels(language: str | None) -> _Labels:
    data: ModuleType | None = lang.stage_data(language or lang.DEFAULT, "boilerplate")
    values = lang.stage_data(language or lang.DEFAULT, "values")

    def get(name: str) -> tuple[str, ...]:
        return tuple(getattr(data, name, ())) if data else ()

    credit = (
        rf"(?:(?:{_alternation(get('CREDIT'))})(?:\s?:|\s(?=[A-Z]))\s*|\(Photo by\s*)" if get("CREDIT") else r"(?!x)x"
    )
    byline_words = get("BYLINE")
    byline = None
    if byline_words:
        prefix = _alternation([*byline_words, *(w.upper() for w in byline_words)])
        byline = re.compile(
            rf"(?:{prefix})\s+{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}}"
            rf"(?:(?:,\s*|\s+(?:and|und|et|y|e|en)\s+|\s*&\s*){_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}}){{0,4}}"
            r"(?:\s*[|,]\s*[A-Z][\w ]{1,30})?"
        )
    return _Labels(
        byline=byline,
        credit_line=re.compile(
            rf"{credit}?{_NAME_TOKEN}(?:[ \-]{_NAME_TOKEN}){{0,4}}(?:\s?/\s?(?:via )?[\w.'\u2019 -]{{1,40}}){{1,4}}\)?"
            rf"|{credit}[\w.'\u2019 /-]{{1,60}}"
            rf"|{_NAME_TOKEN}(?: {_NAME_TOKEN}){{0,3}}\s?(?:/|via|for)\s?{_AGENCY}"
        ),
        contributor=re.compile(rf"\b(?:{_alternation(get('CONTRIBUTOR'))})\b") if get("CONTRIBUTOR") else None,
        related=_prefix(get("RELATED"), r"\s*(?::|\||»|›|→|\u2014|\u2013|-)"),
        promo=_prefix(get("PROMO"), r"\b"),
        ad=frozenset(fold(w) for w in get("AD")),
        share=frozenset(fold(w) for w in get("SHARE")),
        editor_note=_prefix(get("EDITOR_NOTE"), r"\s*:"),
        stamp_words=frozenset(w for phrase in get("TIMESTAMP") for w in folded_words(phrase)),
        comment_form=getattr(data, "COMMENT_FORM", None),
        caption_verb=getattr(data, "CAPTION_VERB", None),
        vocabulary=getattr(values, "VOCABULARY", None),
    )


def supported(language: str | None) -> bool:
    """Whether this language's labels are known (the rules that need no words run for every language)."""
    return lang.stage_data(language or lang.DEFAULT, "boilerplate") is not None


def find_removed(text: str, options: AnalysisOptions, language: str | None = None) -> list[Removed]:
    """Spans of boilerplate, sorted, non-overlapping, offsets into ``text``."""
    text = text[: options.max_chars_per_article]
    labels = _labels(language)
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    found: list[Removed] = []
    stamp = _SCRAPER_STAMP.match(text)
    if stamp:
        found.append(Removed(stamp.start(1), stamp.end(1), "dateline"))
    article_words = _word_counts(text)
    for i in range(len(lines)):
        found.extend(_classify_line(text, lines, i, article_words, options, labels))
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
    text: str,
    lines: list[tuple[int, int]],
    i: int,
    article_words: dict[str, int],
    options: AnalysisOptions,
    labels: _Labels,
) -> list[Removed]:
    start, end = _inner(text, *lines[i])
    line = text[start:end]
    if not line or len(line) > options.boilerplate_max_line_chars:
        return []
    if labels.comment_form and labels.comment_form.fullmatch(line):
        return [Removed(start, end, "comment-form")]
    if labels.credit_line.fullmatch(line):
        return [Removed(start, end, "photo-credit")]
    glued = _GLUED_CREDIT.search(line)
    if glued:
        cut = start + glued.start(1)
        caption_end = start + len(line[: glued.start(1)].rstrip())
        return [Removed(start, caption_end, "caption"), Removed(cut, end, "photo-credit")]
    kind = _line_kind(text, lines, i, line, article_words, options, labels)
    if kind:
        return [Removed(start, end, kind)]
    dateline = _dateline(line, i, len(lines))
    if dateline:
        return [Removed(start, start + dateline, "dateline")]
    return []


def _dateline(line: str, i: int, n_lines: int) -> int:
    """Length of the dateline opening this line (0 if none). A first line opens with one only
    when reporting follows it there: alone, a first line in capitals is a headline."""
    m = _DATELINE.match(line) or _AGENCY_DATELINE.match(line)
    if not m:
        return 0
    rest = line[m.end() :].strip()
    if i == 0 and (len(rest.split()) < 6 or (n_lines == 1 and not rest.endswith((".", "\u201d", '"')))):
        return 0
    if not rest and i == 0:
        return 0
    return m.end()


def _line_kind(
    text: str,
    lines: list[tuple[int, int]],
    i: int,
    line: str,
    article_words: dict[str, int],
    options: AnalysisOptions,
    labels: _Labels,
) -> str | None:
    folded = fold(line).strip(" :|·•-–—").rstrip(".")
    if folded in labels.ad:
        return "advertisement"
    if labels.byline and labels.byline.fullmatch(line):
        return "byline"
    if labels.byline and _is_staff_line(text, lines, i, line, labels):
        return "byline"
    if labels.contributor and labels.contributor.search(line) and len(line.split()) <= 40:
        return "byline"
    if labels.editor_note and labels.editor_note.match(line):
        return "editor-note"
    if _is_share_widget(line, labels):
        return "share-widget"
    if labels.promo and labels.promo.match(line) and len(line.split()) <= 25:
        return "promo"
    if _is_time_stamp(line, labels):
        return "dateline"
    if _is_table_row(line):
        return "table-row"
    if _is_caption(text, lines, i, line, labels):
        return "caption"
    if (labels.related and labels.related.match(line)) or _is_off_topic_headline(
        lines, i, line, article_words, options
    ):
        return "related-link"
    return None


def _is_share_widget(line: str, labels: _Labels) -> bool:
    """'Share | Tweet | Email', '12 Comments': only widget words (and counts) on the line."""
    if not labels.share or len(line) > 120:
        return False
    rest = fold(line)
    for word in sorted(labels.share, key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", rest)
    return rest != fold(line) and not re.sub(r"[\d\s|·•/,:()\-–—]+", "", rest)


def _is_time_stamp(line: str, labels: _Labels) -> bool:
    """'Updated 4:08 p.m. ET', 'May 2, 2013, 1:12 PM', '21 July 2013 Last updated at 11:11 GMT':
    a line of dates, times, time zones and publishing labels only."""
    voc = labels.vocabulary
    if voc is None or len(line) > 160 or not re.search(r"\d", line):
        return False
    calendar = set(voc.weekdays) | set(voc.months) | set(voc.day_periods)
    dated = False
    for token in re.findall(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?|\d+", line):
        word = fold(token).rstrip(".").replace(".", "")
        if token.isdigit() or word in labels.stamp_words or word in ("am", "pm"):
            continue
        if word in calendar or word.split()[0] in calendar:
            dated = True
            continue
        if _TIME_ZONE.match(token.rstrip(".")) or (token.isupper() and len(token) > 1):
            continue  # "EDT", "GMT"; a place in capitals ("WASHINGTON-April 27-")
        return False
    return dated or bool(re.search(r"\d{1,2}[:.]\d{2}|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}", line))


def _is_table_row(line: str) -> bool:
    """A row of a schedule or results table: cells between bars or tabs, none of them a sentence."""
    if not _TABLE_ROW.fullmatch(line):
        return False
    cells = [c.strip() for c in re.split(r"[|\t]", line) if c.strip()]
    return len(cells) >= 2 and all(len(c.split()) <= 8 and not c.endswith(".") for c in cells)


def _next_line(text: str, lines: list[tuple[int, int]], i: int) -> str:
    if i + 1 >= len(lines):
        return ""
    start, end = _inner(text, *lines[i + 1])
    return text[start:end]


def _is_staff_line(text: str, lines: list[tuple[int, int]], i: int, line: str, labels: _Labels) -> bool:
    """'Washington Post' or 'Staff Writer' right under a byline: still the byline."""
    if i == 0 or len(line.split()) > 4 or re.search(r"[.!?:;\"\u201c\u201d]", line):
        return False
    prev_start, prev_end = _inner(text, *lines[i - 1])
    return bool(labels.byline and labels.byline.fullmatch(text[prev_start:prev_end]))


def _is_caption(text: str, lines: list[tuple[int, int]], i: int, line: str, labels: _Labels) -> bool:
    """A photo caption: a one-sentence description followed by its credit, or dated wire-caption style."""
    if re.search(r"[\"\u201c\u201d]", line) or len(line.split()) > 70:
        return False
    if labels.credit_line.fullmatch(_next_line(text, lines, i)) and line.endswith("."):
        return True
    return bool(labels.caption_verb and _DATED_CAPTION_END.search(line) and labels.caption_verb.search(line))


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
