"""Any input gives a valid comparison: no exception, schema-valid, every span in its text."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.analysis import compare

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "comparison.schema.json").read_text(encoding="utf-8")
)

NEWSY = st.sampled_from(
    [
        "President Ana Silva said on Friday that 35 people were killed.",
        "“We will not wait,” she said. ‘Unbalanced quote",
        "Officials said thirty-five civilians died on Thursday in four regions.",
        "مرحبا بالعالم. שלום עולם.",
        "😀🔥 emoji only 🙃",
        "\x00\x07\u202e control \u200b chars\r\n\r\n",
        "“" * 50 + "”" * 3,
        "# Headline here\n\nBody text, while more — and more; end.",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(NEWSY, st.text(max_size=40)), max_size=12).map(lambda parts: "\n\n".join(parts)),
)


def _check_spans(result: dict, texts: dict[str, str]) -> None:
    for c in result["claims"]:
        for o in c["occurrences"]:
            assert 0 <= o["start"] <= o["end"] <= len(texts[o["article"]])
    for q in result["quotes"]:
        for o in q["occurrences"]:
            assert texts[o["article"]][o["start"] : o["end"]] == o["text"]
    for d in result["discrepancies"]:
        for v in d["values"]:
            assert 0 <= v["start"] <= v["end"] <= len(texts[v["article"]])
    for a in result["articles"]:
        for s in a.get("sentences", []) + a["removed"]:
            assert 0 <= s["start"] <= s["end"] <= len(texts[a["id"]])


@pytest.mark.slow  # sixty generated comparisons
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_any_texts_give_a_valid_comparison(texts):
    articles = [{"id": f"a{n}", "text": t, "outlet": f"Outlet {n}"} for n, t in enumerate(texts)]
    result = compare(articles)
    jsonschema.validate(result, SCHEMA)
    _check_spans(result, {a["id"]: a["text"] for a in articles})


@pytest.mark.slow
def test_huge_inputs_finish():
    one_sentence = "word " * 1_000_000  # 5 MB without a full stop
    quotes = "“" * 1_000_000
    result = compare(
        [{"id": "a", "text": one_sentence}, {"id": "b", "text": quotes}, {"id": "c", "text": one_sentence}]
    )
    jsonschema.validate(result, SCHEMA)
