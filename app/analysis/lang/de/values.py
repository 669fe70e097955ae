"""German values: CLDR names and number words (see locale_data); the qualifiers are the
language's own grammar words for approximate and bounded counts."""

import re

from app.analysis.lang.locale_data import build

VOCABULARY = build(
    "de",
    ("de", "de_AT", "de_CH"),
    qualifiers=(
        ("etwa", "about"),
        ("rund", "about"),
        ("ungefähr", "about"),
        ("circa", "about"),
        ("ca", "about"),
        ("schätzungsweise", "about"),
        ("fast", "nearly"),
        ("beinahe", "nearly"),
        ("knapp", "nearly"),
        ("nahezu", "nearly"),
        ("mindestens", "at-least"),
        ("wenigstens", "at-least"),
        ("mehr als", "more-than"),
        ("über", "more-than"),
        ("gut", "more-than"),
        ("bis zu", "up-to"),
        ("höchstens", "up-to"),
        ("weniger als", "less-than"),
        ("unter", "less-than"),
    ),
    qualifiers_after=(("oder mehr", "at-least"),),
    ordinal_dot=True,  # "am 7. März", "zum 3. Mal"
)
NOUNS_CAPITALISED = True  # every German noun has a capital: it does not mark a name
AGE_AFTER = re.compile(r"-[jJ]ährige")
CLOCK_WORDS = frozenset({"uhr"})
