"""Arabic quotation marks, reporting verbs, attribution forms and titles.

Sources: the marks are those of Arabic news typography (guillemets «…» and “…”). The reporting
verbs are the common Arabic verbs of saying in the perfect and imperfect third person (قال، أضاف،
أكد، أوضح، …, with their feminine forms), from general Arabic grammar, each also with the
conjunction prefixes و and ف that news attaches to them (وقال، فقال); بحسب، حسب، وفقا ل and نقلا
عن introduce a source. Arabic script has no capitals, so a speaker is the words right after the
verb, up to a particle or punctuation ("وقال وزير الداخلية:"). Nothing here was taken from the
annotated stories.
"""

CASELESS = True
MARKS = (("\u00ab", "\u00bb"), ("\u201c", "\u201d"))
SINGLE_MARKS = ()
_VERBS = (
    "قال قالت يقول تقول أضاف أضافت يضيف تضيف أكد أكدت يؤكد تؤكد أوضح أوضحت يوضح توضح تابع تابعت "
    "صرح صرحت أعلن أعلنت ذكر ذكرت أشار أشارت كتب كتبت رد ردت حذر حذرت اعتبر اعتبرت شدد شددت"
).split()
SPEECH_VERBS = [p + v for v in _VERBS for p in ("", "و", "ف")]
CORE_VERBS = SPEECH_VERBS
ACCORDING_TO = [p + a for a in ("بحسب", "حسب", "وفقا ل", "وفقاً ل", "نقلا عن", "نقلاً عن") for p in ("", "و")]
PRONOUNS = ("هو", "هي")
HONORIFICS = ()
NAME_PARTICLES = ()
DEFINITE = ()
INDEFINITE = ()
OBJECT_WORDS = ("في", "على", "إلى", "من", "عن", "مع", "خلال", "أمام", "لـ")
# Words that end the speaker phrase after a verb: particles, prepositions, time words.
STOP_WORDS = frozenset(
    """إن أن إنه أنه إنها أنها في على إلى من عن مع خلال أمام يوم اليوم أمس الاثنين الثلاثاء الأربعاء
    الخميس الجمعة السبت الأحد لـ لوكالة للصحفيين لقناة""".split()
)
TITLES: frozenset[str] = frozenset()
NOT_PEOPLE: frozenset[str] = frozenset()
DESCRIPTION_NOUNS: frozenset[str] = frozenset()
OFFICES = ()
PRO_DROP = True
