"""Word diff: whole words, reconstructs both sides, robust to empty and odd input."""

from app.analysis.worddiff import word_diff


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
