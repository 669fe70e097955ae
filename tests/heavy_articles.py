"""Long, similar articles about one event: the costly case for the analysis (every sentence of each
article is a candidate match for many sentences of the others). Deterministic, so a test or a
probe gets the same load every run."""

from __future__ import annotations

import random

PLACES = ["Kherson", "Sumy", "Odesa", "Lviv", "Kharkiv", "Dnipro", "Poltava", "Mykolaiv", "Rivne", "Uzhhorod"]
OFFICIALS = ["the mayor", "the regional governor", "a ministry spokeswoman", "the fire chief", "a council member"]
VERBS = ["said", "told reporters", "confirmed", "announced", "warned"]
THINGS = ["shelters", "schools", "bridges", "pumping stations", "clinics", "rail lines", "depots"]


def heavy_articles(count: int = 8, size: int = 15_000, seed: int = 7) -> list[str]:
    """``count`` texts of about ``size`` characters, each a variant of one report (numbers, wording,
    order and quotes differ by outlet)."""
    base = random.Random(seed)
    facts = []
    for n in range(size // 55 + 10):
        place, thing = base.choice(PLACES), base.choice(THINGS)
        facts.append((place, thing, base.randint(2, 90), base.choice(OFFICIALS), n))
    texts = []
    for outlet in range(count):
        rng = random.Random(seed * 100 + outlet)
        sentences = []
        for place, thing, number, official, n in facts:
            if rng.random() < 0.1:
                continue  # each outlet leaves some facts out
            shown = number + (rng.choice([-1, 1]) if rng.random() < 0.15 else 0)
            verb = rng.choice(VERBS)
            if rng.random() < 0.3:
                sentences.append(f'"We reopened {shown} {thing} in {place} by day {n % 28 + 1}," {official} {verb}.')
            else:
                sentences.append(f"In {place}, {shown} {thing} reopened on day {n % 28 + 1}, {official} {verb}.")
        tail = sentences[len(sentences) // 2 :]
        rng.shuffle(tail)
        sentences[len(sentences) // 2 :] = tail
        text = ""
        for i, sentence in enumerate(sentences):
            text += sentence + ("\n\n" if i % 5 == 4 else " ")
            if len(text) >= size:
                break
        texts.append(text.strip())
    return texts
