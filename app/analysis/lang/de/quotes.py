"""German quotation marks, reporting verbs, attribution forms and titles.

Sources: the marks are those of German typography as set out in the Duden rules on quotation
marks („…“ with ‚…‘ nested, »…« with ›…‹ nested; Swiss «…»). The reporting verbs are the common
German verba dicendi (sagen, erklären, betonen, …) in the present and preterite third person
that news uses, from general German grammar; the attribution forms ("laut", "zufolge", "so X")
and the titles are general German usage. Nothing here was taken from the annotated stories.
"""

MARKS = (("\u201e", "\u201c"), ("\u00bb", "\u00ab"), ("\u00ab", "\u00bb"), ("\u201c", "\u201d"))
SINGLE_MARKS = (("\u201a", "\u2018"), ("\u203a", "\u2039"))
SPEECH_VERBS = (
    "sagte sagt sagten sagen erklärte erklärt erklärten betonte betont betonten ergänzte ergänzt fügte "
    "warnte warnt forderte fordert kritisierte kritisiert berichtete berichtet teilte versicherte versichert "
    "unterstrich bekräftigte schrieb schreibt antwortete antwortet entgegnete meinte meint sprach verkündete "
    "kündigte zitierte bestätigte bestätigt räumte behauptete behauptet beklagte mahnte rief so heißt hieß "
    "gesagt erklärt betont geschrieben"
).split()
NAMING_VERBS = "nannte nennt bezeichnete bezeichnet".split()
ACCORDING_TO = ("laut", "zufolge", "nach Angaben von", "nach Worten von", "nach den Worten von")
PRONOUNS = ("er", "sie")
HONORIFICS = ("herr", "frau", "dr", "prof")
NAME_PARTICLES = ("von", "van", "de", "zu", "von der", "van der")
POSSESSIVES = ("sein", "seine", "ihr", "ihre")
DEFINITE = ("der", "die", "das", "des", "dem", "den", *POSSESSIVES)
INDEFINITE = ("ein", "eine", "einer", "eines")
OBJECT_WORDS = "mit zu von für über gegen zwischen auf an bei aus nach vor im am in ihm ihr ihn ihnen".split()
RELATIVES = ("der", "die", "das")
TITLES = frozenset(
    """bundeskanzler bundeskanzlerin kanzler kanzlerin bundespräsident bundespräsidentin präsident präsidentin
    minister ministerin bundesminister bundesministerin ministerpräsident ministerpräsidentin staatssekretär
    chef chefin vorsitzende vorsitzender sprecher sprecherin regierungssprecher bürgermeister bürgermeisterin
    oberbürgermeister direktor direktorin leiter leiterin generalsekretär general botschafter botschafterin
    richter richterin abgeordnete abgeordneter senator senatorin gouverneur papst könig königin prinz herr frau
    dr prof professor professorin ex""".split()
)
# Compound titles ("GDL-Chef", "Bahnsprecher", "Innenministerin"): a word ending in one of these is a title.
TITLE_SUFFIXES = (
    "chef",
    "chefin",
    "sprecher",
    "sprecherin",
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "vorsitzende",
    "vorsitzender",
    "direktor",
    "leiter",
    "leiterin",
)
NOT_PEOPLE = frozenset(
    """montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag januar februar märz april mai juni
    juli august september oktober november dezember der die das den dem des ein eine einer eines und oder aber
    im am in auf bei nach vor es wir ihr sie er ich heute gestern morgen bahn regierung ministerium polizei
    partei zeitung agentur""".split()
)
DESCRIPTION_NOUNS = frozenset(
    """sprecher sprecherin minister ministerin präsident präsidentin chef chefin vorsitzende vorsitzender
    polizei polizeisprecher regierung regierungssprecher ministerium behörde gewerkschaft bahn unternehmen
    experte expertin augenzeuge augenzeugin anwohner anwohnerin zeuge zeugin beamter beamtin""".split()
)
OFFICES = ("büro", "sprecher", "sprecherin", "regierung")
SAME_TITLES = (("chef", "vorsitzende", "vorsitzender"), ("sprecher", "sprecherin"))
DESCRIPTION_BREAKS = "der die das und oder sagte sagt erklärte ist sind war hat".split()
