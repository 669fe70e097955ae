"""Spanish quotation marks, reporting verbs, attribution forms and titles.

Sources: the marks are those the Real Academia Española's Ortografía (2010) prescribes (comillas
angulares «…», then “…”, then ‘…’). The reporting verbs are the common Spanish verbos de
habla in the preterite and present third person ("dijo", "afirmó", "señaló", …), from general
Spanish grammar; "según" and "de acuerdo con" introduce a source. Spanish drops the subject
pronoun ("«…», añadió"), so a verb alone continues the latest speaker. Nothing here was taken
from the annotated stories.
"""

MARKS = (("\u00ab", "\u00bb"), ("\u201c", "\u201d"))
SINGLE_MARKS = (("\u2018", "\u2019"),)
SPEECH_VERBS = (
    "dijo dice afirmó afirma declaró declara señaló señala explicó explica añadió añade aseguró asegura "
    "indicó indica subrayó subraya destacó destaca advirtió advierte sostuvo sostiene agregó agrega "
    "manifestó manifiesta apuntó apunta insistió insiste reconoció reconoce escribió escribe respondió "
    "responde anunció anuncia confirmó confirma denunció denuncia comentó comenta precisó precisa"
).split() + [f"ha {p}" for p in "dicho afirmado declarado señalado explicado añadido asegurado".split()]
NAMING_VERBS = ("calificó", "califica", "calificó de", "llamó", "tildó")
ACCORDING_TO = ("según", "de acuerdo con", "conforme a")
PRONOUNS = ("él", "ella")
HONORIFICS = ("sr", "sra", "srta", "don", "doña", "dr", "dra")
NAME_PARTICLES = ("de", "del", "de la", "y")
POSSESSIVES = ("su", "sus")
DEFINITE = ("el", "la", "los", "las", *POSSESSIVES)
INDEFINITE = ("un", "una")
OBJECT_WORDS = "con a al para contra entre sobre en por hacia le les".split()
RELATIVES = ("que", "quien", "quienes")
TITLES = frozenset(
    """presidente presidenta ministro ministra primer primera secretario secretaria general portavoz director
    directora jefe jefa alcalde alcaldesa diputado diputada senador senadora embajador embajadora juez jueza
    fiscal gobernador gobernadora rey reina príncipe papa sr sra dr dra expresidente exministro""".split()
)
NOT_PEOPLE = frozenset(
    """lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto
    septiembre setiembre octubre noviembre diciembre el la los las un una y o pero él ella nosotros hoy ayer
    mañana gobierno ministerio policía partido diario agencia""".split()
)
DESCRIPTION_NOUNS = frozenset(
    """ministro ministra presidente presidenta portavoz fuente diplomático responsable experto experta testigo
    vecino vecina policía sindicato gobierno ministerio empresa alcalde alcaldesa director directora""".split()
)
OFFICES = ("oficina", "portavoz", "gobierno", "entorno")
SAME_TITLES = (("ministro", "ministra", "secretario"),)
DESCRIPTION_BREAKS = "que quien y o dijo es son era ha".split()
PRO_DROP = True
