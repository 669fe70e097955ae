"""English sentence splitting: sentencex's own English rules suffice; initials and titles are
joined in segment.py (language-neutral), so no extra data is needed here."""

NO_BREAK_AFTER: frozenset[str] = frozenset()
