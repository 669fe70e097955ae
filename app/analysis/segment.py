"""Sentence segmentation with offsets into the original text.

Each line is a paragraph (scraped news puts one paragraph per line) and is cut by the
``sentencex`` library, which knows abbreviations and keeps a closing quote mark with its
sentence; it is also fast (pysbd took ~7 s per MB here, sentencex ~0.1 s). Removed spans are
blanked with spaces before segmenting, so offsets never move and markup inside a sentence
(a link's brackets) does not cut it.
"""

from __future__ import annotations

import re
from types import ModuleType

import sentencex

from app.analysis import lang
from app.analysis.options import AnalysisOptions
from app.analysis.types import Article, Removed, Sentence

_LINE = re.compile(r"[^\n]+")
_TRIM = " \t\r\f\v\u00a0\u200b\ufeff*_#>"
# sentencex sometimes cuts after initials ("J.D." | "Vance") or a title ("Ms." | "Greene"); neither ends a sentence
_INITIALS_END = re.compile(
    r"(?:^|[\s(])(?:(?:[A-Z]\.){1,3}|(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Sen|Rep|Gov|St|Prof|Rev|Hon|Messrs)\.)\s*$"
)
_CLOCK_THEN_ZONE = re.compile(r"\b[ap]\.m\.\s*$")
_ZONE_START = re.compile(r"\s*(?:Eastern|Pacific|Central|Mountain|ET|EST|EDT|PT|PST|GMT|UTC|BST|CET)\b")
_COUNTRY_INITIALS = re.compile(r"(?:U\.S\.|U\.K\.|U\.N\.|E\.U\.)\s*$")
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d\u00ab\u00bb\u201e]")
_FALLBACK_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+[\"'\u201d\u2019)]*\s*|$)")
_TERMINAL = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)\]]*$")


def split_sentences(doc: Article, removed: list[Removed], options: AnalysisOptions) -> list[Sentence]:
    """Sentences of the text outside the removed spans, in reading order."""
    text = doc.text[: options.max_chars_per_article]
    masked = _blank(text, removed)
    spans: list[tuple[int, int, bool]] = []
    language = doc.language or lang.DEFAULT
    for m in _LINE.finditer(masked):
        spans.extend(_line_sentences(masked, m.start(), m.end(), options, language))
    return [
        Sentence(doc.id, i, start, end, text[start:end], is_heading)
        for i, (start, end, is_heading) in enumerate(_mark_title(text, spans))
    ]


def _blank(text: str, removed: list[Removed]) -> str:
    """The text with removed spans replaced by spaces: same length, same offsets."""
    if not removed:
        return text
    parts, cursor = [], 0
    for r in sorted(removed, key=lambda r: r.start):
        start, end = max(r.start, cursor), min(r.end, len(text))
        if end <= start:
            continue
        parts.append(text[cursor:start])
        parts.append(" " * (end - start))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _line_sentences(
    masked: str, start: int, end: int, options: AnalysisOptions, language: str
) -> list[tuple[int, int, bool]]:
    line = masked[start:end]
    if not line.strip(_TRIM):
        return []
    heading = line.lstrip().startswith("#")
    pieces = _cut(line, options.max_sentence_chars, language)
    out = []
    for a, b in pieces:
        a, b = _trim(line, a, b)
        if b > a:
            out.append((start + a, start + b, heading))
    return out


def _cut(line: str, max_chars: int, language: str = lang.DEFAULT) -> list[tuple[int, int]]:
    """Sentence spans within one line; overlong unpunctuated runs are cut hard so work stays bounded."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for seg in _segments(line, language):
        spans.append((cursor, cursor + len(seg)))
        cursor += len(seg)
    if cursor != len(line):  # the library did not return the line verbatim: one sentence
        spans = [(0, len(line))]
    spans = _join_initials(line, spans, language)
    return [piece for a, b in spans for piece in _hard_cut(a, b, max_chars)]


def _segments(line: str, language: str) -> list[str]:
    """sentencex, except on lines dense with quote marks, where its quote pairing turns quadratic."""
    marks = len(_QUOTE_MARK.findall(line))
    if marks > 64 and marks * 20 > len(line):
        return _FALLBACK_SENTENCE.findall(line)
    return list(sentencex.segment(language, line))


def _join_initials(line: str, spans: list[tuple[int, int]], language: str = lang.DEFAULT) -> list[tuple[int, int]]:
    data = lang.stage_data(language, "segment")
    joined: list[tuple[int, int]] = []
    for a, b in spans:
        prev = line[joined[-1][0] : joined[-1][1]] if joined else ""
        if prev and (_continues(prev, line[a:b]) or _language_continues(prev, line[a:b], data)):
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    return joined


def _continues(prev: str, nxt: str) -> bool:
    if _CLOCK_THEN_ZONE.search(prev):
        return bool(_ZONE_START.match(nxt))
    return bool(_INITIALS_END.search(prev)) and not _COUNTRY_INITIALS.search(prev)


def _language_continues(prev: str, nxt: str, data: ModuleType | None) -> bool:
    """A piece ending in one of the language's abbreviations ("M.", "Sr.", "د.") or ordinals
    ("zum 3." before "Mal", "2." before "º") continues into the next."""
    if data is None:
        return False
    words = prev.split()
    last = words[-1] if words else ""
    if _ORDINAL.fullmatch(last) and _starts_with_month(nxt, data):
        return True  # "Donnerstag, 7." + "März": a date
    if last in getattr(data, "NO_BREAK_AFTER", ()):
        return True
    if nxt[:1] in getattr(data, "ORDINAL_MARKS", ()):
        return True
    before = getattr(data, "ORDINAL_BEFORE", ())
    return bool(before and len(words) >= 2 and _ORDINAL.fullmatch(last) and words[-2].lower() in before)


_ORDINAL = re.compile(r"\d{1,3}\.")


def _starts_with_month(text: str, data: ModuleType) -> bool:
    months = getattr(data, "MONTHS", None)
    if months is None:
        return False
    first = text.split(maxsplit=1)[0].rstrip(".,;:").lower() if text.split() else ""
    return first in months


def _hard_cut(a: int, b: int, max_chars: int) -> list[tuple[int, int]]:
    return [(i, min(i + max_chars, b)) for i in range(a, b, max_chars)] if b - a > max_chars else [(a, b)]


def _trim(line: str, a: int, b: int) -> tuple[int, int]:
    while a < b and line[a] in _TRIM:
        a += 1
    while b > a and line[b - 1] in _TRIM:
        b -= 1
    return a, b


def _mark_title(text: str, spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """The first line, when it reads as a headline (no closing punctuation, alone on its line), is a heading."""
    if not spans or spans[0][2]:
        return spans
    start, end, _ = spans[0]
    line_end = text.find("\n", end)
    alone = text[end : len(text) if line_end < 0 else line_end].strip(_TRIM) == ""
    if alone and not _TERMINAL.search(text[start:end]) and len(text[start:end].split()) <= 30:
        spans[0] = (start, end, True)
    return spans
