"""Who did what to whom: "Rubio echoed Trump" in one outlet and "Trump echoed Rubio" in
another is a contradiction about order or responsibility, however the sentences differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.analysis.types import Sentence

# Directed verbs whose subject and object may not be swapped without changing the fact.
_DIRECTED = re.compile(
    r"\b(echo|follow|respond(?:ed|s|ing)? to|repl(?:y|ied|ies) to|accus|blam|prais|criticiz|criticis|sued|defeat)"
    r"\w*\s+((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w-]*)(?:’s|'s)?",
)
_NAME = re.compile(r"\b[A-Z][a-z][\w-]+")


@dataclass(frozen=True)
class Relation:
    sentence: Sentence
    verb: str
    subjects: frozenset[str]  # capitalised words before the verb: who may be the actor
    target: str  # the last word of the object's name
    target_start: int  # offset of the target in the article text
    target_end: int


def relations(sentence: Sentence, max_chars: int = 2000) -> list[Relation]:
    text = sentence.text[:max_chars]
    out = []
    for m in _DIRECTED.finditer(text):
        target = m.group(2).split()[-1]
        before = frozenset(_NAME.findall(text[: m.start()]))
        start = sentence.start + m.start(2) + m.group(2).rfind(target)
        verb = m.group(1).split()[0][:5].lower()
        out.append(Relation(sentence, verb, before, target, start, start + len(target)))
    return out


def reversals(sentences: dict[str, list[Sentence]], limit: int = 2000) -> list[tuple[Relation, Relation]]:
    """Pairs from different outlets where actor and target of one directed verb swap."""
    by_verb: dict[str, list[Relation]] = {}
    for sents in sentences.values():
        for s in sents:
            for r in relations(s):
                by_verb.setdefault(r.verb, []).append(r)
    found = []
    for rels in by_verb.values():
        rels = rels[:limit]
        for k, a in enumerate(rels):
            for b in rels[k + 1 :]:
                if _swapped(a, b):
                    found.append((a, b))
    return found


def _swapped(a: Relation, b: Relation) -> bool:
    return (
        a.sentence.article != b.sentence.article
        and a.target != b.target
        and b.target in a.subjects
        and a.target in b.subjects
        and a.target not in a.subjects
        and b.target not in b.subjects
    )
