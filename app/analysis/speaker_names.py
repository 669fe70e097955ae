"""One person, one speaker: the names outlets give a speaker, made one across a comparison.

Outlets write "JD Vance", "J.D. Vance", "Vance" and "Mr. Vance" for one man. Within an article a
surname already resolves to the full name met earlier (speakers.py); across articles the forms are
joined here: spellings that differ only in the dots of initials are one name, and a surname alone
(or a first-and-last form of a longer name) joins the one full name the comparison has for it. A
surname shared by two full names ("Bill Clinton", "Hillary Clinton") is left as written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from app.analysis.types import QuoteSpan

_ANNOTATION = " ("


def identity(speaker: str | None) -> str | None:
    """The name a resolved speaker stands for, or None for a description ("unnamed official", "the minister")."""
    if not speaker or speaker.startswith("unnamed ") or speaker[:1].islower():
        return None
    return speaker.split(_ANNOTATION, 1)[0]


def surname(name: str) -> str:
    """What two forms of one person's name share: the last name ("vance"), or a whole office ("x’s office")."""
    if "\u2019s " in name or "'s " in name:
        return name.lower()
    return _key(name)[-1]


def _key(name: str) -> tuple[str, ...]:
    return tuple(t.replace(".", "").lower() for t in name.split())


def normalize_speakers(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """The spans with each named speaker written in the one form the comparison uses for that person."""
    names = [identity(s.speaker) for s in spans]
    counts = Counter(n for n in names if n)
    if len(counts) < 2:
        return spans
    display: dict[tuple[str, ...], str] = {}  # spelling key -> the form most spans use (then the longest)
    for name in sorted(counts, key=lambda n: (-counts[n], -len(n), n)):
        display.setdefault(_key(name), name)
    full_by_last: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for key in display:
        if len(key) >= 2 and "\u2019s" not in key[-2] and "'s" not in key[-2]:
            full_by_last[key[-1]].add(key)
    canonical = {key: display[_fullest(key, full_by_last)] for key in display}
    out = []
    for span, found in zip(spans, names, strict=True):
        if found and span.speaker and canonical[_key(found)] != found:
            span = replace(span, speaker=canonical[_key(found)] + span.speaker[len(found) :])
        out.append(span)
    return out


def _fullest(key: tuple[str, ...], full_by_last: dict[str, set[tuple[str, ...]]]) -> tuple[str, ...]:
    """The one longer name this one is a short form of ("vance" -> "jd vance"), or itself."""
    longer = [k for k in full_by_last.get(key[-1], ()) if len(k) > len(key) and (len(key) == 1 or k[0] == key[0])]
    return longer[0] if len(longer) == 1 else key
