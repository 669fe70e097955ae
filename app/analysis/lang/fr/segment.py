"""French sentence splitting: abbreviations that never end a sentence (a subset of CLDR's
sentence-break suppressions, common/segments/fr.xml, Unicode licence)."""

NO_BREAK_AFTER = frozenset(
    "M. MM. Mme. Mlle. Me. Dr. Pr. Prof. Mgr. St. Ste. Jr. janv. févr. avr. juil. sept. oct. nov. déc.".split()
)
