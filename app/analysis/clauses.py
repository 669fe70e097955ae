"""Passages that can carry a claim: whole sentences plus their clauses.

Outlets split compound sentences differently ("X, while Y" in one, two sentences in
another), so a clause may match elsewhere better than its whole sentence does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.analysis.types import Sentence

# Where one sentence-like passage ends inside a segment (a segmenter may hand us paragraphs).
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\b(?:Mr|Ms|Dr|St)\.)(?<!\b(?:Mrs|Gov|Sen|Rep|Gen)\.)"
    r"[”\"’']?\s+(?=[“\"‘'(\[]?[A-Z0-9])"
)  # not after an initial or a title ("Mr. Farenthold", "J. D. Vance")
# Clause boundaries: semicolons, dashes, a closing quote before its attribution, and a
# comma before a conjunction or relative pronoun that starts a new fact.
_CLAUSE_BREAK = re.compile(
    r";\s|\s[–]\s|—|[”\"],?\s(?=[a-z])|\(|\)|"
    r",\s+(?=(?:but|while|whereas|although|though|which|who|saying|as|after|before|when|and then|"
    r"despite|amid|including|citing|claiming|alleging|adding|noting|according)\b)"
)


@dataclass(frozen=True)
class Unit:
    article: str
    sentence: int  # index into the article's sentence list
    start: int
    end: int
    text: str
    is_whole: bool  # the whole sentence, not one of its pieces
    is_heading: bool = False


def sentence_units(s: Sentence, min_words: int, max_pieces: int) -> list[Unit]:
    """The sentence itself, then its sentences and clauses when it has several."""
    whole = Unit(s.article, s.index, s.start, s.end, s.text, True, s.is_heading)
    if s.is_heading:
        return [whole]
    subs = _pieces(s, _SENTENCE_BREAK, min_words)
    subs = subs if len(subs) >= 2 else []
    clauses = []
    for part in subs or [whole]:
        pieces = _pieces(_as_sentence(part, s), _CLAUSE_BREAK, min_words)
        clauses.extend(pieces if len(pieces) >= 2 else [])
    extra = {(u.start, u.end): u for u in subs + clauses if (u.start, u.end) != (s.start, s.end)}
    return [whole, *sorted(extra.values(), key=lambda u: (u.start, -u.end))[:max_pieces]]


def _as_sentence(u: Unit, s: Sentence) -> Sentence:
    return Sentence(s.article, s.index, u.start, u.end, u.text)


def _pieces(s: Sentence, pattern: re.Pattern[str], min_words: int) -> list[Unit]:
    """Cut at pattern; keep pieces with enough words, trimmed of spaces and punctuation."""
    out, pos = [], 0
    bounds = [(m.start(), m.end()) for m in pattern.finditer(s.text)] + [(len(s.text), len(s.text))]
    for cut_start, cut_end in bounds:
        piece = _trim(s.text, pos, cut_start)
        if piece and len(s.text[piece[0] : piece[1]].split()) >= min_words:
            a, b = piece
            out.append(Unit(s.article, s.index, s.start + a, s.start + b, s.text[a:b], False))
        pos = cut_end
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    strip = " \t\r\n,;:—–-“”\"‘’'*#[]()"
    while a < b and text[a] in strip:
        a += 1
    while b > a and text[b - 1] in strip:
        b -= 1
    return (a, b) if b > a else None
