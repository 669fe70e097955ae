"""Build articles from lists of sentences, so claim tests do not depend on the segmenter."""

from __future__ import annotations

from app.analysis.types import Article, Sentence


def story(*articles: list[str]) -> tuple[list[Article], dict[str, list[Sentence]]]:
    docs, sentences = [], {}
    for n, lines in enumerate(articles):
        aid = f"a{n}"
        text, spans = "", []
        for line in lines:
            if text:
                text += " "
            spans.append(Sentence(aid, len(spans), len(text), len(text) + len(line), line))
            text += line
        docs.append(Article(aid, text))
        sentences[aid] = spans
    return docs, sentences
