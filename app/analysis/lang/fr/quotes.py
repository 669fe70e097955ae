"""French quotation marks, reporting verbs, attribution forms and titles.

Sources: the marks are those of French typography (guillemets «…», with “…” nested; the
Imprimerie nationale's Lexique des règles typographiques). The reporting verbs are the common
French verbes de parole (dire, déclarer, affirmer, …) in the passé composé and present that news
uses ("a déclaré", "a-t-il ajouté", "dit-il"), from general French grammar; "selon" and "d'après"
introduce a source. Titles are general French usage. Nothing here was taken from the annotated stories.
"""

MARKS = (("\u00ab", "\u00bb"), ("\u201c", "\u201d"))
SINGLE_MARKS = (("\u2039", "\u203a"),)
_PARTICIPLES = (
    "dit déclaré affirmé ajouté expliqué souligné précisé indiqué estimé assuré rappelé insisté averti "
    "prévenu lancé confié écrit répondu annoncé confirmé reconnu jugé martelé dénoncé"
).split()
_PRESENT = (
    "dit déclare affirme ajoute explique souligne précise indique estime assure rappelle insiste avertit "
    "prévient lance confie écrit répond annonce confirme reconnaît juge martèle dénonce"
).split()
SPEECH_VERBS = (
    [f"{aux} {p}" for aux in ("a", "avait", "ont", "aurait") for p in _PARTICIPLES]
    + [f"a-t-{pro} {p}" for pro in ("il", "elle") for p in _PARTICIPLES]
    + [f"{v}-{pro}" for pro in ("il", "elle") for v in _PRESENT]
    + [f"{v}-t-{pro}" for pro in ("il", "elle") for v in _PRESENT if v[-1] in "ae"]
    + _PRESENT
)
NAMING_VERBS = ("a qualifié", "qualifie", "a qualifié de", "a dénoncé")
ACCORDING_TO = ("selon", "d'après", "d\u2019après")
PRONOUNS = ("il", "elle")
HONORIFICS = ("m", "mme", "mlle", "me", "dr", "pr")
NAME_PARTICLES = ("de", "du", "des", "d'", "le", "la")
POSSESSIVES = ("son", "sa", "ses", "leur")
DEFINITE = ("le", "la", "les", "l'", "l\u2019", *POSSESSIVES)
INDEFINITE = ("un", "une")
OBJECT_WORDS = "avec à au aux pour contre entre sur chez par vers lui leur".split()
RELATIVES = ("qui", "dont")
TITLES = frozenset(
    """président présidente ministre premier première secrétaire général générale porte-parole directeur
    directrice chef maire député députée sénateur sénatrice ambassadeur ambassadrice juge procureur procureure
    préfet préfète gouverneur roi reine prince pape m mme mlle dr pr ancien ancienne""".split()
)
NOT_PEOPLE = frozenset(
    """lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août
    septembre octobre novembre décembre le la les un une des et ou mais il elle nous vous ils elles je
    aujourd'hui hier demain gouvernement ministère police parti journal agence""".split()
)
DESCRIPTION_NOUNS = frozenset(
    """ministre président présidente porte-parole responsable source diplomate conseiller conseillère
    expert experte témoin habitant habitante policier gendarme syndicat gouvernement ministère entreprise
    préfecture police directeur directrice maire""".split()
)
OFFICES = ("cabinet", "entourage", "porte-parole", "gouvernement")
SAME_TITLES = (("ministre", "secrétaire"),)
DESCRIPTION_BREAKS = "qui que dont et ou a est sont était dit".split()
