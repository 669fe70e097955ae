"""Direct quotations, their speakers, and the same statement grouped across outlets."""

from __future__ import annotations

import bisect
import re

from app.analysis import speakers as spk
from app.analysis.normalize import words
from app.analysis.options import AnalysisOptions
from app.analysis.quote_groups import group_quotes, group_to_dict
from app.analysis.types import Article, QuoteSpan, Sentence

__all__ = ["extract_quotes", "group_quotes", "group_to_dict"]

_OPEN = "\u201c\u201e\u00ab"
_CLOSE = "\u201d\u00bb"
_MARK = re.compile('["\u201c\u201e\u00ab\u201d\u00bb]')
_LINE = re.compile(r"[^\n]+")
_SINGLE_QUOTED = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[\u2014\u2013-]))['\u2018]([^\s'\u2018\u2019][^'\u2018\u2019\n]{0,120}?)['\u2019](?![\w])"
)
_HEADLINE_SPEAKER = re.compile(r"(?:[:,]|\u2014)\s*([A-Z][^:,\u2014]{1,60}?)(?:\s+says?)?\s*$")
_TERMINAL = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$")


def extract_quotes(doc: Article, sentences: list[Sentence], options: AnalysisOptions) -> list[QuoteSpan]:
    """Quoted words with their speakers, in text order; scare quotes left out."""
    text = doc.text[: options.max_chars_per_article]
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    memory = spk.SpeakerMemory()
    spk.learn_people(text, memory)
    single_primary = not re.search(r"[\"\u201c\u201d\u00ab\u00bb]", text)
    raw = [span for s in _content_lines(text, sentences) for span in _spans_in_line(text, *s, single_primary)]
    raw = raw[: options.max_quotes_per_article]
    return _attribute(doc, text, sentences, starts, raw, memory, options)


def _content_lines(text: str, sentences: list[Sentence]) -> list[tuple[int, int, bool]]:
    """(start, end, headline-like) of each run of sentences on one line of the text."""
    lines: list[tuple[int, int, bool]] = []
    for s in sentences:
        if lines and "\n" not in text[lines[-1][1] : s.start]:
            lines[-1] = (lines[-1][0], s.end, False)
        else:
            lines.append((s.start, s.end, s.is_heading or not _TERMINAL.search(s.text)))
    return lines


def _spans_in_line(text: str, start: int, end: int, headline: bool, single_primary: bool) -> list[tuple[int, int]]:
    line = text[start:end]
    spans = [(start + a, start + b) for a, b in _double_quoted(line)]
    if headline or single_primary:
        taken = spans[:]
        for m in _SINGLE_QUOTED.finditer(line):
            a, b = start + m.start(1), start + m.end(1)
            if not any(x < b and a < y for x, y in taken):
                spans.append((a, b))
    return sorted(spans)


