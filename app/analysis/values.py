"""Typed values a passage states, each with the role it plays, so two outlets' values are
compared only when they describe the same thing: "four regions" against "five regions",
never "four regions" against "five years".

Kinds: number (counts and measures, with unit or currency, and the range an approximation
allows: "about 30", "at least 24", "20-30"), age, weekday, date, month, time, status-end,
status-agree and names (a listed set). What a language writes (number words, decimal comma,
month names, units, "mindestens") comes from its data module, app/analysis/lang/<code>/values.py,
built from CLDR; a language without one yields no values, so its discrepancies are not checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import NamedTuple, TypeVar

from app.analysis import lang, terms
from app.analysis.lang.locale_data import Vocabulary, ascii_digits, fold

# A number with inner separators, a word of any script (Arabic marks inside), or a symbol.
_TOKEN = re.compile(
    r"(\d+(?:[.,\u066b\u066c\u202f\u00a0'’]\d+)*)"
    r"|((?:[^\W\d_]|[\u064b-\u0652\u0640])+(?:['’](?:[^\W\d_]|[\u064b-\u0652\u0640])+)*)"
    r"|([%\u066a$€£¥₹])"
)
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")
_INF = math.inf
_ABOUT_SPREAD = 0.1  # "about 30" allows 27-33: a tenth either way, the usual rounding of a reported count
_DASHES = ("-", "\u2013", "\u2014")


class Tok(NamedTuple):
    text: str  # as written (digits made ASCII)
    norm: str  # folded
    start: int
    end: int
    kind: str  # "num", "word" or "sym"


@dataclass(frozen=True)
class Value:
    kind: str  # number, age, weekday, date, month, time, status-end, status-agree, names
    value: str  # normalised: equal values mean the same thing
    role: frozenset[str]  # keys of the words around the value: the fact it is attached to
    start: int  # offsets into the passage text
    end: int
    about: str  # human wording of the fact, e.g. "number of regions"
    low: float = 0.0  # the range the value allows (numbers and ages)
    high: float = 0.0
    unit: str = ""  # unit id or currency code a number is measured in
    bound: str = ""  # the approximation written with it ("at-least", "about", ...), or "range"
    lead: frozenset[str] = frozenset()  # numbers: the word before ("killed 12", "magnitude 6.1"); role is what follows


@dataclass(frozen=True)
class _Language:
    vocabulary: Vocabulary
    module: ModuleType
    function_words: frozenset[str]
    synonyms: dict[str, str]
    prefixes: tuple[str, ...]
    qualifier_words: frozenset[str]  # "at", "least": never what is counted
    nouns_capitalised: bool  # German capitalises every noun: a capital does not mark a name
    min_letters: int  # shorter words are function words where the language has no stop-word list


@lru_cache(maxsize=16)
def _language(language: str | None) -> _Language | None:
    module = lang.stage_data(language or lang.DEFAULT, "values")
    if module is None:
        return None
    words = lang.stage_data(language or lang.DEFAULT, "terms")
    if words is None and (language or lang.DEFAULT) == lang.DEFAULT:
        words = terms
    return _Language(
        module.VOCABULARY,
        module,
        frozenset(getattr(words, "STOPWORDS", ()))
        | frozenset(getattr(words, "TITLE_WORDS", ()))
        | frozenset(getattr(module, "FUNCTION_WORDS", ())),
        dict(getattr(words, "SYNONYMS", {})),
        tuple(getattr(module, "CLITIC_PREFIXES", ())),
        frozenset(
            w for table in (module.VOCABULARY.qualifiers, module.VOCABULARY.qualifiers_after) for p in table for w in p
        ),
        bool(getattr(module, "NOUNS_CAPITALISED", False)),
        3 if words is not None else getattr(module, "MIN_CONTENT_LETTERS", 4),
    )


def supported(language: str | None) -> bool:
    """Whether values (and so discrepancies) are read for this language."""
    return _language(language) is not None


@lru_cache(maxsize=50_000)
def extract(text: str, language: str | None = None) -> tuple[Value, ...]:
    """All typed values in a passage (cached: groups and related pairs revisit passages)."""
    info = _language(language)
    if info is None:
        return ()
    voc = info.vocabulary
    toks = _tokens(text)
    used: set[int] = set()
    found = _dates(text, toks, used, info) + _times(text, toks, used, info)
    found += _calendar_words(text, toks, used, info)
    found += _ages(text, toks, used, info) + _numbers(text, toks, used, info)
    for kind, about, pending, done in getattr(info.module, "STATUS", ()):
        found += _status(text, pending, done, kind, about)
    if voc.capitalised:
        found += _name_lists(text, voc)
    return tuple(sorted(found, key=lambda v: v.start))


def _tokens(text: str) -> list[Tok]:
    plain = ascii_digits(text)
    out = []
    for m in _TOKEN.finditer(plain):
        kind = "num" if m.group(1) else "word" if m.group(2) else "sym"
        out.append(Tok(m.group(), fold(m.group()), m.start(), m.end(), kind))
    return out


_Entry = TypeVar("_Entry")


def _phrase(
    toks: list[Tok], k: int, table: Mapping[tuple[str, ...], _Entry], longest: int = 4
) -> tuple[int, _Entry] | None:
    """The longest entry of ``table`` (keys: tuples of folded words) starting at token k: (end token, value)."""
    for n in range(min(longest, len(toks) - k), 0, -1):
        key = tuple(t.norm for t in toks[k : k + n])
        if key in table and all(t.kind == "word" for t in toks[k : k + n]):
            return k + n - 1, table[key]
    return None


def _phrase_before(
    toks: list[Tok], k: int, table: Mapping[tuple[str, ...], _Entry], longest: int = 4
) -> tuple[int, _Entry] | None:
    """The longest entry of ``table`` ending right before token k: (first token, value)."""
    for n in range(min(longest, k), 0, -1):
        key = tuple(t.norm for t in toks[k - n : k])
        if key in table:
            return k - n, table[key]
    return None


def _word_table(names: dict[str, int]) -> dict[tuple[str, ...], int]:
    return {tuple(name.split()): v for name, v in names.items()}


@lru_cache(maxsize=16)
def _calendar(voc: Vocabulary) -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], int]]:
    return _word_table(dict(voc.weekdays)), _word_table(dict(voc.months))


# Dates ---------------------------------------------------------------------------------


def _day_number(tok: Tok | None) -> int | None:
    if tok is None or tok.kind != "num" or not tok.text.isdigit() or len(tok.text) > 2:
        return None
    n = int(tok.text)
    return n if 1 <= n <= 31 else None


def _dates(text: str, toks: list[Tok], used: set[int], info: _Language) -> list[Value]:
    """'7 March', 'March 7', '7. März', 'el 7 de marzo', '7 مارس': month and day."""
    _, months = _calendar(info.vocabulary)
    out = []
    for k, tok in enumerate(toks):
        if tok.kind != "word" or k in used:
            continue
        hit = _phrase(toks, k, months, 2)
        if hit is None or not _month_written(tok, info):
            continue
        end, month = hit
        day_at = None
        if _day_number(toks[k - 1] if k else None) and not _glued_letters(text, toks[k - 1]):
            day_at = k - 1
        elif k >= 2 and _day_number(toks[k - 2]) and toks[k - 1].kind == "word" and len(toks[k - 1].norm) <= 3:
            day_at = k - 2  # "7 de marzo", "7 de março"
        elif end + 1 < len(toks) and _day_number(toks[end + 1]) and text[toks[end].end : toks[end + 1].start] in " .":
            day_at = end + 1  # "March 7"
        if day_at is None:
            continue
        day = int(toks[day_at].text)
        span = sorted((k, end, day_at))
        last = span[-1]
        if last + 1 < len(toks) and _YEARLIKE.match(toks[last + 1].text):
            last += 1
        used.update(range(span[0], last + 1))
        start, stop = toks[span[0]].start, toks[span[-1]].end
        out.append(Value("date", f"{month:02d}-{day:02d}", _event_role(toks, span[0], last, info), start, stop, "date"))
    return out


def _month_written(tok: Tok, info: _Language) -> bool:
    return not info.vocabulary.capitalised or tok.text[:1].isupper()


def _glued_letters(text: str, tok: Tok) -> bool:
    return tok.end < len(text) and text[tok.end].isalpha()


# Times ---------------------------------------------------------------------------------

_CLOCK = re.compile(
    r"(?<![\d.,:])([01]?\d|2[0-3])(?:([:h.])([0-5]\d))?(?![\d,])"
    r"(?:\s?([ap])\.?\s?m\b\.?|(?=\s?([^\W\d_]+)))?",
    re.I,
)


def _times(text: str, toks: list[Tok], used: set[int], info: _Language) -> list[Value]:
    """'5 p.m.', '17:00', '8h30', '8.30 Uhr': a clock time as HH:MM."""
    clock_words: frozenset[str] = getattr(info.module, "CLOCK_WORDS", frozenset())
    out = []
    for k, tok in enumerate(toks):
        if tok.kind != "num" or k in used:
            continue
        m = _CLOCK.match(ascii_digits(text[tok.start : tok.start + 16]))
        if m is None or (m.end(1) != len(tok.text.split(".")[0].split(",")[0]) and m.group(2) is None):
            continue
        hour, sep, minute, period, word = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        clock = word is not None and fold(word) in clock_words
        if not (period or clock or (sep == ":" and minute) or (sep == "h" and not info.vocabulary.capitalised)):
            continue
        h = int(hour) % 12 + (12 if period and period.lower() == "p" else 0) if period else int(hour)
        end = tok.start + m.end()
        if clock:
            end = tok.start + m.end() + len(text[tok.start + m.end() :]) - len(text[tok.start + m.end() :].lstrip())
            end += len(word)
        last = k
        while last + 1 < len(toks) and toks[last + 1].start < end:
            last += 1
        used.update(range(k, last + 1))
        shown = f"{h:02d}:{int(minute or 0):02d}"
        out.append(Value("time", shown, _event_role(toks, k, last, info), tok.start, end, "time"))
    return out


# Weekdays and months -------------------------------------------------------------------


def _calendar_words(text: str, toks: list[Tok], used: set[int], info: _Language) -> list[Value]:
    weekdays, months = _calendar(info.vocabulary)
    out = []
    for k, tok in enumerate(toks):
        if tok.kind != "word" or k in used:
            continue
        norm = tok.norm.removesuffix("'s")
        day = _phrase(toks, k, weekdays, 2) or ((k, weekdays[(norm,)]) if (norm,) in weekdays else None)
        if day is not None and _month_written(tok, info):
            end, index = day
            used.update(range(k, end + 1))
            role = _event_role(toks, k, end, info)
            out.append(Value("weekday", str(index), role, tok.start, toks[end].end, "day of the week"))
            continue
        month = _phrase(toks, k, months, 2)
        if month is None or not _month_written(tok, info):
            continue
        end, index = month
        name = " ".join(t.norm for t in toks[k : end + 1])
        if name in info.vocabulary.bare_months:
            used.update(range(k, end + 1))
            out.append(Value("month", str(index), _event_role(toks, k, end, info), tok.start, toks[end].end, "month"))
    return out


def _event_role(toks: list[Tok], first: int, last: int, info: _Language, width: int = 4) -> frozenset[str]:
    """What happened then: a statement (any speech verb), or the nearby event words."""
    near = toks[max(0, first - width) : first] + toks[last + 1 : last + 1 + width]
    speech: frozenset[str] = getattr(info.module, "SPEECH_WORDS", frozenset())
    role = {_STATEMENT} if any(t.norm in speech for t in near) else set()
    before = [t.norm for t in toks[max(0, first - 2) : first]]
    after = toks[last + 1].norm if last + 1 < len(toks) else ""
    if after in speech or (before and (before[-1] in speech or (before[0] in speech and len(before[-1]) <= 3))):
        role.add(_SAID_ON)  # "said on Monday", "said Monday", "on Friday said": when it was said
    for t in near:
        written = info.nouns_capitalised or not t.text[:1].isupper()
        counted = t.norm in info.vocabulary.number_words
        if t.kind == "word" and t.norm not in speech and _is_content(t, info) and written and not counted:
            role.add(_key(t.norm, info))
    return frozenset(role)


# Ages ----------------------------------------------------------------------------------


def _ages(text: str, toks: list[Tok], used: set[int], info: _Language) -> list[Value]:
    """'Comeaux, 49,' and 'the 49-year-old Comeaux': an age, with the person it belongs to."""
    out = []
    old = getattr(info.module, "AGE_AFTER", None)
    for k, tok in enumerate(toks):
        if tok.kind != "num" or k in used or not tok.text.isdigit() or not 1 <= int(tok.text) <= 120:
            continue
        before = toks[k - 1] if k else None
        name = None
        if (
            before is not None
            and before.text[:1].isupper()
            and text[before.end : tok.start] == ", "
            and text[tok.end : tok.end + 1] in (",", ")")
        ):
            name = before
        elif old is not None and old.match(text, tok.end):
            name = next((t for t in toks[k + 1 : k + 6] if t.text[:1].isupper() and t.kind == "word"), None)
            name = name or next((t for t in reversed(toks[max(0, k - 3) : k]) if t.text[:1].isupper()), None)
        if name is None:
            continue
        used.add(k)
        age = float(tok.text)
        out.append(Value("age", tok.text, frozenset({name.norm}), tok.start, tok.end, f"age of {name.text}", age, age))
    return out


def _hyphen_words(text: str, toks: list[Tok], k: int) -> tuple[str, ...]:
    """The words joined to number k by hyphens: ('year', 'old') for '49-year-old'."""
    out = []
    end = toks[k].end
    for t in toks[k + 1 : k + 4]:
        if text[end : t.start] not in _DASHES:
            break
        out.append(t.norm)
        end = t.end
    return tuple(out)


# Numbers -------------------------------------------------------------------------------


def _numbers(text: str, toks: list[Tok], used: set[int], info: _Language) -> list[Value]:
    voc = info.vocabulary
    out = []
    k = 0
    while k < len(toks):
        tok = toks[k]
        if k in used or tok.kind == "sym":
            k += 1
            continue
        parsed = _number_at(text, toks, k, info)
        if parsed is None:
            k += 1
            continue
        last, low, high, bound = parsed
        last, low, high = _with_scale(toks, last, low, high, voc)
        value = _measure(text, toks, k, last, low, high, bound, info, used)
        if value is not None:
            out.append(value)
        used.update(range(k, last + 1))
        k = last + 1
    return out


def _number_at(text: str, toks: list[Tok], k: int, info: _Language) -> tuple[int, float, float, str] | None:
    """A number starting at token k: (last token, low, high, bound), or None when it is no count."""
    voc = info.vocabulary
    tok = toks[k]
    if tok.kind == "num":
        value = _digits(tok.text, voc)
        if value is None or (_YEARLIKE.match(tok.text) and value.is_integer()):
            return None
        if _glued_letters(text, tok) and not _glued_unit(text, tok, voc):
            return None  # "79th", "1er", "3e": an ordinal, not a count
        if voc.ordinal_dot and _ordinal_dot(text, tok):
            return None
        if text[tok.end : tok.end + 1] == ":" or text[tok.start - 1 : tok.start] in (":", "/", "#"):
            return None  # scores, ratios, times, references
        if k + 1 < len(toks) and text[tok.end : toks[k + 1].start] in _DASHES and toks[k + 1].kind == "num":
            other = _digits(toks[k + 1].text, voc)
            if other is not None and other > value and not _YEARLIKE.match(toks[k + 1].text):
                return k + 1, value, other, "range"  # "20-30"
            return None  # "58-3": a score or a record
        last = k
        while (
            voc.group in "\u00a0\u202f "
            and last + 1 < len(toks)
            and re.fullmatch(r"\d{3}", toks[last + 1].text)
            and text[toks[last].end : toks[last + 1].start] in (" ", "\u00a0", "\u202f")
        ):
            last += 1
            value = value * 1000 + float(toks[last].text)
        return last, value, value, ""
    spelled = _spelled(toks, k, voc)
    if spelled is None:
        return None
    last, n = spelled
    if n <= 1:
        return None  # "one", "ein", "un": an article as often as a count
    return last, n, n, ""


def _digits(written: str, voc: Vocabulary) -> float | None:
    """'4,000' (en), '4.000' and '6,1' (de), '6٫1' (ar), '1 000' (fr): the number written."""
    s = written.replace("\u066b", "D").replace("\u066c", "G").replace("\u202f", "G").replace("\u00a0", "G")
    s = s.replace("'", "G").replace("’", "G")
    s = s.replace(voc.decimal, "D") if voc.decimal in ",." else s
    if voc.group in ",." and re.fullmatch(rf"\d+{re.escape(voc.group)}\d{{1,2}}", s):
        s = s.replace(voc.group, "D")  # "6,1" in Arabic: no group holds two digits, so a decimal (as in ar-MA)
    s = s.replace(voc.group, "G") if voc.group in ",." else s
    for other in ",.":  # the separator the language does not use: a group before three digits, else a decimal
        parts = s.split(other)
        if len(parts) > 1:
            s = "G".join(parts) if all(len(p) == 3 for p in parts[1:]) else "D".join(parts)
    if s.count("D") > 1 or any(len(p) != 3 for p in s.split("D")[0].split("G")[1:]):
        return None
    try:
        return float(s.replace("G", "").replace("D", "."))
    except ValueError:
        return None


def _glued_unit(text: str, tok: Tok, voc: Vocabulary) -> bool:
    m = re.match(r"[^\W\d_]+", text[tok.end : tok.end + 6])
    return m is not None and fold(m.group()) in voc.unit_symbols


def _ordinal_dot(text: str, tok: Tok) -> bool:
    """German '3. Mal': a number, a full stop and a word on the same line (dates were read already)."""
    return bool(re.match(r"\.[ \t]+[^\W\d_]", text[tok.end : tok.end + 4]))


def _spelled(toks: list[Tok], k: int, voc: Vocabulary) -> tuple[int, float] | None:
    """'thirty-five', 'treinta y cinco', 'خمسة وثلاثون', 'quatre-vingts': consecutive number words."""
    parts: list[float] = []
    last = k
    j = k
    while j < len(toks) and toks[j].kind == "word":
        word = toks[j].norm
        if word in voc.number_words and word not in voc.scale_words:
            value = voc.number_words[word]
            if parts and parts[-1] < value < 100 and word not in voc.additive and parts[-1] < 10:
                parts[-1] *= value  # "quatre-vingts"
            else:
                parts.append(value)
            last = j
        elif word in voc.connectors and parts and j + 1 < len(toks) and toks[j + 1].norm in voc.number_words:
            pass
        else:
            break
        j += 1
    return (last, float(sum(parts))) if parts else None


def _with_scale(toks: list[Tok], last: int, low: float, high: float, voc: Vocabulary) -> tuple[int, float, float]:
    """'3 million', '1,5 Millionen', 'tres mil millones': the scale words after a number multiply it."""
    while last + 1 < len(toks) and toks[last + 1].norm in voc.scale_words:
        scale = voc.scale_words[toks[last + 1].norm]
        low, high, last = low * scale, high * scale, last + 1
    return last, low, high


def _measure(
    text: str,
    toks: list[Tok],
    k: int,
    last: int,
    low: float,
    high: float,
    bound: str,
    info: _Language,
    used: set[int],
) -> Value | None:
    """The number with its qualifier, currency or unit and counted words; None when nothing is counted."""
    voc = info.vocabulary
    start, end = toks[k].start, toks[last].end
    qualifier = _phrase_before(toks, k, voc.qualifiers)
    first = k
    if qualifier and not bound:
        first, bound = qualifier
    currency, symbol_at = _currency_before(text, toks[k].start, voc)
    if currency:
        start = symbol_at
    unit, after = _unit_after(text, toks, last, voc)
    if unit and unit in voc.currency_symbols.values():
        currency, unit = unit, ""
    if after > last:
        end = toks[after].end if after < len(toks) else end
    if text[end : end + 2].lstrip()[:1] in ("%", "\u066a"):
        unit, end = "%", text.index(text[end : end + 2].lstrip()[:1], end) + 1
    tail = _phrase(toks, after + 1, voc.qualifiers_after, 3)
    if tail and not bound:
        bound, after = tail[1], tail[0]
    low, high = _range(low, high, bound)
    hyphen = _hyphen_words(text, toks, last)
    right, left = _role_words(text, toks, max(after, last + len(hyphen)) + 1, first, info, used)
    noun = ((left + right) if unit else (right + left) or [""])[0] if left or right else ""
    role = {_key(w, info) for w in right} | {_key(w, info) for w in hyphen if len(w) > 2}
    lead = frozenset(_key(w, info) for w in left)
    if currency:
        unit = currency
    if not role and not unit and not lead:
        return None
    about = _about(noun, unit, currency, hyphen)
    shown = f"{int(low):,}" if low == high and low.is_integer() else f"{low:g}" if low == high else f"{low:g}-{high:g}"
    return Value("number", shown, frozenset(role), start, end, about, low, high, unit, bound, lead)


def _currency_before(text: str, at: int, voc: Vocabulary) -> tuple[str, int]:
    """The currency symbol right before a number ('$40', 'US$ 40', '€ 40'): (code, its offset)."""
    before = text[max(0, at - 5) : at].rstrip(" \u00a0")
    for symbol in sorted(voc.currency_symbols, key=len, reverse=True):
        if not before.endswith(symbol) or (len(symbol) == 1 and symbol.isalpha()):
            continue
        if len(before) == len(symbol) or not before[-len(symbol) - 1].isalpha():
            return voc.currency_symbols[symbol], at - (len(text[max(0, at - 5) : at]) - len(before)) - len(symbol)
    return "", at


def _unit_after(text: str, toks: list[Tok], last: int, voc: Vocabulary) -> tuple[str, int]:
    """The unit or currency written right after the number (glued '10km' too): (id, last token)."""
    glued = re.match(r"[^\W\d_]+(?:/[^\W\d_]+)?", text[toks[last].end : toks[last].end + 8])
    if glued and fold(glued.group()) in voc.unit_symbols:
        return voc.unit_symbols[fold(glued.group())], last
    if last + 1 >= len(toks):
        return "", last
    nxt = toks[last + 1]
    if text[toks[last].end : nxt.start].strip(" \u00a0\u202f") not in ("", "-"):
        return "", last
    for table in (voc.units, voc.currency_words):
        hit = _phrase(toks, last + 1, table, 3)
        if hit:
            return hit[1], hit[0]
    word = nxt.norm.split("'")[-1]  # "d'euros"
    if (word,) in voc.currency_words:
        return voc.currency_words[(word,)], last + 1
    if nxt.norm in voc.unit_symbols and nxt.kind == "word" and len(nxt.norm) > 1:
        return voc.unit_symbols[nxt.norm], last + 1
    if nxt.kind == "sym" and nxt.text in voc.currency_symbols:
        return voc.currency_symbols[nxt.text], last + 1
    return "", last


def _range(low: float, high: float, bound: str) -> tuple[float, float]:
    if bound == "about":
        return low * (1 - _ABOUT_SPREAD), high * (1 + _ABOUT_SPREAD)
    if bound == "nearly":
        return low * (1 - _ABOUT_SPREAD), high
    if bound == "at-least":
        return low, _INF
    if bound == "more-than":
        return math.nextafter(low, _INF), _INF
    if bound == "up-to":
        return 0.0, high
    if bound == "less-than":
        return 0.0, math.nextafter(high, 0.0)
    return low, high


def _role_words(
    text: str, toks: list[Tok], after: int, before: int, info: _Language, used: set[int]
) -> tuple[list[str], list[str]]:
    """The counted words: up to two content words after the number and the nearest one before it,
    within its clause (punctuation ends the search) and not another value's words."""
    out = []
    for j in range(after, min(after + 3, len(toks))):
        tok = toks[j]
        if j in used or tok.kind != "word" or tok.norm in info.vocabulary.number_words or _clause_break(text, toks, j):
            break
        if _is_content(tok, info):
            out.append(tok)
            if len(out) == 2:
                break
        elif out or tok.norm in info.vocabulary.conjunctions or j > after:
            break  # one article or preposition may stand between: "12 of the people" no, "12 of them" yes
    for j in range(before - 1, max(-1, before - 4), -1):
        tok = toks[j]
        if j in used or tok.kind != "word" or _clause_break(text, toks, j + 1):
            break
        if _is_content(tok, info):
            out.append(tok)
            break
    right = [t for t in out if t.start > toks[before].start] if before < len(toks) else out
    left = [t for t in out if t not in right]

    def label(ts: list[Tok]) -> list[str]:  # what is counted as a reader would say it: a common noun before a name
        return [t.text.lower() for t in sorted(ts, key=lambda t: not info.nouns_capitalised and t.text[:1].isupper())]

    return label(right), label(left)


