"""Sentence spans: exact offsets, abbreviations, quotes, headings, removed spans skipped, speed."""

import pytest

from app.analysis.boilerplate import find_removed
from app.analysis.options import AnalysisOptions
from app.analysis.segment import split_sentences
from app.analysis.types import Article, Removed

OPTS = AnalysisOptions()


def split(text, removed=None):
    doc = Article("a", text)
    return split_sentences(doc, find_removed(text, OPTS) if removed is None else removed, OPTS)


def texts(text, removed=None):
    return [s.text for s in split(text, removed)]


def test_text_equals_slice_and_indexes_run_in_order():
    text = "Farmers blocked roads on Monday. Police cleared them.\n\nTalks resume today."
    sents = split(text)
    assert [s.text for s in sents] == [
        "Farmers blocked roads on Monday.",
        "Police cleared them.",
        "Talks resume today.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert [s.index for s in sents] == [0, 1, 2]


def test_abbreviations_do_not_end_sentences():
    text = "The U.S. envoy met Lt. Gen. Ana Ruiz in Feb. 2025 with Ms. Okafor and J.D. Park. They left."
    assert texts(text) == [
        "The U.S. envoy met Lt. Gen. Ana Ruiz in Feb. 2025 with Ms. Okafor and J.D. Park.",
        "They left.",
    ]


def test_closing_quote_stays_with_its_sentence():
    text = "The minister called the plan “reckless.” Aides disagreed. “We will not wait,” she said."
    assert texts(text) == [
        "The minister called the plan “reckless.”",
        "Aides disagreed.",
        "“We will not wait,” she said.",
    ]


def test_headline_without_full_stop_is_a_heading_sentence():
    text = "Farmers block roads across the north\n\nFarmers blocked roads on Monday."
    sents = split(text)
    assert sents[0].text == "Farmers block roads across the north" and sents[0].is_heading
    assert not sents[1].is_heading


def test_markdown_heading_flagged_and_its_marker_left_out():
    text = "# Farmers block roads\n\nFarmers blocked roads."
    sents = split(text)
    assert sents[0].is_heading and sents[0].text == "Farmers block roads"


def test_first_line_that_is_a_sentence_is_not_a_heading():
    assert not split("Farmers blocked roads on Monday.\n\nPolice came.")[0].is_heading


def test_removed_spans_are_skipped_but_link_text_stays_in_its_sentence():
    text = "Leave a Reply\n\nThe plan [was dropped](#) on Monday. Talks resume."
    got = texts(text)
    assert "Leave a Reply" not in " ".join(got)
    assert got[0] == "The plan [was dropped](#) on Monday."


def test_removed_span_inside_line_is_not_a_sentence():
    text = "CAIRO — Talks ended on Sunday."
    sents = split(text, [Removed(0, 7, "dateline")])
    assert [s.text for s in sents] == ["Talks ended on Sunday."]


def test_time_abbreviation_before_time_zone():
    assert texts("It took effect at 5 p.m. Eastern time. Nobody objected.") == [
        "It took effect at 5 p.m. Eastern time.",
        "Nobody objected.",
    ]


@pytest.mark.timeout(10)  # a hang guard (about 0.1 s when idle); speed is measured in bench/
def test_two_hundred_articles_segment_quickly():
    para = (
        "The U.S. delegation, led by Sen. Maria Holt, arrived on Feb. 3. “We came to listen,” she said. "
        "Officials said the talks, which began at 9 a.m., would run late. Nothing was agreed.\n\n"
    )
    articles = [(para * 14)[:5000] + str(i) for i in range(200)]
    for i, text in enumerate(articles):
        split_sentences(Article(str(i), text), find_removed(text, OPTS), OPTS)


@pytest.mark.timeout(25)  # five inputs, each once bounded by 5 s
def test_hostile_inputs_are_bounded_and_offsets_hold():
    for text in ["", "   \n\n", "“" * 200_000, "word " * 300_000, "\u202e\u0000😀 " * 10_000]:
        sents = split(text)
        assert all(text[s.start : s.end] == s.text and s.end - s.start <= OPTS.max_sentence_chars for s in sents)
