"""Who said a quotation: speaker phrases, titles stripped, surnames, pronouns and roles resolved.

News attribution is formulaic ("X said", "said X", "X told reporters", "according to X", a
colon before the quote, a quote paragraph after the paragraph naming the speaker), so a few
linear patterns plus a per-article memory of people and the latest speaker go a long way. The
words (speech verbs, titles, pronouns, the nouns of a description) come from each language's
data module (app/analysis/lang/<code>/quotes.py); this module holds the rules that use them.

A speaker is a name when the article names one ("Ana Costa", a surname resolved to the full
name met earlier); a phrase like "the minister" or "a police spokesman" stays a description
("the minister", "unnamed police spokesman"): turning a role into a name is a guess a reader
cannot check. A place, an organisation's location, a date or a publication is never a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import ModuleType
from typing import TypeAlias

from app.analysis.lang import stage_data

_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_TOKEN = rf"(?:[{_UPPER}][\w\u2019'.-]*[\w.]|[{_UPPER}]\.?)"
_INITIALS = re.compile(rf"(?:[{_UPPER}]\.)+")
_POSSESSIVE = ("\u2019s", "'s")


@dataclass(frozen=True, eq=False)
class Lexicon:
    """One language's attribution words, compiled once (one object per language, hashed by identity)."""

    verb: re.Pattern[str]  # a speech verb or an according-to form, matched in lower-cased text
    according: re.Pattern[str]
    pronoun: re.Pattern[str]
    name: re.Pattern[str]
    description: re.Pattern[str] | None
    description_nouns: frozenset[str]
    roles: frozenset[str]  # nouns of people's roles ("columnist"): a title when they stand before a name
    noun_word: re.Pattern[str]  # any description noun as a whole word, in lower-cased text
    object_before: re.Pattern[str]
    titles: frozenset[str]
    not_people: frozenset[str]
    honorifics: frozenset[str]
    offices: frozenset[str]
    office: re.Pattern[str]
    caseless: bool  # a script without capitals (Arabic): a speaker is the words after the verb
    stop_words: frozenset[str]  # caseless scripts: words that end a speaker phrase
    indefinite: frozenset[str]  # "a", "an", "one": a description of someone not named
    determiners: frozenset[str]
    breaks: frozenset[str]  # words that end a description ("that", "who")
    place_words: frozenset[str]  # "of" in "Sen. Ana Lima of Ohio": a place follows the name
    after_speaker: frozenset[str]  # words that may follow an inverted speaker: prepositions, relative pronouns
    particles: frozenset[str]  # "de", "van": lower-case words inside a name
    lone_past: re.Pattern[str]  # “…,” Hollande retaliated.: one past-tense verb of any kind closing the sentence
    headline_verbs: frozenset[str]  # "Says", "Tells": verbs a title-case headline puts between names
    subordinate: frozenset[str]  # "vice", "former": a title with one of these names another office than its noun
    # function words capitalised at a sentence's start ("As", "From", "The"), never a name's first word
    leading: frozenset[str]
    title_suffixes: tuple[str, ...]  # compound titles ("Bahnsprecher"): a word ending in one is a title
    unnamed: str  # how an indefinite description is reported ("unnamed {}" in English; "" keeps its words)
    possessives: frozenset[str]  # "his", "her": "his statement" is its owner speaking
    media: frozenset[str]
    core_verb: re.Pattern[str]  # the commonest verbs of saying, for telling short quotes from emphasis
    same_title: dict[str, tuple[str, ...]]  # title word -> the words naming the same office


# A character trie of words: each key is the next character, "" marks a word's end.
_Trie: TypeAlias = dict[str, "_Trie"]


def _alternation(words: Iterable[str]) -> str:
    """``words`` as one regex alternation, written as a trie ("say|says|said" as "sa(?:id|ys?)").

    It matches what the plain alternation matches, the longest word first (words matching at one
    place are prefixes of each other, and the trie tries the longer one first), but the engine no
    longer tries every word at every position: hundreds of speech verbs cost little more than one."""
    trie: _Trie = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: _Trie) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else body + "?"


def _words_pattern(words: Collection[str]) -> re.Pattern[str]:
    """Any of ``words`` as whole words (lower case); a list with none matches nothing."""
    return re.compile(rf"\b(?:{_alternation(w.lower() for w in words)})\b" if words else r"(?!)")


