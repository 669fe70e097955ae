"""Portuguese quotation marks, reporting verbs, attribution forms and titles.

Sources: the marks are those of Portuguese typography (aspas “…” in Brazil and much online news,
aspas angulares «…» in Portugal, ‘…’ nested). The reporting verbs are the common Portuguese
verbos de elocução in the pretérito perfeito and present third person ("disse", "afirmou", …),
from general Portuguese grammar; "segundo", "de acordo com" and "conforme" introduce a source.
Portuguese drops the subject pronoun, so a verb alone continues the latest speaker. Nothing here
was taken from the annotated stories.
"""

MARKS = (("\u201c", "\u201d"), ("\u00ab", "\u00bb"))
SINGLE_MARKS = (("\u2018", "\u2019"),)
SPEECH_VERBS = (
    "disse diz afirmou afirma declarou declara explicou explica acrescentou acrescenta garantiu garante "
    "destacou destaca ressaltou ressalta salientou salienta sublinhou sublinha defendeu defende alertou alerta "
    "escreveu escreve respondeu responde anunciou anuncia confirmou confirma denunciou denuncia comentou "
    "comenta frisou frisa completou completa"
).split()
NAMING_VERBS = ("classificou", "classifica", "chamou", "qualificou")
ACCORDING_TO = ("segundo", "de acordo com", "conforme", "para")
PRONOUNS = ("ele", "ela")
HONORIFICS = ("sr", "sra", "dr", "dra", "dom", "dona")
NAME_PARTICLES = ("de", "da", "do", "dos", "das", "e")
POSSESSIVES = ("seu", "sua", "seus", "suas")
DEFINITE = ("o", "a", "os", "as", *POSSESSIVES)
INDEFINITE = ("um", "uma")
OBJECT_WORDS = "com a ao à para contra entre sobre em no na por pelo pela lhe".split()
RELATIVES = ("que", "quem")
TITLES = frozenset(
    """presidente ministro ministra primeiro primeira secretário secretária geral porta-voz diretor diretora
    chefe prefeito prefeita presidente-executivo deputado deputada senador senadora embaixador embaixadora
    juiz juíza procurador governador governadora rei rainha príncipe papa sr sra dr dra ex""".split()
)
NOT_PEOPLE = frozenset(
    """segunda terça quarta quinta sexta sábado domingo janeiro fevereiro março abril maio junho julho agosto
    setembro outubro novembro dezembro o a os as um uma e ou mas ele ela nós hoje ontem amanhã governo
    ministério polícia partido jornal agência""".split()
)
DESCRIPTION_NOUNS = frozenset(
    """ministro ministra presidente porta-voz fonte diplomata responsável especialista testemunha morador
    moradora policial sindicato governo ministério empresa prefeito prefeita diretor diretora""".split()
)
OFFICES = ("gabinete", "porta-voz", "governo", "assessoria")
SAME_TITLES = (("ministro", "ministra", "secretário"),)
DESCRIPTION_BREAKS = "que e ou disse é são era foi".split()
PRO_DROP = True
