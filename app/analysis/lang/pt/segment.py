"""Portuguese sentence splitting: abbreviations that never end a sentence (a subset of CLDR's
sentence-break suppressions, common/segments/pt.xml, Unicode licence); "2.º" is an ordinal."""

NO_BREAK_AFTER = frozenset(
    "Sr. Sra. Srta. Dr. Dra. Drs. Prof. prof. profa. Exmo. Exma. Ilmo. Ilma. Pe. Sto. Sta. Av.".split()
)
ORDINAL_MARKS = ("º", "ª")
