"""Direct quotations and their speakers, found with each language's marks and attribution words.

A language without a data module (app/analysis/lang/<code>/quotes.py) gets no quotes at all:
English rules on Polish text would find wrong ones, and compare() reports the stage as not run
for those articles instead of "no quotes found".
"""

from __future__ import annotations

import bisect
import re
from typing import TypeAlias

from app.analysis import quote_marks
from app.analysis import speakers as spk
from app.analysis.lang import stage_data
from app.analysis.normalize import words
from app.analysis.options import AnalysisOptions
from app.analysis.quote_groups import group_quotes, quote_result
from app.analysis.types import Article, QuoteSpan, Sentence

__all__ = ["extract_all", "extract_quotes", "group_quotes", "quote_result", "supports"]

_TERMINAL = re.compile(r"[.!?\u061f][\"'\u201d\u2019\u00bb\u201c)]*\s*$")
_HEADLINE_SPEAKER = re.compile(r"(?:[:,]|\u2014)\s*([A-Z][^:,\u2014]{1,60}?)(?:\s+says?)?\s*$")
_LEAD = re.compile(r"^[\W]{0,4}\s*")
_CONTINUING = re.compile(r"^,\s*(?:adding|saying|noting|writing|explaining|arguing|insisting)\b")

# (start, end, open at the paragraph's end) of a quote found in the text, before attribution.
_RawQuote: TypeAlias = tuple[int, int, bool]
# Speaker phrases as spk.candidates gives them: (start, end, phrase) in a segment, in reading order.
_Candidates: TypeAlias = tuple[tuple[int, int, str], ...]


def supports(language: str | None) -> bool:
    """Whether quotes are extracted for ``language`` (it has a quotes data module)."""
    return spk.lexicon(language) is not None


def extract_all(docs: list[Article], sentences: dict[str, list[Sentence]], options: AnalysisOptions) -> list[QuoteSpan]:
    """The quotes of every article of one comparison, in article order."""
    spk.clear_caches()
    return [q for d in docs for q in extract_quotes(d, sentences[d.id], options)]


def extract_quotes(doc: Article, sentences: list[Sentence], options: AnalysisOptions) -> list[QuoteSpan]:
    """Quoted words with their speakers, in text order; scare quotes left out."""
    lex = spk.lexicon(doc.language)
    data = stage_data(doc.language, "quotes")
    if lex is None or data is None or not sentences:
        return []
    text = doc.text[: options.max_chars_per_article]
    marks = quote_marks.marks(tuple(data.MARKS))
    singles = _single_patterns(tuple(data.SINGLE_MARKS))
    single_primary = not marks.find.search(text)
    raw = []
    for start, end, headline in _content_lines(text, sentences):
        raw += _spans_in_line(text, start, end, marks, singles if headline or single_primary else ())
        if len(raw) >= options.max_quotes_per_article:
            break
    memory = spk.SpeakerMemory()
    spk.learn_people(text, memory, lex)
    return _attribute(doc, text, sentences, raw[: options.max_quotes_per_article], memory, lex, options)


def _content_lines(text: str, sentences: list[Sentence]) -> list[tuple[int, int, bool]]:
    """(start, end, headline-like) of each run of sentences on one line of the text."""
    lines: list[tuple[int, int, bool]] = []
    for s in sentences:
        if lines and "\n" not in text[lines[-1][1] : s.start]:
            lines[-1] = (lines[-1][0], s.end, False)
        else:
            lines.append((s.start, s.end, s.is_heading or not _TERMINAL.search(s.text)))
    return lines


def _single_patterns(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], ...]:
    """Single marks double as apostrophes, so they open only after a space and close before a non-letter."""
    out = []
    for o, c in pairs:
        inner = re.escape(o + c)
        out.append(
            re.compile(
                rf"(?:(?<=^)|(?<=[\s(\[\u2014\u2013-])){re.escape(o)}([^\s{inner}][^{inner}\n]{{0,120}}?){re.escape(c)}(?![\w])"
            )
        )
    return tuple(out)