def _clause_break(text: str, toks: list[Tok], j: int) -> bool:
    """Punctuation between token j-1 and token j."""
    return j > 0 and any(c in ",;:.!?()[]\u060c\u061b" for c in text[toks[j - 1].end : toks[j].start])


def _about(noun: str, unit: str, currency: str, hyphen: tuple[str, ...]) -> str:
    if currency:
        return "amount of money"
    if unit == "%":
        return "percentage"
    if unit:
        return f"{noun} ({unit})" if noun else f"measure ({unit})"
    return f"number of {noun or next((w for w in hyphen if len(w) > 2), '') or 'items'}"


def _is_content(tok: Tok, info: _Language) -> bool:
    """Not a function word: the language's stop words where it has a list, else words of four letters or more."""
    return len(tok.norm) >= info.min_letters and tok.norm not in info.function_words | info.qualifier_words


# Statuses and lists --------------------------------------------------------------------


def _status(text: str, pending: re.Pattern[str], done: re.Pattern[str], kind: str, about: str) -> list[Value]:
    out = [Value(kind, "not yet", frozenset({kind}), m.start(), m.end(), about) for m in pending.finditer(text)]
    out += [Value(kind, "done", frozenset({kind}), m.start(), m.end(), about) for m in done.finditer(text)]
    return out


