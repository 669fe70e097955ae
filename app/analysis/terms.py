"""Word-level normalisation shared by claim alignment and discrepancy detection.

Outlets word one fact differently ("four" / "4", "meetings" / "meeting", "Secretary of
State Marco Rubio" / "Rubio"), so both stages compare normalised terms, never raw words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any, NamedTuple

import snowballstemmer

from app.analysis.lang import DEFAULT, stage_data
from app.analysis.lang.en import terms as _english

# Letters (any script), digits with inner separators, or a lone symbol-free word piece.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

# English stop words, for the stages that read English only (story matching).
STOPWORDS = _english.STOPWORDS

# Number words of English, from CLDR (see app/analysis/lang/en/values.py).
from app.analysis.lang.en.values import NUMBER_WORDS  # noqa: E402

_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ies", "ied", "ers", "er", "ed", "es", "ly", "s")


class Token(NamedTuple):
    """A word with its offsets (a tuple, not a dataclass: texts have many, made often)."""

    text: str  # as written
    norm: str  # lower-cased, apostrophes unified
    start: int  # offset into the text it was read from
    end: int


def tokens(text: str) -> list[Token]:
    """Word and number tokens with offsets."""
    return [
        Token(w, w.lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text) for w in (m.group(),)
    ]


@lru_cache(maxsize=200_000)
def stem(word: str, language: str = DEFAULT) -> str:
    """A word's stem: the language's Snowball stemmer where its terms module names one, else
    light English suffix stripping (enough to join 'meetings'/'meeting', 'warned'/'warns')."""
    name = _stemmer_name(language)
    if name == "":
        return word.lower()  # no data for the language: its words are compared whole
    if name is not None:
        return str(_snowball(name).stemWord(word.lower()))
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 4 or not w.isalpha():
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]  # 'stopped' -> 'stopp' -> 'stop'
    return w.rstrip("e") if len(w) > 4 else w


@cache
def _stemmer_name(language: str) -> str | None:
    """The Snowball algorithm named by the language's terms module; None for the light English
    stripper (English names none), "" for a language without a terms module."""
    data = stage_data(language, "terms")
    return "" if data is None else getattr(data, "STEMMER", None)


@cache
def _snowball(name: str) -> Any:  # snowballstemmer builds its stemmer classes at run time
    return snowballstemmer.stemmer(name)


@cache
def stopwords(language: str) -> frozenset[str]:
    """The language's stop words; none for a language without a terms module (IDF still
    weighs its commonest words down)."""
    data = stage_data(language, "terms")
    return data.STOPWORDS if data is not None else frozenset()


@cache
def _title_words(language: str) -> frozenset[str]:
    data = stage_data(language, "terms")
    return getattr(data, "TITLE_WORDS", frozenset())


def number_value(word: str) -> float | None:
    """The value of a digit string or a number word ('4', '4,000', 'four', 'thirty-five')."""
    w = word.lower().replace(",", "")
    if w.isalpha() and w not in NUMBER_WORDS and "-" not in w:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in NUMBER_WORDS:
        return float(NUMBER_WORDS[w])
    parts = re.split(r"[-\s]", w)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


def content_terms(text: str, language: str = DEFAULT) -> list[tuple[str, float]]:
    """(term, weight) pairs for similarity: stems of content words, numbers by value."""
    found = (term_of(m.group().lower().replace("’", "'"), language) for m in _TOKEN.finditer(text))
    return [t for t in found if t is not None]


def written_terms(text: str, language: str = DEFAULT) -> Iterator[tuple[str, str]]:
    """(term, word as written), lazily: callers looking for a few terms stop early."""
    for m in _TOKEN.finditer(text):
        t = term_of(m.group().lower().replace("’", "'"), language)
        if t is not None:
            yield t[0], m.group()


def content_terms_at(text: str, language: str = DEFAULT) -> list[tuple[int, int, str, float]]:
    """(start, end, term, weight) of each content word, so a clause can take its sentence's share.

    The text is lower-cased once, not word by word, unless that would move offsets."""
    low = text.lower().replace("’", "'")
    same = len(low) == len(text)
    out = []
    for m in _TOKEN.finditer(low if same else text):
        t = term_of(m.group() if same else m.group().lower().replace("’", "'"), language)
        if t is not None:
            out.append((m.start(), m.end(), t[0], t[1]))
    return out


@lru_cache(maxsize=200_000)
def term_of(norm: str, language: str = DEFAULT) -> tuple[str, float] | None:
    """One word's term and weight in its language; cached because news reuses few words very often."""
    value = number_value(norm)
    if value is not None and norm != "one":
        return f"#{value:g}", 1.0
    if norm in stopwords(language) or len(norm) < 2:
        return None
    if norm in _title_words(language):
        return stem(norm, language), 0.3
    return stem(norm, language), 1.0


def is_title_term(term: str) -> bool:
    """Whether a term is the stem of a title word ("president", "minister")."""
    return term in _TITLE_TERMS


_TITLE_TERMS = frozenset(stem(w) for w in _english.TITLE_WORDS)
