"""Dutch terms: the ``stop-words`` stop list and the Snowball stemmer (packages ``stop-words``
and ``snowballstemmer``, both BSD-3-Clause), so function words never count as shared terms."""

from app.analysis.lang.stoplists import package_stopwords

STOPWORDS = package_stopwords("nl")
STEMMER = "dutch"  # a snowballstemmer algorithm
