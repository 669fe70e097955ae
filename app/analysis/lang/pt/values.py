"""Portuguese values: CLDR names and number words (see locale_data); the qualifiers are the
language's own grammar words for approximate and bounded counts."""

from app.analysis.lang.locale_data import build

VOCABULARY = build(
    "pt",
    ("pt", "pt_PT"),
    qualifiers=(
        ("cerca de", "about"),
        ("aproximadamente", "about"),
        ("por volta de", "about"),
        ("quase", "nearly"),
        ("pelo menos", "at-least"),
        ("ao menos", "at-least"),
        ("mais de", "more-than"),
        ("até", "up-to"),
        ("menos de", "less-than"),
    ),
    qualifiers_after=(("ou mais", "at-least"),),
)
