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
from dataclasses import dataclass
from functools import cache

STRAIGHT = '"'
_OPEN_BEFORE = set("([{\u2014\u2013-:/\u2026\u202a\u202b\u200e\u200f")
_CLOSE_BEFORE = set(".,!?;%)]}'\u2019\u2026*")


@dataclass(frozen=True)
class Marks:
    """The double-mark pairs (opener to closer) of a language, and the regex that finds any of them."""

    pairs: tuple[tuple[str, str], ...]
    find: re.Pattern

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
    for k, hit in enumerate(found):
        i, ch = hit.start(), hit.group()
        if ch == STRAIGHT:
            if stack and stack[-1] == STRAIGHT and not _straight_opens(line, i, inside=True):
                stack.pop()
            elif stack and _straight_opens(line, i, inside=True):
                if sum(f.group() == STRAIGHT for f in found[k + 1 :]) >= len(stack) + 1:
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
        elif ch in openers and (not stack or _curly_opens(line, i)):
            closer = openers[ch]
            if stack == [closer] and not any(f.group() == closer for f in found[k + 1 :]):
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


def _straight_opens(line: str, i: int, inside: bool) -> bool:
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if before.isspace():
        prior = line[:i].rstrip()[-1:]
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