def _spans_in_line(
    text: str, start: int, end: int, marks: quote_marks.Marks, singles: tuple[re.Pattern[str], ...]
) -> list[_RawQuote]:
    """(start, end, open at the paragraph's end) of each quote in one line."""
    line = text[start:end]
    spans: list[_RawQuote] = []
    for a, b in quote_marks.quoted_spans(line, marks):
        trimmed = _trim(line, a, b)
        if trimmed:
            spans.append((start + trimmed[0], start + trimmed[1], b == len(line)))
    taken = [(a, b) for a, b, _ in spans]
    for pattern in singles:
        for m in pattern.finditer(line):
            a, b = start + m.start(1), start + m.end(1)
            if not any(x < b and a < y for x, y in taken):
                spans.append((a, b, False))
                taken.append((a, b))
    return sorted(spans)


def _trim(line: str, a: int, b: int) -> tuple[int, int] | None:
    """The gold convention: one trailing comma off; a full stop off too when the quote starts lower-case."""
    while a < b and line[a].isspace():
        a += 1
    while b > a and line[b - 1].isspace():
        b -= 1
    if b > a and line[b - 1] in ",\u060c":
        b -= 1
    first = next((c for c in line[a:b] if c.isalpha()), "")
    if first.islower() and b > a and line[b - 1] == ".":
        b -= 1
    return (a, b) if any(c.isalnum() for c in line[a:b]) else None


def _attribute(
    doc: Article,
    text: str,
    sentences: list[Sentence],
    raw: list[_RawQuote],
    memory: spk.SpeakerMemory,
    lex: spk.Lexicon,
    options: AnalysisOptions,
) -> list[QuoteSpan]:
    starts = [s.start for s in sentences]
    long_quotes = [w for w in (words(text[a:b]) for a, b, _ in raw) if len(w) > options.scare_quote_max_words][:200]
    out: list[QuoteSpan] = []
    said_upto = 0
    narrative = _Narrative(text, raw)
    for n, (a, b, open_end) in enumerate(raw):
        si = max(0, bisect.bisect_right(starts, a) - 1)
        said_upto = _learn_speakers(narrative, sentences, said_upto, si, memory, lex)
        sentence = sentences[si]
        if _is_scare_quote(text, a, b, sentence, long_quotes, lex, options):
            continue
        phrase = _speaker_phrase(text, a, b, sentence, memory, lex)
        if phrase == _NOT_A_PERSON:  # “…,” the Daily Ledger reported: its source is named, and is nobody we list
            out.append(QuoteSpan(doc.id, a, b, text[a:b], None, si))
            continue
        speaker = spk.resolve(phrase, memory, lex) if phrase else None
        if speaker is None and open_end:
            speaker = _chain_speaker(text, raw, n + 1, sentences, starts, memory, lex)
        if speaker is None and not _names_another_source(text, a, sentence, lex):
            speaker = _paragraph_speaker(text, a, out) or memory.last_speaker
        if speaker:
            memory.note(speaker, lex)
        out.append(QuoteSpan(doc.id, a, b, text[a:b], speaker, si))
    return out


def _chain_speaker(
    text: str,
    raw: list[_RawQuote],
    k: int,
    sentences: list[Sentence],
    starts: list[int],
    memory: spk.SpeakerMemory,
    lex: spk.Lexicon,
) -> str | None:
    """A quote running over paragraphs reopens in each one and may name its speaker only at the end."""
    for a, b, open_end in raw[k : k + 20]:
        si = max(0, bisect.bisect_right(starts, a) - 1)
        phrase = _speaker_phrase(text, a, b, sentences[si], memory, lex)
        if phrase or not open_end:
            return spk.resolve(phrase, memory, lex) if phrase and phrase != _NOT_A_PERSON else None
    return None


class _Narrative:
    """A sentence's words outside its quotes (the marks kept): who a quote names is not its speaker."""

    def __init__(self, text: str, raw: list[_RawQuote]) -> None:
        self.text, self.spans = text, [(a, b) for a, b, _ in raw]
        self.starts = [a for a, _ in self.spans]

    def of(self, s: Sentence) -> str:
        k = bisect.bisect_left(self.starts, s.start)
        if k == len(self.spans) or self.spans[k][0] >= s.end:
            return s.text
        parts, at = [], s.start
        while k < len(self.spans) and self.spans[k][0] < s.end:
            a, b = self.spans[k]
            if a >= at:
                parts.append(self.text[at:a])
                at = min(b, s.end)
            k += 1
        parts.append(self.text[at : s.end])
        return "".join(parts)


