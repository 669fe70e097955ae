"""Discrepancies: differing values of one fact are flagged; agreeing or unrelated ones are not."""

from __future__ import annotations

import pytest

from app.analysis.align import group_claims
from app.analysis.discrepancies import find_discrepancies
from app.analysis.options import AnalysisOptions
from app.analysis.values import extract
from tests.analysis._story import story

OPTIONS = AnalysisOptions()


def _flags(*articles: list[str]):
    docs, sentences = story(*articles)
    claims = group_claims(docs, sentences, OPTIONS)
    return find_discrepancies(docs, claims, [], sentences, OPTIONS), {d.id: d.text for d in docs}


CONFLICTS = [
    (
        "The earthquake killed 12 people in the province, officials said.",
        "Officials said the earthquake killed 14 people in the province.",
        "12",
        "14",
    ),
    (
        "Rebels seized four towns in the north of the country.",
        "Rebels seized five towns in the country's north.",
        "four",
        "five",
    ),
    (
        "The prime minister announced the plan on Tuesday in parliament.",
        "In parliament on Wednesday, the prime minister announced the plan.",
        "Tuesday",
        "Wednesday",
    ),
    (
        "The election will be held in March, the commission said.",
        "The commission said the election will be held in April.",
        "March",
        "April",
    ),
    ("The club paid $40 million for the striker.", "The striker joined the club for $45 million.", "40", "45"),
    (
        "No comment came from Paris, Berlin or Rome on the proposal.",
        "There was no comment from Paris, Berlin, Rome or Madrid on the proposal.",
        "Paris",
        "Madrid",
    ),
    (
        "The truce between the two sides has expired, officials said.",
        "The truce between the two sides is close to its end, officials said.",
        "expired",
        "close to its end",
    ),
]


@pytest.mark.parametrize("a,b,value_a,value_b", CONFLICTS)
def test_conflicting_values_are_flagged_at_the_value(a, b, value_a, value_b):
    found, text = _flags([a], [b])
    assert len(found) == 1
    shown = [text[v.article][v.start : v.end] for v in found[0].values]
    assert any(value_a in s for s in shown) and any(value_b in s for s in shown)
    assert found[0].claim is not None and found[0].about


AGREEMENTS = [
    ("The fire killed 35 people, officials said.", "Officials said thirty-five people died in the fire."),
    ("Four regions voted against the measure.", "The measure was rejected by 4 regions."),
    ("Ministers met on Friday to discuss the budget.", "On Friday, ministers met to discuss the budget."),
]


@pytest.mark.parametrize("a,b", AGREEMENTS)
def test_same_value_written_differently_is_not_flagged(a, b):
    assert _flags([a], [b])[0] == []


def test_numbers_of_different_things_are_not_compared():
    found, _ = _flags(
        ["The army deployed 300 troops to the border town, killing 4 suspects."],
        ["The army deployed troops to the border town for 5 days."],
    )
    assert found == []


def test_unrelated_sentences_with_different_days_are_not_flagged():
    found, _ = _flags(
        ["The court will rule on the appeal on Monday."],
        ["Shares in the airline fell sharply on Thursday after a profit warning."],
    )
    assert found == []


def test_swapped_roles_are_flagged():
    found, _ = _flags(
        ["Later, Senator Smith echoed Governor Jones’s warning about the floods."],
        ["Jones, visiting the flooded valley, echoed Smith’s call for federal aid."],
    )
    assert len(found) == 1 and {v.article for v in found[0].values} == {"a0", "a1"}


def test_number_words_and_scales_have_values():
    values = {v.value for v in extract("Thirty-five people and 3 million dollars and seven ships")}
    assert {"35", "3,000,000", "7"} <= values


def test_years_and_dates_are_not_counts():
    assert [v for v in extract("In 2014 she sued him, on April 18 they met.") if v.kind == "number"] == []
