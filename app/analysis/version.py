"""The analysis version stored with every comparison."""

# Bump whenever a change to this package can change its output: stored comparisons made
# by another version are recomputed.
# 0.5.0: claims aligned by meaning, languages detected and the stages run per language reported;
# 0.4.3: quote diffs compare words, not case or punctuation.
ANALYSIS_VERSION = "0.5.0"