def _learn_speakers(
    narrative: _Narrative, sentences: list[Sentence], done: int, upto: int, memory: spk.SpeakerMemory, lex: spk.Lexicon
) -> int:
    """Let reported-speech sentences before a quote ("Rubio said ...") set the latest speaker; the
    people named inside quotes are left out ("“… left the station,” wrote Time" names no station)."""
    for s in sentences[done:upto]:
        said = narrative.of(s)
        person = spk.first_person(said, memory, lex)
        if person:
            memory.note(spk.resolve(person, memory, lex) or memory.last_person, lex, speaker=False)
        for m in spk.speech_verbs(said[:1000], lex):
            phrase = spk.subject_before(said[: m.start()], memory, lex, strict=True) or _subject_after(
                said, m, memory, lex, strict=True
            )
            if phrase:
                who = spk.resolve(phrase, memory, lex)
                if who:
                    memory.note(who, lex)
                break
    return max(done, upto)


def _names_another_source(text: str, a: int, sentence: Sentence, lex: spk.Lexicon) -> bool:
    """The quote's own sentence opens with a short definite subject and its speech verb ("The rail
    operator called the strike “deeply regrettable”", "La direction a jugé l'appel « irresponsable »"):
    a source that is not a person was named, so the quote does not continue the latest speaker."""
    before = text[sentence.start : a]
    for verb in spk.speech_verbs(before[:200], lex):
        subject = before[: verb.start()].split()
        if len(subject) > 4:
            return False
        if len(subject) >= 2 and subject[0].lower() in lex.determiners and all(w.isalpha() for w in subject):
            return True
    return False


def _paragraph_speaker(text: str, a: int, out: list[QuoteSpan]) -> str | None:
    """A quote with no attribution of its own continues the previous quote of its paragraph."""
    if out and out[-1].speaker and "\n" not in text[out[-1].end : a]:
        return out[-1].speaker
    return None


def _speaker_phrase(
    text: str, a: int, b: int, sentence: Sentence, memory: spk.SpeakerMemory, lex: spk.Lexicon
) -> str | None:
    after = _after_quote(text, b)
    line_start = text.rfind("\n", 0, a) + 1
    before = text[max(sentence.start, line_start, _previous_close(text, a, sentence)) : a]
    if _introduces(before, lex):  # "Clinton responds to Mills with, “…”": named before, whatever follows
        phrase = _before_pattern(before, memory, lex)
        if phrase:
            return phrase
    return (
        _dash_attribution(text, b, memory, lex)
        or _after_pattern(after, memory, lex)
        or _before_pattern(before, memory, lex)
        or _later_verb(after, memory, lex)
        or _headline_pattern(sentence)
        or (spk.first_person(before, memory, lex) if not spk.has_speech_verb(before, lex) else None)
    )


# The source right after a quote is named and is no person ("“…,” the Daily Ledger reported", "…,” said
# Tuesday"): the quote then has no speaker rather than the article's latest one.
_NOT_A_PERSON = "\x00"

_DASH_AFTER = re.compile(r"[\"'\u201d\u2019\u00bb).,!?]*[ \t]*(?:\n[ \t]*){0,2}[-\u2013\u2014]+[ \t]*")


def _dash_attribution(text: str, b: int, memory: spk.SpeakerMemory, lex: spk.Lexicon) -> str | None:
    """“…” — Ana Lima, Ohio: a dash after the quote, on its line or opening the next paragraph,
    names its speaker (a signature, as in letters, tweets and quote boxes)."""
    m = _DASH_AFTER.match(text, b, b + 40)
    if not m:
        return None
    rest = text[m.end() : m.end() + 160]
    cands = spk.candidates(rest, lex)
    if not cands or not _role_words(rest[: cands[0][0]], lex):
        return None
    first = cands[_role_chain(rest, cands, 0, lex)]
    if not re.match(r"\s*(?:[,.;:(]|$)", rest[first[1] :]):
        return None  # "” — Ana Lima said": an ordinary attribution, read by the patterns after the quote
    return first[2] if spk.is_person_phrase(first[2], memory, lex, adjacent=True) else None


