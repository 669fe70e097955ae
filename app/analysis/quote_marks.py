"""Where direct quotes open and close, by the marks each language uses.

A language's data module lists its mark pairs (English “…”, German „…“ and »…«, French «…»);
one scanner serves them all. The same character can open in one language and close in another
(“ opens in English and closes German „…“), so a mark closes the quote it is expected to close
before it is read as an opener, and only the outermost quote of a nest is a span: gold practice
(and a reader) treats ‘You’re foolish’ inside a statement as part of it. Straight marks (") have
no direction, so the characters around them decide. A quote left open runs to the end of its
paragraph: news marks a quote running over several paragraphs by opening each one and closing
only the last.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

STRAIGHT = '"'
_OPEN_BEFORE = set("([{\u2014\u2013-:/\u2026\u202a\u202b\u200e\u200f")
_CLOSE_BEFORE = set(".,!?;%)]}'\u2019\u2026*")


@dataclass(frozen=True)
class Marks:
    """The double-mark pairs (opener to closer) of a language, and the regex that finds any of them."""

    pairs: tuple[tuple[str, str], ...]
    find: re.Pattern[str]

    def closes(self, ch: str) -> bool:
        return any(ch == c for _, c in self.pairs)


@cache
def marks(pairs: tuple[tuple[str, str], ...]) -> Marks:
    chars = sorted({c for pair in pairs for c in pair} | {STRAIGHT})
    return Marks(pairs, re.compile("[" + re.escape("".join(chars)) + "]"))


def quoted_spans(line: str, m: Marks) -> list[tuple[int, int]]:
    """Spans inside the outermost marks of one paragraph, in order."""
    openers = dict(m.pairs)
    spans: list[tuple[int, int]] = []
    stack: list[str] = []  # the closer each open quote waits for
    opened = 0
    found = list(m.find.finditer(line))
    remaining = Counter(f.group() for f in found)  # marks after the current one, by character
    next_curly, next_straight = _next_marks(line, found)
    for k, hit in enumerate(found):
        i, ch = hit.start(), hit.group()
        remaining[ch] -= 1
        if ch == STRAIGHT:
            if stack and stack[-1] == STRAIGHT and not _straight_opens(line, i, inside=True):
                stack.pop()
            elif _closes_mixed(line, found, k, stack, remaining, next_curly[k]):
                stack.pop()  # “…," a curly quote whose own closer never comes, closed by a straight mark
            elif stack and _straight_opens(line, i, inside=True):
                if remaining[STRAIGHT] >= len(stack) + 1:
                    stack.append(STRAIGHT)  # a nested quote: enough marks follow to close it and its host
                    continue
                if stack[-1] == STRAIGHT:  # the previous quote was never closed: this one starts anew
                    spans.append((opened, i))
                    opened = i + 1
                continue
            elif not stack and _straight_opens(line, i, inside=False):
                stack.append(STRAIGHT)
                opened = i + 1
                continue
            else:
                continue
        elif stack and ch == stack[-1]:
            stack.pop()
        elif stack == [STRAIGHT] and m.closes(ch) and not _curly_opens(line, i) and next_straight[k] is not False:
            stack.pop()  # "…,” a straight quote closed by a curly mark: no straight mark left to close it, or the next opens
        elif ch in openers and (not stack or _curly_opens(line, i)):
            closer = openers[ch]
            if stack == [closer] and not remaining[closer]:
                spans.append((opened, i))  # “a “b: the first quote was never closed, a new one starts
                opened = i + 1
                continue
            if not stack:
                opened = i + 1
            stack.append(closer)
            continue
        elif not stack and m.closes(ch) and _curly_opens(line, i):
            stack.append(ch)  # a closing mark typed as an opener (”Quote”): it closes with its own kind
            opened = i + 1
            continue
        else:
            continue
        if not stack:
            spans.append((opened, i))
    if stack:
        spans.append((opened, len(line)))
    return spans


def _next_marks(line: str, found: list[re.Match[str]]) -> tuple[list[str], list[bool | None]]:
    """For each mark: the next mark after it that is not a straight one ("" when none follows), and
    whether the next straight mark after it opens a new quote (None when none follows)."""
    curly: list[str] = [""] * len(found)
    straight: list[bool | None] = [None] * len(found)
    nxt_curly, nxt_straight = "", None
    for k in range(len(found) - 1, -1, -1):
        curly[k], straight[k] = nxt_curly, nxt_straight
        if found[k].group() == STRAIGHT:
            nxt_straight = _straight_opens(line, found[k].start(), inside=False)
        else:
            nxt_curly = found[k].group()
    return curly, straight


def _closes_mixed(
    line: str, found: list[re.Match[str]], k: int, stack: list[str], remaining: Counter[str], next_curly: str
) -> bool:
    """Editing tools mix straight and curly marks ("…,” or “…," she said. "…”): one outer curly
    quote takes a straight closer when its own closer is not the next curly mark of the paragraph,
    or when the next mark is a straight one opening a new quote."""
    if len(stack) != 1 or stack[0] == STRAIGHT or _straight_opens(line, found[k].start(), inside=True):
        return False
    if not remaining[stack[0]] or next_curly != stack[0]:
        return True
    nxt = found[k + 1] if k + 1 < len(found) else None
    return nxt is not None and nxt.group() == STRAIGHT and _straight_opens(line, nxt.start(), inside=False)


def _straight_opens(line: str, i: int, inside: bool) -> bool:
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if before.isspace():
        j = i - 1
        while j >= 0 and line[j].isspace():
            j -= 1
        prior = line[j] if j >= 0 else ""
        # `...,' " More` closes: the space only sets off a nested quote's mark
        return not (inside and (after.isspace() or prior in _CLOSE_BEFORE))
    if before in _OPEN_BEFORE:
        return True
    if before.isalnum() or before in _CLOSE_BEFORE:
        return False
    return not inside


def _curly_opens(line: str, i: int) -> bool:
    """A mark that could open here: at the start or after a space or an opening bracket, before a word."""
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return (before.isspace() or before in _OPEN_BEFORE) and not after.isspace()
