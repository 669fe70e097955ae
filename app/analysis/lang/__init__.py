"""Per-language data for the analysis stages: a package per language, a module per stage.

A stage asks ``stage_data(language, "quotes")`` for its module (``app.analysis.lang.de.quotes``)
and gets None where that language has no data for the stage: the stage then does not run on
that article, and compare() says so instead of reporting "nothing found". Word lists here come
from general sources (each module names its source), never from the annotated stories.
Adding a language is adding a package beside ``en/`` with the stage modules it supports.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

SUPPORTED = ("en", "de", "fr", "es", "it", "pt", "nl", "ar")
DEFAULT = "en"


@cache
def stage_data(language: str | None, stage: str) -> ModuleType | None:
    """The data module of ``stage`` for ``language`` (an ISO 639-1 code), or None."""
    if not language or not language.isalpha() or not stage.isidentifier():
        return None
    try:
        return importlib.import_module(f"{__name__}.{language.lower()}.{stage}")
    except ModuleNotFoundError:
        return None