@cache
def lexicon(language: str | None) -> Lexicon | None:
    """The compiled attribution words of ``language``, or None when it has no quote data."""
    data = stage_data(language, "quotes")
    return None if data is None else _compile(data)


def _compile(d: ModuleType) -> Lexicon:
    verbs = [v.lower() for v in d.SPEECH_VERBS]
    according = [a.lower() for a in d.ACCORDING_TO]
    nouns = frozenset(n.lower() for n in d.DESCRIPTION_NOUNS)
    determiners = list(d.DEFINITE) + list(d.INDEFINITE)
    particles = _alternation(d.NAME_PARTICLES)
    description = None
    breaks = _alternation(getattr(d, "DESCRIPTION_BREAKS", ())) or "(?!)"
    compound = r"[\w-]*" if getattr(d, "TITLE_SUFFIXES", ()) else ""  # "ein Bahnsprecher"
    if nouns and determiners:
        description = re.compile(
            rf"(?i)\b(?:{_alternation(determiners)})\s+((?:(?!(?:{breaks})\s)[\w.\u2019'&-]+\s+){{0,5}}"
            rf"{compound}(?:{_alternation(nouns)})s?)\b"  # "the protesters", "les manifestants"
        )
    offices = frozenset(o.lower() for o in d.OFFICES)
    return Lexicon(
        verb=_words_pattern(verbs + according + list(getattr(d, "NAMING_VERBS", ()))),
        according=_words_pattern(according),
        pronoun=re.compile(rf"(?i)\b(?:{_alternation(d.PRONOUNS)})\b"),
        name=re.compile(
            rf"(?<![\w'\u2019]){_TOKEN}(?:[ \u00a0]+(?:(?:{particles})[ \u00a0]+)?{_TOKEN}){{0,7}}"
        ),  # "South Carolina Democratic Party Chairman Jaime Harrison"
        description=description,
        description_nouns=nouns,
        roles=frozenset(n.lower() for n in getattr(d, "ROLE_NOUNS", ())),
        noun_word=re.compile(rf"(?<![\w\u2019'-])(?:{_alternation(nouns)})s?(?![\w\u2019'-])" if nouns else r"(?!)"),
        object_before=re.compile(
            rf"(?i)\b(?:{_alternation(d.OBJECT_WORDS)})\s+(?:[\w.\u2019'-]+\s+){{0,3}}$" if d.OBJECT_WORDS else "$^"
        ),
        titles=frozenset(t.lower() for t in d.TITLES),
        not_people=frozenset(w.lower() for w in d.NOT_PEOPLE),
        honorifics=frozenset(h.lower() for h in d.HONORIFICS),
        offices=offices,
        office=re.compile(rf"(?i)[\u2019']s\s+({_alternation(offices)})\b"),
        caseless=bool(getattr(d, "CASELESS", False)),
        stop_words=frozenset(getattr(d, "STOP_WORDS", ())),
        indefinite=frozenset(w.lower() for w in d.INDEFINITE),
        determiners=frozenset(w.lower() for w in determiners),
        breaks=frozenset(getattr(d, "DESCRIPTION_BREAKS", ())),
        place_words=frozenset(getattr(d, "PLACE_WORDS", ())),
        particles=frozenset(d.NAME_PARTICLES),
        subordinate=frozenset(getattr(d, "SUBORDINATE_TITLES", ())),
        headline_verbs=frozenset(getattr(d, "HEADLINE_VERBS", ())),
        lone_past=re.compile(getattr(d, "LONE_PAST_VERB", r"(?!)")),
        leading=frozenset(
            w.lower() for w in (*d.OBJECT_WORDS, *determiners, *getattr(d, "LEADING_WORDS", ()))
        ).difference(p.lower() for p in d.NAME_PARTICLES),
        title_suffixes=tuple(getattr(d, "TITLE_SUFFIXES", ())),
        unnamed=getattr(d, "UNNAMED", ""),
        after_speaker=frozenset(w.lower() for w in (*d.OBJECT_WORDS, *getattr(d, "RELATIVES", ()))),
        possessives=frozenset(w.lower() for w in getattr(d, "POSSESSIVES", ())),
        media=frozenset(w.lower() for w in getattr(d, "MEDIA_NOUNS", ())),
        core_verb=_words_pattern(list(getattr(d, "CORE_VERBS", d.SPEECH_VERBS)) + according),
        same_title={w: group for group in getattr(d, "SAME_TITLES", ()) for w in group},
    )


