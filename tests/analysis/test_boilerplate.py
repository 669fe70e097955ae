"""Boilerplate spans: page furniture is found, reporting (headlines, subheadings, link text) is not."""

import itertools

import pytest

from app.analysis.boilerplate import find_removed
from app.analysis.options import AnalysisOptions

OPTS = AnalysisOptions()


def removed(text):
    return [(text[r.start : r.end], r.kind) for r in find_removed(text, OPTS)]


def kinds(text):
    return {kind for _, kind in removed(text)}


BODY = (
    "Harbour officials in Lisbon closed the port on Monday after a storm damaged two cranes.\n\n"
    "The closure delayed dozens of container ships bound for northern Europe, officials said.\n\n"
)


def test_comment_form_lines_are_removed_whole():
    text = (
        BODY + "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nPost Comment"
    )
    found = removed(text)
    assert ("Leave a Reply", "comment-form") in found
    assert any(t.startswith("Your email address") and k == "comment-form" for t, k in found)
    assert ("Post Comment", "comment-form") in found


def test_caption_followed_by_agency_credit():
    caption = "Dock workers inspect a damaged crane at the port of Lisbon, Portugal, March 3, 2026."
    text = BODY + caption + "\n\nAna Ferreira/via Reuters\n\n" + BODY
    found = removed(text)
    assert (caption, "caption") in found
    assert ("Ana Ferreira/via Reuters", "photo-credit") in found


def test_caption_glued_to_credit_is_two_spans():
    text = (
        "Port closes after storm\n\nThe mayor of Lisbon, in March at the harbour.CreditMaria Lopes/Reuters\n\n" + BODY
    )
    found = removed(text)
    assert ("The mayor of Lisbon, in March at the harbour.", "caption") in found
    assert ("CreditMaria Lopes/Reuters", "photo-credit") in found


def test_dated_wire_caption_without_credit():
    caption = "Prime Minister Ana Costa speaks to reporters at the harbour in Lisbon, Portugal, March 4, 2026."
    assert (caption, "caption") in removed(BODY + caption + "\n\n" + BODY)


def test_ordinary_sentence_ending_in_a_date_is_content():
    line = "The new rules take effect across the port on January 1, 2027."
    assert removed(BODY + line + "\n\n" + BODY) == []


def test_byline_staff_line_dateline_and_contributor_line():
    text = (
        "# Storm shuts Lisbon port\n\n**By Rui Santos and Clara Mendes**  \n**Lisbon Tribune**\n\n"
        "LISBON — The port closed on Monday.\n\n" + BODY + "*Clara Mendes contributed to this report.*"
    )
    found = removed(text)
    assert ("By Rui Santos and Clara Mendes", "byline") in found
    assert ("Lisbon Tribune", "byline") in found
    assert ("LISBON —", "dateline") in found
    assert ("Clara Mendes contributed to this report.", "byline") in found
    assert ("Storm shuts Lisbon port", "byline") not in found


def test_markdown_markup_only_marks_the_syntax():
    text = "# Port reopens\n\nThe port [reopened on Friday](https://example.com/x) after **three** days."
    found = removed(text)
    assert ("#", "markup") in found
    assert ("[", "markup") in found
    assert ("](https://example.com/x)", "markup") in found
    assert ("**", "markup") in found
    assert not any("reopened" in t or "three" in t for t, _ in found)


def test_scraper_date_stamp_at_start():
    text = " date 2026-03-03 Harbour officials in Lisbon closed the port on Monday."
    assert removed(text) == [("date 2026-03-03", "dateline")]


def test_off_topic_headline_between_paragraphs_is_related_link():
    promo = "Celebrity chef opens floating restaurant beside famous tourist waterfront"
    text = "Storm shuts Lisbon port\n\n" + BODY + promo + "\n\n" + BODY
    assert (promo, "related-link") in removed(text)


def test_subheadings_on_the_story_are_content():
    sub = "Cranes damaged as storm batters the port"
    text = (
        "Storm shuts Lisbon port\n\n" + BODY + sub + "\n\n" + BODY + "The damaged cranes will take weeks to repair.\n"
    )
    assert "related-link" not in kinds(text)
    assert removed("Storm shuts Lisbon port for two days\n\n" + BODY) == []


def test_spans_sorted_non_overlapping_and_in_range():
    text = "**By A B**\n**X Y**\n\n*[link](#)* " * 50 + BODY
    spans = find_removed(text, OPTS)
    assert all(0 <= r.start < r.end <= len(text) for r in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    "text", ["", "\n\n", "*" * 200_000, "[a](b)" * 50_000, "\u202eRTL \u0000\u0007 text 😀" * 1000, "“" * 100_000]
)
@pytest.mark.timeout(5)
def test_hostile_input_is_quick(text):
    find_removed(text, OPTS)
