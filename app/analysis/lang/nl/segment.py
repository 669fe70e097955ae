"""Dutch sentence splitting: abbreviations that never end a sentence (CLDR has no Dutch
suppression list; these are the standard Dutch abbreviations of the Taalunie's spelling guide)."""

NO_BREAK_AFTER = frozenset(
    "dhr. mevr. mr. dr. drs. ir. prof. ing. o.a. d.w.z. bijv. m.b.t. t.a.v. i.p.v. ca. nr. St.".split()
)
