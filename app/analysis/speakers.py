"""Who said a quotation: attribution patterns, titles stripped, surnames and pronouns resolved.

News attribution is formulaic ("X said", "said X", "X told reporters", "according to X",
a colon before the quote, a quote paragraph after the paragraph naming the speaker), so a few
linear patterns plus a per-article memory of people and the latest speaker go a long way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

SPEECH_VERB = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|note|notes|noted|noting|stated"
    r"|stress|stressed|warn|warns|warned|insist|insists|insisted|argue|argued|explain|explained|ask|asked"
    r"|repl(?:y|ied)|wr(?:ote|ites)|tweet(?:ed|s)?|posted|declared?|announced?|acknowledged?|admitted|conceded"
    r"|comment(?:ed|ing|s)?|claim(?:ed|ing|s)?|call(?:ed|s)?|describ(?:ed|es|ing)|label(?:l?ed)?|dubbed|termed"
    r"|report(?:ed|s)?|continued|cautioned|vow(?:ed|s)?|pledged|promised|predicted|suggested|voiced|specif(?:y|ied)"
    r"|remarked|recalled|boasted|quipped|complained|urged|echoed|reiterated|spoke|speaking|condemned|praised"
    r"|according to)\b",
    re.IGNORECASE,
)
# The same verbs for lower-cased text: without re.IGNORECASE the scan is about three times faster.
_SPEECH_VERB_LOWER = re.compile(SPEECH_VERB.pattern)


def speech_verbs(text: str) -> Iterator[re.Match[str]]:
    """SPEECH_VERB matches in text, found in its lower-cased copy when that keeps the offsets."""
    low = text.lower()
    return _SPEECH_VERB_LOWER.finditer(low) if len(low) == len(text) else SPEECH_VERB.finditer(text)


_NAME_TOKEN = r"(?:[A-Z][\w\u2019'.-]*[\w.]|[A-Z]\.?)"
NAME = re.compile(
    rf"{_NAME_TOKEN}(?:[ \u00a0]+(?:(?:de|da|van|von|bin|al|del|di|la|le|of)[ \u00a0]+)?{_NAME_TOKEN}){{0,5}}"
)
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_DESCRIPTION = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+((?:[\w.\u2019'-]+\s+){0,4}?(?:official|spokes(?:man|woman|person)|source|diplomat|aide"
    r"|officer|congress(?:man|woman)|lawmaker|analyst|expert|envoy|adviser|advisor|representative))\b"
)
# Stems of _DESCRIPTION's nouns: without one of them in a text, it cannot match.
_DESCRIPTION_NOUNS = (
    "offic",
    "spokes",
    "source",
    "diplomat",
    "aide",
    "congress",
    "lawmaker",
    "analyst",
    "expert",
    "envoy",
    "advis",
    "representative",
)
_POSSESSIVE_OFFICE = re.compile(r"[\u2019']s\s+(office|campaign|government|spokes(?:man|woman|person)|team|lawyer)\b")
# "spoke with Russian foreign minister Sergei Lavrov": a name after a preposition is not the subject
_OBJECT_BEFORE = re.compile(
    r"\b(?:with|to|from|for|about|against|between|on|at|by|him|her)\s+(?:[\w.\u2019'-]+\s+){0,3}$"
)
_TITLES = frozenset(
    """president vice secretary state minister prime foreign deputy first gov governor sen senator rep representative
    congressman congresswoman mr mrs ms dr gen general lt col colonel sgt capt captain adm admiral army retired special
    envoy ambassador chancellor king queen prince princess pope judge justice chief director chairman chairwoman chair
    speaker leader spokesman spokeswoman spokesperson mayor attorney officer commissioner premier sheikh crown defense
    defence interior finance treasury homeland security national adviser advisor press white house kremlin us u.s uk
    u.k un u.n eu former acting senior top republican democrat democratic gop of the""".split()
)
_NOT_PEOPLE = frozenset(
    """committee congress office department ministry party senate court university institute foundation program
    council commission agency administration union nations states kingdom republic times post news press reuters
    getty street avenue capitol pentagon monday tuesday wednesday thursday friday saturday sunday january february
    march april june july august september october november december the a an in on at but and if while when after
    before during as it this that there they we i you our his her their its what why how some many both ukraine
    russia europe washington moscow kyiv paris london texas nato""".split()
)


@dataclass
class SpeakerMemory:
    """What one article has told us so far: full names by surname, roles by title, the latest speaker."""

    by_surname: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    unnamed: dict[str, str] = field(default_factory=dict)  # head noun -> description
    last_speaker: str | None = None
    last_person: str | None = None


def learn_people(text: str, memory: SpeakerMemory) -> None:
    """Register every titled or two-word name so later surnames and roles resolve to it."""
    for m in NAME.finditer(text[:500_000]):
        tokens = _clean_tokens(m.group().split())
        name = strip_titles(tokens)
        if len(name) < 2 or any(t.lower().strip(".") in _NOT_PEOPLE for t in name):
            continue
        full = " ".join(name)
        memory.by_surname.setdefault(name[-1].lower(), full)
        title = " ".join(t.lower() for t in tokens[: len(tokens) - len(name)] if t.lower() not in ("us", "u.s."))
        if title:
            memory.by_title.setdefault(title, full)
            memory.by_title.setdefault(title.split()[-1], full)


def _clean_tokens(tokens: list[str]) -> list[str]:
    """Drop a sentence's full stop and cut at a possessive: "Zelensky’s Oval Office" is about Zelensky."""
    out = []
    for tok in tokens:
        if tok.endswith(("’s", "'s")):
            out.append(tok[:-2])
            break
        out.append(tok if _INITIALS.fullmatch(tok) else tok.rstrip("."))
    return out


