"""Spanish values: CLDR names and number words (see locale_data); the qualifiers are the
language's own grammar words for approximate and bounded counts."""

from app.analysis.lang.locale_data import build

VOCABULARY = build(
    "es",
    ("es", "es_419", "es_MX"),
    qualifiers=(
        ("unos", "about"),
        ("unas", "about"),
        ("alrededor de", "about"),
        ("aproximadamente", "about"),
        ("cerca de", "nearly"),
        ("casi", "nearly"),
        ("al menos", "at-least"),
        ("por lo menos", "at-least"),
        ("más de", "more-than"),
        ("hasta", "up-to"),
        ("menos de", "less-than"),
    ),
    qualifiers_after=(("o más", "at-least"),),
)
