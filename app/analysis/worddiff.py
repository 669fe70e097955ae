"""Word-level diff of two wordings of one statement.

diff-match-patch diffs characters; diffing words reads better for quotes ("won't" vs
"will not"), so each distinct word is mapped to one private-use character, the strings
of those characters are diffed and cleaned up semantically, and the result is mapped back.

Quotes are compared by their words only (`quote_diff`): case, punctuation around words and
typographic variants of apostrophes and dashes are not a different wording ("pass." is
"pass", "we" is "We", "you’re" is "you're"); equal passages read as the outlet's own text.
"""

from __future__ import annotations

import re
import unicodedata

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz

from app.analysis.result import DiffOp

_TOKEN = re.compile(r"\s+|[^\s]+")
_WORD = re.compile(r"\S+")
_VARIANTS = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‑": "-", "‐": "-"})
_OPS: dict[int, DiffOp] = {0: "equal", 1: "insert", -1: "delete"}
_FIRST_CODE = 0xE000  # private-use area: never in the text being encoded
# A wording at most this share of the fullest one's length is a fragment of it: diff it
# against the passage it quotes, not against the whole statement.
FRAGMENT_SHARE = 0.6
MIN_WINDOW_SCORE = 60.0


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _encode(tokens: list[str], table: dict[str, str], vocab: list[str]) -> str:
    out = []
    for tok in tokens:
        if tok not in table:
            table[tok] = chr(_FIRST_CODE + len(vocab)) if len(vocab) < 6000 else chr(0x10000 + len(vocab))
            vocab.append(tok)
        out.append(table[tok])
    return "".join(out)


def word_key(word: str) -> str:
    """What a word is compared by in a quote: no case, no punctuation around it, one apostrophe."""
    folded = unicodedata.normalize("NFKC", word).casefold().translate(_VARIANTS)
    start, end = 0, len(folded)
    while start < end and unicodedata.category(folded[start])[0] in "PS" and folded[start] not in "$€£¥":
        start += 1
    while end > start and unicodedata.category(folded[end - 1])[0] in "PS" and folded[end - 1] != "%":
        end -= 1
    return folded[start:end]


def _segments(text: str, fold: bool) -> tuple[list[str], list[str]]:
    """Pieces to diff and the key of each: tokens, or (folded) each word with the spaces and
    bare punctuation after it, so a dash or a comma alone is never a change of wording."""
    if not fold:
        tokens = _tokens(text)
        return tokens, tokens
    words = [(m.start(), key) for m in _WORD.finditer(text) if (key := word_key(m.group()))]
    if not words:
        return ([text], [text]) if text else ([], [])
    bounds = [0] + [start for start, _ in words[1:]] + [len(text)]  # what precedes the first word joins it
    return [text[bounds[i] : bounds[i + 1]] for i in range(len(words))], [key for _, key in words]


def word_diff(base: str, other: str, timeout: float = 0.2, fold: bool = False) -> list[tuple[DiffOp, str]]:
    """Ops turning ``base`` into ``other``: ("equal"|"insert"|"delete", text), words kept whole.

    With ``fold``, words are compared by :func:`word_key` and equal passages carry ``other``'s
    text, so the equal and inserted parts always spell ``other`` exactly."""
    table: dict[str, str] = {}
    vocab: list[str] = []
    base_pieces, base_keys = _segments(base or "", fold)
    other_pieces, other_keys = _segments(other or "", fold)
    a = _encode(base_keys, table, vocab)
    b = _encode(other_keys, table, vocab)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    merged: list[tuple[DiffOp, str]] = []
    at_base = at_other = 0
    for op, chars in diffs:
        if op == -1:
            text = "".join(base_pieces[at_base : at_base + len(chars)])
            at_base += len(chars)
        else:
            text = "".join(other_pieces[at_other : at_other + len(chars)])
            at_other += len(chars)
            at_base += len(chars) if op == 0 else 0
        if merged and merged[-1][0] == _OPS[op]:
            merged[-1] = (merged[-1][0], merged[-1][1] + text)
        elif text:
            merged.append((_OPS[op], text))
    return merged


def quote_diff(base: str, other: str, timeout: float = 0.2) -> list[tuple[DiffOp, str]]:
    """Like :func:`word_diff`, but a fragment is diffed against the passage of ``base`` it quotes.

    Diffing "very brutal war" against a three-sentence statement would show the whole
    statement struck out; instead the words around the quoted passage come back as
    ("omitted", text) ops: part of the statement this outlet did not quote. Words are
    compared without case or punctuation (see the module's docstring).
    """
    base, other = base or "", other or ""
    if not other.strip() or len(other) > FRAGMENT_SHARE * len(base):
        return word_diff(base, other, timeout, fold=True)
    start, end = _window(base, other)
    if start is None:
        return word_diff(base, other, timeout, fold=True)
    ops: list[tuple[DiffOp, str]] = [("omitted", base[:start])] if start else []
    ops += word_diff(base[start:end], other, timeout, fold=True)
    return ops + ([("omitted", base[end:])] if end < len(base) else [])


def _window(base: str, other: str) -> tuple[int | None, int]:
    """Where in ``base`` the fragment ``other`` stands, widened to whole words."""
    found = fuzz.partial_ratio_alignment(other, base)
    if found is None or found.score < MIN_WINDOW_SCORE:
        return None, 0
    start, end = found.dest_start, found.dest_end
    while start > 0 and not base[start - 1].isspace():
        start -= 1
    while end < len(base) and not base[end].isspace():
        end += 1
    return start, end
