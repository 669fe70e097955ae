"""Word-level diff of two wordings of one statement.

diff-match-patch diffs characters; diffing words reads better for quotes ("won't" vs
"will not"), so each distinct word is mapped to one private-use character, the strings
of those characters are diffed and cleaned up semantically, and the result is mapped back.
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\s+|[^\s]+")
_OPS = {0: "equal", 1: "insert", -1: "delete"}
_FIRST_CODE = 0xE000  # private-use area: never in the text being encoded


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


def word_diff(base: str, other: str, timeout: float = 0.2) -> list[tuple[str, str]]:
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
    merged: list[tuple[str, str]] = []
    for op, chars in diffs:
        text = "".join(decode[c] for c in chars)
        if merged and merged[-1][0] == _OPS[op]:
            merged[-1] = (merged[-1][0], merged[-1][1] + text)
        elif text:
            merged.append((_OPS[op], text))
    return merged
