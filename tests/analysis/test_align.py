"""Claim alignment: paraphrases across outlets group together, near misses do not."""

from __future__ import annotations

import pytest

from app.analysis.align import compare_passages, group_claims
from app.analysis.options import AnalysisOptions
from tests.analysis._story import story

OPTIONS = AnalysisOptions()


def _groups_with(groups, needle_a: str, needle_b: str):
    return [
        g
        for g in groups
        if any(needle_a in o.text for o in g.occurrences) and any(needle_b in o.text for o in g.occurrences)
    ]


def _aligned(a: str, b: str, fill_a=(), fill_b=()) -> bool:
    docs, sentences = story([*fill_a, a], [*fill_b, b])
    groups = group_claims(docs, sentences, OPTIONS)
    return bool(_groups_with(groups, a[:25], b[:25]))


FILL_A = [
    "The storm closed three schools in the county on Monday.",
    "Local officials said power had been restored to most homes.",
]
FILL_B = [
    "Residents queued for hours at the only open petrol station.",
    "The mayor thanked volunteers who cleared fallen trees.",
]

PARAPHRASES = [
    (
        "Secretary of State Marco Rubio said the talks in Geneva were productive.",
        "Rubio described the Geneva negotiations as productive.",
    ),
    (
        "The company reported a net loss of $2 billion for the second quarter.",
        "For the second quarter, the firm posted a $2 billion net loss.",
    ),
    (
        "Police arrested two men in connection with the robbery on Tuesday.",
        "Two men were arrested by police on Tuesday over the robbery.",
    ),
    (
        "The central bank raised interest rates by a quarter point to curb inflation.",
        "To curb inflation, the central bank lifted its interest rate by a quarter point.",
    ),
    (
        "Prime Minister Keir Starmer will travel to Washington next week to meet the president.",
        "Starmer is expected to travel to Washington next week for a meeting with the president.",
    ),
    (
        "Fire crews battled the blaze at the warehouse for more than six hours.",
        "The warehouse blaze took firefighters more than six hours to bring under control.",
    ),
    # general news synonyms: pledge/promise, repay/reimburse, deny, accuse, aide/staffer, urge/press
    (
        "The senator pledged to repay the $40,000 in public money used for the settlement.",
        "She promised she would reimburse the $40,000 of public money spent on the settlement.",
    ),
    pytest.param(
        "Mr. Okafor continued to deny the allegations against him.",
        "Okafor has repeatedly denied the accusations.",
        marks=pytest.mark.xfail(
            strict=True,
            reason="known miss since the hand-written synonym list went: allegations/accusations meet only "
            "through the embedding, scored 0.45 against the 0.5 threshold",
        ),
    ),
    (
        "Several aides accused the mayor of fostering a hostile workplace.",
        "Former staffers said the mayor had created a hostile work environment.",
    ),
    (
        "The minister said on Monday that the government would abandon the tax plan.",
        "The government will withdraw its tax plan, the minister announced Monday.",
    ),
    (
        "Colleagues urged the governor to resign over the scandal.",
        "Fellow lawmakers pressed the governor to step down over the scandal.",
    ),
]

NEAR_MISSES = [
    pytest.param(
        "The minister said the new hospital would open in the spring.",
        "The minister resigned after a row over hospital funding.",
        marks=pytest.mark.xfail(
            strict=True, reason="known miss: scored 0.52 (one shared topic word, related meaning), threshold 0.5"
        ),
    ),
    (
        "Police arrested two men in connection with the robbery on Tuesday.",
        "The robbery happened at a jewellery shop in the town centre.",
    ),
    (
        "The central bank raised interest rates by a quarter point to curb inflation.",
        "Inflation fell to its lowest level in three years, official figures showed.",
    ),
    (
        "Rubio met European leaders in Paris on Thursday.",
        "Rubio will travel to London next week for a new round of talks.",
    ),
    (
        "The senator pledged to repay the $40,000 in public money used for the settlement.",
        "The senator's office said the settlement was reached in 2019.",
    ),
    ("Mr. Okafor continued to deny the allegations against him.", "Mr. Okafor will appear in court in March."),
    # speech verbs say how something was said, not what: sharing one is no evidence
    (
        "The government will withdraw its tax plan, the minister announced Monday.",
        "The minister announced a new rail link on Monday.",
    ),
]


def test_a_title_inside_a_sentence_does_not_cut_it():
    from app.analysis.clauses import sentence_units
    from app.analysis.types import Sentence

    text = "But in December, the extent of Mr. Farenthold's settlement was revealed by a newspaper."
    pieces = sentence_units(Sentence("a", 0, 0, len(text), text), 4, 8)
    assert not any(p.text.endswith("Mr.") for p in pieces)


@pytest.mark.parametrize("a,b", PARAPHRASES)
def test_paraphrases_align(a, b):
    assert _aligned(a, b, FILL_A, FILL_B)


@pytest.mark.parametrize("a,b", NEAR_MISSES)
def test_same_topic_different_fact_does_not_align(a, b):
    assert not _aligned(a, b, FILL_A, FILL_B)


def test_two_one_sentence_articles_align():
    assert _aligned(
        "Floods forced 2,000 people from their homes in northern Italy.",
        "In northern Italy, floods drove 2,000 people from their homes.",
    )


