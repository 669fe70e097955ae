"""Word-level normalisation shared by claim alignment and discrepancy detection.

Outlets word one fact differently ("four" / "4", "meetings" / "meeting", "Secretary of
State Marco Rubio" / "Rubio"), so both stages compare normalised terms, never raw words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

# Letters (any script), digits with inner separators, or a lone symbol-free word piece.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself said says say saying told tell according added adding asked also
    one's it's that's he's she's we're they're i'm i've we've don't won't isn't wasn't can't didn't
    mr mrs ms dr per via yet still even much many may might must shall upon within without amid
    announced announces announce declared declares stated""".split()  # speech verbs: how, not what
)

# Titles and honorifics: outlets add or drop them freely, so they weigh little.
TITLE_WORDS = frozenset(
    """president secretary minister prime chancellor senator sen rep representative congressman
    congresswoman gov governor mayor spokesman spokeswoman spokesperson envoy ambassador general gen
    chairman chairwoman chair chief deputy vice first lady sir lord king queen prince judge justice
    director state foreign defense defence interior official officials leader""".split()
)

# Number words of English, from CLDR (see app/analysis/lang/en/values.py).
from app.analysis.lang.en.values import NUMBER_WORDS  # noqa: E402

# Common news paraphrases: each word stands for its concept, so "withdraw" meets "abandon".
_CONCEPTS = {
    "leave": "abandon withdraw quit exit drop abandon pull walk",
    "talks": "talks negotiations discussions meeting meetings negotiating negotiation",
    "deal": "deal agreement pact accord",
    "war": "war conflict fighting hostilities",
    "ceasefire": "ceasefire truce moratorium",
    "attack": "attack attacks strike strikes assault",
    "kill": "killed killing kill dead death deaths died",
    "warn": "warn warned warning warns threaten threatened threatens ultimatum",
    "quick": "quick quickly soon shortly rapid rapidly swift swiftly",
    "resign": "resign resigned resigning resignation step quit",
    "demand": "demand demands demanded insist insisted insists",
    "sue": "sue sued lawsuit suit",
    "say": "remarks comments statement",
    "promise": "promise promised promises pledge pledged pledges vow vowed vows commitment",
    "repay": "repay repaid repaying reimburse reimbursed reimbursing refund refunded",
    "deny": "deny denied denies denying denial",
    "accuse": "accuse accused accuses accusing accusation accusations allegation allegations allege alleged alleging",
    "urge": "urge urged urges urging pressed",
    "aide": "aide aides staffer staffers staff employee employees",
    "lawmaker": "lawmaker lawmakers legislator legislators congressman congresswoman congressmen",
    "reveal": "reveal revealed reveals disclose disclosed disclosure emerged surfaced",
    "progress": "progress headway breakthrough",
    "frustrate": "frustrated frustration frustrations exasperated exasperation impatience impatient",
    "us": "us u.s washington america american united",
}
SYNONYMS = {w: concept for concept, words in _CONCEPTS.items() for w in words.split()}

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
def stem(word: str) -> str:
    """Light suffix stripping: enough to join 'meetings'/'meeting', 'warned'/'warns'."""
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


def content_terms(text: str) -> list[tuple[str, float]]:
    """(term, weight) pairs for similarity: stems of content words, numbers by value."""
    found = (term_of(m.group().lower().replace("’", "'")) for m in _TOKEN.finditer(text))
    return [t for t in found if t is not None]


def written_terms(text: str) -> Iterator[tuple[str, str]]:
    """(term, word as written), lazily: callers looking for a few terms stop early."""
    for m in _TOKEN.finditer(text):
        t = term_of(m.group().lower().replace("’", "'"))
        if t is not None:
            yield t[0], m.group()


def content_terms_at(text: str) -> list[tuple[int, int, str, float]]:
    """(start, end, term, weight) of each content word, so a clause can take its sentence's share.

    The text is lower-cased once, not word by word, unless that would move offsets."""
    low = text.lower().replace("’", "'")
    same = len(low) == len(text)
    out = []
    for m in _TOKEN.finditer(low if same else text):
        t = term_of(m.group() if same else m.group().lower().replace("’", "'"))
        if t is not None:
            out.append((m.start(), m.end(), t[0], t[1]))
    return out


@lru_cache(maxsize=200_000)
def term_of(norm: str) -> tuple[str, float] | None:
    """One word's term and weight; cached because news reuses few words very often."""
    value = number_value(norm)
    if value is not None and norm != "one":
        return f"#{value:g}", 1.0
    if norm in STOPWORDS or len(norm) < 2:
        return None
    if norm in TITLE_WORDS:
        return stem(norm), 0.3
    return SYNONYMS.get(norm) or stem(norm), 1.0