def clear_caches() -> None:
    """Forget the cached phrase readings: the caches serve one comparison (wire copy repeats names
    and sentences across its articles), and nothing read is kept from one comparison to the next."""
    candidates.cache_clear()
    name_tokens.cache_clear()


def speech_verbs(text: str, lex: Lexicon) -> Iterator[re.Match[str]]:
    """Speech verbs in text, found in its lower-cased copy (same offsets where lower() keeps lengths).

    A capitalised form inside a sentence is a noun or a name ("Secretary of State"), not a verb."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for m in lex.verb.finditer(low):
        if text[m.start()].isupper() and text[: m.start()].rstrip()[-1:].isalnum():
            continue
        if text[m.start() - 1 : m.start()] == "-" or text[m.end() : m.end() + 1] == "-":
            continue  # "four-term", "post-debate": part of another word
        yield m


def has_speech_verb(text: str, lex: Lexicon) -> bool:
    return next(speech_verbs(text, lex), None) is not None


@dataclass
class SpeakerMemory:
    """What one article has told us so far: full names by surname, descriptions by noun, the latest speaker."""

    by_surname: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)  # title word -> full name
    unnamed: dict[str, str] = field(default_factory=dict)  # head noun -> description
    last_speaker: str | None = None
    last_person: str | None = None
    last_individual: str | None = None  # the latest of either that "he" or "she" can stand for

    def note(self, who: str | None, lex: Lexicon, speaker: bool = True) -> None:
        """Record the latest speaker (or, with speaker=False, the latest person named)."""
        if speaker:
            self.last_speaker = who
        else:
            self.last_person = who
        if who and _individual(who, lex):
            self.last_individual = who

    def antecedent(self, lex: Lexicon) -> str | None:
        """Who "he" or "she" is: the latest speaker, else the latest person named, skipping groups and
        documents ("a few of his colleagues urged …; “…,” he said" is not the colleagues)."""
        for who in (self.last_speaker, self.last_person):
            if who and _individual(who, lex):
                return who
        return self.last_individual or self.last_speaker or self.last_person


def _individual(who: str, lex: Lexicon) -> bool:
    """A name, or a description whose head is a singular role noun ("the engineer", not "the protesters")."""
    if not who[:1].islower():
        return True
    head = who.split()[-1].lower()
    return head in lex.roles if lex.roles else True


def learn_people(text: str, memory: SpeakerMemory, lex: Lexicon) -> None:
    """Register every titled or two-word name so later surnames resolve to it."""
    if lex.caseless:
        return
    for m in lex.name.finditer(text[:500_000]):
        tokens, name = name_tokens(m.group(), lex)
        if len(name) < 2 or any(_not_person(t, lex) for t in name):
            continue
        if any(_title_case_word(t, lex) for t in m.group().split()[1:]):
            continue  # a headline in title case ("Private Meeting Between Clinton …") introduces nobody
        full = " ".join(name)
        memory.by_surname.setdefault(_key(name[-1]), full)
        titles = [_key(t) for t in tokens[: len(tokens) - len(name)] if _is_role(t, lex)]
        titles = _roles_before(text[max(0, m.start() - 40) : m.start()], lex) + titles  # "former adviser Ana Lima"
        if lex.subordinate.issuperset(titles):
            titles = []  # "Former Bill Clinton pollster": "former" alone is no title
        if titles:
            memory.by_title.setdefault(" ".join(titles), full)  # "vice president" before "president"
            if not lex.subordinate.intersection(titles):  # a vice or former president is not "the president"
                for word in lex.same_title.get(titles[-1], (titles[-1],)):
                    memory.by_title.setdefault(word, full)


def _roles_before(prefix: str, lex: Lexicon) -> list[str]:
    """The lower-case role words right before a name ("former President X", "columnist Ai Jun"): the
    article gives that person the role, so "the columnist" later is Ai Jun."""
    run: list[str] = []
    for word in reversed(prefix.split()[-3:]):
        if not word.islower() or not (_is_role(word, lex) or word in lex.subordinate):
            break
        run.insert(0, word)
    return run


def _is_role(token: str, lex: Lexicon) -> bool:
    return _key(token) in lex.titles or _key(token) in lex.roles


def _key(token: str) -> str:
    return token.lower().strip(".,")


def _not_person(token: str, lex: Lexicon) -> bool:
    if _INITIALS.fullmatch(token):
        return False  # "James A. Baker": an initial, not the article "a"
    return _key(token) in lex.not_people or (token.isupper() and token.isalpha() and len(token) > 3)


def names_something(phrase: str, lex: Lexicon) -> bool:
    """A capitalised proper name that is no person ("the Daily Ledger", "Fox News"), as opposed to a
    function word opening a sentence ("That"), a possessive or a bare title."""
    if phrase.endswith(_POSSESSIVE) or not phrase[:1].isupper():
        return False
    tokens = name_tokens(phrase, lex)[0]
    return bool(tokens) and not any(_key(t) in lex.leading or _title_case_word(t, lex) for t in tokens)


def _clean_tokens(tokens: list[str]) -> list[str]:
    """Drop a sentence's full stop and cut at a possessive: "Zelensky’s Oval Office" is about Zelensky."""
    out = []
    for tok in tokens:
        if tok.endswith(_POSSESSIVE):
            out.append(tok[:-2])
            break
        out.append(tok if _INITIALS.fullmatch(tok) else tok.rstrip("."))
    return out


