"""Arabic values: CLDR names and number words (see locale_data), with the Levantine and
Maghrebi month names CLDR gives for those locales; the qualifiers are the language's own
grammar words for approximate and bounded counts. Digits may be Arabic-Indic (٦٫١)."""

from app.analysis.lang.locale_data import build

VOCABULARY = build(
    "ar",
    ("ar", "ar_SY", "ar_MA", "ar_EG", "ar_SA"),
    qualifiers=(
        ("نحو", "about"),
        ("حوالي", "about"),
        ("حوالى", "about"),
        ("قرابة", "about"),
        ("ما يقارب", "about"),
        ("زهاء", "about"),
        ("تقريبا", "about"),
        ("على الأقل", "at-least"),
        ("ما لا يقل عن", "at-least"),
        ("أكثر من", "more-than"),
        ("أزيد من", "more-than"),
        ("ما يزيد عن", "more-than"),
        ("ما يزيد على", "more-than"),
        ("حتى", "up-to"),
        ("أقل من", "less-than"),
    ),
    qualifiers_after=(("على الأقل", "at-least"), ("تقريبا", "about")),
)
# Light stemming of role words (after Larkey, Ballesteros & Connell's "light10" Arabic stemmer):
# the article and one-letter conjunctions and prepositions glued to the front of a word.
CLITIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")
# Light10 strips the article and a leading "و" only; the closed class of prepositions and
# particles below is never what a number counts (Arabic content words are often three letters).
FUNCTION_WORDS = frozenset(
    "في من على إلى الى عن مع أن إن ان أو ثم قد لم لن ما لا هذا هذه ذلك التي الذي بعد قبل حيث منذ".split()
)
MIN_CONTENT_LETTERS = 3
