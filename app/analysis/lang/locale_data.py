"""Number, date and unit vocabulary of a language, read from CLDR rather than typed by hand.

Babel's CLDR locale data gives weekday and month names, the decimal and group symbols,
scale words ("Millionen", "مليون"), unit names ("Kilometer", "كيلومترات", "pour cent"),
currency names and symbols, and the am/pm markers; CLDR's spell-out rules (through
unicode-rbnf) give the number words. A language's values module names its CLDR locales and
adds only what CLDR does not hold (approximation words such as "mindestens"). Built once per
language on first use, with nothing downloaded: both libraries ship their data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale
from unicode_rbnf import RbnfEngine

# CLDR unit keys worth comparing in news, with the id two outlets' values must share.
UNITS = {
    "length-kilometer": "km",
    "length-meter": "m",
    "length-centimeter": "cm",
    "length-mile": "mi",
    "length-foot": "ft",
    "area-square-kilometer": "km2",
    "area-hectare": "ha",
    "mass-kilogram": "kg",
    "mass-tonne": "t",
    "mass-ton": "ton",
    "volume-liter": "l",
    "duration-second": "s",
    "duration-minute": "min",
    "duration-hour": "h",
    "duration-day": "d",
    "duration-week": "wk",
    "duration-month": "mo",
    "duration-year": "yr",
    "speed-kilometer-per-hour": "km/h",
    "speed-mile-per-hour": "mph",
    "temperature-celsius": "°C",
    "temperature-fahrenheit": "°F",
    "concentr-percent": "%",
}
# Currencies common in international news; CLDR gives each one's symbol and names per language.
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CNY", "CHF", "RUB", "INR", "BRL", "MXN", "SAR", "AED", "EGP", "TRY", "UAH")
# Approximation kinds: how a qualifier turns a number into a range.
APPROX_KINDS = ("about", "at-least", "more-than", "up-to", "less-than", "nearly")

# Letters of any script; Arabic vowel marks (combining, so not \w) stay inside their word.
_WORD = re.compile(r"(?:[^\W\d_]|[\u064b-\u0652\u0640])+(?:['’](?:[^\W\d_]|[\u064b-\u0652\u0640])+)*")
_MARKS = dict.fromkeys(c for c in range(0x064B, 0x0653)) | {0x0640: None}  # Arabic vowel marks, tatweel


def fold(word: str) -> str:
    """A word as the vocabularies store it: lower-cased, apostrophes unified, Arabic marks dropped."""
    return word.lower().replace("’", "'").translate(_MARKS)


def words(text: str) -> tuple[str, ...]:
    return tuple(fold(m.group()) for m in _WORD.finditer(text))


@dataclass(frozen=True, eq=False)  # hashed by identity: one per language, cached
class Vocabulary:
    """What one language's values look like; every key is folded (see fold)."""

    weekdays: Mapping[str, int]  # name -> 0 (Monday) .. 6
    months: Mapping[str, int]  # name or abbreviation -> 1..12 (phrases of several words allowed)
    bare_months: frozenset[str]  # month names that stand alone as a value (wide names, not ambiguous words)
    capitalised: bool  # names are written with a capital (English, German): a lower-case "march" is a verb
    number_words: Mapping[str, float]
    scale_words: Mapping[str, float]
    connectors: frozenset[str]  # words inside spelled-out numbers that carry no value ("y", "and")
    additive: frozenset[str]  # number words that add to a smaller one before them ("وثلاثون")
    decimal: str
    group: str
    units: Mapping[tuple[str, ...], str]  # unit words -> unit id
    unit_symbols: Mapping[str, str]  # "%", "km" glued or after a space -> unit id
    currency_symbols: Mapping[str, str]  # "$", "€" -> ISO code
    currency_words: Mapping[tuple[str, ...], str]  # "euros", "us dollars" -> ISO code
    conjunctions: frozenset[str]  # "and", "or" that end a list (CLDR list patterns)
    day_periods: Mapping[str, str]  # "am"/"pm" markers -> "am" | "pm"
    qualifiers: Mapping[tuple[str, ...], str]  # words before a number -> approximation kind
    qualifiers_after: Mapping[tuple[str, ...], str]  # words after a number ("or more") -> kind
    ordinal_dot: bool  # "7." is an ordinal (German, Dutch-style dates) unless a number follows


