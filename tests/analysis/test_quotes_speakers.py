"""More attribution forms, marks and groupings: one invented case each, asserting the exact span and speaker."""

import re

import pytest

from app.analysis.quote_marks import marks, quoted_spans
from app.analysis.quotes import group_quotes
from app.analysis.speakers import _alternation
from tests.analysis._quotes import OPTS, pairs, quotes

ENGLISH = marks((("\u201c", "\u201d"),))


FORMS = [
    # a straight mark opened, a curly one closed, and the next quote opened straight again
    (
        '"The bridge will hold,\u201d said engineer Lars Moe. "We checked it twice."',
        [("The bridge will hold", "Lars Moe"), ("We checked it twice.", "Lars Moe")],
    ),
    # a curly mark opened and a straight one closed, with a curly scare quote later in the paragraph
    (
        '\u201cWe lost the vote," Mayor Ines Kaur said after the \u201chistoric\u201d session.',
        [("We lost the vote", "Ines Kaur"), ("historic", "Ines Kaur")],
    ),
    # a role between an organisation and its holder, after an inverted verb
    (
        "\u201cThe ferry runs again on Monday,\u201d said Harbor Authority spokesman Leo Brandt.",
        [("The ferry runs again on Monday", "Leo Brandt")],
    ),
    # the same chain before the verb
    (
        "\u201cWe are not leaving the race,\u201d Greenway campaign manager Ada Okoye said.",
        [("We are not leaving the race", "Ada Okoye")],
    ),
    # right after a quote, the inverted subject is the speaker whatever follows it
    (
        "\u201cThe deal is dead,\u201d said a source familiar with the talks.",
        [("The deal is dead", "unnamed source")],
    ),
    ("\u201cHe will not win here,\u201d said one Ohio Democrat.", [("He will not win here", "unnamed Ohio Democrat")]),
    # a role, then its holder's name set off by commas
    (
        "\u201cWe expected this,\u201d said Lindqvist\u2019s campaign manager, Ruth Abara, who ran his last race.",
        [("We expected this", "Ruth Abara")],
    ),
    # a capitalised function word opening the sentence is no part of the name
    ("As Tomas Reyes said last week, \u201cthe port is full.\u201d", [("the port is full", "Tomas Reyes")]),
    # a noun that is also a verb heads a description
    ("The email said, \u201cThe office closes on Friday.\u201d", [("The office closes on Friday.", "the email")]),
    # a sentence's full stop ends a name: the next sentence's subject is not part of it
    (
        "\u201cThe fund is empty,\u201d said Halvorsen treasurer Jon Kohl. Avery later called for an audit.",
        [("The fund is empty", "Jon Kohl")],
    ),
    # an institution's name ends before its officer's
    (
        "\u201cTurnout was the highest in years,\u201d said Clark County Harbormaster Helen Ward.",
        [("Turnout was the highest in years", "Harbormaster Helen Ward")],
    ),
    # a dash signature opening the next paragraph
    (
        "\u201cWe will rebuild every house.\u201d\n\n\u2014 Ines Duarte, Lisbon.",
        [("We will rebuild every house.", "Ines Duarte")],
    ),
    # a dash signature on the quote's own line, with a title
    ("\u201cNever again.\u201d \u2014 President Tomas Berg", [("Never again.", "Tomas Berg")]),
    # any regular past-tense verb closing the sentence right after a quote attributes it
    ("\u201cYou are simply wrong,\u201d Berg retaliated.", [("You are simply wrong", "Berg")]),
    # a short exclamation is speech, not a scare quote; a crowd is a speaker as written
    ("\u201cLock them up!\u201d the crowd chanted.", [("Lock them up!", "the crowd")]),
    # a manner-of-speaking verb whose base form is a noun counts in the past tense
    ("\u201cIs that all?\u201d Hana Sato pressed.", [("Is that all?", "Hana Sato")]),
    # a plural description
    ("\u201cWe want answers,\u201d the protesters said.", [("We want answers", "the protesters")]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_attribution_forms(text, expected):
    assert pairs(text) == expected


def test_a_publication_as_the_source_leaves_the_quote_without_a_speaker():
    text = (
        "\u201cPrices will fall by spring,\u201d said trader Ana Lima.\n\n"
        "\u201cThe harvest failed in the south,\u201d the Daily Ledger reported."
    )
    assert pairs(text) == [("Prices will fall by spring", "Ana Lima"), ("The harvest failed in the south", None)]


def test_a_vice_president_is_not_the_president():
    text = "Vice President Ana Lima toured the plant.\n\n\u201cThe plant stays open,\u201d the president said."
    assert pairs(text) == [("The plant stays open", "the president")]


def test_a_former_title_alone_names_no_office():
    text = "The former adviser Pablo Serra spoke on Monday.\n\n\u201cShe will win,\u201d the former adviser said."
    assert pairs(text) == [("She will win", "Pablo Serra (the former adviser)")]


def test_a_role_before_a_name_lets_the_role_resolve_later():
    text = (
        "The paper\u2019s columnist Rhea Mol wrote about the vote.\n\n"
        "\u201cThe count was honest,\u201d the columnist wrote in a second piece."
    )
    assert pairs(text) == [("The count was honest", "Rhea Mol (the columnist)")]


def test_a_title_case_headline_introduces_nobody():
    text = "Private Talks Between Lima And Ortiz Collapse\n\n\u201cWe failed,\u201d Ortiz said."
    assert pairs(text) == [("We failed", "Ortiz")]


def test_a_few_words_matched_by_letters_do_not_join_a_long_statement():
    a = quotes("Ana Lima called the plan \u201cvery weak on migration\u201d on Monday.", "a")
    b = quotes(
        "\u201cThe woman who says illegal immigration is not welcome here signed the toughest law in the region,\u201d"
        " the editorial board wrote.",
        "b",
    )
    groups = group_quotes(a + b, OPTS)
    assert len(groups) == 2
    assert {g.speaker for g in groups} == {"Ana Lima", "the editorial board"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"Ok \u201cfine\u201d now," she said.', ["Ok \u201cfine\u201d now,"]),
        ('"He has 6\u201d of snow," she said.', ["He has 6\u201d of snow,"]),
        ('\u201cHe said "no" today,\u201d Lima said.', ['He said "no" today,']),
    ],
)
def test_mixed_marks_leave_proper_nesting_alone(line, expected):
    assert [line[a:b] for a, b in quoted_spans(line, ENGLISH)] == expected


def test_a_trie_alternation_matches_what_the_plain_alternation_matches():
    words = ["say", "says", "said", "saying", "according to", "according", "a", "ab", "abc", "b", "re.x"]
    plain = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + r")\b")
    trie = re.compile(r"\b(?:" + _alternation(words) + r")\b")
    text = "he says, saying what was said according to a b ab abc abcd re.x rex sayings according"
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_he_skips_a_group_named_since_the_person():
    text = (
        "Rep. Omar Castell said on Monday he would step down.\n\n"
        "A few of his party colleagues urged him to resign last year.\n\n"
        "\u201cIt is time for me to move on,\u201d he said."
    )
    assert pairs(text) == [("It is time for me to move on", "Omar Castell")]