def strip_titles(tokens: list[str]) -> list[str]:
    """The name at the end of "Secretary of State Marco Rubio" or "Texas Gov. Greg Abbott"."""
    i = len(tokens)
    while i > 0 and tokens[i - 1][:1].isupper() and tokens[i - 1].lower().strip(".,") not in _TITLES:
        i -= 1
    return tokens[i:]


def resolve(phrase: str, memory: SpeakerMemory) -> str | None:
    """A speaker phrase (name, pronoun, description) as the fullest name known for it."""
    phrase = phrase.strip(" ,.;:\u2014-")
    if not phrase:
        return None
    if _PRONOUN.fullmatch(phrase):
        return memory.last_speaker or memory.last_person
    office = _POSSESSIVE_OFFICE.search(phrase)
    if office:
        owner = resolve(phrase[: office.start()], memory)
        return f"{owner}\u2019s {office.group(1)}" if owner else None
    desc = _DESCRIPTION.fullmatch(phrase)
    if desc:
        return _resolve_description(phrase, desc.group(1), memory)
    tokens = _clean_tokens(phrase.split())
    name = strip_titles(tokens)
    if not name:
        role = " ".join(t.lower() for t in tokens if t.lower() not in ("us", "u.s."))
        return memory.by_title.get(role)
    if len(name) == 1 or (len(name) == 2 and name[0].lower().strip(".") in ("mr", "ms", "mrs", "dr")):
        return memory.by_surname.get(name[-1].lower(), name[-1])
    return " ".join(name)


def _resolve_description(phrase: str, body: str, memory: SpeakerMemory) -> str | None:
    head = body.split()[-1].lower()
    if phrase[:2].lower() == "a " or phrase[:3].lower() == "an ":
        described = f"unnamed {body}"
        memory.unnamed[head] = described
        return described
    return memory.unnamed.get(head) or memory.by_title.get(head) or memory.last_speaker


def is_person_phrase(phrase: str, memory: SpeakerMemory) -> bool:
    """Whether a candidate subject can be a speaker at all (not a place, an organisation or a date)."""
    if phrase.endswith(("\u2019s", "'s")):
        return False  # "Rubio's assertion": a possessive modifies, it does not speak
    if _PRONOUN.fullmatch(phrase) or _DESCRIPTION.fullmatch(phrase) or _POSSESSIVE_OFFICE.search(phrase):
        return True
    tokens = _clean_tokens(phrase.split())
    name = strip_titles(tokens)
    if not name:
        return " ".join(t.lower() for t in tokens if t.lower() not in ("us", "u.s.")) in memory.by_title
    if any(t.lower().strip(".") in _NOT_PEOPLE for t in name):
        return False
    return len(name) >= 2 or name[-1].lower() in memory.by_surname


def candidates(segment: str) -> list[tuple[int, int, str]]:
    """Phrases in ``segment`` that could name a speaker, in reading order."""
    found = []
    for m in NAME.finditer(segment):
        end = m.end()
        office = _POSSESSIVE_OFFICE.match(segment, end - 2 if segment[end - 2 : end] in ("\u2019s", "'s") else end)
        if office:
            end = office.end()
        found.append((m.start(), end, segment[m.start() : end]))
    found.extend((m.start(), m.end(), m.group()) for m in _PRONOUN.finditer(segment))
    if any(noun in segment for noun in _DESCRIPTION_NOUNS):  # most segments have none: skip the slow scan
        found.extend((m.start(), m.end(), m.group()) for m in _DESCRIPTION.finditer(segment))
    found.sort(key=lambda c: (c[0], -c[1]))
    return [c for i, c in enumerate(found) if i == 0 or c[0] >= found[i - 1][1]]


_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|later|then|previously|recently|again|earlier|had|has|have|who|\w+ly))+\s*$"
)


def subject_before(segment: str, memory: SpeakerMemory) -> str | None:
    """The speaker phrase nearest the end of ``segment`` (text up to a speech verb), skipping an apposition."""
    segment = _TRAILING_ADVERBS.sub("", segment)
    if segment.rstrip().endswith(","):
        cut = segment.rstrip()[:-1].rfind(",")
        if cut > 0 and len(segment) - cut < 160:
            found = _nearest_person(segment[:cut], memory)
            if found:
                return found
    return _nearest_person(segment, memory)


def _nearest_person(segment: str, memory: SpeakerMemory) -> str | None:
    window = segment[-200:]
    found = [c for c in candidates(window) if not _OBJECT_BEFORE.search(window[: c[0]])]
    people = [c[2] for c in found if is_person_phrase(c[2], memory)]
    if people and _PRONOUN.fullmatch(people[-1]):
        named = [p for p in people if not _PRONOUN.fullmatch(p)]
        return named[0] if named else people[-1]  # "Rubio said he spoke": he is Rubio
    return people[-1] if people else None


def first_person(segment: str, memory: SpeakerMemory) -> str | None:
    """The first person named in a clause with no speech verb: its likely source."""
    for start, _end, phrase in candidates(segment[:300]):
        if not _OBJECT_BEFORE.search(segment[:start]) and is_person_phrase(phrase, memory):
            return phrase
    return None
