"""Word diff: whole words, reconstructs both sides, robust to empty and odd input."""

from app.analysis.worddiff import quote_diff, word_diff


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
    assert ("insert", "was") in ops and ("delete", "had to be") in ops


def test_full_length_and_unrelated_wordings_get_a_plain_word_diff():
    a, b = "We will not back down this week", "We won't back down this week or next"
    assert quote_diff(a, b) == word_diff(a, b)
    long = "Completely different words about a harvest festival in the northern valley towns this autumn."
    assert quote_diff(long, "zebra quantum") == word_diff(long, "zebra quantum")