def _introduces(before: str, lex: spk.Lexicon) -> bool:
    """The text before a quote ends in a speech verb, a few words and a colon or comma ("said in a
    statement:", "told reporters,", "responds to Mills with,")."""
    tail = before[-60:].rstrip(" \"'\u201c\u201e\u00ab\u2018")
    if not tail.endswith((",", ":")):
        return False
    verbs = list(spk.speech_verbs(tail, lex))
    return bool(verbs) and len(tail[verbs[-1].end() :].split()) <= 4


def _after_quote(text: str, b: int) -> str:
    nl = text.find("\n", b)
    return text[b : min(nl if nl >= 0 else len(text), b + 300)]


def _previous_close(text: str, a: int, sentence: Sentence) -> int:
    i = max(text.rfind(c, sentence.start, a - 1) for c in '\u201d"\u00bb\u201c')
    return i + 1 if i >= 0 else sentence.start


def _after_pattern(after: str, memory: spk.SpeakerMemory, lex: spk.Lexicon) -> str | None:
    """“…,” Trump said / “…,” said John Hardie / “…,” Bob Haueter, the chief of staff, told / “…,” Peskov, adding."""
    lead = _LEAD.match(after)
    if lead is None:
        return None
    if any(c in ".;" for c in lead.group()):
        return None  # “…”. Then a new sentence: its subject is not this quote's speaker
    rest = after[lead.end() :]
    verb = lex.verb.match(rest.lower())
    if verb:
        return _subject_after(rest, verb, memory, lex, right_after_quote=True) or _pro_drop(rest, verb, memory)
    cands = spk.candidates(rest[:160], lex)
    if cands and _role_words(rest[: cands[0][0]], lex):  # “…,” columnist Ai Jun wrote
        first = cands[_role_chain(rest, cands, 0, lex)]  # “…,” Rubio spokesman Alex Conant tweeted
        phrase, tail = first[2], rest[first[1] : first[1] + 200]
        if _CONTINUING.match(tail) or _verb_follows(tail, lex) or lex.lone_past.match(tail):
            if spk.is_person_phrase(phrase, memory, lex, adjacent=True):
                return phrase
            return _NOT_A_PERSON if spk.names_something(phrase, lex) else None  # “…,” the Daily Ledger reported
    return _bare_subject(rest, lex)


def _role_words(prefix: str, lex: spk.Lexicon) -> bool:
    """Nothing, or up to three lower-case words of a role, stands before a name."""
    ws = prefix.split()
    return prefix == "" or (len(ws) <= 3 and all(w.islower() and w.isalpha() and w not in lex.breaks for w in ws))


def _bare_subject(rest: str, lex: spk.Lexicon) -> str | None:
    """“…,” the engineer said / “…,” federal prosecutors wrote / “…,” Wih Pesam residents said: a short
    phrase right before a verb, whose last word is a common noun (so a description, not a name)."""
    ws = rest[:80].split()[:6]
    verb_at = next((k for k, w in enumerate(ws[1:], 1) if lex.verb.fullmatch(w.strip(".,;:").lower())), None)
    if verb_at is None or any(not re.fullmatch(r"[\w\u2019'-]+", w) or w.lower() in lex.breaks for w in ws[:verb_at]):
        return None
    words = [w for w in ws[:verb_at] if w.lower() not in ("also", "later", "then")]
    head = words[-1] if words else ""
    if not head.islower():
        return None
    if words[0].lower() in lex.determiners and len(words) >= 2:
        return " ".join(words)
    return " ".join(words) if _common_noun(head, lex) else None


def _common_noun(word: str, lex: spk.Lexicon) -> bool:
    low = word.lower()
    return low in lex.description_nouns or low[:-1] in lex.description_nouns