def _patterns_words(pattern: str) -> tuple[str, ...]:
    return words(pattern.replace("{0}", " "))


def _symbol(pattern: str) -> str:
    return pattern.replace("{0}", "").strip(" \u00a0\u202f\u200f\u200e")


def _number_words(language: str) -> tuple[dict[str, float], frozenset[str], frozenset[str]]:
    """Single words for 0-100, the hundreds and a thousand, from every cardinal spell-out rule set."""
    engine = RbnfEngine.for_language(language)
    spelled: dict[int, set[tuple[str, ...]]] = {}
    for n in [*range(101), *range(200, 1000, 100), 1000]:
        result = engine.format_number(n)
        texts = {t for name, t in result.text_by_ruleset.items() if "cardinal" in name or "numbering" in name}
        spelled[n] = {words(t.replace("-", " ").replace("\u00ad", "")) for t in texts}
    table: dict[str, float] = {}
    for n, forms in spelled.items():
        for form in forms:
            if len(form) == 1:
                table.setdefault(form[0], float(n))
    connectors: set[str] = set()
    additive: set[str] = set()
    for n, forms in spelled.items():
        for form in forms:
            unknown = [w for w in form if w not in table]
            if len(form) < 2 or len(unknown) != 1:
                continue
            known = [table[w] for w in form if w in table]
            added = n - sum(known)
            if added == 0:
                connectors.add(unknown[0])  # "y" of "treinta y cinco"
            elif _round(added) and added > max(known, default=0):
                table.setdefault(unknown[0], float(added))  # "وثلاثون" of "خمسة وثلاثون"
                additive.add(unknown[0])
            elif known and n % max(known) == 0 and _round(n / max(known)):
                table.setdefault(unknown[0], float(n / max(known)))  # "hundred" of "one hundred"
    return table, frozenset(connectors), frozenset(additive)


def _round(n: float) -> bool:
    """10, 20, 100, 3000: one significant digit."""
    n = int(n)
    while n >= 10 and n % 10 == 0:
        n //= 10
    return 0 < n < 10


def _scale_words(locale: Locale) -> dict[str, float]:
    out: dict[str, float] = {}
    for forms in locale._data["compact_decimal_formats"].get("long", {}).values():
        for magnitude, pattern in forms.items():
            zeros = str(pattern).count("0")
            if zeros != 1:
                continue
            ws = words(str(pattern))
            if ws:
                out.setdefault(ws[-1], float(magnitude))
    return out


