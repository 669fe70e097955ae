"""Claims aligned by meaning: paraphrases with few shared words align, related passages that
state different facts do not, a sentence can carry two claims, a quote meets the sentence that
reports it, fragments fold into their sentence, and every word lands in some claim."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.analysis import compare, embeddings
from app.analysis.align import group_claims, pair_features, pair_score
from app.analysis.options import AnalysisOptions
from tests.analysis._story import story
from tests.analysis.test_align import FILL_A, FILL_B
from tests.analysis.test_compare_properties import TEXT

OPTIONS = AnalysisOptions()


def _together(groups, a: str, b: str) -> bool:
    return any(any(a in o.text for o in g.occurrences) and any(b in o.text for o in g.occurrences) for g in groups)


def _aligned(a: str, b: str) -> bool:
    docs, sentences = story([*FILL_A, a], [*FILL_B, b])
    return _together(group_claims(docs, sentences, OPTIONS), a[:25], b[:25])


# Pairs that share few words: synonyms and reworded facts the meaning signal has to carry.
PARAPHRASES = [
    (
        "Soldiers and police are leading the rescue operation in the flooded valley.",
        "Troops and police officers were deployed to lead rescue efforts in the valley after the floods.",
    ),
    (
        "The truce between the two militias collapsed on Sunday night.",
        "The ceasefire between the rival militias broke down late on Sunday.",
    ),
    (
        "The congressman promised to reimburse the Treasury for the settlement.",
        "He pledged to repay the settlement money to the Treasury.",
    ),
    (
        "The quake killed at least 40 people in the mountain villages.",
        "At least 40 people died in the mountain villages when the earthquake struck.",
    ),
]

# Same event, different fact: who against when, the toll against the magnitude, a cause against a result.
RELATED_BUT_DIFFERENT = [
    (
        "The earthquake had a magnitude of 6.2, the geological survey said.",
        "The earthquake killed at least 40 people in the mountain villages.",
    ),
    (
        "Police said the fire started in the kitchen of the restaurant shortly after midnight.",
        "The restaurant fire left two waiters and a cook in hospital.",
    ),
    pytest.param(
        "Union leader Sam Reyes said the strike would end on Friday.",
        "Union leader Sam Reyes said members had lost a month of wages.",
        marks=pytest.mark.xfail(
            strict=True,
            reason="known miss: the shared attribution 'Union leader Sam Reyes said' lifts word and character "
            "similarity (0.80); 'union' is a fact word here, so the names-only rule does not apply",
        ),
    ),
]


@pytest.mark.parametrize(("a", "b"), PARAPHRASES)
def test_paraphrases_with_few_shared_words_align(a, b):
    assert _aligned(a, b)


@pytest.mark.parametrize(("a", "b"), RELATED_BUT_DIFFERENT)
def test_same_event_different_fact_does_not_align(a, b):
    assert not _aligned(a, b)


def test_names_and_attribution_alone_make_no_claim():
    a = "President Ana Silva said on Tuesday, according to her spokesman Tom Reed, that talks went well."
    b = "President Ana Silva told reporters on Tuesday, according to spokesman Tom Reed, that she was tired."
    docs, sentences = story([*FILL_A, a], [*FILL_B, b])
    found = pair_features(docs, sentences, OPTIONS)
    k = [
        n
        for n, (x, y) in enumerate(zip(found.i, found.j, strict=True))
        if {found.units[x].text, found.units[y].text} == {a, b}
    ]
    assert k and found.fact[k[0]] < OPTIONS.min_fact_similarity
    assert not _aligned(a, b)


def test_a_sentence_stating_two_facts_stands_in_two_claims():
    both = "The dam burst after three days of rain, and the flood destroyed the old mill bridge on the river road."
    cause = "Officials blamed three days of heavy rain for the collapse of the dam upstream."
    result = "The flood swept away the old mill bridge carrying the river road."
    docs, sentences = story([*FILL_A, both], [*FILL_B, cause], [FILL_A[0], result])
    groups = group_claims(docs, sentences, OPTIONS)
    with_both = [g for g in groups if any("dam burst" in o.text for o in g.occurrences) and len(g.occurrences) > 1]
    partners = {o.article for g in with_both for o in g.occurrences} - {"a0"}
    assert partners == {"a1", "a2"}
    assert not _together(groups, "blamed three days", "swept away the old mill")


def test_a_quote_is_linked_to_the_sentence_that_reports_it():
    a = (
        "Stadium talks near collapse\n\nThe club's owners met city officials again on Monday.\n\n"
        "“If they cannot put up their share of the money in the next few weeks, we simply walk away from "
        "the stadium deal,” Mayor Ana Ruiz told reporters.\n"
    )
    b = (
        "City gives club an ultimatum\n\nTalks on the new ground resumed on Monday.\n\n"
        "Mayor Ana Ruiz said the city would walk away from the stadium deal unless the club paid its share "
        "within weeks.\n"
    )
    out = compare([{"id": "a", "text": a}, {"id": "b", "text": b}])
    texts = {"a": a, "b": b}
    linked = [
        c
        for c in out["claims"]
        if any("we simply walk away" in texts[o["article"]][o["start"] : o["end"]] for o in c["occurrences"])
        and any("unless the club paid" in texts[o["article"]][o["start"] : o["end"]] for o in c["occurrences"])
    ]
    assert linked


def test_a_clause_fragment_is_folded_into_its_sentence():
    """'following talks with European allies' is no fact of its own: it never stands as a claim row,
    and its words stay covered by the row of the whole sentence."""
    a = "The foreign minister, following talks with European allies, said the embargo would stay in place."
    b = "Following talks with European allies, the minister confirmed that the embargo stays."
    out = compare([{"id": "a", "text": a}, {"id": "b", "text": b}])
    texts = {"a": a, "b": b}
    rows = [texts[o["article"]][o["start"] : o["end"]] for c in out["claims"] for o in c["occurrences"]]
    assert all(len(r.split()) >= OPTIONS.min_clause_words or r in (a, b) for r in rows)
    assert "following talks with European allies" not in rows


def test_a_claim_says_whose_wording_its_text_is():
    out = compare(
        [
            {"id": "a", "text": FILL_A[0]},
            {"id": "b", "text": "Three county schools were closed by the storm on Monday."},
        ]
    )
    for c in out["claims"]:
        assert c["text_article"] in {o["article"] for o in c["occurrences"]}


def _uncovered(result: dict, texts: dict[str, str]) -> dict[str, str]:
    out = {}
    for a in result["articles"]:
        text = texts[a["id"]]
        covered = bytearray(len(text))
        spans = [(r["start"], r["end"]) for r in a["removed"]]
        spans += [(o["start"], o["end"]) for c in result["claims"] for o in c["occurrences"] if o["article"] == a["id"]]
        for s, e in spans:
            covered[s:e] = b"\x01" * (e - s)
        missing = "".join(ch for k, ch in enumerate(text) if not covered[k] and not ch.isspace())
        if missing:
            out[a["id"]] = missing
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_every_non_blank_character_is_in_a_claim_or_a_removed_span(texts):
    articles = [{"id": f"a{n}", "text": t} for n, t in enumerate(texts)]
    result = compare(articles)
    assert _uncovered(result, {a["id"]: a["text"] for a in articles}) == {}


def test_words_around_a_quote_are_covered():
    a = (
        'Rep. Adam Cole (Ore.), the panel\'s top member, said the committee would "use every tool" '
        "to obtain the records if the agency did not cooperate with the subpoenas.\n\n"
        'Cole said he is "confident" about the vote.\n'
    )
    b = 'The committee will "use every tool" to get the records, Cole said on Sunday.\n'
    articles = [{"id": "a", "text": a}, {"id": "b", "text": b}]
    assert _uncovered(compare(articles), {"a": a, "b": b}) == {}


def test_same_input_gives_the_same_claims_every_time():
    texts = [
        "Troops and police were deployed to lead rescue efforts after the floods. The toll rose to 12.",
        "Soldiers and police are leading rescue operations. At least 12 people were killed.",
        "Rescue work went on through the night, officials said, as the river kept rising.",
    ]
    articles = [{"id": f"a{k}", "text": t} for k, t in enumerate(texts)]
    first = compare(articles)
    assert all(compare(articles) == first for _ in range(3))
    found = pair_features(*story(*[[t] for t in texts]), OPTIONS)
    scores = pair_score(found.features, OPTIONS)
    assert all(round(float(s), 4) == float(s) for s in scores)


def test_the_meaning_table_is_refused_when_its_bytes_are_altered(tmp_path):
    raw = bytearray(embeddings.TABLE.read_bytes())
    assert hashlib.sha256(raw).hexdigest() == embeddings.TABLE_SHA256
    raw[len(raw) // 2] ^= 0x01
    altered = tmp_path / "table.npz"
    altered.write_bytes(bytes(raw))
    with pytest.raises(embeddings.IntegrityError, match="refusing"):
        embeddings.static_vectors(altered, embeddings.TABLE_SHA256)


def test_model_weights_are_refused_unless_they_are_the_official_bytes(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "distill_static_embeddings.py"
    spec = importlib.util.spec_from_file_location("distill", script)
    distill = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(distill)
    (tmp_path / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    with pytest.raises(embeddings.IntegrityError, match=embeddings.SOURCE_SHA256):
        distill.load_model(tmp_path)
    official = distill.default_model_dir()
    model, vocab = distill.load_model(official)  # the official bytes pass the same check
    assert len(vocab) == 30522 and model.layers == 6
