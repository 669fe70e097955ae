"""Which language an article is written in, and what to call it.

When the input names no language, it is detected with py3langid (a maintained fork of
langid.py by the author of trafilatura: a naive Bayes classifier over byte n-grams whose model
ships inside the package, so nothing is downloaded). It was chosen over lingua, which is more
accurate on three-word snippets but installs 96 MB and needs about 1 GB of memory for that
accuracy (its low-accuracy mode did worse than py3langid on short news text); on a sentence or
more both were right on every invented news text we tried in 15 languages. Detection is
limited to the model's ISO 639-1 languages, so a short Spanish headline is never put down as
Extremaduran, and an unsupported language is reported as detected ("pl"), never as English.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, Literal

from babel import Locale, UnknownLocaleError

Direction = Literal["ltr", "rtl"]

UNDETERMINED = "und"  # ISO 639-2 for "no language can be told" (text without letters)
# The first characters say the language as well as the whole text, and keep detection bounded.
SAMPLE_CHARS = 3000

_NAMES = Locale("en").languages  # CLDR's English names of languages, by code


_LOADING = threading.Lock()


def _identifier() -> Any:
    """The model, loaded once per process: concurrent first callers wait for one load, not fifty."""
    with _LOADING:
        return _load()


@cache
def _load() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)  # about 75 MB resident, loaded once per process


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in ("und" when it has no letters)."""
    sample = text[:SAMPLE_CHARS]
    if not any(c.isalpha() for c in sample):
        return UNDETERMINED
    # The best ISO 639-1 language: ranking all of them costs no more than restricting the model
    # to them, which would keep a second copy of its weights.
    return str(next(code for code, _score in _identifier().rank(sample) if len(code) == 2))


def language_code(value: str | None) -> str | None:
    """A language as a user names it ("de", "DE", "pt-BR", "German") as its code, or None if unknown."""
    raw = (value or "").strip().replace("_", "-")
    if not raw:
        return None
    primary = raw.split("-", 1)[0].lower()
    if primary.isalpha() and 2 <= len(primary) <= 3 and primary in _NAMES:
        return primary
    return _BY_NAME.get(raw.casefold())


_BY_NAME = {name.casefold(): code for code, name in _NAMES.items() if "_" not in code}


def language_name(code: str | None) -> str:
    """The English name of a language code ("Polish"), for notices; the code itself if CLDR has none."""
    if not code or code == UNDETERMINED:
        return "an undetermined language"
    return str(_NAMES.get(code, code))


@cache
def direction(code: str | None) -> Direction:
    """ "rtl" for a language CLDR says is written right to left (Arabic, Persian, Hebrew, Urdu...), else "ltr"."""
    try:
        order = Locale.parse(code).character_order if code and code != UNDETERMINED else ""
    except (UnknownLocaleError, ValueError, TypeError):
        order = ""
    return "rtl" if order == "right-to-left" else "ltr"
