"""English attribution forms and quote marks, one invented case each, asserting exact spans and speakers."""

import pytest

from app.analysis import compare
from app.analysis.quotes import group_quotes
from tests.analysis._quotes import OPTS, pairs, quotes

FORMS = [
    # "X said"
    ("“The bridge is safe,” Mayor Lena Ortiz said.", [("The bridge is safe", "Lena Ortiz")]),
    # "said X", with an apposition after the name
    (
        "“Rates will stay high,” said Priya Raman, the bank's chief economist.",
        [("Rates will stay high", "Priya Raman")],
    ),
    # "X, the minister, said"
    (
        "“We have no plans to resign,” Tomas Berg, the health minister, said on Monday.",
        [("We have no plans to resign", "Tomas Berg")],
    ),
    # "according to X"
    (
        "The fire was “under control by dawn,” according to fire chief Dana Kowal.",
        [("under control by dawn", "Dana Kowal")],
    ),
    # "X told reporters"
    ("“There will be no delay,” Omar Haddad told reporters in Cairo.", [("There will be no delay", "Omar Haddad")]),
    # "X said in a statement:"
    (
        "Union leader Marta Silva said in a statement: “The strike continues until we have a contract.”",
        [("The strike continues until we have a contract.", "Marta Silva")],
    ),
    # a colon after the name, no verb
    (
        "Governor Ruth Adeyemi on the flooding: “Every family will get help.”",
        [("Every family will get help.", "Ruth Adeyemi")],
    ),
    # a lone surname right before the verb, never named in full
    ("“That is simply false,” Okafor said.", [("That is simply false", "Okafor")]),
    # a lone surname right after an inverted verb, followed by a relative clause
    ("“We will appeal,” said Brandt, who leads the tenants' group.", [("We will appeal", "Brandt")]),
    # "Sen. X of State": the place after "of" is no part of the name
    ("“The bill is dead,” said Sen. Carla Mendes of Oregon.", [("The bill is dead", "Carla Mendes")]),
    # the outlet's reporter: the possessive names the publication, the person follows
    ("As the Ledger's Hugo Lind wrote, “the vote was never close.”", [("the vote was never close", "Hugo Lind")]),
    # party tag in brackets between name and verb
    ("“Nobody read the report,” Rep. Alan Cho (D-Ohio) said.", [("Nobody read the report", "Alan Cho")]),
    # role words before the name after the quote
    ("“The market overreacted,” analyst Mira Holt wrote in a note.", [("The market overreacted", "Mira Holt")]),
    # an adverb between speaker and verb
    ("“We were warned,” Nadia Petrova later told the inquiry.", [("We were warned", "Nadia Petrova")]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_attribution_forms(text, expected):
    assert pairs(text) == expected


def test_pronoun_resolves_to_the_full_name_met_earlier():
    text = "Energy Minister Kofi Mensah visited the plant.\n\n“It will reopen in May,” he said."
    assert pairs(text) == [("It will reopen in May", "Kofi Mensah")]


def test_surname_resolves_to_the_full_name_met_earlier():
    text = "Judge Ines Duarte opened the hearing.\n\n“Order, please,” Duarte said."
    assert pairs(text) == [("Order, please", "Ines Duarte")]


def test_he_added_continues_the_speaker():
    text = "“The vote is on Friday,” said Paulo Reis. “We expect to win,” he added."
    assert pairs(text) == [("The vote is on Friday", "Paulo Reis"), ("We expect to win", "Paulo Reis")]


def test_paragraph_introducing_the_quote():
    text = "Mayor Tom Reyes addressed the council.\n\nReyes said:\n\n“The budget is balanced for the first time in a decade.”"
    assert pairs(text) == [("The budget is balanced for the first time in a decade.", "Tom Reyes")]


def test_quote_over_paragraphs_takes_the_speaker_named_at_its_end():
    text = (
        "Earlier, Finance Minister Ana Costa spoke.\n\n"
        "“The first stage is finished and paid for.\n\n"
        "“The second will take two more years,” said union chief Rui Lopes."
    )
    assert pairs(text) == [
        ("The first stage is finished and paid for.", "Rui Lopes"),
        ("The second will take two more years", "Rui Lopes"),
    ]


def test_a_role_alone_is_a_description_not_a_name():
    text = "“Two people were hurt,” a police spokesman said."
    assert pairs(text) == [("Two people were hurt", "unnamed police spokesman")]


def test_a_definite_role_without_a_title_to_resolve_it_stays_as_written():
    text = "“The plant is safe,” the engineer said."
    assert pairs(text) == [("The plant is safe", "the engineer")]


def test_a_role_the_article_gave_as_a_title_names_its_holder_and_keeps_its_words():
    text = "Rep. Dana Whitfield spoke first.\n\n“I will not run again,” the congressman said."
    assert pairs(text) == [("I will not run again", "Dana Whitfield (the congressman)")]


def test_a_campaign_speaks_for_its_candidate():
    text = "Senator Nora Feld leads the polls.\n\n“The ad is a lie,” the Feld campaign said."
    assert pairs(text) == [("The ad is a lie", "Nora Feld\u2019s campaign")]


def test_a_place_a_date_or_a_publication_is_never_a_speaker():
    text = (
        "Wih Pesam was quiet on Tuesday.\n\n“The river rose overnight,” Wih Pesam residents said.\n\n"
        "“Help came late,” Tuesday said."
    )
    speakers = [s for _, s in pairs(text)]
    assert "Wih Pesam" not in speakers and "Tuesday" not in speakers


def test_inverted_verb_before_a_clause_subject_is_not_an_attribution():
    text = "Trade Minister Lars Eck spoke on Monday. He said Norway would “never accept” the tariff."
    assert pairs(text) == [("never accept", "Lars Eck")]


def test_straight_curly_and_single_marks():
    text = "Headline: 'We will rebuild': Ana Lima\n\n\"It is over,\" said Ana Lima. “It is over,” said Ben Ode."
    got = pairs(text)
    assert ("We will rebuild", "Ana Lima") in got
    assert ("It is over", "Ana Lima") in got and ("It is over", "Ben Ode") in got


def test_nested_quotes_stay_inside_their_host():
    text = "“He told me, ‘Leave now,’ and I left,” said Aisha Bello."
    assert pairs(text) == [("He told me, ‘Leave now,’ and I left", "Aisha Bello")]


def test_nested_straight_quotes_inside_straight_quotes():
    text = 'Kim Soto wrote, "Voters shouted "enough!" at the rally."'
    assert pairs(text) == [('Voters shouted "enough!" at the rally.', "Kim Soto")]


def test_text_between_two_quotes_is_never_a_quote():
    text = "“We are ready,” Leila Park said, adding that talks could start “as soon as Monday.”"
    got = [t for t, _ in pairs(text)]
    assert got == ["We are ready", "as soon as Monday"]
    assert not any("Leila Park said" in t for t in got)


def test_partial_quote_inside_a_sentence():
    text = "Prime Minister Lena Berg called the attack “a cowardly act” and promised an inquiry."
    assert pairs(text) == [("a cowardly act", "Lena Berg")]


def test_a_closing_mark_typed_as_an_opener_still_opens():
    text = "\u202a”This is why we march,” said Rosa Vint."
    assert pairs(text) == [("This is why we march", "Rosa Vint")]


def test_the_same_person_is_one_speaker_across_outlets():
    a = quotes("“We have some interesting things to report,” Vice President J.D. Vance said.", "a")
    b = quotes("“We have some interesting things to report,” JD Vance told reporters.", "b")
    c = quotes("“We have interesting things to report,” Vance said.", "c")
    (group,) = group_quotes(a + b + c, OPTS)
    assert {o.speaker for o in group.occurrences} == {"J.D. Vance"} or {o.speaker for o in group.occurrences} == {
        "JD Vance"
    }
    assert group.speaker in ("J.D. Vance", "JD Vance")


def test_one_outlet_quoting_three_words_of_another_outlets_sentence_joins_its_group():
    a = quotes("“We will not sign a deal that abandons our farmers,” Trade Minister Ines Duarte said.", "a")
    b = quotes("Duarte said her government would not abandon “our farmers.”", "b")
    c = quotes("“The talks resume in June,” Ines Duarte said.", "c")
    groups = group_quotes(a + b + c, OPTS)
    by_text = {o.text: g.id for g in groups for o in g.occurrences}
    assert by_text["our farmers"] == by_text["We will not sign a deal that abandons our farmers"]
    assert by_text["The talks resume in June"] != by_text["our farmers"]


def test_a_description_joins_the_named_speakers_group_and_the_name_wins():
    a = quotes("“The border stays open,” Interior Minister Sami Yusuf said.", "a")
    b = quotes("“The border stays open,” a government official said.", "b")
    (group,) = group_quotes(a + b, OPTS)
    assert group.speaker == "Sami Yusuf"


def test_grouping_compares_a_bounded_number_of_wordings():
    from app.analysis import quote_groups

    calls = []
    real = quote_groups._fuzzy
    quote_groups._fuzzy = lambda a, b, n: calls.append(1) or real(a, b, n)
    try:
        spans = []
        for k in range(60):  # sixty outlets, each rewording one statement a little
            extra = " ".join(["really"] * (k % 30))
            spans += quotes(f"“We will {extra} rebuild every school in the valley,” Mayor Tom Reyes said.", f"o{k}")
        (group,) = group_quotes(spans, OPTS)
    finally:
        quote_groups._fuzzy = real
    assert len(group.occurrences) == 60
    assert len(calls) <= 60 * OPTS.quote_group_wordings


def test_unsupported_language_gets_no_quotes_and_compare_says_the_stage_did_not_run():
    text = "„Nie podpiszemy tego”, powiedział minister Jan Kowalski."
    assert quotes(text, language="pl") == []
    result = compare([{"id": "pl1", "text": text, "language": "pl"}, {"id": "en1", "text": "“Yes,” Ann Lee said."}])
    checked = {a["id"]: a["not_checked"] for a in result["articles"]}
    assert "quotes" in checked["pl1"] and "quotes" not in checked["en1"]
    assert all(o["article"] == "en1" for q in result["quotes"] for o in q["occurrences"])
