"""Typed values a passage states (counts, days, months, completion, listed names), each
with the role it plays, so two outlets' values are compared only when they describe the
same thing: "four regions" against "five regions", never "four regions" against "five years".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.analysis.terms import (
    MONTHS,
    SCALE_WORDS,
    STOPWORDS,
    TITLE_WORDS,
    WEEKDAYS,
    Token,
    number_value,
    stem,
    tokens,
)

SPEECH_WORDS = frozenset(
    """said says say told tells announced announce warned warns warning stated statement statements comments
    comment commented remarks remark spoke speaking speech laid declared insisted added wrote
    reporters briefing interview posted tweeted""".split()
)
_ENDING = r"(?:end|expire|expiry|expiration|lapse|run out)"
_PENDING = re.compile(
    rf"\b(?:close to|near(?:ing)?|about to|set to|due to|poised to|soon to|approaching)\s+(?:its\s+|the\s+|an?\s+)?{_ENDING}\w*",
    re.I,
)
_DONE = re.compile(
    r"\b(?:has|have|had)\s+(?:already\s+|now\s+)?(?:expired|ended|lapsed|run out)\b|\b(?:is|was)\s+over\b", re.I
)
_AGREE_PENDING = re.compile(r"\b(?:prepared|ready|willing|expected|set|poised)\s+to\s+agree\b", re.I)
_AGREE_DONE = re.compile(r"\b(?:has|have|had)\s+(?:already\s+)?agreed\b", re.I)
_LIST = re.compile(r"\b[A-Z][\w’'-]+(?:,\s+[A-Z][\w’'-]+)+,?\s+(?:and|or)\s+[A-Z][\w’'-]+")
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True)
class Value:
    kind: str  # number, weekday, month, status-end, status-agree, names
    value: str  # normalised, compared for equality
    role: frozenset  # words around the value: the fact it is attached to
    start: int  # offsets into the passage text
    end: int
    about: str  # human wording of the fact, e.g. "number of regions"


@lru_cache(maxsize=50_000)
def extract(text: str) -> tuple[Value, ...]:
    """All typed values in a passage (cached: groups and related pairs revisit passages)."""
    toks = tokens(text)
    found = _numbers(text, toks) + _days_and_months(toks)
    found += _status(text, _PENDING, _DONE, "status-end", "whether it has ended")
    found += _status(text, _AGREE_PENDING, _AGREE_DONE, "status-agree", "whether it was agreed")
    return tuple(found + _name_lists(text))


def _numbers(text: str, toks: list[Token]) -> list[Value]:
    out, skip = [], -1
    for k, tok in enumerate(toks):
        value = number_value(tok.norm)
        if k <= skip or value is None or tok.norm in ("one", "hundred", "thousand", "million", "billion", "dozen"):
            continue
        if _YEARLIKE.match(tok.norm) or _part_of_date(toks, k):
            continue
        end, value = _compound(text, toks, k, value)
        skip = end
        head = (
            {"<money>"}
            if text[max(0, tok.start - 1) : tok.start] in "$€£" and tok.start
            else _head_nouns(toks, end + 1)
        )
        if head:
            shown = f"{int(value):,}" if value.is_integer() else f"{value:g}"
            noun = "money" if "<money>" in head else _surface_noun(toks, end + 1)
            out.append(Value("number", shown, frozenset(head), tok.start, toks[end].end, f"number of {noun}"))
    return out


def _compound(text: str, toks: list[Token], k: int, value: float) -> tuple[int, float]:
    """'thirty-five' and '3 million' are one value each."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt and value >= 20 and value % 10 == 0 and text[toks[k].end : nxt.start] == "-":
        unit = number_value(nxt.norm)
        if unit is not None and unit < 10:
            return _with_scale(toks, k + 1, value + unit)
    return _with_scale(toks, k, value)


def _surface_noun(toks: list[Token], k: int) -> str:
    """The counted word as written, for the 'about' label ('regions', not 'region')."""
    for tok in toks[k : k + 3]:
        if tok.text[:1].islower() and tok.norm not in STOPWORDS:
            return tok.norm
    return "items"


def _with_scale(toks: list[Token], k: int, value: float) -> tuple[int, float]:
    """'3 million' is one value: 3,000,000."""
    if k + 1 < len(toks) and toks[k + 1].norm in SCALE_WORDS:
        return k + 1, value * SCALE_WORDS[toks[k + 1].norm]
    return k, value


def _part_of_date(toks: list[Token], k: int) -> bool:
    near = [toks[i].norm for i in (k - 1, k + 1) if 0 <= i < len(toks)]
    return any(w in MONTHS for w in near)


def _head_nouns(toks: list[Token], k: int, width: int = 3) -> set[str]:
    """Lower-case content words right after a number: what is being counted."""
    head = set()
    for tok in toks[k : k + width]:
        if tok.norm in ("of", "the") and not head:
            continue
        if not tok.text[:1].islower() or tok.norm in STOPWORDS or number_value(tok.norm) is not None:
            if head or tok.norm in STOPWORDS:
                break
            continue
        head.add(stem(tok.norm))
    return head


def _days_and_months(toks: list[Token]) -> list[Value]:
    out = []
    for k, tok in enumerate(toks):
        word = tok.norm.removesuffix("'s")
        if word in WEEKDAYS:
            out.append(Value("weekday", word, _event_role(toks, k), tok.start, tok.end, "day of the week"))
        elif word in MONTHS and tok.text[:1].isupper() and word != "may":
            out.append(Value("month", word, _event_role(toks, k), tok.start, tok.end, "month"))
    return out


def _event_role(toks: list[Token], k: int, width: int = 4) -> frozenset:
    """What happened on the day: a statement (any speech verb), or the nearby event nouns."""
    near = toks[max(0, k - width) : k] + toks[k + 1 : k + 1 + width]
    speech = {"<statement>"} if any(t.norm in SPEECH_WORDS for t in near) else set()
    words = {stem(t.norm) for t in near if t.text[:1].islower() and t.norm not in SPEECH_WORDS}
    return frozenset(speech | {w for w in words if w not in STOPWORDS and w not in TITLE_WORDS and len(w) > 2})


def _status(text: str, pending: re.Pattern, done: re.Pattern, kind: str, about: str) -> list[Value]:
    out = [Value(kind, "not yet", frozenset({kind}), m.start(), m.end(), about) for m in pending.finditer(text)]
    out += [Value(kind, "done", frozenset({kind}), m.start(), m.end(), about) for m in done.finditer(text)]
    return out


def _name_lists(text: str) -> list[Value]:
    """'Paris, London, Berlin or Kyiv': the names an outlet enumerates."""
    out = []
    for m in _LIST.finditer(text):
        names = re.findall(r"[A-Z][\w’'-]+", m.group())
        if len(names) >= 3:
            out.append(
                Value("names", ", ".join(sorted(set(names))), frozenset(names), m.start(), m.end(), "names listed")
            )
    return out


def context(text: str, v: Value, width: int = 40) -> set[str]:
    """Content stems of the words around a value, to tell its fact from a neighbour's."""
    near = text[max(0, v.start - width) : v.end + width]
    return {
        stem(t.norm)
        for t in tokens(near)
        if t.norm not in STOPWORDS and t.norm not in TITLE_WORDS and number_value(t.norm) is None and len(t.norm) > 2
    }


def compatible(a: Value, b: Value) -> bool:
    """Two values describe the same thing: same kind, overlapping role."""
    if a.kind != b.kind:
        return False
    if a.kind == "names":
        return len(a.role & b.role) >= max(2, min(len(a.role), len(b.role)) - 1)
    return bool(a.role & b.role)
