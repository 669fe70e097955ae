"""Italian values: CLDR names and number words (see locale_data); the qualifiers are the
language's own grammar words for approximate and bounded counts."""

from app.analysis.lang.locale_data import build

VOCABULARY = build(
    "it",
    ("it", "it_CH"),
    qualifiers=(
        ("circa", "about"),
        ("intorno a", "about"),
        ("quasi", "nearly"),
        ("almeno", "at-least"),
        ("più di", "more-than"),
        ("oltre", "more-than"),
        ("fino a", "up-to"),
        ("meno di", "less-than"),
    ),
    qualifiers_after=(("o più", "at-least"), ("circa", "about")),
)
