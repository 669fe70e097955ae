"""Dutch quotation marks, reporting verbs, attribution forms and titles.

Sources: the marks are those of Dutch typography (“…” and „…” with ‘…’ nested, as in the
Taalunie's guidance on aanhalingstekens). The reporting verbs are the common Dutch verbs of saying
in the past and present third person ("zei", "zegt", "verklaarde", …), from general Dutch grammar;
"volgens" introduces a source and "aldus X" follows a quote. Titles are general Dutch usage.
Nothing here was taken from the annotated stories.
"""

MARKS = (("\u201c", "\u201d"), ("\u201e", "\u201d"))
SINGLE_MARKS = (("\u2018", "\u2019"),)
SPEECH_VERBS = [
    *(
        "zei zegt zeiden verklaarde verklaart benadrukte benadrukt waarschuwde waarschuwt schreef schrijft "
        "antwoordde antwoordt stelde stelt meldde meldt vertelde vertelt aldus voegde vroeg vraagt riep "
        "kondigde bevestigde bevestigt reageerde reageert"
    ).split(),
    "liet weten",
    "laat weten",
]
NAMING_VERBS = ("noemde", "noemt")
ACCORDING_TO = ("volgens",)
PRONOUNS = ("hij", "zij", "ze")
HONORIFICS = ("dhr", "mevr", "mw", "dr", "prof", "mr", "ir", "drs")
NAME_PARTICLES = ("van", "de", "der", "den", "van der", "van den", "ter", "ten")
POSSESSIVES = ("zijn", "haar", "hun")
DEFINITE = ("de", "het", *POSSESSIVES)
INDEFINITE = ("een",)
OBJECT_WORDS = "met aan voor tegen tussen op bij uit naar in over hem haar hen".split()
RELATIVES = ("die", "dat")
TITLES = frozenset(
    """premier minister-president minister staatssecretaris president voorzitter woordvoerder woordvoerster
    directeur burgemeester wethouder kamerlid ambassadeur rechter officier generaal koning koningin prins
    paus dhr mevr dr prof mr ir drs oud""".split()
)
TITLE_SUFFIXES = ("minister", "woordvoerder", "voorzitter", "directeur")
NOT_PEOPLE = frozenset(
    """maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei juni juli
    augustus september oktober november december het een en of maar hij zij ze wij vandaag gisteren
    morgen regering ministerie politie partij krant""".split()
)
DESCRIPTION_NOUNS = frozenset(
    """minister woordvoerder woordvoerster bron diplomaat deskundige getuige bewoner agent politie vakbond
    regering ministerie bedrijf burgemeester directeur""".split()
)
OFFICES = ("kantoor", "woordvoerder", "regering")
SAME_TITLES = (("premier", "minister-president"),)
DESCRIPTION_BREAKS = "die dat en of zei is zijn was".split()
