"""German sentence splitting: abbreviations that never end a sentence (a subset of CLDR's
sentence-break suppressions, common/segments/de.xml, Unicode licence) and the ordinal full
stop ("am 31. Oktober", "zum 3. Mal"), which follows an article or preposition."""

from app.analysis.lang.de.values import VOCABULARY

NO_BREAK_AFTER = frozenset(
    "Dr. Prof. Hr. Hrn. Fr. Frl. St. Nr. Abs. Art. Abt. ca. Ca. bzw. evtl. ggf. inkl. sog. vgl. Vgl. z. z.B. d.h. "
    "u.a. usw. Mio. Mrd. Jan. Feb. Aug. Sept. Okt. Nov. Dez. Std. Min. Tel. Str. Co. Inc. Ltd. Jr.".split()
)
ORDINAL_BEFORE = frozenset(
    "am zum zur vom im beim der die das den dem des ab bis seit ihr ihrem ihren sein seinem seinen zu an".split()
)

# "7." before a month name is a date, never a sentence end (month names from CLDR, see values).
MONTHS = frozenset(VOCABULARY.months)
