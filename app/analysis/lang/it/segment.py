"""Italian sentence splitting: abbreviations that never end a sentence (a subset of CLDR's
sentence-break suppressions, common/segments/it.xml, Unicode licence)."""

NO_BREAK_AFTER = frozenset(
    "Sig. sig. Sigg. dott. Dott. dr. Dr. ing. Ing. avv. Avv. prof. Prof. on. On. arch. rag. geom.".split()
)