@lru_cache(maxsize=16)
def _list_pattern(voc: Vocabulary) -> re.Pattern[str]:
    name = r"[^\W\d_][\w’'-]*"
    joins = "|".join(re.escape(c) for c in sorted(voc.conjunctions, key=len, reverse=True)) or "and"
    return re.compile(rf"\b(?=[A-Z\u00c0-\u00de]){name}(?:,\s+{name})+,?\s+(?:{joins})\s+{name}")


def _name_lists(text: str, voc: Vocabulary) -> list[Value]:
    """'Paris, London, Berlin or Kyiv': the names an outlet enumerates."""
    out = []
    for m in _list_pattern(voc).finditer(text):
        names = [w for w in re.findall(r"[^\W\d_][\w’'-]*", m.group()) if w[:1].isupper()]
        if len(names) >= 3:
            out.append(
                Value("names", ", ".join(sorted(set(names))), frozenset(names), m.start(), m.end(), "names listed")
            )
    return out


# Comparing -----------------------------------------------------------------------------


def _key(word: str, info: _Language) -> str:
    """A role word's key: its synonym concept, or the word without clitics (Arabic 'بقوة' -> 'قوة')."""
    if word in info.synonyms:
        return info.synonyms[word]
    for prefix in info.prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def _same_word(a: str, b: str) -> bool:
    """One word in two inflections: 'Stunden'/'Stunde', 'morti'/'morto', 'regions'/'region'."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return (n >= 4 and n >= min(len(a), len(b)) - 2) or (n >= 3 and min(len(a), len(b)) == 3 and n == 3)


def shared_role(a: Value, b: Value) -> int:
    """How many role words of a and b are one word."""
    return _shared(a.role, b.role)


def _shared(a: frozenset[str], b: frozenset[str]) -> int:
    return sum(1 for x in a if any(_same_word(x, y) for y in b))


def context(text: str, v: Value, width: int = 40) -> frozenset[str]:
    """Content words around a value, to tell its fact from a neighbour's."""
    return _context_words(text[max(0, v.start - width) : v.end + width])


