"""Quotes: spans inside the marks, scare quotes left out, speakers resolved, statements grouped."""

from app.analysis.quotes import group_quotes, quote_result
from tests.analysis._quotes import OPTS, pairs, quotes


def test_said_after_quote_with_title_stripped_and_comma_trimmed():
    text = "Finance Minister Ana Costa spoke in Lisbon.\n\n“The budget will balance by 2027,” Costa said."
    assert pairs(text) == [("The budget will balance by 2027", "Ana Costa")]


def test_inverted_said_and_apposition():
    text = "“We expect a deal,” said Omar Haddad, the chief negotiator for the union."
    assert pairs(text) == [("We expect a deal", "Omar Haddad")]


def test_name_then_apposition_then_verb():
    text = "“Nothing is settled,” Leila Park, a spokeswoman for the ministry, told reporters."
    assert pairs(text)[0][1] == "Leila Park"


def test_colon_before_quote_and_governor_title():
    text = "Texas Gov. Dan Holloway said on Monday: “The roads will reopen tonight.”"
    assert pairs(text) == [("The roads will reopen tonight.", "Dan Holloway")]


def test_pronoun_resolves_to_latest_speaker_and_follow_on_paragraph():
    text = (
        "Union leader Marta Silva addressed the strikers on Friday.\n\n"
        "“We are not going back,” she said.\n\n"
        "“Not until the contract is signed.”"
    )
    assert [s for _, s in pairs(text)] == ["Marta Silva", "Marta Silva"]


def test_according_to_and_unnamed_source():
    text = (
        "The ceasefire is “holding for now,” according to Colonel Ivan Petrov.\n\n"
        "A senior defense official said the army would “stay in position until further notice.”"
    )
    got = pairs(text)
    assert got[0] == ("holding for now", "Ivan Petrov")
    assert got[1][1] == "unnamed senior defense official"


def test_lower_case_fragment_loses_full_stop_and_nested_single_quotes_are_not_separate():
    text = "Judge Helen Ward said the claim was “without merit.”\n\n“He told me: ‘Leave now.’ So I left,” Ward said."
    got = pairs(text)
    assert got[0] == ("without merit", "Helen Ward")
    assert len(got) == 2 and "‘Leave now.’" in got[1][0]


def test_quote_running_over_two_paragraphs_gives_a_span_per_paragraph():
    text = (
        "“The first part of the plan is done. The second part will take longer.\n\n"
        "“We will need another year,” Mayor Tom Reyes said."
    )
    got = pairs(text)
    assert [t for t, _ in got] == [
        "The first part of the plan is done. The second part will take longer.",
        "We will need another year",
    ]
    assert got[1][1] == "Tom Reyes"


def test_scare_quotes_without_speaker_are_excluded():
    text = "The company sold a “smart” fridge and a “green” washing machine at the fair in Milan."
    assert quotes(text) == []


def test_short_quote_with_speech_verb_is_kept():
    text = "Prime Minister Lena Berg called the attack “barbaric” on Tuesday."
    assert pairs(text) == [("barbaric", "Lena Berg")]


def test_headline_single_quotes_with_trailing_speaker():
    text = "Port will close 'within hours': Dmitri Volkov\n\nHarbour master Dmitri Volkov warned ships on Sunday."
    assert pairs(text) == [("within hours", "Dmitri Volkov")]


def test_straight_double_quotes_and_possessive_office():
    text = 'The talks were "frank and useful," President Ana Lima\'s office said in a statement.'
    got = pairs(text)
    assert got[0][0] == "frank and useful"
    assert got[0][1].endswith("office") and "Ana Lima" in got[0][1]


def test_offsets_point_at_the_quoted_text():
    text = "Intro line here.\n\n“Quoted words here,” said Ben Cole. More text “and another part.”"
    for q in quotes(text):
        assert text[q.start : q.end] == q.text


def test_grouping_across_outlets_tolerates_wording_and_keeps_other_statements_apart():
    a = quotes(
        "“We will not raise taxes this year, and we will cut the deficit,” Finance Minister Ana Costa said.\n\n"
        "“The economy is growing faster than expected,” Costa said.",
        "a",
    )
    b = quotes("“We won't raise taxes this year and we'll cut the deficit,” Ana Costa said.", "b")
    c = quotes("Ana Costa said the government would “cut the deficit.”", "c")
    groups = group_quotes(a + b + c, OPTS)
    by_text = {o.text: g.id for g in groups for o in g.occurrences}
    assert by_text["cut the deficit"] == by_text["We won't raise taxes this year and we'll cut the deficit"]
    assert by_text["We will not raise taxes this year, and we will cut the deficit"] == by_text["cut the deficit"]
    assert by_text["The economy is growing faster than expected"] != by_text["cut the deficit"]


def test_different_speakers_are_not_grouped():
    a = quotes("“We are ready to talk,” Foreign Minister Ana Costa said.", "a")
    b = quotes("“We are ready to talk,” opposition leader Paulo Reis said.", "b")
    assert len(group_quotes(a + b, OPTS)) == 2


def test_group_dict_has_speaker_and_word_diff_against_fullest_wording():
    a = quotes("“We will rebuild every school,” Mayor Tom Reyes said.", "a")
    b = quotes("“We will rebuild every single school,” Mayor Tom Reyes said.", "b")
    (group,) = group_quotes(a + b, OPTS)
    d = quote_result(group).model_dump(mode="json")
    assert d["speaker"] == "Tom Reyes"
    diffs = {o["article"]: o["diff"] for o in d["occurrences"]}
    assert ["delete", "single "] in diffs["a"]
    assert all(op == "equal" for op, _ in diffs["b"])


def test_many_quote_marks_are_bounded():
    import time

    t0 = time.perf_counter()
    quotes("“" * 100_000 + " said Ann Lee.")
    quotes('"a" ' * 50_000)
    assert time.perf_counter() - t0 < 10


def test_speaker_candidates_keep_descriptions_and_pronouns():
    from app.analysis.speakers import candidates, lexicon

    en = lexicon("en")
    found = [c[2] for c in candidates("Later a senior State Department official told reporters she agreed", en)]
    assert "a senior State Department official" in found and "she" in found
    assert [c[2] for c in candidates("the rain fell on the town", en)] == []
