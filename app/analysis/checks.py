"""Which stages ran for which articles, said in words, so no reader takes "none found" for "none there".

A stage that needs a language's words (quote marks and speech verbs, number words and month
names, boilerplate labels) does not run on an article in a language without that data; the
stages that need no words (markup and agency datelines, sentences, claims, wire copy) run for
every language. A comparison that mixes languages says that matching across them is out of
scope: claims are matched by shared words, and values are compared only within one language.
"""

from __future__ import annotations

from app.analysis import boilerplate, quotes, values
from app.analysis.language import direction, language_name
from app.analysis.result import Checks, LanguageChecks
from app.analysis.types import Article

# Every stage, in the order compare() runs them; the ones with a language test may not run.
STAGES = ("boilerplate markup", "boilerplate labels", "sentences", "quotes", "claims", "discrepancies", "wire copy")
_NEEDS_WORDS = {
    "boilerplate labels": boilerplate.supported,
    "quotes": quotes.supports,
    "discrepancies": values.supported,
}


def not_checked(language: str) -> list[str]:
    """The stages that did not run for an article in ``language`` (no data for it), so a page
    can say "discrepancies are not checked for Polish" instead of "no discrepancies"."""
    return [stage for stage, supported in _NEEDS_WORDS.items() if not supported(language)]


def stage_checks(docs: list[Article]) -> Checks:
    """The languages of a comparison, the stages run for each, and the notices a reader needs."""
    by_language: dict[str, list[str]] = {}
    for d in docs:
        by_language.setdefault(d.language, []).append(d.id)
    languages = []
    for code, ids in by_language.items():
        missing = not_checked(code)
        languages.append(
            LanguageChecks(
                language=code,
                name=language_name(code),
                direction=direction(code),
                articles=ids,
                checked=[s for s in STAGES if s not in missing],
                not_checked=missing,
            )
        )
    mixed = len(languages) > 1
    names = {d.id: d.outlet or f"article {d.id}" for d in docs}
    notices = [_not_checked_notice(c, names) for c in languages if c.not_checked]
    if mixed:
        notices.append(_mixed_notice(languages, names))
    return Checks(languages=languages, mixed=mixed, notices=notices)


def _not_checked_notice(c: LanguageChecks, names: dict[str, str]) -> str:
    stages = _listed(c.not_checked)
    return (
        f"{stages[:1].upper()}{stages[1:]} are not checked for {c.name} ({_who(c, names)}): "
        "Parallax has no data for that language, so none found there does not mean none there."
    )


def _mixed_notice(languages: list[LanguageChecks], names: dict[str, str]) -> str:
    told = _listed([f"{c.name} ({_who(c, names)})" for c in languages])
    return (
        f"This comparison mixes {told}. Matching across languages is out of scope: claims are matched by shared "
        "words and values are compared only within one language, so an article may seem to leave out what it "
        "says in another language."
    )


def _who(c: LanguageChecks, names: dict[str, str]) -> str:
    return ", ".join(dict.fromkeys(names[i] for i in c.articles))


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
