"""Nothing silently dropped: the characters no sentence holds are shown as removed spans.

Segmentation trims markdown markers ("#", "*", ">") from the edges of sentences and reads at
most max_chars_per_article; every other non-blank character of an article lies in a sentence
and so, through align, in some claim. What is left is listed with the removed spans, as
"markup" (or "truncated" past the limit), so a reader can still see it.
"""

from __future__ import annotations

from app.analysis.types import Removed, Sentence


def leftovers(text: str, removed: list[Removed], sentences: list[Sentence], limit: int) -> list[Removed]:
    """Runs of non-blank text outside every sentence and removed span."""
    taken = sorted([(r.start, r.end) for r in removed] + [(s.start, s.end) for s in sentences])
    out, pos = [], 0
    for start, end in [*taken, (len(text), len(text))]:
        if start > pos:
            out.extend(_runs(text, pos, start, limit))
        pos = max(pos, end)
    return out


def _runs(text: str, start: int, end: int, limit: int) -> list[Removed]:
    """The non-blank stretches of text[start:end], each from its first to its last non-blank character."""
    piece = text[start:end]
    a = len(piece) - len(piece.lstrip())
    b = len(piece.rstrip())
    if a >= b:
        return []
    if start + a < limit < start + b:
        return [Removed(start + a, limit, "markup"), Removed(limit, start + b, "truncated")]
    return [Removed(start + a, start + b, "truncated" if start + a >= limit else "markup")]
