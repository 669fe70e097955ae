"""English terms.

STOPWORDS: the Snowball English stop list (``stopwords`` package, ISC licence), plus the words
that say how something was reported rather than what (speech and attribution verbs, honorifics)
and a few fillers the Snowball list lacks. TITLE_WORDS: titles that outlets add or drop freely,
so they weigh little. English keeps terms.stem, a light suffix stripper (STEMMER None).
"""

from app.analysis.lang.stoplists import snowball_stopwords

ATTRIBUTION = frozenset(
    """said says say saying told tell tells according added adding asked announced announces announce
    declared declares stated""".split()
)

STOPWORDS = (
    snowball_stopwords("english")
    | ATTRIBUTION
    | frozenset(
        """also just yet still even much many may might must shall upon within without amid via per can will
        now one's mr mrs ms dr""".split()
    )
)

TITLE_WORDS = frozenset(
    """president secretary minister prime chancellor senator sen rep representative congressman
    congresswoman gov governor mayor spokesman spokeswoman spokesperson envoy ambassador general gen
    chairman chairwoman chair chief deputy vice first lady sir lord king queen prince judge justice
    director state foreign defense defence interior official officials leader""".split()
)

STEMMER = None
