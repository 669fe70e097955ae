"""Structural alignment evidence: quoted statements, and leads judged on what they state, on invented news articles."""

from __future__ import annotations

from app.analysis import compare
from app.analysis.align import FEATURES, compare_passages
from app.analysis.discrepancies import find_discrepancies
from app.analysis.evidence import same_words
from app.analysis.options import AnalysisOptions
from app.analysis.types import QuoteSpan


def _claims_with(result: dict, texts: dict[str, str], needle_a: str, needle_b: str) -> list[dict]:
    def has(claim, needle):
        return any(needle in texts[o["article"]][o["start"] : o["end"]] for o in claim["occurrences"])

    return [c for c in result["claims"] if has(c, needle_a) and has(c, needle_b)]


def _run(**texts: str) -> tuple[dict, dict[str, str]]:
    return compare([{"id": k, "text": v} for k, v in texts.items()]), texts


LIBRARY_A = (
    "Council votes to close Millbrook library\n\n"
    "Millbrook council voted on Tuesday to close the town's only public library at the end of the year.\n\n"
    "The building will be sold to pay for road repairs.\n"
)
LIBRARY_B = (
    "Millbrook library to shut\n\n"
    "Residents will lose their only library in December after a council vote.\n\n"
    "Parents collected 3,000 signatures against the plan last month.\n"
)
STADIUM_A = (
    "Stadium talks near collapse\n\nThe club's owners met city officials again on Monday.\n\n"
    "Mayor Ana Ruiz said the city would \u201cwalk away\u201d from the stadium deal unless the club found its share of the money.\n\n"
    "The club declined to comment.\n"
)
STADIUM_B = (
    "City gives club an ultimatum\n\nTalks on the new ground resumed on Monday.\n\n"
    "\u201cIf they cannot put up their part in the next few weeks, I think we simply walk away,\u201d Ruiz told reporters.\n\n"
    "Fans plan a march on Saturday.\n"
)


def test_a_sentence_quoting_words_of_a_statement_aligns_with_the_statement():
    """Word overlap alone misses this pair; the quote group ('walk away' in the full statement) finds it."""
    result, texts = _run(a=STADIUM_A, b=STADIUM_B)
    assert _claims_with(result, texts, "from the stadium deal", "Ruiz told reporters")
    weights = list(AnalysisOptions().pair_weights)
    weights[FEATURES.index("quote")] = 0.0
    off = AnalysisOptions(quote_claims=False, pair_weights=tuple(weights))
    assert not _claims_with(
        compare([{"id": k, "text": v} for k, v in texts.items()], off),
        texts,
        "from the stadium deal",
        "Ruiz told reporters",
    )


def test_headline_and_lede_state_the_main_claim():
    """The ledes share only 'library' and 'council': as the lead, they still state one claim."""
    result, texts = _run(a=LIBRARY_A, b=LIBRARY_B)
    assert _claims_with(result, texts, "voted on Tuesday to close", "lose their only library")


def test_different_statements_of_one_speaker_do_not_align():
    a = "Port strike ends\n\nDock workers returned on Monday.\n\nUnion leader Sam Reyes said: \u201cWe won a fair wage for every member.\u201d\n"
    b = (
        "Dockers back at work\n\nThe port reopened on Monday.\n\n"
        "Reyes said: \u201cThe next fight is over pensions, and it starts in the spring.\u201d\n"
    )
    result, texts = _run(a=a, b=b)
    assert not _claims_with(result, texts, "fair wage", "over pensions")


def test_a_lede_about_another_matter_stays_out_of_the_lead_claim():
    a = "Bridge reopens after repairs\n\nThe Kessel bridge reopened to traffic on Sunday after two years of repairs.\n"
    b = "Kessel bridge open again\n\nTraffic crossed the Kessel bridge on Sunday for the first time in two years.\n"
    c = "Storm warning for the coast\n\nForecasters warned of gales along the coast on Monday.\n"
    result, texts = _run(a=a, b=b, c=c)
    assert _claims_with(result, texts, "reopened to traffic", "Traffic crossed")
    assert not _claims_with(result, texts, "reopened to traffic", "Forecasters warned")


def test_quote_evidence_needs_shared_words_not_just_one_group():
    def span(article, text):
        return QuoteSpan(article, 0, len(text), text, "Reyes")

    whole = span("a", "We won a fair wage. The next fight is over pensions, and it starts in the spring.")
    first = span("b", "We won a fair wage.")
    second = span("c", "The next fight is over pensions, and it starts in the spring.")
    pairs = {(x.article, y.article) for x, y in same_words([whole, first, second], 1, 30)}
    assert pairs == {("a", "b"), ("a", "c")}


def test_discrepancies_give_the_same_flags_with_or_without_shared_similarities():
    from app.analysis.align import group_claims
    from tests.analysis._story import story

    docs, sentences = story(
        ["Russia attacked four regions overnight, officials said."],
        ["Officials said Russia attacked five regions overnight."],
    )
    options = AnalysisOptions()
    comparison = compare_passages(docs, sentences, options)
    claims = group_claims(docs, sentences, options, comparison=comparison)
    shared = find_discrepancies(docs, claims, [], sentences, options, comparison)
    alone = find_discrepancies(docs, claims, [], sentences, options)
    assert [d.values for d in shared] == [d.values for d in alone] and shared


def test_char_idf_of_distinct_texts_weighted_by_copies_equals_idf_of_all():
    import numpy as np

    from app.analysis import similarity

    texts = ["Floods hit the north.", "Floods hit the north.", "Markets fell sharply.", "Floods hit the north."]
    uniq, inv, counts = similarity.distinct(texts)
    assert uniq == ["Floods hit the north.", "Markets fell sharply."] and inv.tolist() == [0, 0, 1, 0]
    full = similarity.char_matrix(texts).toarray()
    dedup = similarity.char_matrix(uniq, counts=counts).toarray()
    assert np.allclose(full, dedup[inv])
