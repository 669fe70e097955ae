"""Quote extraction for one invented article, as the quote tests read it."""

from app.analysis.boilerplate import find_removed
from app.analysis.options import AnalysisOptions
from app.analysis.quotes import extract_quotes
from app.analysis.segment import split_sentences
from app.analysis.types import Article

OPTS = AnalysisOptions()


def quotes(text, aid="a", language="en"):
    """The quote spans of ``text`` as one article, after boilerplate and sentence splitting."""
    doc = Article(aid, text, language=language)
    return extract_quotes(doc, split_sentences(doc, find_removed(text, OPTS), OPTS), OPTS)


def pairs(text, language="en"):
    """(quoted text, speaker) of each quote in ``text``."""
    return [(q.text, q.speaker) for q in quotes(text, language=language)]
