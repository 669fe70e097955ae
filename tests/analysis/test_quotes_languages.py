"""Quotes and speakers in each supported language: its marks, nesting, verbs and attribution forms (invented texts)."""

import pytest

from tests.analysis._quotes import pairs

CASES = [
    (
        "de",
        "„Wir streiken ab Donnerstag“, sagte GDL-Chef Claus Weselsky am Montag in Frankfurt. Die Bahn schwieg.",
        [("Wir streiken ab Donnerstag", "Claus Weselsky")],
    ),
    ("de", "»Das ist unverantwortlich«, sagte ein Bahnsprecher.", [("Das ist unverantwortlich", "ein Bahnsprecher")]),
    ("de", "Laut Weselsky ist «die Lage ernst».", [("die Lage ernst", "Weselsky")]),
    (
        "de",
        "„Er sagte: ‚Wir kommen‘, und ging“, erklärte Anna Vogt.",
        [("Er sagte: ‚Wir kommen‘, und ging", "Anna Vogt")],
    ),
    (
        "fr",
        "« Nous ne céderons pas », a déclaré le ministre de l'Intérieur Gérald Martin jeudi. « La loi sera appliquée », a-t-il ajouté.",
        [("Nous ne céderons pas", "Gérald Martin"), ("La loi sera appliquée", "Gérald Martin")],
    ),
    ("fr", "Selon Claire Dubois, « rien n'est décidé ».", [("rien n'est décidé", "Claire Dubois")]),
    (
        "es",
        "«No habrá recortes», dijo la ministra Ana Ruiz el lunes. «Lo garantizo», añadió.",
        [("No habrá recortes", "Ana Ruiz"), ("Lo garantizo", "Ana Ruiz")],
    ),
    ("es", "Según Pedro Gil, «el plan es firme».", [("el plan es firme", "Pedro Gil")]),
    (
        "it",
        "“Non ci saranno tagli”, ha detto il ministro Marco Bianchi. «Lo garantisco», ha aggiunto.",
        [("Non ci saranno tagli", "Marco Bianchi"), ("Lo garantisco", "Marco Bianchi")],
    ),
    (
        "pt",
        "“Não haverá cortes”, disse a ministra Ana Souza na segunda-feira. “Garanto”, acrescentou.",
        [("Não haverá cortes", "Ana Souza"), ("Garanto", "Ana Souza")],
    ),
    (
        "nl",
        "„Er komen geen bezuinigingen”, zei minister Jan de Vries maandag.",
        [("Er komen geen bezuinigingen", "Jan de Vries")],
    ),
    ("nl", "Volgens Sanne Bakker is het “een goede dag”.", [("een goede dag", "Sanne Bakker")]),
    (
        "ar",
        "وقال وزير الداخلية: «الوضع تحت السيطرة». وأضاف: «لا توجد إصابات».",
        [("الوضع تحت السيطرة", "وزير الداخلية"), ("لا توجد إصابات", "وزير الداخلية")],
    ),
    ("ar", "«سنعيد بناء المدارس»، قال رئيس البلدية.", [("سنعيد بناء المدارس", "رئيس البلدية")]),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_language_quotes_and_speakers(language, text, expected):
    assert pairs(text, language) == expected


def test_german_low_high_marks_are_not_read_inside_out():
    text = "„Wir fahren nicht“, sagte Claus Weselsky. „Nie wieder“, sagte er."
    got = [t for t, _ in pairs(text, "de")]
    assert got == ["Wir fahren nicht", "Nie wieder"]
    assert not any("sagte" in t for t in got)
