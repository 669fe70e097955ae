"""Italian quotation marks, reporting verbs, attribution forms and titles.

Sources: the marks are those of Italian typography (caporali «…», with “…” nested, and “…” alone
in much online news). The reporting verbs are the common Italian verbi dichiarativi in the
passato prossimo and present third person ("ha detto", "ha dichiarato", "dice", …), from general
Italian grammar; "secondo" introduces a source. Italian drops the subject pronoun, so a verb alone
continues the latest speaker. Nothing here was taken from the annotated stories.
"""

MARKS = (("\u00ab", "\u00bb"), ("\u201c", "\u201d"))
SINGLE_MARKS = (("\u2018", "\u2019"),)
_PARTICIPLES = (
    "detto dichiarato affermato aggiunto spiegato sottolineato precisato ribadito assicurato osservato "
    "avvertito scritto risposto annunciato confermato denunciato commentato"
).split()
SPEECH_VERBS = [f"ha {p}" for p in _PARTICIPLES] + (
    "dice dichiara afferma aggiunge spiega sottolinea precisa ribadisce assicura osserva avverte scrive "
    "risponde annuncia conferma denuncia commenta disse dichiarò affermò aggiunse spiegò"
).split()
NAMING_VERBS = ("ha definito", "definisce", "ha chiamato")
ACCORDING_TO = ("secondo", "stando a", "a detta di")
PRONOUNS = ("lui", "lei")
HONORIFICS = ("sig", "sig.ra", "signor", "signora", "dott", "dott.ssa", "prof")
NAME_PARTICLES = ("de", "di", "del", "della", "da", "d'")
POSSESSIVES = ("suo", "sua", "suoi", "sue")
DEFINITE = ("il", "lo", "la", "i", "gli", "le", "l'", "l\u2019", *POSSESSIVES)
INDEFINITE = ("un", "uno", "una", "un'")
OBJECT_WORDS = "con a al alla per contro tra fra su in da verso gli le".split()
RELATIVES = ("che", "il quale", "la quale")
TITLES = frozenset(
    """presidente premier ministro ministra primo segretario segretaria generale portavoce direttore direttrice
    capo sindaco sindaca deputato deputata senatore senatrice ambasciatore giudice procuratore governatore
    re regina principe papa sig signor signora dott prof ex""".split()
)
NOT_PEOPLE = frozenset(
    """lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio marzo aprile maggio giugno
    luglio agosto settembre ottobre novembre dicembre il lo la i gli le un una e o ma lui lei noi oggi ieri
    domani governo ministero polizia partito giornale agenzia""".split()
)
DESCRIPTION_NOUNS = frozenset(
    """ministro ministra presidente portavoce fonte diplomatico responsabile esperto esperta testimone
    residente poliziotto sindacato governo ministero azienda sindaco sindaca direttore""".split()
)
OFFICES = ("ufficio", "portavoce", "governo", "entourage")
SAME_TITLES = (("premier", "presidente"),)
DESCRIPTION_BREAKS = "che e o ha è sono era".split()
PRO_DROP = True
