"""English quotation marks, reporting verbs, attribution forms and titles.

Sources: the marks are the standard English ones (“…” with ‘…’ nested; straight marks decided by
context). The reporting verbs are the verbs of saying of general English grammar (the "reporting
verbs" of direct and indirect speech in reference grammars such as Quirk et al. 1985, §14.29 and
their counterparts in Wiktionary's English speech-verb categories), written out with their regular
and irregular inflections, plus the common manner-of-speaking verbs of dialogue ("barked",
"pressed"; past tense only where the base form is mostly a noun). Titles are the common English
honorifics and offices (local government ones such as treasurer and clerk included), the role nouns
are general nouns of people's occupations, relations and political affiliations, and the
non-person words are weekdays, months and common institution nouns. The leading words are closed-class
function words (conjunctions, subordinators, sentence adverbs) of general English grammar. Nothing
here was taken from the annotated development stories or the development corpora.
"""

MARKS = (("\u201c", "\u201d"),)
SINGLE_MARKS = (("\u2018", "\u2019"), ("'", "'"))


def _forms(*bases: str) -> list[str]:
    """Regular inflections of verbs (base, -s, -ed, -ing); irregular ones are listed in full below."""
    out = []
    for base in bases:
        stem = base[:-1] if base.endswith("e") else base
        if base.endswith("y") and base[-2] not in "aeiou":
            out += [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
        else:
            out += [base, base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s"), stem + "ed", stem + "ing"]
    return out


SPEECH_VERBS = (
    "say says said saying tell tells told telling write writes wrote written writing speak speaks spoke speaking "
    "tweet tweets tweeted tweeting post posts posted posting "
    "cry cries cried crying quip quips quipped quipping snap snapped fire fired shoot shot "
    "admit admits admitted admitting "
    "plead pleaded pled read reads "
    "begin began "
    "offer offered "
    "put "
    # verbs of manner whose base form is mostly a noun ("a bark", "the press"): only their past tense reports speech
    "rebut rebuts rebutted rebutting sob sobs sobbed sobbing "
    "barked boomed fumed pressed questioned cheered laughed raged snorted growled roared hissed sniffed thundered "
).split() + _forms(
    "agree",
    "concur",
    "chide",
    "scold",
    "tease",
    "taunt",
    "mock",
    "marvel",
    "gasp",
    "stammer",
    "stutter",
    "shriek",
    "bellow",
    "holler",
    "wail",
    "whine",
    "exhort",
    "clarify",
    "elaborate",
    "inquire",
    "enquire",
    "rant",
    "add",
    "note",
    "state",
    "stress",
    "warn",
    "insist",
    "argue",
    "explain",
    "ask",
    "reply",
    "respond",
    "answer",
    "declare",
    "announce",
    "acknowledge",
    "concede",
    "comment",
    "claim",
    "describe",
    "continue",
    "caution",
    "vow",
    "pledge",
    "promise",
    "predict",
    "suggest",
    "specify",
    "remark",
    "recall",
    "boast",
    "complain",
    "urge",
    "echo",
    "reiterate",
    "exclaim",
    "shout",
    "yell",
    "scream",
    "chant",
    "whisper",
    "mutter",
    "murmur",
    "joke",
    "observe",
    "assert",
    "contend",
    "maintain",
    "emphasize",
    "emphasise",
    "mention",
    "confirm",
    "deny",
    "reveal",
    "disclose",
    "conclude",
    "recount",
    "testify",
    "inform",
    "assure",
    "wonder",
    "demand",
    "charge",
    "accuse",
    "allege",
    "counter",
    "retort",
    "lament",
    "grumble",
    "protest",
    "object",
    "proclaim",
    "muse",
    "sigh",
    "groan",
    "intone",
    "opine",
    "reason",
    "speculate",
    "hint",
    "implore",
    "beg",
    "summarize",
    "summarise",
    "advise",
    "recommend",
    "confide",
    "interject",
    "interrupt",
    "gush",
    "rave",
    "beam",
    "brag",
    "affirm",
    "confess",
    "blast",
    "condemn",
    "praise",
    "criticize",
    "criticise",
    "quote",
    "cite",
    "text",
    "email",
    "mail",
    "blog",
    "report",
    "voice",
    "react",
    "tout",
    "scoff",
    "sneer",
    "gripe",
    "rail",
    "preface",
)
# Verbs that name what was said ("called the plan “a disgrace”") rather than introduce a quotation.
NAMING_VERBS = _forms("call", "label", "dub", "term", "brand")
# The commonest verbs of saying: a quoted word or two counts as speech, not emphasis, only beside one of these.
CORE_VERBS = (
    (
        "say says said saying tell tells told telling wrote writes spoke speaking tweeted posted admitted quipped "
        "according"
    ).split()
    + _forms(
        "add",
        "note",
        "state",
        "stress",
        "warn",
        "insist",
        "argue",
        "explain",
        "ask",
        "reply",
        "declare",
        "announce",
        "acknowledge",
        "concede",
        "comment",
        "claim",
        "describe",
        "report",
        "continue",
        "caution",
        "vow",
        "pledge",
        "promise",
        "predict",
        "suggest",
        "voice",
        "specify",
        "remark",
        "recall",
        "boast",
        "complain",
        "urge",
        "echo",
        "reiterate",
        "condemn",
        "praise",
    )
    + NAMING_VERBS
)
ACCORDING_TO = ("according to", "in the words of", "as quoted by")
# Words after a speech verb that introduce its addressee or medium, not its subject ("told reporters").
PRONOUNS = ("he", "she")
HONORIFICS = ("mr", "mrs", "ms", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev", "fr")
NAME_PARTICLES = ("de", "da", "van", "von", "bin", "al", "del", "di", "la", "le", "du", "der", "ibn", "abu", "of")
# Words that may start a description of a speaker ("the minister", "a police spokesman").
POSSESSIVES = ("his", "her", "its", "their")
DEFINITE = ("the", *POSSESSIVES)
# Words that end a description: "the panel that met", "a man who said" are clauses, not one phrase.
DESCRIPTION_BREAKS = (
    "that who whom whose which what when where while as if and or but to in on at by with for from is are was were "
    "be been being has have had will would can could should may might must do does did said says say told "
    "not no it he she they we i you"
).split()
INDEFINITE = ("a", "an", "one", "another", "some")
UNNAMED = "unnamed {}"  # how "a senior official" is reported: a description, never a name
# Words before a name that make it an object, not the subject ("spoke with Sergei Lavrov").
OBJECT_WORDS = (
    "with to from for about against between on at by of in into over than like him her them us me "
    "toward towards under upon via"
).split()
TITLES = frozenset(
    """president vice secretary state minister prime foreign deputy first gov governor sen senator rep
    representative congressman congresswoman assemblyman assemblywoman councilman councilwoman mr mrs ms mx dr
    prof professor gen general lt col colonel maj major sgt sergeant capt captain cmdr commander adm admiral army
    navy retired ret special envoy ambassador chancellor king queen prince princess emperor pope cardinal bishop
    archbishop rabbi imam rev reverend father judge justice chief director chairman chairwoman chair chairperson
    speaker leader spokesman spokeswoman spokesperson mayor attorney officer commissioner premier president-elect
    sheikh crown defense defence interior finance treasury homeland security national adviser advisor press white
    house kremlin former acting senior top republican democrat democratic gop candidate nominee executive ceo cfo
    coo founder co-founder head manager superintendent sheriff inspector detective constable lawyer counsel
    solicitor barrister treasurer clerk auditor comptroller registrar coroner assessor recorder of the and""".split()
)
NOT_PEOPLE = frozenset(
    """committee congress office department ministry party senate court university college school institute
    foundation program programme council commission agency administration union nations states kingdom republic
    times post news press journal herald tribune gazette magazine daily reuters getty associated afp bloomberg
    network radio television tv street avenue road square capitol pentagon parliament embassy company corporation
    group bank fund airport station hospital church mosque temple city county province region district village
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec the a an in on at but and
    or if while when after before during as it this that there these those they we i you our his her their its
    what why how some many both all every each no not yes today yesterday tomorrow tonight morning evening
    north south east west northern southern eastern western central""".split()
)
# Nouns of people's roles: "the minister", "a police spokesman", and before a name ("columnist Ai Jun").
ROLE_NOUNS = frozenset(
    """official spokesman spokeswoman spokesperson source diplomat aide officer congressman congresswoman lawmaker
    legislator analyst expert envoy adviser advisor representative minister secretary president governor senator
    mayor candidate nominee leader chief director chairman chairwoman chair executive ceo manager commander general
    colonel captain sergeant judge justice prosecutor attorney lawyer policeman policewoman investigator detective
    witness resident neighbour neighbor voter supporter critic protester demonstrator activist organizer organiser
    worker employee staffer strategist consultant pollster economist scientist researcher professor teacher student
    doctor nurse surgeon physician survivor victim mother father son daughter wife husband brother sister friend
    woman man person narrator host anchor moderator reporter journalist columnist editor author writer blogger
    commenter user insider veteran delegate observer owner founder historian ally associate colleague partner donor
    backer opponent rival challenger incumbent operative loyalist surrogate confidant speechwriter constituent
    attendee participant citizen taxpayer parent teenager child boy girl farmer fan democrat republican conservative
    liberal progressive libertarian socialist boss businessman businesswoman""".split()
)
# Nouns that make "the … X" or "a … X" a description of a speaker: roles, groups, bodies and their documents.
DESCRIPTION_NOUNS = ROLE_NOUNS | frozenset(
    """police people member members group campaign statement report letter email memo ad advertisement video post
    tweet message editorial newspaper paper daily magazine outlet network station board panel committee council
    commission agency ministry department office administration government company firm party team union
    organization organisation foundation institute court crowd audience""".split()
)
# Owners' units that speak for them: "Zelensky's office said", "the Clinton campaign said".
OFFICES = ("office", "campaign", "government", "spokesman", "spokeswoman", "spokesperson", "team", "lawyer", "lawyers")
# Relative pronouns that may follow a speaker named after the verb ("said Ana Lima, who ...").
RELATIVES = ("who", "whose", "which")
# Function words that open a sentence capitalised ("As Ana Lima said", "Then Lima left"): conjunctions,
# subordinators and sentence adverbs of general English grammar, none of them a first name.
LEADING_WORDS = (
    "and or but nor so yet as if when while after before since until because although though unless whether "
    "then now also still even just only instead meanwhile however moreover furthermore nevertheless "
    "nonetheless thus hence indeed perhaps alongside besides despite amid among including unlike "
    "this that these those there here what why how which who whose yes no not"
).split()
# Words that start a place after a name ("Sen. Ana Lima of Ohio").
PLACE_WORDS = ("of",)
# After a quote, a subject and one regular past-tense verb closing the sentence report it, whatever the verb
# (“…,” Hollande retaliated. / “…!” the audience roared back.).
LONE_PAST_VERB = r"\s+[a-z]{3,}ed(?:\s+(?:back|out|up|in|again))?\s*(?:[.,;:!?]|$)"
# Verbs of saying that are never nouns or names, which title-case headlines capitalise ("Rubio Says …").
HEADLINE_VERBS = "says said tells told writes wrote asks asked warns warned adds added insists insisted".split()
# Words that make a title another office than its noun: a vice president, a former president or a deputy
# minister is not "the president" or "the minister".
SUBORDINATE_TITLES = ("vice", "deputy", "assistant", "lieutenant", "under", "former", "ex")
# Titles that name one office: "the congressman" is the person introduced as "Rep. X".
SAME_TITLES = (
    ("rep", "representative", "congressman", "congresswoman", "lawmaker"),
    ("sen", "senator", "lawmaker"),
    ("gov", "governor"),
    ("president", "president-elect"),
    ("secretary", "minister"),
    ("gen", "general"),
    ("spokesman", "spokeswoman", "spokesperson"),
    ("chairman", "chairwoman", "chair", "chairperson"),
    ("prof", "professor"),
)
# Sources that belong to a person: "his statement said" is that person speaking.
MEDIA_NOUNS = ("statement", "video", "letter", "email", "tweet", "post", "speech", "remarks", "memo", "book", "ad")
