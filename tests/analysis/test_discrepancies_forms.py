"""Discrepancies between outlets in each form they take, and the agreements that must stay
quiet (invented articles; English and the other supported languages)."""

from __future__ import annotations

import pytest

from app.analysis import compare


def flags(*texts: str, language: str = "en"):
    result = compare([{"id": f"a{i}", "text": t, "language": language} for i, t in enumerate(texts)])
    return [(d["kind"], sorted(v["value"] for v in d["values"])) for d in result["discrepancies"]]


LEDE = "Rescue teams searched the rubble overnight in the mountain province."


@pytest.mark.parametrize(
    "a,b,expected",
    [
        (
            "The earthquake killed 12 people in the mountain province, officials said.",
            "The earthquake killed 14 people in the mountain province, officials said.",
            ("conflict", ["12", "14"]),
        ),
        (
            "The quake struck at a depth of 10 km under the mountain province.",
            "The quake struck at a depth of 12 km under the mountain province.",
            ("conflict", ["10 km", "12 km"]),
        ),
        (
            "The magnitude 6.1 earthquake shook the mountain province on Tuesday morning.",
            "The magnitude 5.9 earthquake shook the mountain province on Tuesday morning.",
            ("conflict", ["5.9", "6.1"]),
        ),
        (
            "The governor said the flood damage in the province would cost $40 million to repair.",
            "The governor said the flood damage in the province would cost $45 million to repair.",
            ("conflict", ["$40 million", "$45 million"]),
        ),
        (
            "Turnout in the northern province fell to 48 percent in the regional vote.",
            "Turnout in the northern province fell to 52 percent in the regional vote.",
            ("conflict", ["48 percent", "52 percent"]),
        ),
        (
            "At least 10 people were killed when the dam burst near the provincial capital.",
            "24 people were killed when the dam burst near the provincial capital.",
            ("update", ["10", "24"]),
        ),
        (
            "The dam burst near the provincial capital on March 4, the ministry said.",
            "The dam burst near the provincial capital on March 5, the ministry said.",
            ("conflict", ["March 4", "March 5"]),
        ),
        (
            "The dam burst near the provincial capital at 5 a.m., the ministry said.",
            "The dam burst near the provincial capital at 7 a.m., the ministry said.",
            ("conflict", ["5 a.m.", "7 a.m."]),
        ),
        (
            "The driver, Tomas Reyes, 34, was arrested near the provincial capital on Monday night.",
            "The driver, Tomas Reyes, 36, was arrested near the provincial capital on Monday night.",
            ("conflict", ["34", "36"]),
        ),
        (
            "Rebels seized seven villages near the provincial capital, the army said.",
            "Rebels seized nine villages near the provincial capital, the army said.",
            ("conflict", ["nine", "seven"]),
        ),
    ],
)
def test_english_forms_are_flagged_with_their_kind(a, b, expected):
    assert flags(LEDE + "\n\n" + a, LEDE + "\n\n" + b) == [expected]


@pytest.mark.parametrize(
    "a,b",
    [
        (
            "About 30 houses collapsed in the mountain village, the mayor said.",
            "32 houses collapsed in the mountain village, the mayor said.",
        ),
        (
            "Thirty-five miners were rescued from the flooded pit on Sunday.",
            "35 miners were rescued from the flooded pit on Sunday.",
        ),
        (
            "The storm destroyed 4,000 homes along the coast, officials said.",
            "Officials said the storm destroyed 4,000 homes along the coast.",
        ),
        (
            "The island has more than 100,000 residents and one hospital.",
            "The island has 120,000 residents and one hospital.",
        ),
    ],
)
def test_english_agreements_are_not_flagged(a, b):
    assert flags(LEDE + "\n\n" + a, LEDE + "\n\n" + b) == []


def test_numbers_of_different_facts_in_one_claim_are_not_paired():
    a = "The flood killed 12 people and damaged 300 homes in the mountain province."
    b = "The flood damaged 300 homes and killed 12 people in the mountain province, home to 90,000 people."
    assert flags(LEDE + "\n\n" + a, LEDE + "\n\n" + b) == []


def test_german_pair_disagrees_on_day_date_and_number():
    a = "Die Lokführer streiken ab Donnerstag, 7. März, 35 Stunden lang im Personenverkehr, teilte die Gewerkschaft mit."
    b = "Die Lokführer streiken ab Mittwoch, 6. März, 24 Stunden lang im Personenverkehr, teilte die Gewerkschaft mit."
    found = flags(a, b, language="de")
    assert ("conflict", ["Donnerstag", "Mittwoch"]) in found
    assert ("conflict", ["6. März", "7. März"]) in found
    assert ("conflict", ["24 Stunden", "35 Stunden"]) in found
    assert len(found) == 3


def test_german_pair_that_agrees_reports_nothing():
    a = "Die Lokführer streiken ab Donnerstag, 7. März, 35 Stunden lang im Personenverkehr, teilte die Gewerkschaft mit."
    b = "Ab Donnerstag, 7. März, streiken die Lokführer 35 Stunden lang im Personenverkehr, teilte die Gewerkschaft mit."
    assert flags(a, b, language="de") == []


def test_arabic_pair_disagrees_on_magnitude_day_and_depth():
    a = "ضرب زلزال بقوة 6.1 درجات على مقياس ريختر جنوب البلاد يوم الثلاثاء على عمق 10 كيلومترات."
    b = "ضرب زلزال بقوة 5.9 درجات على مقياس ريختر جنوب البلاد يوم الأربعاء على عمق 12 كيلومترات."
    found = flags(a, b, language="ar")
    assert ("conflict", ["5.9", "6.1"]) in found
    assert ("conflict", ["الأربعاء", "الثلاثاء"]) in found
    assert ("conflict", ["10 كيلومترات", "12 كيلومترات"]) in found


@pytest.mark.parametrize(
    "language,a,b,values",
    [
        (
            "fr",
            "Le séisme a fait 24 morts mardi dans la province du nord.",
            "Le séisme a fait 31 morts mardi dans la province du nord.",
            ["24", "31"],
        ),
        (
            "es",
            "El terremoto dejó 24 muertos el martes en la provincia del norte.",
            "El terremoto dejó 31 muertos el martes en la provincia del norte.",
            ["24", "31"],
        ),
        (
            "it",
            "Il terremoto ha causato 24 morti martedì nella provincia del nord.",
            "Il terremoto ha causato 31 morti martedì nella provincia del nord.",
            ["24", "31"],
        ),
        (
            "pt",
            "O sismo causou 24 mortos na terça-feira na província do norte.",
            "O sismo causou 31 mortos na terça-feira na província do norte.",
            ["24", "31"],
        ),
        (
            "nl",
            "De aardbeving eiste dinsdag 24 doden in de noordelijke provincie.",
            "De aardbeving eiste dinsdag 31 doden in de noordelijke provincie.",
            ["24", "31"],
        ),
    ],
)
def test_counts_disagree_in_other_languages(language, a, b, values):
    assert flags(a, b, language=language) == [("conflict", values)]
    assert flags(a, a.replace("province", "province"), language=language) == []


def test_a_language_without_data_says_the_check_did_not_run():
    result = compare([{"id": "a", "text": "W poniedziałek zginęło 12 osób.", "language": "pl"}])
    assert result["articles"][0]["not_checked"] == ["boilerplate labels", "quotes", "discrepancies"]
    english = compare([{"id": "b", "text": "On Monday 12 people died."}])
    assert english["articles"][0]["not_checked"] == []
