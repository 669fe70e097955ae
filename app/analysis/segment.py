"""Sentence segmentation with offsets into the original text."""

from __future__ import annotations

import re

from app.analysis.options import AnalysisOptions
from app.analysis.types import Article, Removed, Sentence

_PARA = re.compile(r"[^\n]+")


def split_sentences(doc: Article, removed: list[Removed], options: AnalysisOptions) -> list[Sentence]:
    """Sentences of the text outside the removed spans (placeholder: one per line)."""
    out = []
    for m in _PARA.finditer(doc.text):
        if m.group().strip():
            out.append(Sentence(doc.id, len(out), m.start(), m.end(), m.group()))
    return out