def _subject_after(
    text: str,
    verb: re.Match[str],
    memory: spk.SpeakerMemory,
    lex: spk.Lexicon,
    strict: bool = False,
    right_after_quote: bool = False,
) -> str | None:
    """The speaker right after an inverted verb: "said John Hardie", "sagte Weselsky", "قال الوزير".

    Right after a quote (“…,” said …) what follows the verb is its speaker, whatever comes after
    it ("said a source involved in the talks"); elsewhere the speaker must end at punctuation or a
    preposition, since "he said Ukraine would" names the subject of what was said."""
    segment = text[verb.end() : verb.end() + 120]
    cands = spk.candidates(segment, lex)
    if not cands or (cands[0][0] > 2 and not _role_words(segment[: cands[0][0]], lex)):
        return None  # "zei minister Jan de Vries": a lower-case role may stand first
    apposed = _apposed_name(segment, cands, lex)
    if apposed:
        return apposed  # "said Rubio’s deputy campaign manager, Rich Beeson, who"
    first = cands[0]
    if first[2][:1].islower() and not lex.pronoun.fullmatch(first[2]):
        named = _name_after_role(segment, cands, memory, lex)  # "dijo la ministra Ana Ruiz"
        if named:
            return named
    else:
        first = cands[_role_chain(segment, cands, 0, lex)]  # "said Pentagon spokesman Navy Capt. Jeff Davis"
    if not right_after_quote and not _speaker_ends(segment[first[1] :], lex):
        return None  # "said Ukraine would": the subject of what was said, not its speaker
    if spk.is_person_phrase(first[2], memory, lex, adjacent=not strict):
        return first[2]
    return _NOT_A_PERSON if right_after_quote and spk.names_something(first[2], lex) else None  # “…,” wrote Time


def _role_chain(segment: str, cands: _Candidates, i: int, lex: spk.Lexicon) -> int:
    """Which candidate ends "Pentagon spokesman Navy Capt. Jeff Davis" or "Clinton campaign manager
    Robby Mook": a name, a role of one to three lower-case words ending in a role noun, then the full
    name of the person holding it. The index of that last name (``i`` itself when no role follows)."""
    while i + 1 < len(cands):
        gap = segment[cands[i][1] : cands[i + 1][0]].split()
        if not 1 <= len(gap) <= 3 or not all(_ROLE_WORD.fullmatch(w) and w not in lex.breaks for w in gap):
            break
        if not (_common_noun(gap[-1], lex) or gap[-1] in lex.titles) or lex.verb.fullmatch(gap[-1]):
            break
        if len(spk.name_tokens(cands[i + 1][2], lex)[1]) < 2:
            break
        i += 1
    return i


_ROLE_WORD = re.compile(r"[a-z][a-z-]*")
_ROLE_THEN_NAME = re.compile(
    r"\s*(?:\w+\s+)?(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}[\u2019']s\s+)?((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*),\s+"
)


def _apposed_name(segment: str, cands: _Candidates, lex: spk.Lexicon) -> str | None:
    """A role, then the name of its holder set off by commas: "Rubio’s deputy campaign manager, Rich
    Beeson," or "its chief economist, Ana Lima." (the role ends in a role noun or a title)."""
    m = _ROLE_THEN_NAME.match(segment)
    if not m:
        return None
    head = m.group(1).split()[-1]
    if not (_common_noun(head, lex) or head in lex.titles) or any(w in lex.breaks for w in m.group(1).split()):
        return None
    for start, end, phrase in cands:
        if start == m.end():
            if len(spk.name_tokens(phrase, lex)[1]) >= 2 and re.match(r"\s*(?:[,.;:)]|$)", segment[end:]):
                return phrase
            return None
    return None


def _name_after_role(segment: str, cands: _Candidates, memory: spk.SpeakerMemory, lex: spk.Lexicon) -> str | None:
    """A full name right after a role, with no punctuation between ("le ministre de l'Intérieur Gérald
    Martin") or as its apposition after one comma ("el ministro de Defensa, Carlos Mendoza")."""
    for start, end, phrase in cands[1:3]:
        between = segment[cands[0][1] : start]
        apposition = _APPOSITION.fullmatch(between)
        if _PUNCTUATION.search(between) and not apposition:
            return None
        if len(phrase.split()) >= 2 and spk.is_person_phrase(phrase, memory, lex) and _speaker_ends(segment[end:], lex):
            return phrase
        if apposition:
            return None
    return None