def test_an_initial_is_part_of_a_name_not_an_article():
    text = "\u201cThe audit is complete,\u201d Treasury General Counsel Nadia R. Holm wrote in a letter."
    assert pairs(text) == [("The audit is complete", "Nadia R. Holm")]


def test_a_long_title_before_a_name_is_read_whole():
    text = "\u201cWe will carry the county,\u201d said Lake County Democratic Party Chairman Ines Okafor."
    assert pairs(text) == [("We will carry the county", "Ines Okafor")]


def test_a_name_inside_a_quote_is_not_the_next_quotes_speaker():
    text = (
        "Ana Lima spoke first.\n\n"
        "Her leaflet, headed \u201cMarco Bell said the dam was safe,\u201d was handed out at noon.\n\n"
        "\u201cWe stand by every word,\u201d she said."
    )
    assert pairs(text)[-1] == ("We stand by every word", "Ana Lima")


def test_a_speaker_introducing_the_quote_wins_over_the_next_sentences_subject():
    text = "Lima replies to Okafor with, \u201cWhy now? Why on a Sunday?\u201d Okafor then writes back, \u201cBecause.\u201d"
    assert pairs(text)[0] == ("Why now? Why on a Sunday?", "Lima")


def test_a_capitalised_plural_role_opening_a_sentence_is_a_description():
    text = "The race has tightened. Pollsters said: \u201cIt is a coin toss.\u201d"
    assert pairs(text) == [("It is a coin toss.", "pollsters")]
