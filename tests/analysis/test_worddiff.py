"""Word diff: whole words, reconstructs both sides, robust to empty and odd input."""

from app.analysis.worddiff import quote_diff, word_diff, word_key


def sides(ops):
    base = "".join(t for op, t in ops if op != "insert")
    other = "".join(t for op, t in ops if op != "delete")
    return base, other


def test_reconstructs_both_wordings():
    a, b = "We will not back down this week", "We won't back down this week or next"
    assert sides(word_diff(a, b)) == (a, b)


def test_changed_word_is_replaced_whole_not_by_letters():
    ops = word_diff("the colour of the flag", "the color of the flag")
    assert ("delete", "colour") in ops and ("insert", "color") in ops


def test_identical_and_empty():
    assert word_diff("same words", "same words") == [("equal", "same words")]
    assert word_diff("", "") == []
    assert word_diff("", "new") == [("insert", "new")]


def test_private_use_and_emoji_text_round_trips():
    a, b = "\ue000 odd 😀 text", "odd 😀 text \ue001"
    assert sides(word_diff(a, b)) == (a, b)


def test_a_fragment_is_diffed_against_the_passage_it_quotes():
    statement = "We have made progress this week. The talks were tough, but we are not walking away from them."
    ops = quote_diff(statement, "tough, but we are not walking away")
    assert ops[0] == ("omitted", "We have made progress this week. The talks were ")
    assert ops[-1] == ("omitted", " from them.")
    inner = ops[1:-1]
    assert "".join(t for op, t in inner if op != "insert") == "tough, but we are not walking away"
    assert all(op == "equal" for op, _ in inner)


def test_a_reworded_fragment_shows_its_word_changes_inside_the_window():
    statement = "The river rose two metres overnight and the old bridge had to be closed to traffic on Monday."
    ops = quote_diff(statement, "the old bridge was closed to traffic")
    assert ops[0][0] == "omitted" and ops[-1][0] == "omitted"
    changed = [(op, text.strip()) for op, text in ops]
    assert ("insert", "was") in changed and ("delete", "had to be") in changed


def test_full_length_and_unrelated_wordings_get_a_plain_word_diff():
    a, b = "We will not back down this week", "We won't back down this week or next"
    assert quote_diff(a, b) == word_diff(a, b, fold=True)
    long = "Completely different words about a harvest festival in the northern valley towns this autumn."
    assert quote_diff(long, "zebra quantum") == word_diff(long, "zebra quantum", fold=True)


def test_quotes_differ_by_words_not_by_case_or_punctuation():
    full = "Quickly, we want to get it done. If one party makes it difficult, we’re going to take a pass."
    other = "quickly we want to get it done — if one party makes it difficult, we're going to take a pass"
    assert quote_diff(full, other) == [("equal", other)]
    assert all(op == "equal" for op, _ in quote_diff("We can’t wait.", "“we can't wait”"))


def test_folded_diff_still_marks_changed_words_and_numbers():
    full = "Repairs will cost $4.2 million and take six weeks, the mayor said."
    other = "Repairs will cost $42 million and take five weeks, the Mayor said"
    changed = {(op, text.strip(" ,")) for op, text in quote_diff(full, other) if op != "equal"}
    assert changed == {("delete", "$4.2"), ("insert", "$42"), ("delete", "six"), ("insert", "five")}


def keys(text: str) -> list[str]:
    """The words a folded diff compares, or the text itself when it has none."""
    return [k for k in map(word_key, text.split()) if k] or ([text] if text else [])


def test_folded_diff_spells_the_other_wording_exactly():
    pairs = [
        ("We will rebuild every school.", "“We will rebuild every single school,” he"),
        ("— and then, they left!", "And then they left"),
        ("...", "?!"),
        ("", "new words"),
        ("old words", ""),
    ]
    for base, other in pairs:
        ops = word_diff(base, other, fold=True)
        assert "".join(t for op, t in ops if op != "delete") == other
        kept = "".join(t for op, t in ops if op != "insert")  # equal parts are the other's spelling
        assert keys(kept) == keys(base)