_PUNCTUATION = re.compile(r"[,.;:()\u2014]")
_APPOSITION = re.compile(r"[^,.;:()\u2014]*,\s*")


def _speaker_ends(tail: str, lex: spk.Lexicon) -> bool:
    """What may follow an inverted speaker: punctuation, the end, or a preposition ("said Lima in Paris")."""
    m = re.match(r"\s*(\w+)", tail)
    return m is None or m.group(1).lower() in lex.after_speaker or m.group(1).lower() in lex.not_people


def _pro_drop(rest: str, verb: re.Match[str], memory: spk.SpeakerMemory) -> str | None:
    """“…”, dijo. / “…”, he added.: a verb with no subject of its own continues the latest speaker."""
    if re.match(r"^[\s.,;:]*$", rest[verb.end() : verb.end() + 3]) and memory.last_speaker:
        return memory.last_speaker
    return None


def _verb_follows(tail: str, lex: spk.Lexicon) -> bool:
    tail = re.sub(r"^,[^,\u201c\u201d\"]{1,160},|^\s*\([^()]{1,40}\),?", "", tail)
    m = re.match(r"^\s+(?:(?:also|later|then|has|had|have|once|again|\w+ly)\s+)*", tail)
    return m is not None and lex.verb.match(tail[m.end() :].lower()) is not None


def _before_pattern(before: str, memory: spk.SpeakerMemory, lex: spk.Lexicon) -> str | None:
    """The subject of the last speech verb before the quote: "X said:", "X told reporters that …"."""
    for verb in reversed(list(spk.speech_verbs(before, lex))):
        if lex.according.fullmatch(verb.group()):
            cands = spk.candidates(before[verb.end() :], lex)
            if cands:
                return cands[0][2]
            continue
        phrase = spk.subject_before(before[: verb.start()], memory, lex) or _subject_after(before, verb, memory, lex)
        if phrase:
            return phrase
    return None


def _later_verb(after: str, memory: spk.SpeakerMemory, lex: spk.Lexicon) -> str | None:
    """“…” and “…”, he said on Thursday: a verb later in the same sentence."""
    sentence_part = re.split(r"(?<=[.!?])[\"\u201d\u00bb]?\s", after, maxsplit=1)[0]
    verb = next(spk.speech_verbs(sentence_part, lex), None)
    return spk.subject_before(sentence_part[: verb.start()], memory, lex) if verb else None


def _headline_pattern(sentence: Sentence) -> str | None:
    """Headlines name the speaker last: "… 'within days': Rubio", "…, Rubio says"."""
    if _TERMINAL.search(sentence.text):
        return None
    m = _HEADLINE_SPEAKER.search(sentence.text[-120:])
    return m.group(1) if m else None


def _is_scare_quote(
    text: str,
    a: int,
    b: int,
    sentence: Sentence,
    long_quotes: list[list[str]],
    lex: spk.Lexicon,
    options: AnalysisOptions,
) -> bool:
    """A short quoted term in a sentence that attributes nothing: emphasis, not speech."""
    quoted = words(text[a:b])
    if len(quoted) > options.scare_quote_max_words or text[b - 1 : b] in ("!", "?", "\u061f", "\u00a1", "\u00bf"):
        return False  # an exclamation or a question is said, not emphasised ("Lock her up!")
    if _dash_attribution(text, b, spk.SpeakerMemory(), lex):
        return False  # “Never again.” — Tomas Berg: a signed quote
    if not _TERMINAL.search(sentence.text) and _HEADLINE_SPEAKER.search(sentence.text[-120:]):
        return False
    frame = text[max(sentence.start, a - 400) : a] + " " + text[b : min(sentence.end, b + 400)]
    if lex.core_verb.search(frame.lower()):
        return False
    return not any(len(other) > len(quoted) and _contains(other, quoted) for other in long_quotes)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