# Discrepancy checks ask for the context of one value once per pair of passages it is compared
# in (a group of n passages: n - 1 times); the words of the same few dozen characters are read once.
@lru_cache(maxsize=16384)
def _context_words(near: str) -> frozenset[str]:
    return frozenset(t.norm[:5] for t in _tokens(near) if t.kind == "word" and len(t.norm) > 3)


def compatible(a: Value, b: Value) -> bool:
    """Two values describe the same thing: same kind (and unit), overlapping role."""
    if a.kind != b.kind or a.unit != b.unit:
        return False
    if a.kind == "names":
        return len(a.role & b.role) >= max(2, min(len(a.role), len(b.role)) - 1)
    if a.kind == "number":
        return _same_number_role(a, b)
    if (_SAID_ON in a.role) != (_SAID_ON in b.role):
        return False  # "said on Monday" dates the saying, "strike from Thursday" the event
    return shared_role(a, b) > 0


_STATEMENT = "<statement>"  # a speech word near the value
_SAID_ON = "<said-on>"  # the value stands right beside a speech verb: it dates the saying


def _same_number_role(a: Value, b: Value) -> bool:
    """What is counted agrees where both say it, and so does the word before where both have one.

    "killed 12 people" and "12 people were killed" share "people"; "magnitude 6.1" and "a
    magnitude of 5.9" share the word before; "10 km" and "12 km" are one measure when neither
    says more. Whether they are the same fact is then told by the words around them."""
    if a.role and b.role:
        return _shared(a.role, b.role) > 0
    if a.lead and b.lead:
        return _shared(a.lead, b.lead) > 0
    return bool(a.unit and not (a.role or a.lead) and not (b.role or b.lead))


