"""French values: CLDR names and number words (see locale_data); the qualifiers are the
language's own grammar words for approximate and bounded counts."""

from app.analysis.lang.locale_data import build

VOCABULARY = build(
    "fr",
    ("fr", "fr_CA", "fr_CH", "fr_BE"),
    qualifiers=(
        ("environ", "about"),
        ("quelque", "about"),
        ("quelques", "about"),
        ("autour de", "about"),
        ("près de", "nearly"),
        ("presque", "nearly"),
        ("quasiment", "nearly"),
        ("au moins", "at-least"),
        ("plus de", "more-than"),
        ("jusqu'à", "up-to"),
        ("moins de", "less-than"),
    ),
    qualifiers_after=(("ou plus", "at-least"), ("environ", "about")),
)
