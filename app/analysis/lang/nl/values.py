"""Dutch values: CLDR names and number words (see locale_data); the qualifiers are the
language's own grammar words for approximate and bounded counts."""

import re

from app.analysis.lang.locale_data import build

VOCABULARY = build(
    "nl",
    ("nl", "nl_BE"),
    qualifiers=(
        ("ongeveer", "about"),
        ("circa", "about"),
        ("zo'n", "about"),
        ("rond de", "about"),
        ("bijna", "nearly"),
        ("minstens", "at-least"),
        ("ten minste", "at-least"),
        ("tenminste", "at-least"),
        ("meer dan", "more-than"),
        ("ruim", "more-than"),
        ("tot", "up-to"),
        ("maximaal", "up-to"),
        ("minder dan", "less-than"),
    ),
    qualifiers_after=(("of meer", "at-least"),),
)
AGE_AFTER = re.compile(r"-jarige")
CLOCK_WORDS = frozenset({"uur"})
