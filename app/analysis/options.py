"""Tunable thresholds of the analysis, passed explicitly through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class AnalysisOptions:
    # Bound the work one call can do, so a pathological text cannot take a server down.
    max_chars_per_article: int = 2_000_000