@lru_cache(maxsize=8192)
def name_tokens(phrase: str, lex: Lexicon) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(tokens, name) of a capitalised phrase: "The Post’s Ana Lima" is Ana Lima, "Zelensky’s Oval Office"
    is Zelensky, and "Sen. Ana Lima of Ohio" is Ana Lima (an "of" after a name starts a place).

    Cached: an article names the same few people over and over."""
    raw = phrase.split()
    cut = next((i for i, t in enumerate(raw) if t.endswith(_POSSESSIVE)), None)
    if cut is not None and len(strip_titles(_clean_tokens(raw[cut + 1 :]), lex)) >= 2:
        raw = raw[cut + 1 :]
    for i in range(len(raw) - 2, -1, -1):  # "Bahnsprecher. Laut Weselsky": a full stop ended a sentence
        tok = raw[i]
        if ends_sentence(tok):  # not "Gov." or "J.D."
            raw = raw[i + 1 :]
            break
    while len(raw) > 1 and (lex.verb.fullmatch(raw[0].lower()) or raw[0].lower() in lex.leading):
        raw = raw[
            1:
        ]  # "Laut Weselsky", "As Michael Dell": a sentence-initial word of another kind is no part of a name
    tokens = _clean_tokens(raw)
    for i, t in enumerate(tokens[1:], 1):
        if _title_case_word(t, lex):  # "Francois Hollande Says Donald Trump …": a headline's words, not a name
            tokens = tokens[:i]
            break
    for i, t in enumerate(tokens[1:], 1):
        if t in lex.place_words and tokens[i - 1][:1].isupper() and _key(tokens[i - 1]) not in lex.titles:
            tokens = tokens[:i]
            break
    name = strip_titles(tokens, lex)
    inst = [i for i, t in enumerate(name[:-2]) if _key(t) in lex.not_people]
    if inst:  # "Maricopa County Recorder Helen Purcell": an institution's name ends before its officer's
        name = strip_titles(name[inst[-1] + 1 :], lex)
    return tuple(tokens), tuple(name)


def _title_case_word(token: str, lex: Lexicon) -> bool:
    """A capitalised verb or function word inside a capitalised run ("Says", "Between"): headline case."""
    low = token.lower()
    return token[:1].isupper() and (low in lex.leading or low in lex.headline_verbs)


def strip_titles(tokens: list[str], lex: Lexicon) -> list[str]:
    """The name at the end of "Secretary of State Marco Rubio" or "Texas Gov. Greg Abbott"."""
    i = len(tokens)
    while i > 0 and not (_is_title(tokens[i - 1], lex) or (i < len(tokens) and _key(tokens[i - 1]) in lex.roles)):
        if not tokens[i - 1][:1].isupper() and not (i >= 2 and tokens[i - 1] in lex.particles):
            break  # a lower-case word ends the name, unless it is a particle inside it ("Jan de Vries")
        i -= 1
    name = tokens[i:]
    while name and _key(name[0]) in lex.honorifics:
        name = name[1:]
    return name


def _is_title(token: str, lex: Lexicon) -> bool:
    key = _key(token)
    return key in lex.titles or (bool(lex.title_suffixes) and key.endswith(lex.title_suffixes))


def resolve(phrase: str, memory: SpeakerMemory, lex: Lexicon) -> str | None:
    """A speaker phrase (name, pronoun, description) as the fullest form known for it."""
    phrase = phrase.strip(" ,.;:\u2014-\u060c")
    if not phrase:
        return None
    if lex.pronoun.fullmatch(phrase):
        return memory.antecedent(lex)
    if lex.caseless:
        return phrase
    office = lex.office.search(phrase)
    if office:
        owner = resolve(phrase[: office.start()], memory, lex)
        return f"{owner}\u2019s {office.group(1).lower()}" if owner and " " not in owner[:1] else None
    desc = lex.description.fullmatch(phrase) if lex.description else None
    if desc:
        return _resolve_description(phrase, desc.group(1), memory, lex)
    ws = phrase.split()
    if len(ws) >= 2 and ws[-1].islower() and ws[0].lower() in lex.determiners:
        return _resolve_description(phrase, " ".join(ws[1:]), memory, lex)  # "the engineer"
    if ws[-1].islower():
        return phrase  # "federal prosecutors", "Wih Pesam residents": a description as written
    if len(ws) == 1 and not lex.title_suffixes and _plural_role(ws[0].lower(), lex):
        return ws[0].lower()  # "Pollsters said", opening a sentence: a description, not a surname
    tokens, name = name_tokens(phrase, lex)
    if not name:
        return _by_title(list(tokens), memory, lex)  # a headline's "US vice president"
    if len(name) == 1:
        return memory.by_surname.get(_key(name[0]), name[0])
    return " ".join(name)


def _plural_role(word: str, lex: Lexicon) -> bool:
    return word.endswith("s") and word[:-1] in lex.roles


def _resolve_description(phrase: str, body: str, memory: SpeakerMemory, lex: Lexicon) -> str | None:
    """'a senior official' is an unnamed official; 'the minister' is the minister named before, said so.

    A definite role resolves to a name only through a title the article gave that person ("the
    congressman" after "Rep. Blake Farenthold"), and keeps its own words beside it so a reader
    sees what the article said; without such a title it stays a description."""
    tokens = body.split()
    head = tokens[-1].lower()
    first = phrase.split()[0].lower()
    owner = [t for t in tokens[:-1] if t[:1].isupper() and _key(t) not in lex.not_people]
    if head in lex.offices and owner and not any(_key(t) in lex.titles for t in owner):
        who = resolve(" ".join(owner), memory, lex)
        if who:
            return f"{who}\u2019s {head}"  # "the Clinton campaign" speaks for Clinton
    if first in lex.possessives and head in lex.media:
        return memory.antecedent(lex)  # "his statement said"
    if first in lex.indefinite:
        described = lex.unnamed.format(body) if lex.unnamed else phrase[0].lower() + phrase[1:]
        memory.unnamed[head] = described
        return described
    if head in memory.unnamed:
        return memory.unnamed[head]
    described = phrase[0].lower() + phrase[1:]
    who = _by_title(tokens, memory, lex)
    return f"{who} ({described})" if who else described


def _by_title(tokens: list[str], memory: SpeakerMemory, lex: Lexicon) -> str | None:
    """The person the article introduced with these titles: the whole title first ("vice president"), then its noun."""
    titles = [_key(t) for t in tokens if _key(t) in lex.titles or _key(t) in lex.subordinate]
    if lex.subordinate.issuperset(titles):  # none, or "former" alone, which names no office
        role = _key(tokens[-1]) if tokens else ""  # "the columnist", introduced as "columnist Ai Jun"
        return memory.by_title.get(role) if role in lex.roles else None
    whole = memory.by_title.get(" ".join(titles))
    if whole or lex.subordinate.intersection(titles):
        return whole  # "the former president" is not whoever the article calls the president
    return memory.by_title.get(titles[-1])


def is_person_phrase(phrase: str, memory: SpeakerMemory, lex: Lexicon, adjacent: bool = False) -> bool:
    """Whether a candidate subject can be a speaker at all (not a place, an organisation or a date).

    A lone capitalised word counts when it is a surname the article gave in full, or when it stands
    right beside the speech verb ("said Hollande", "Maddow said"), where news puts only a speaker."""
    if lex.caseless:
        return bool(phrase.strip())
    if phrase.endswith(_POSSESSIVE):
        return False  # "Rubio's assertion": a possessive modifies, it does not speak
    if lex.pronoun.fullmatch(phrase) or lex.office.search(phrase):
        return True
    if lex.description and lex.description.fullmatch(phrase):
        return True
    name = name_tokens(phrase, lex)[1]
    if not name or any(_not_person(t, lex) for t in name):
        return False
    return len(name) >= 2 or _key(name[-1]) in memory.by_surname or adjacent


@lru_cache(maxsize=4096)
def candidates(segment: str, lex: Lexicon) -> tuple[tuple[int, int, str], ...]:
    """Phrases in ``segment`` that could name a speaker, in reading order (cached: the text around
    consecutive quotes is read again for each of them)."""
    if lex.caseless:
        return tuple(_caseless_candidates(segment, lex))
    found: list[tuple[int, int, str]] = []
    for start, end in _name_runs(segment, lex):
        office = lex.office.match(segment, end - 2 if segment[end - 2 : end] in _POSSESSIVE else end)
        if office:
            end = office.end()
        found.append((start, end, segment[start:end]))
    found.extend((m.start(), m.end(), m.group()) for m in lex.pronoun.finditer(segment))
    if lex.description and _may_describe(segment, lex):
        found.extend(_descriptions(segment, lex))
    found.sort(key=lambda c: (c[0], -c[1]))
    return tuple(c for i, c in enumerate(found) if i == 0 or c[0] >= found[i - 1][1])


_WORD = re.compile(r"[\w\u2019'-]+")
_SENTENCE_END = re.compile(r"(\S+)\.[ \u00a0]+(?=\S)")


def _name_runs(segment: str, lex: Lexicon) -> Iterator[tuple[int, int]]:
    """(start, end) of capitalised runs, split where a full stop ends a sentence ("Jon Kohan. Ayotte
    called"): a stop after anything but initials, a title or an honorific ("Sen. Ana Lima", "J. Doe")."""
    for m in lex.name.finditer(segment):
        start = m.start()
        for stop in _SENTENCE_END.finditer(m.group()):
            word = stop.group(1)
            if (
                _INITIALS.fullmatch(word + ".")
                or len(word) == 1
                or _is_title(word, lex)
                or _key(word) in lex.honorifics
            ):
                continue
            yield start, m.start() + stop.start() + len(word)
            start = m.start() + stop.end()
        yield start, m.end()


def _may_describe(segment: str, lex: Lexicon) -> bool:
    """Most segments hold none of the description nouns: skip the slow scan."""
    if lex.title_suffixes:
        return True  # compounds ("Polizeisprecher") hide the noun inside a word
    return lex.noun_word.search(segment.lower()) is not None


def ends_sentence(word: str) -> bool:
    """A word with a full stop that ends a sentence: not an initial ("J.D.") or a short title ("Gov.")."""
    return word.endswith(".") and len(word) > 5 and not _INITIALS.fullmatch(word)


def _sentence_end(segment: str, start: int, end: int) -> int:
    """Where the first sentence inside segment[start:end] ends (after its full stop), else ``end``."""
    for tok in re.finditer(r"\S+", segment[start:end]):
        if ends_sentence(tok.group()) and start + tok.end() < end:
            return start + tok.end()
    return end


def _descriptions(segment: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """The longest "the … noun" phrases that hold no speech verb ("a spokesman said the president" is two)."""
    out: list[tuple[int, int, str]] = []
    if lex.description is None:
        return out
    for m in lex.description.finditer(segment):
        end = _sentence_end(segment, m.start(), m.end())
        if end < m.end():  # "el sindicalista Juan Pérez. La empresa": the description ends with its sentence
            shorter = lex.description.match(segment, m.start(), end)
            if not shorter:
                continue
            end = shorter.end()
        while True:
            phrase = segment[m.start() : end]
            verb = next((v for v in speech_verbs(phrase, lex) if v.end() < len(phrase)), None)  # "the email" is a noun
            if verb is None:
                if not _proper_head(phrase, segment[end : end + 3], lex):
                    out.append((m.start(), end, phrase))
                break
            shorter = lex.description.match(segment, m.start(), m.start() + verb.start())
            if not shorter:
                break
            end = shorter.end()
    return out


def _proper_head(phrase: str, after: str, lex: Lexicon) -> bool:
    """ "the Daily Caller", "the Washington Post": a capitalised noun that is an institution's word or goes
    on into more capitalised words belongs to a proper name, not a description ("a Texas Democrat" is one)."""
    head = phrase.split()[-1]
    if lex.caseless or not head[:1].isupper() or lex.title_suffixes:
        return False
    return _key(head) in lex.not_people or bool(re.match(r"\s+[A-Z]", after))


def _caseless_candidates(segment: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Without capitals a speaker is the run of words that starts the segment, up to a stop word."""
    words = list(_WORD.finditer(segment[:120]))
    if not words or segment[: words[0].start()].strip():
        return []
    taken: list[re.Match[str]] = []
    for w in words[:5]:
        if w.group() in lex.stop_words or (taken and segment[taken[-1].end() : w.start()].strip()):
            break
        taken.append(w)
    if not taken:
        return []
    return [(taken[0].start(), taken[-1].end(), segment[taken[0].start() : taken[-1].end()])]


_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|later|then|previously|recently|again|earlier|had|has|have|who|would|will|once|\w+ly))+\s*$"
)


def subject_before(segment: str, memory: SpeakerMemory, lex: Lexicon, strict: bool = False) -> str | None:
    """The speaker phrase nearest the end of ``segment`` (text up to a speech verb), skipping an apposition."""
    if lex.caseless:
        return None
    segment = segment[:-300] + _TRAILING_ADVERBS.sub("", segment[-300:])  # bounded: whitespace runs backtrack
    stripped = segment.rstrip()
    if stripped.endswith((",", ")")):
        cut = _apposition_start(stripped)
        if cut > 0 and len(segment) - cut < 200:
            found = _nearest_person(segment[:cut], memory, lex, strict)
            named = _full_name(stripped[cut + 1 : -1], memory, lex)
            if named and not (found and len(name_tokens(found, lex)[1]) >= 2):
                return named  # "El ministro de Defensa, Carlos Mendoza, afirmó": the aside is the name
            if found:
                return found
    return _nearest_person(segment, memory, lex, strict)


def _full_name(aside: str, memory: SpeakerMemory, lex: Lexicon) -> str | None:
    """The aside when it is nothing but a person's full name."""
    cands = candidates(aside, lex)
    if len(cands) != 1 or aside[: cands[0][0]].strip() or aside[cands[0][1] :].strip():
        return None
    phrase = cands[0][2]
    return phrase if len(name_tokens(phrase, lex)[1]) >= 2 and is_person_phrase(phrase, memory, lex) else None


def _apposition_start(segment: str) -> int:
    """Where "X, the minister," or "X (R-Texas)" begins its aside."""
    if segment.endswith(")"):
        return segment.rfind("(")
    return segment[:-1].rfind(",")


def _nearest_person(segment: str, memory: SpeakerMemory, lex: Lexicon, strict: bool) -> str | None:
    window = segment[-200:]
    found = [
        c
        for c in candidates(window, lex)
        if not lex.object_before.search(window[: c[0]]) and not _modifies_noun(window[c[1] :], lex)
    ]
    people = [
        c[2] for c in found if is_person_phrase(c[2], memory, lex, not strict and not window[c[1] :].strip(" ,\u00a0"))
    ]
    if people and lex.pronoun.fullmatch(people[-1]):
        named = [p for p in people if not lex.pronoun.fullmatch(p)]
        return named[0] if named else people[-1]  # "Rubio said he spoke": he is Rubio
    return people[-1] if people else None


def _modifies_noun(tail: str, lex: Lexicon) -> bool:
    """ "Wih Pesam residents said": a name right before a common noun is a place or a group, not the subject."""
    m = re.match(r"\s+([a-z][\w-]*)", tail)
    if not m:
        return False
    word = m.group(1)
    return word in lex.description_nouns or (word.endswith("s") and word[:-1] in lex.description_nouns)


def first_person(segment: str, memory: SpeakerMemory, lex: Lexicon) -> str | None:
    """The first person named in a clause with no speech verb: its likely source."""
    for start, _end, phrase in candidates(segment[:300], lex):
        if not lex.object_before.search(segment[:start]) and is_person_phrase(phrase, memory, lex):
            return phrase
    return None