def test_reordered_articles_still_align_each_fact():
    facts = [
        "The mayor announced a new bicycle lane on the main avenue.",
        "The council approved a budget of 40 million euros for schools.",
        "A fire destroyed the old cinema on the harbour front.",
    ]
    rewrites = [
        "A blaze destroyed the old harbour-front cinema.",
        "A new bike lane on the main avenue was announced by the mayor.",
        "Councillors approved a 40 million euro budget for schools.",
    ]
    docs, sentences = story(facts, rewrites)
    groups = group_claims(docs, sentences, OPTIONS)
    assert _groups_with(groups, "bicycle lane", "bike lane")
    assert _groups_with(groups, "40 million euros", "40 million euro")
    assert _groups_with(groups, "destroyed the old cinema", "harbour-front cinema")
    assert not _groups_with(groups, "bicycle lane", "harbour-front")


def test_every_sentence_is_in_some_group():
    docs, sentences = story([*FILL_A, "Something only this outlet says about a parade."], FILL_B)
    groups = group_claims(docs, sentences, OPTIONS)
    for aid, sents in sentences.items():
        for s in sents:
            assert any(o.article == aid and o.start < s.end and s.start < o.end for g in groups for o in g.occurrences)


def test_sentence_with_two_facts_joins_two_groups():
    a = ["The government raised the minimum wage by 5 percent, while unions called a general strike for May."]
    b = [
        "The minimum wage will rise by 5 percent, the government said.",
        "Unions have called a general strike for May.",
    ]
    docs, sentences = story(a, b)
    groups = group_claims(docs, sentences, OPTIONS)
    assert _groups_with(groups, "minimum wage", "minimum wage will rise")
    assert _groups_with(groups, "general strike", "Unions have called")


def test_no_chaining_into_one_giant_group():
    docs, sentences = story(
        ["The president signed the climate bill on Monday.", "The bill sets a target of net zero by 2050."],
        ["On Monday the president signed the climate legislation.", "Critics say the 2050 target is too late."],
        ["Critics called the target of 2050 far too late.", "Oil prices rose sharply on Monday."],
    )
    groups = group_claims(docs, sentences, OPTIONS)
    assert max(len(g.occurrences) for g in groups) <= 3
    assert not _groups_with(groups, "signed the climate bill", "Oil prices")


def test_groups_explain_why_they_matched():
    docs, sentences = story(
        ["Health officials confirmed 12 new measles cases in Ohio."],
        ["Ohio health officials confirmed 12 new cases of measles."],
    )
    shared = [g for g in group_claims(docs, sentences, OPTIONS) if len(g.occurrences) == 2]
    assert shared and shared[0].score and shared[0].score > 0
    assert "measles" in [t.lower() for t in shared[0].shared_terms]


def test_group_spans_point_at_their_text():
    docs, sentences = story([PARAPHRASES[0][0], *FILL_A], [PARAPHRASES[0][1], *FILL_B])
    text = {d.id: d.text for d in docs}
    for g in group_claims(docs, sentences, OPTIONS):
        for o in g.occurrences:
            assert text[o.article][o.start : o.end] == o.text


def test_wire_copy_in_many_outlets_forms_one_claim_with_its_rewrite():
    wire = "The central bank raised its main interest rate to 4.5 percent on Thursday."
    rewrite = "On Thursday the central bank lifted its key rate to 4.5 percent."
    docs, sentences = story(*([wire, FILL_A[k % 2]] for k in range(6)), [rewrite, FILL_B[0]])
    groups = _groups_with(group_claims(docs, sentences, OPTIONS), "raised its main", "lifted its key rate")
    assert len(groups) == 1
    assert {o.article for o in groups[0].occurrences} == {f"a{k}" for k in range(7)}


def test_a_sentence_repeated_inside_one_outlet_stays_one_passage_per_claim():
    line = "The bridge will stay closed until the end of the month."
    docs, sentences = story([line, FILL_A[0], line], [line, FILL_B[0]])
    for g in group_claims(docs, sentences, OPTIONS):
        arts = [o.article for o in g.occurrences]
        starts = {(o.article, o.start) for o in g.occurrences}
        assert len(starts) == len(arts)  # no passage twice
        assert arts.count("a0") <= OPTIONS.max_passages_per_article_in_claim


def test_verbatim_copies_do_not_pull_an_unrelated_sentence_in():
    wire = "Rescuers pulled 14 survivors from the collapsed hotel overnight."
    docs, sentences = story(
        *([wire, FILL_A[0]] for _ in range(5)), ["The hotel had been inspected last year.", FILL_B[1]]
    )
    assert not _groups_with(group_claims(docs, sentences, OPTIONS), "Rescuers pulled", "inspected last year")


def test_verbatim_copies_show_their_own_link():
    lede = "Flooding closed the main rail line between the two cities on Sunday."
    docs, sentences = story([lede, FILL_A[0]], [lede, FILL_B[0]])
    pairs = compare_passages(docs, sentences, OPTIONS).pairs
    shared = _groups_with(group_claims(docs, sentences, OPTIONS), lede[:25], lede[:25])
    assert shared and max(g.score or 0 for g in shared) == max(pairs.values())