def relation(a: Value, b: Value) -> str | None:
    """None when two compatible values agree; else 'conflict', or 'update' for a count that grew.

    An approximation agrees with any value inside its range ("about 30" and 32). A lower bound
    below another count ("at least 10" against 24) is the same toll reported at another time."""
    if a.kind not in ("number", "age"):
        return None if a.value == b.value else "conflict"
    overlap = a.low <= b.high and b.low <= a.high
    rising = a.kind == "number" and not a.unit and (_is_lower_bound(a) or _is_lower_bound(b))
    if overlap:
        if rising and (_grew(a, b) or _grew(b, a)):
            return "update"
        return None
    return "update" if rising else "conflict"


def _is_lower_bound(v: Value) -> bool:
    return v.bound in ("at-least", "more-than")


def _grew(bound: Value, other: Value) -> bool:
    """'at least 10' then 24: the other count is above the bound beyond rounding.

    "At least N" is how outlets give a running toll, so any clear excess is an update; "more
    than N" is how they round a figure down ("more than 100,000 people" for 120,000), so only
    a count past the next doubling is one."""
    if bound.bound == "at-least":
        return other.low > bound.low * (1 + _ABOUT_SPREAD) and other.low > bound.low + 1
    return bound.bound == "more-than" and other.low >= 2 * bound.low
