"""Word-level diff of two wordings of one statement.

diff-match-patch diffs characters; diffing words reads better for quotes ("won't" vs
"will not"), so each distinct word is mapped to one private-use character, the strings
of those characters are diffed and cleaned up semantically, and the result is mapped back.
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz

from app.analysis.result import DiffOp

_TOKEN = re.compile(r"\s+|[^\s]+")
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


def word_diff(base: str, other: str, timeout: float = 0.2) -> list[tuple[DiffOp, str]]:
    """Ops turning ``base`` into ``other``: ("equal"|"insert"|"delete", text), words kept whole."""
    table: dict[str, str] = {}
    vocab: list[str] = []
    a = _encode(_tokens(base or ""), table, vocab)
    b = _encode(_tokens(other or ""), table, vocab)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    decode = {code: tok for tok, code in table.items()}
    merged: list[tuple[DiffOp, str]] = []
    for op, chars in diffs:
        text = "".join(decode[c] for c in chars)
        if merged and merged[-1][0] == _OPS[op]:
            merged[-1] = (merged[-1][0], merged[-1][1] + text)
        elif text:
            merged.append((_OPS[op], text))
    return merged


def quote_diff(base: str, other: str, timeout: float = 0.2) -> list[tuple[DiffOp, str]]:
    """Like :func:`word_diff`, but a fragment is diffed against the passage of ``base`` it quotes.

    Diffing "very brutal war" against a three-sentence statement would show the whole
    statement struck out; instead the words around the quoted passage come back as
    ("omitted", text) ops: part of the statement this outlet did not quote.
    """
    base, other = base or "", other or ""
    if not other.strip() or len(other) > FRAGMENT_SHARE * len(base):
        return word_diff(base, other, timeout)
    start, end = _window(base, other)
    if start is None:
        return word_diff(base, other, timeout)
    ops: list[tuple[DiffOp, str]] = [("omitted", base[:start])] if start else []
    ops += word_diff(base[start:end], other, timeout)
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
