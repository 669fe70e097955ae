"""Wire copy: verbatim overlap by 15-character shingles, Churnalism-style."""

from __future__ import annotations

import pytest

from app.analysis.normalize import fold
from app.analysis.wirecopy import SHINGLE, normalise, shingle_hashes, wire_copy

WIRE = (
    "The central bank raised its main interest rate by half a percentage point on Wednesday, "
    "the largest increase in more than two decades, as it tries to cool persistent inflation."
)
OWN_A = "Shoppers in the capital said prices of bread and fuel had doubled since the winter began."
OWN_B = "Economists at three universities warned that the housing market could slow sharply next year."


def test_identical_texts_cover_each_other_completely():
    result = wire_copy({"a": WIRE, "b": WIRE})
    assert result.pairs[("a", "b")] == pytest.approx(1.0)
    assert result.shared == {"a": pytest.approx(1.0), "b": pytest.approx(1.0)}
    assert result.partner == {"a": "b", "b": "a"}


def test_disjoint_texts_share_nothing():
    result = wire_copy({"a": OWN_A, "b": OWN_B})
    assert result.pairs[("a", "b")] == 0.0
    assert result.shared == {"a": 0.0, "b": 0.0}
    assert result.partner == {"a": None, "b": None}


def test_a_shared_paragraph_gives_partial_coverage_matching_the_formula():
    a, b = OWN_A + "\n\n" + WIRE, WIRE + "\n\n" + OWN_B
    result = wire_copy({"a": a, "b": b})
    coverage = result.pairs[("a", "b")]
    len_a, len_b, shared = len(normalise(a).text), len(normalise(b).text), len(normalise(WIRE).text)
    expected = shared / (len_a + len_b - shared)
    # A shingle or so may straddle the paragraph join: allow a few characters of slack.
    assert coverage == pytest.approx(expected, abs=0.02)
    assert 0.3 < coverage < 0.7
    assert result.shared["a"] == pytest.approx(shared / len_a, abs=0.02)


def test_quote_marks_case_and_whitespace_are_normalised():
    curly = "He said \u201cwe will not accept this offer\u201d and left the room on Tuesday."
    plain = 'HE SAID   "we will not accept this offer" and left\nthe room on tuesday.'
    assert wire_copy({"a": curly, "b": plain}).pairs[("a", "b")] == pytest.approx(1.0)


def test_apostrophes_are_normalised_too():
    assert wire_copy(
        {"a": "the minister\u2019s office would not comment", "b": "the minister's office would not comment"}
    ).pairs[("a", "b")] == pytest.approx(1.0)


def test_name_only_fragments_do_not_count_as_copying():
    a = "President Donald John Trump. Rain fell all morning over the old harbour town."
    b = "President Donald John Trump. Nobody expected the committee to finish its report so soon."
    result = wire_copy({"a": a, "b": b})
    assert result.pairs[("a", "b")] == 0.0


def test_shingles_common_to_most_articles_are_ignored_with_three_or_more():
    phrase = "according to the latest official figures, "
    texts = {k: phrase + own for k, own in {"a": OWN_A, "b": OWN_B, "c": WIRE}.items()}
    result = wire_copy(texts)
    assert all(c == 0.0 for c in result.pairs.values())
    # With two articles the same phrase is shared wording and counts.
    two = wire_copy({"a": texts["a"], "b": texts["b"]})
    assert two.pairs[("a", "b")] > 0.0


def test_wire_copy_between_two_of_four_is_found():
    texts = {"a": OWN_A + " " + WIRE, "b": WIRE + " " + OWN_B, "c": OWN_A[::-1], "d": OWN_B[::-1]}
    result = wire_copy(texts)
    assert result.pairs[("a", "b")] > 0.3
    assert result.pairs[("c", "d")] == 0.0
    assert result.partner["a"] == "b"


def test_short_and_empty_texts_are_fine():
    result = wire_copy({"a": "", "b": "short", "c": WIRE})
    assert set(result.shared) == {"a", "b", "c"}
    assert all(v == 0.0 for v in result.pairs.values())


def test_hashes_are_one_per_window_and_equal_windows_hash_equal():
    hashes, names_only = shingle_hashes(normalise("abcdefghijklmnop abcdefghijklmnop"))
    assert len(hashes) == len("abcdefghijklmnop abcdefghijklmnop") - SHINGLE + 1
    assert hashes[0] == hashes[17]
    assert not names_only.any()


def test_as_dict_is_json_friendly():
    out = wire_copy({"x": WIRE, "y": WIRE + " " + OWN_A}).as_dict()
    assert out["shingle"] == SHINGLE
    assert {a["article"] for a in out["articles"]} == {"x", "y"}
    assert out["pairs"][0]["a"] == "x" and 0 < out["pairs"][0]["coverage"] <= 1


def test_wire_copy_folds_typography_like_matching_does():
    """One typography table: an outlet's minus sign, guillemet or backtick never hides a copy."""
    curly = "\u2039Talks\u203a ended \u2212 \u201fsoon\u201d, the `envoy\u2019 said\u00a0today."
    assert normalise(curly).text == fold(curly).lower()
    assert normalise(curly).text == "'talks' ended - \"soon\", the 'envoy' said today."


def _many_outlets(n: int) -> dict[str, str]:
    """n articles: pairs (2k, 2k+1) share a wire paragraph of their own, all else is own words."""
    words = "harbour council bridge ferry tariff budget school clinic river station market tunnel".split()
    texts = {}
    for k in range(n // 2):
        wire = " ".join(f"{words[(k * 7 + i) % len(words)]}{k}x{i}" for i in range(40)) + "."
        for side in (0, 1):
            own = " ".join(f"{words[(k + i + side) % len(words)]}{k}o{side}y{i}" for i in range(40))
            texts[f"a{2 * k + side}"] = f"{own}. {wire}"
    return texts


def test_many_articles_measure_a_bounded_number_of_pairs_and_still_find_each_partner():
    texts = _many_outlets(120)  # 7,140 pairs in all: far over the budget
    result = wire_copy(texts, partners_per_article=4)
    assert len(result.pairs) <= 120 * 4
    for k in range(60):
        assert result.partner[f"a{2 * k}"] == f"a{2 * k + 1}"
        assert result.partner[f"a{2 * k + 1}"] == f"a{2 * k}"


def test_shared_share_does_not_depend_on_which_pairs_are_measured():
    texts = _many_outlets(80)
    few = wire_copy(texts, partners_per_article=1).shared
    many = wire_copy(texts, partners_per_article=79).shared
    assert few == many
    assert all(0.3 < share < 0.7 for share in few.values())