def _double_quoted(line: str) -> list[tuple[int, int]]:
    """Inside-the-marks spans; an unclosed quote runs to the paragraph's end (news convention)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _MARK.finditer(line):  # only the marks, not every character
        i, ch = m.start(), m.group()
        if ch == '"':
            ch = _straight_role(line, i, opened is not None)
        if ch in _OPEN:
            if opened is not None:
                spans.append((opened, i))
            opened = i + 1
        elif ch in _CLOSE and opened is not None:
            spans.append((opened, i))
            opened = None
    if opened is not None:
        spans.append((opened, len(line)))
    return [s for s in (_trim(line, a, b) for a, b in spans) if s]


def _straight_role(line: str, i: int, inside: bool) -> str:
    before = line[i - 1] if i else " "
    if inside and not before.isspace():
        return "\u201d"
    return "\u201c" if (before.isspace() or before in "([\u2014-") else "\u201d"


def _trim(line: str, a: int, b: int) -> tuple[int, int] | None:
    """The gold convention: one trailing comma off; a full stop off too when the quote starts lower-case."""
    while a < b and line[a].isspace():
        a += 1
    while b > a and line[b - 1].isspace():
        b -= 1
    if b > a and line[b - 1] == ",":
        b -= 1
    first = next((c for c in line[a:b] if c.isalpha()), "")
    if first.islower() and b > a and line[b - 1] == ".":
        b -= 1
    return (a, b) if any(c.isalnum() for c in line[a:b]) else None


def _attribute(
    doc: Article,
    text: str,
    sentences: list[Sentence],
    starts: list[int],
    raw: list[tuple[int, int]],
    memory: spk.SpeakerMemory,
    options: AnalysisOptions,
) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    said_upto = 0
    raw_words = [w for w in (words(text[a:b]) for a, b in raw) if len(w) > options.scare_quote_max_words][:200]
    for a, b in raw:
        si = max(0, bisect.bisect_right(starts, a) - 1)
        said_upto = _learn_speakers(text, sentences, said_upto, si, memory)
        sentence = sentences[si]
        if _is_scare_quote(text, a, b, sentence, raw_words, options):
            continue
        phrase = _speaker_phrase(text, a, b, sentence, memory)
        speaker = spk.resolve(phrase, memory) if phrase else None
        speaker = speaker or _paragraph_speaker(text, a, out) or memory.last_speaker
        if speaker:
            memory.last_speaker = speaker
        out.append(QuoteSpan(doc.id, a, b, text[a:b], speaker, si))
    return out


def _learn_speakers(text: str, sentences: list[Sentence], done: int, upto: int, memory: spk.SpeakerMemory) -> int:
    """Let reported-speech sentences before a quote ("Rubio said ...") set the latest speaker."""
    for s in sentences[done:upto]:
        person = spk.first_person(s.text, memory)
        if person:
            memory.last_person = spk.resolve(person, memory) or memory.last_person
        for m in spk.speech_verbs(s.text[:1000]):
            phrase = spk.subject_before(s.text[: m.start()], memory)
            if phrase:
                who = spk.resolve(phrase, memory)
                if who:
                    memory.last_speaker = who
                break
    return max(done, upto)


def _paragraph_speaker(text: str, a: int, out: list[QuoteSpan]) -> str | None:
    """A quote with no attribution of its own continues the previous quote of its paragraph."""
    if out and out[-1].speaker and "\n" not in text[out[-1].end : a]:
        return out[-1].speaker
    return None


def _speaker_phrase(text: str, a: int, b: int, sentence: Sentence, memory: spk.SpeakerMemory) -> str | None:
    after = _after_quote(text, b, sentence)
    line_start = text.rfind("\n", 0, a) + 1
    before = text[max(sentence.start, line_start, _previous_close(text, a, sentence)) : a]
    return (
        _after_pattern(after, memory)
        or _before_pattern(before, memory)
        or _later_verb(after, memory)
        or _headline_pattern(text, sentence)
        or (spk.first_person(before, memory) if not spk.SPEECH_VERB.search(before) else None)
    )


def _after_quote(text: str, b: int, sentence: Sentence) -> str:
    end = max(sentence.end, b)
    nl = text.find("\n", b)
    end = min(end + 0, nl if nl >= 0 else len(text), b + 300)
    return text[b:end]


def _previous_close(text: str, a: int, sentence: Sentence) -> int:
    i = max(text.rfind("\u201d", sentence.start, a - 1), text.rfind('"', sentence.start, a - 1))
    return i + 1 if i >= 0 else sentence.start


def _after_pattern(after: str, memory: spk.SpeakerMemory) -> str | None:
    """“…,” Trump said / “…,” said John Hardie / “…,” Bob Haueter, the chief of staff, told / “…,” Peskov, adding."""
    rest = re.sub(r"^[\W]{0,4}\s*", "", after, count=1)
    verb = spk.SPEECH_VERB.match(rest)
    if verb:
        cands = spk.candidates(rest[verb.end() : verb.end() + 120])
        return cands[0][2] if cands and cands[0][0] <= 2 else None
    cands = spk.candidates(rest[:120])
    if not cands or cands[0][0] > 0:
        return None
    phrase, tail = cands[0][2], rest[cands[0][1] : cands[0][1] + 160]
    if re.match(r"^,\s*(?:adding|saying|noting)\b", tail) or _verb_follows(tail):
        return phrase if spk.is_person_phrase(phrase, memory) else None
    return None


def _verb_follows(tail: str) -> bool:
    tail = re.sub(r"^,[^,\u201c\u201d\"]{1,120},", "", tail)
    return bool(re.match(r"^\s+(?:also\s+|\w+ly\s+|has\s+|had\s+)?" + spk.SPEECH_VERB.pattern[2:], tail, re.I))


def _before_pattern(before: str, memory: spk.SpeakerMemory) -> str | None:
    """The subject of the last speech verb before the quote: "X said:", "X told reporters that …"."""
    verbs = list(spk.SPEECH_VERB.finditer(before))
    for verb in reversed(verbs):
        phrase = spk.subject_before(before[: verb.start()], memory)
        if phrase:
            return phrase
        if verb.group().lower() == "according to":
            cands = spk.candidates(before[verb.end() :])
            if cands:
                return cands[0][2]
    return None


def _later_verb(after: str, memory: spk.SpeakerMemory) -> str | None:
    """“…” and “…”, he said on Thursday: a verb later in the same sentence."""
    sentence_part = re.split(r"(?<=[.!?])[\"\u201d]?\s", after, maxsplit=1)[0]
    verb = spk.SPEECH_VERB.search(sentence_part)
    return spk.subject_before(sentence_part[: verb.start()], memory) if verb else None


def _headline_pattern(text: str, sentence: Sentence) -> str | None:
    """Headlines name the speaker last: "… 'within days': Rubio", "…, Rubio says"."""
    if _TERMINAL.search(sentence.text):
        return None
    m = _HEADLINE_SPEAKER.search(sentence.text[-120:])
    return m.group(1) if m else None


def _is_scare_quote(
    text: str, a: int, b: int, sentence: Sentence, raw_words: list[list[str]], options: AnalysisOptions
) -> bool:
    """A short quoted term in a sentence that attributes nothing: emphasis, not speech."""
    if len(words(text[a:b])) > options.scare_quote_max_words:
        return False
    if not _TERMINAL.search(sentence.text) and _HEADLINE_SPEAKER.search(sentence.text[-120:]):
        return False
    frame = text[max(sentence.start, a - 400) : a] + " " + text[b : min(sentence.end, b + 400)]
    if spk.SPEECH_VERB.search(frame):
        return False
    quoted = words(text[a:b])
    return not any(len(other) > len(quoted) and _contains(other, quoted) for other in raw_words)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
