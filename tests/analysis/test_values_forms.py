"""Values as outlets write them: number words, approximations, ranges, units, money, dates,
times, ages, in English and in the other supported languages (invented sentences)."""

from __future__ import annotations

import pytest

from app.analysis.values import extract, relation


def values(text: str, language: str = "en"):
    return [(v.kind, text[v.start : v.end], v.value) for v in extract(text, language)]


def one(text: str, kind: str, language: str = "en"):
    found = [v for v in extract(text, language) if v.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text,written,low,high,bound",
    [
        ("Rescuers said about 30 houses collapsed.", "30", 27.0, 33.0, "about"),
        ("At least 24 people died in the floods.", "24", 24.0, float("inf"), "at-least"),
        ("More than 20 villages were cut off.", "20", 20.000000000000004, float("inf"), "more-than"),
        ("Between 20-30 homes were evacuated.", "20-30", 20.0, 30.0, "range"),
        ("Up to 400 troops will be sent to the border.", "400", 0.0, 400.0, "up-to"),
        ("Thirty-five miners were rescued.", "Thirty-five", 35.0, 35.0, ""),
        ("The storm destroyed 4,000 homes.", "4,000", 4000.0, 4000.0, ""),
    ],
)
def test_counts_carry_the_range_their_wording_allows(text, written, low, high, bound):
    v = one(text, "number")
    assert (text[v.start : v.end], v.low, v.high, v.bound) == (written, low, high, bound)


def test_units_and_money_are_part_of_the_value():
    text = "The quake struck at a depth of 10 km, and donors pledged $40 million and 12.5% of the budget."
    assert [(k, w) for k, w, _ in values(text) if k == "number"] == [
        ("number", "10 km"),
        ("number", "$40 million"),
        ("number", "12.5%"),
    ]
    units = [(v.unit, v.low) for v in extract(text) if v.kind == "number"]
    assert units == [("km", 10.0), ("USD", 40_000_000.0), ("%", 12.5)]


def test_dates_times_ages_and_days():
    text = "Comeaux, 49, escaped on Tuesday, March 4, at 5 p.m., a day before the 40-year-old Jones."
    found = {(k, w, v) for k, w, v in values(text)}
    assert ("age", "49", "49") in found and ("age", "40", "40") in found
    assert ("weekday", "Tuesday", "1") in found
    assert ("date", "March 4", "03-04") in found
    assert ("time", "5 p.m.", "17:00") in found


def test_ordinals_years_and_scores_are_not_counts():
    text = "The 79th ceremony in 2014 ended 58-3 after the 11th round."
    assert [v for v in extract(text) if v.kind == "number"] == []


def test_approximate_value_agrees_with_an_exact_one_in_its_range():
    about = one("About 30 houses collapsed.", "number")
    assert relation(about, one("32 houses collapsed.", "number")) is None
    assert relation(about, one("45 houses collapsed.", "number")) == "conflict"


def test_a_lower_bound_below_a_later_count_is_an_update():
    early = one("At least 10 people were killed.", "number")
    assert relation(early, one("24 people were killed.", "number")) == "update"
    assert relation(early, one("At least 10 people were killed.", "number")) is None
    rounded = one("The island has more than 100,000 people.", "number")
    assert relation(rounded, one("The island has 120,000 people.", "number")) is None


def test_german_decimal_comma_thousands_dot_dates_and_ordinals():
    text = "Am Donnerstag, 7. März, streikten 4.000 Lokführer 35 Stunden lang, zum 3. Mal; Schaden: 6,1 Millionen Euro."
    found = values(text, "de")
    assert ("weekday", "Donnerstag", "3") in found
    assert ("date", "7. März", "03-07") in found
    assert ("number", "4.000", "4,000") in found
    assert ("number", "35 Stunden", "35") in found
    assert ("number", "6,1 Millionen Euro", "6,100,000") in found
    assert not any(w == "3" for _, w, _ in found)  # "zum 3. Mal" is an ordinal


def test_arabic_digits_weekdays_and_units():
    text = "ضرب زلزال بقوة ٦٫١ درجات يوم الثلاثاء على عمق 10 كيلومترات"
    found = values(text, "ar")
    assert ("number", "٦٫١", "6.1") in found
    assert ("weekday", "الثلاثاء", "1") in found
    assert ("number", "10 كيلومترات", "10") in found


@pytest.mark.parametrize(
    "language,text,written,value",
    [
        ("fr", "Le séisme a fait au moins 24 morts le mardi 4 mars.", "4 mars", "03-04"),
        ("es", "El terremoto dejó 24 muertos el martes 4 de marzo.", "4 de marzo", "03-04"),
        ("it", "Il terremoto ha causato 24 morti martedì 4 marzo.", "4 marzo", "03-04"),
        ("pt", "O sismo causou 24 mortos na terça-feira, 4 de março.", "4 de março", "03-04"),
        ("nl", "De aardbeving eiste op dinsdag 4 maart 24 doden.", "4 maart", "03-04"),
    ],
)
def test_dates_in_other_languages(language, text, written, value):
    assert ("date", written, value) in values(text, language)


def test_number_words_from_cldr_in_other_languages():
    assert ("number", "treinta y cinco", "35") in values("Hubo treinta y cinco heridos.", "es")
    assert ("number", "vijfendertig", "35") in values("Er vielen vijfendertig gewonden.", "nl")
    assert ("number", "quatre-vingts", "80") in values("On compte quatre-vingts blessés.", "fr")


def test_a_language_without_data_yields_no_values():
    assert extract("W poniedziałek zginęło 12 osób.", "pl") == ()
