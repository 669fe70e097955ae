"""Text folding that keeps offsets: every function maps one character to one character.

Outlets differ in typography (curly vs straight quotes, dash styles, non-breaking spaces).
Matching must ignore that, yet every span we report has to index the raw text, so the
folded text has exactly the raw text's length and a position in one is a position in the other.
"""

from __future__ import annotations

import re

# The one typography table: matching (fold) and wire-copy shingles (wirecopy.normalise) share it.
TYPOGRAPHY = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u2039": "'",
        "\u203a": "'",
        "`": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\t": " ",
    }
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


_FOLDED = re.compile("[" + "".join(chr(k) for k in TYPOGRAPHY) + "]")


def fold(text: str) -> str:
    """Straight quotes, hyphens and plain spaces, same length as ``text``.

    Substituting only the few marks present is faster than str.translate's per-character lookup."""
    return _FOLDED.sub(lambda m: TYPOGRAPHY[ord(m.group())], text)


def words(text: str) -> list[str]:
    """Lower-case word tokens, typography folded, for comparing wordings."""
    return [w.replace("'", "") for w in _WORD.findall(fold(text).lower())]