def _units(locales: list[Locale]) -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Unit words (long forms, every plural) and symbols (short forms that are not plain words)."""
    units: dict[tuple[str, ...], str] = {}
    symbols: dict[str, str] = {}
    for locale in locales:
        patterns = locale._data["unit_patterns"]
        for key, unit in UNITS.items():
            for length, forms in patterns.get(key, {}).items():
                for count, pattern in forms.items():
                    if count == "per" or not isinstance(pattern, str):
                        continue
                    ws = _patterns_words(pattern)
                    if ws and length == "long":
                        units.setdefault(ws, unit)
                    symbol = fold(_symbol(pattern))
                    if (len(symbol) > 1 and (" " not in symbol)) or symbol in ("%", "٪"):
                        symbols.setdefault(symbol, unit)
    return units, symbols


def _currencies(locale: Locale) -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """Symbols, full names, and the inflected noun of each name ("dollars" of "US dollars")."""
    symbols: dict[str, str] = {}
    names: dict[tuple[str, ...], str] = {}
    plural = locale._data.get("currency_names_plural", {})
    for code in CURRENCIES:
        symbol = locale.currency_symbols.get(code)
        if symbol and symbol != code:
            symbols.setdefault(symbol, code)
        symbols.setdefault(code, code)
        forms = [words(n) for n in [locale.currencies.get(code), *dict(plural.get(code, {})).values()] if n]
        for form in forms:
            names.setdefault(form, code)
        for a in forms:  # the words that change between singular and plural are the currency's noun
            for b in forms:
                if len(a) == len(b) and a != b:
                    for x, y in zip(a, b, strict=True):
                        if x != y:
                            names.setdefault((x,), code)
    return symbols, names


def _conjunctions(locale: Locale) -> frozenset[str]:
    out: set[str] = set()
    for kind in ("standard", "or"):
        pattern = locale.list_patterns.get(kind, {}).get("end", "")
        out.update(words(pattern.replace("{0}", " ").replace("{1}", " ")))
    return frozenset(out)


def _day_periods(locale: Locale) -> dict[str, str]:
    out = {}
    for width in ("abbreviated", "wide", "narrow"):
        for key in ("am", "pm"):
            marker = locale.day_periods.get("format", {}).get(width, {}).get(key)
            if marker:
                marker = fold(marker).replace(".", "").replace(" ", "")
                if len(marker) > 1:
                    out[marker] = key
    return out


def _phrases(table: Mapping[str, str]) -> dict[tuple[str, ...], str]:
    return {words(phrase): kind for phrase, kind in table.items() if words(phrase)}


@cache
def build(
    language: str,
    locales: tuple[str, ...],
    qualifiers: tuple[tuple[str, str], ...] = (),
    qualifiers_after: tuple[tuple[str, str], ...] = (),
    ambiguous_months: tuple[str, ...] = (),
    ordinal_dot: bool = False,
) -> Vocabulary:
    """The vocabulary of ``language`` from its CLDR ``locales`` (the first one gives the number symbols)."""
    parsed = [Locale.parse(code) for code in locales]
    main = parsed[0]
    weekdays: dict[str, int] = {}
    months: dict[str, int] = {}
    bare: set[str] = set()
    for loc in parsed:
        for context in ("format", "stand-alone"):
            for day, name in loc.days.get(context, {}).get("wide", {}).items():
                weekdays.setdefault(" ".join(words(name)), day)
            for width in ("wide", "abbreviated"):
                for month, name in loc.months.get(context, {}).get(width, {}).items():
                    key = " ".join(words(name))
                    if key and len(key) > 2:
                        months.setdefault(key, month)
                        if width == "wide":
                            bare.add(key)
    number_words, connectors, additive = _number_words(language)
    scale_words = _scale_words(main)
    for word, value in list(number_words.items()):
        if value >= 100 and value in (100.0, 1000.0):
            scale_words.setdefault(word, value)  # "hundred", "mille": multiply what comes before
    units, unit_symbols = _units(parsed)
    currency_symbols, currency_words = _currencies(main)
    symbols = main.number_symbols.get(main._data["default_numbering_system"], main.number_symbols.get("latn", {}))
    return Vocabulary(
        weekdays=weekdays,
        months=months,
        bare_months=frozenset(bare - set(ambiguous_months)),
        capitalised=main.months["format"]["wide"][3][:1].isupper(),
        conjunctions=_conjunctions(main),
        number_words=number_words,
        scale_words=scale_words,
        connectors=connectors,
        additive=additive,
        decimal=symbols.get("decimal", "."),
        group=symbols.get("group", ","),
        units=units,
        unit_symbols=unit_symbols,
        currency_symbols=currency_symbols,
        currency_words=currency_words,
        day_periods=_day_periods(main),
        qualifiers=_phrases(dict(qualifiers)),
        qualifiers_after=_phrases(dict(qualifiers_after)),
        ordinal_dot=ordinal_dot,
    )


def ascii_digits(text: str) -> str:
    """Arabic-Indic (and any other Unicode) digits as ASCII, same length, so offsets hold."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)


def names(values: Iterable[str]) -> tuple[str, ...]:
    """Longest first, for an alternation that must prefer 'tisdag' over 'tis'."""
    return tuple(sorted(set(values), key=lambda s: (-len(s), s)))
