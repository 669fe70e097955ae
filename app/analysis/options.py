"""Tunable thresholds of the analysis, passed explicitly through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class AnalysisOptions:
    # Bound the work one call can do, so a pathological text cannot take a server down.
    max_chars_per_article: int = 2_000_000
    # Boilerplate: lines longer than this are reporting, whatever they contain.
    boilerplate_max_line_chars: int = 600
    # A short unpunctuated body line sharing less than this share of its words with the story is a promo.
    related_link_max_shared: float = 0.34
    max_markup_spans: int = 20_000  # markdown markers reported per article; more is an attack, not an article
    # Segmentation: a "sentence" longer than this is cut, so one run-on text cannot blow up later stages.
    max_sentence_chars: int = 3_000
    # Quotes: a quoted term of at most this many words with no speech verb around it is a scare quote.
    scare_quote_max_words: int = 3
    max_quotes_per_article: int = 2_000
    fragment_max_words: int = 3  # shorter spans join the statement most outlets carry them in
    quote_group_threshold: float = 0.75  # rapidfuzz partial ratio (0-1) to join a statement's group
    quote_index_words: int = 4  # rarest words of a span used to find candidate groups
    quote_bucket_limit: int = 200
    quote_candidate_groups: int = 30
    quote_group_wordings: int = 8  # distinct wordings of a statement a new span is compared with

    # Work budget of claim alignment (and of the discrepancy checks it feeds): linear in the text.
    # Passages are at most max_passages; candidate pairs come from blocking, never from all pairs:
    # each passage keeps its candidates_per_passage best matches on shared rare terms (plus, for a
    # quote, its next candidates_per_passage occurrences of the same statement), so every later
    # step (scores, clustering, extra links, related pairs: related_per_passage each) handles at
    # most about 3 x candidates_per_passage pairs per passage, repetitive or templated text included.
    # Claims (align.py): passages are sentences plus clauses of at least this many words.
    min_clause_words: int = 7  # a shorter piece ("the new budget plan.") is a fragment, not a fact
    max_clauses_per_sentence: int = 8
    max_passages: int = 30_000  # beyond this, sentences are not compared (clauses stop at half)
    max_passage_chars: int = 1_500  # text read per passage for similarity
    candidates_per_passage: int = 30  # best matches kept per passage before clustering
    min_candidate_similarity: float = 0.08  # word cosine needed to be a candidate at all
    word_weight: float = 0.7  # share of word vs character cosine in the lexical similarity discrepancies read
    # A pair's score is a logistic model over align.FEATURES (fact, char, meaning, contain, quote,
    # short), fitted on the development data as a whole by scripts/fit_pair_weights.py.
    pair_weights: tuple[float, ...] = (1.11, 2.69, 2.82, 2.94, 0.66, -1.39)
    pair_bias: float = -2.84
    # Names, titles, numbers and attribution alone never make one claim: a pair needs this cosine
    # over its other content words.
    min_fact_similarity: float = 0.05
    min_edge_similarity: float = 0.1  # pairs below this count as unrelated
    claim_threshold: float = 0.5  # mean cross-outlet similarity needed to join a group
    link_threshold: float = 0.5  # a pair this likely is shown in some claim, even one of its own
    max_passages_per_article_in_claim: int = 4
    quote_claims: bool = True  # sentences quoting one statement in several outlets form a claim
    quote_evidence_min_words: int = 1  # ...when their quotes have this many words, half of them shared

    # Discrepancies: bound the pairwise value comparison inside one group.
    max_passages_per_discrepancy_check: int = 60
    max_values_per_passage: int = 20
    related_similarity: float = 0.2  # ungrouped passages this similar are checked as one fact too
    weakly_related_similarity: float = 0.1  # ...and counts in passages this similar, if their contexts agree
    related_per_passage: int = 12  # of which each passage's best this many only
