"""Spanish sentence splitting: abbreviations that never end a sentence (a subset of CLDR's
sentence-break suppressions, common/segments/es.xml, Unicode licence)."""

NO_BREAK_AFTER = frozenset(
    "Sr. Sra. Srta. Sres. Dr. Dra. Lic. Ing. Prof. prof. D. Dña. Sto. Sta. Av. Avda. Excmo. Excma. Mons.".split()
)
