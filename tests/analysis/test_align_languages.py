"""Terms per language: each supported language's function words never count as shared terms."""

from __future__ import annotations

import pytest

from app.analysis import compare
from app.analysis.lang import SUPPORTED
from app.analysis.terms import content_terms, stopwords


def test_german_function_words_are_no_terms():
    found = {t for t, _ in content_terms("Die Bahn und der Bund: Der Streik der Lokführer und die Folgen", "de")}
    assert not found & {"der", "die", "und"}
    assert {"bahn", "streik"} <= found


def test_german_articles_sharing_only_function_words_do_not_align():
    a = "Die Regierung und der Bundestag stritten am Abend über die neue Steuer für Flugreisen."
    b = "Der Trainer und die Mannschaft feierten in der Nacht den Sieg über die Gäste aus Bremen."
    result = compare(
        [{"id": "x", "text": a, "language": "de"}, {"id": "y", "text": b, "language": "de"}],
    )
    assert all(len({o["article"] for o in c["occurrences"]}) == 1 for c in result["claims"])


def test_german_paraphrase_still_aligns_on_its_content_words():
    a = "Die Lokführergewerkschaft GDL streikt ab Donnerstag 35 Stunden lang im Personenverkehr."
    b = "Im Personenverkehr streikt die Gewerkschaft GDL ab Donnerstag für 35 Stunden."
    result = compare([{"id": "x", "text": a, "language": "de"}, {"id": "y", "text": b, "language": "de"}])
    assert any(len({o["article"] for o in c["occurrences"]}) == 2 for c in result["claims"])


@pytest.mark.parametrize(
    ("language", "function_words"),
    [
        ("en", "the and of was"),
        ("de", "der die und das"),
        ("fr", "le la et un aux"),
        ("es", "el la y de los"),
        ("it", "il la e di che"),
        ("pt", "o a e de que"),
        ("nl", "de het en een van"),
        ("ar", "في من على"),
    ],
)
def test_each_supported_language_has_a_stop_list(language, function_words):
    assert language in SUPPORTED
    assert set(function_words.split()) <= stopwords(language)


def test_a_language_without_data_keeps_every_word():
    assert stopwords("pl") == frozenset()
    assert [t for t, _ in content_terms("Rząd ma nowy plan podatków", "pl")] == [
        "rząd",
        "ma",
        "nowy",
        "plan",
        "podatków",
    ]
