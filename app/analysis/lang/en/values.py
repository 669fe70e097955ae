"""English values: CLDR names and number words (see locale_data); the qualifiers are the
language's own grammar words for approximate and bounded counts."""

import re

from app.analysis.lang.locale_data import build

VOCABULARY = build(
    "en",
    ("en", "en_GB"),
    qualifiers=(
        ("about", "about"),
        ("around", "about"),
        ("approximately", "about"),
        ("roughly", "about"),
        ("some", "about"),
        ("an estimated", "about"),
        ("close to", "nearly"),
        ("nearly", "nearly"),
        ("almost", "nearly"),
        ("at least", "at-least"),
        ("no fewer than", "at-least"),
        ("no less than", "at-least"),
        ("more than", "more-than"),
        ("over", "more-than"),
        ("upwards of", "more-than"),
        ("in excess of", "more-than"),
        ("up to", "up-to"),
        ("as many as", "up-to"),
        ("as much as", "up-to"),
        ("no more than", "up-to"),
        ("at most", "up-to"),
        ("fewer than", "less-than"),
        ("less than", "less-than"),
        ("under", "less-than"),
    ),
    qualifiers_after=(("or more", "at-least"), ("and counting", "at-least"), ("or so", "about")),
    ambiguous_months=("may",),  # the modal verb
)
# For term matching (terms.number_value): "four" and "4" are one term. "dozen" is not in CLDR spell-out rules.
NUMBER_WORDS = {**{w: int(v) for w, v in VOCABULARY.number_words.items()}, "dozen": 12}

# Speech words around a day: the day is when something was said (a role of its own).
SPEECH_WORDS = frozenset(
    """said says say told tells announced announce warned warns warning stated statement statements comments
    comment commented remarks remark spoke speaking speech laid declared insisted added wrote
    reporters briefing interview posted tweeted""".split()
)
AGE_AFTER = re.compile(r"-year-old\b")
CLOCK_WORDS = frozenset({"o'clock"})
_ENDING = r"(?:end|expire|expiry|expiration|lapse|run out)"
# Whether a deadline has passed or an agreement was reached: (kind, about, pending, done).
STATUS = (
    (
        "status-end",
        "whether it has ended",
        re.compile(
            rf"\b(?:close to|near(?:ing)?|about to|set to|due to|poised to|soon to|approaching)\s+(?:its\s+|the\s+|an?\s+)?{_ENDING}\w*",
            re.I,
        ),
        re.compile(
            r"\b(?:has|have|had)\s+(?:already\s+|now\s+)?(?:expired|ended|lapsed|run out)\b|\b(?:is|was)\s+over\b", re.I
        ),
    ),
    (
        "status-agree",
        "whether it was agreed",
        re.compile(r"\b(?:prepared|ready|willing|expected|set|poised)\s+to\s+agree\b", re.I),
        re.compile(r"\b(?:has|have|had)\s+(?:already\s+)?agreed\b", re.I),
    ),
)
