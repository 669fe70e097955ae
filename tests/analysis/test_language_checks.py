"""Detection of an article's language, and what compare() says about the stages it could not run.

The leads are invented; each is one sentence, about as little as a pasted article gives."""

from __future__ import annotations

import pytest

from app.analysis import compare
from app.analysis.language import UNDETERMINED, detect_language, direction, language_code, language_name

LEADS = {
    "en": "Train drivers will strike for two days from Thursday in a long-running dispute over pay.",
    "de": "Die Lokführer wollen ab Donnerstag zwei Tage lang streiken, teilte die Gewerkschaft mit.",
    "fr": "Les cheminots feront grève pendant deux jours à partir de jeudi, a annoncé le syndicat.",
    "es": "Los maquinistas harán huelga durante dos días a partir del jueves, anunció el sindicato.",
    "it": "I macchinisti sciopereranno per due giorni a partire da giovedì, ha annunciato il sindacato.",
    "pt": "Os maquinistas vão fazer greve durante dois dias a partir de quinta-feira, anunciou o sindicato.",
    "nl": "De machinisten gaan vanaf donderdag twee dagen staken, heeft de vakbond bekendgemaakt.",
    "ar": "أعلنت النقابة أن سائقي القطارات سيضربون عن العمل لمدة يومين اعتبارا من يوم الخميس.",
    "pl": "Maszyniści będą strajkować przez dwa dni od czwartku, poinformował związek zawodowy.",
    "sv": "Lokförarna kommer att strejka i två dagar från och med torsdag, meddelade facket.",
    "tr": "Makinistler perşembe gününden itibaren iki gün boyunca greve gidecek, sendika açıkladı.",
    "ru": "Машинисты будут бастовать два дня начиная с четверга, сообщил профсоюз.",
}
POLISH = (
    "Strajk kolejarzy sparaliżował ruch pociągów\n\n"
    "W czwartek odwołano 120 połączeń, podał przewoźnik. „Nie mamy wyjścia”, powiedział Jan Nowak."
)
POLISH_OTHER = "Strajk na kolei\n\nW piątek odwołano 95 połączeń, podał przewoźnik. „Nie mamy innego wyjścia”, powiedział Jan Nowak."


@pytest.mark.parametrize(("language", "lead"), LEADS.items(), ids=list(LEADS))
def test_one_sentence_is_enough_to_tell_the_language(language, lead):
    assert detect_language(lead) == language


def test_text_without_letters_is_undetermined():
    assert detect_language("12 34 — 5,6 %") == UNDETERMINED == detect_language("")
    assert language_name(UNDETERMINED) == "an undetermined language"


def test_languages_named_by_users_become_codes():
    assert [language_code(v) for v in ("de", " DE ", "pt-BR", "pt_PT", "German", "arabic", "fil")] == [
        "de",
        "de",
        "pt",
        "pt",
        "de",
        "ar",
        "fil",
    ]
    assert [language_code(v) for v in ("", None, "xx", "Elvish", "d3")] == [None] * 5


def test_direction_comes_from_cldr():
    assert [direction(c) for c in ("ar", "fa", "he", "ur", "en", "de", "zz", None, UNDETERMINED)] == (
        ["rtl"] * 4 + ["ltr"] * 5
    )


def test_a_given_language_wins_and_is_kept_even_when_unknown():
    result = compare([{"id": "a", "text": LEADS["de"], "language": "en"}, {"id": "b", "text": LEADS["de"]}])
    assert [a["language"] for a in result["articles"]] == ["en", "de"]
    unknown = compare([{"id": "a", "text": LEADS["en"], "language": "Elvish"}])
    assert unknown["articles"][0]["language"] == "elvish"
    assert unknown["articles"][0]["not_checked"] == ["boilerplate labels", "quotes", "discrepancies"]


def test_an_unsupported_language_says_exactly_which_stages_ran():
    result = compare(
        [{"id": "a", "text": POLISH, "outlet": "Gazeta"}, {"id": "b", "text": POLISH_OTHER, "outlet": "Kurier"}]
    )
    assert result["quotes"] == [] and result["discrepancies"] == []  # not looked for, not "none there"
    assert result["checks"] == {
        "languages": [
            {
                "language": "pl",
                "name": "Polish",
                "direction": "ltr",
                "articles": ["a", "b"],
                "checked": ["boilerplate markup", "sentences", "claims", "wire copy"],
                "not_checked": ["boilerplate labels", "quotes", "discrepancies"],
            }
        ],
        "mixed": False,
        "notices": [
            "Boilerplate labels, quotes and discrepancies are not checked for Polish (Gazeta, Kurier): Parallax "
            "has no data for that language, so none found there does not mean none there."
        ],
    }
    assert result["claims"]  # the stages that need no words still ran


def test_a_comparison_mixing_languages_says_matching_across_them_is_out_of_scope():
    english = "Train drivers will strike for 48 hours from Thursday, March 7, the union said."
    german = "Die Lokführer streiken ab Mittwoch, 6. März, 24 Stunden lang, teilte die Gewerkschaft mit."
    result = compare(
        [
            {"id": "a", "text": english, "outlet": "Wire"},
            {"id": "b", "text": german, "outlet": "Zeitung"},
            {"id": "c", "text": english.replace("Thursday", "Friday"), "outlet": "Post"},
        ]
    )
    checks = result["checks"]
    assert checks["mixed"] is True
    assert [(c["language"], c["articles"], c["not_checked"]) for c in checks["languages"]] == [
        ("en", ["a", "c"], []),
        ("de", ["b"], []),
    ]
    assert checks["notices"] == [
        "This comparison mixes English (Wire, Post) and German (Zeitung). Matching across languages is out of "
        "scope: claims are matched by shared words and values are compared only within one language, so an "
        "article may seem to leave out what it says in another language."
    ]
    # values are compared within a language only: Thursday against Friday, never against Mittwoch
    assert [[v["article"] for v in d["values"]] for d in result["discrepancies"]] == [["a", "c"]]
