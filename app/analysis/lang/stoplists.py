"""Stop lists from maintained packages, folded the way terms.py folds words.

English takes the Snowball project's list (as bundled by ``stopwords``, ISC licence): the
``stop-words`` English list also drops content words news depends on ("move", "end", "state").
The other languages take ``stop-words`` (BSD-3-Clause), whose lists are complete function-word
lists where the bundled Snowball ones are partial (its French list lacks "un" and "aux").
"""

from __future__ import annotations

import stop_words
import stopwords


def _folded(found: list[str]) -> frozenset[str]:
    return frozenset(w.strip().lower().replace("’", "'") for w in found if w.strip())


def snowball_stopwords(language: str) -> frozenset[str]:
    """The Snowball stop words of ``language`` (a name such as "english")."""
    return _folded(stopwords.get_stopwords(language))


def package_stopwords(code: str) -> frozenset[str]:
    """The ``stop-words`` list of a language (an ISO 639-1 code such as "de")."""
    return _folded(stop_words.get_stop_words(code))
