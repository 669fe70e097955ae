"""The digest at the top of a comparison: what differs, in plain words, each item linked to its evidence.

Three parts, in the order a reader acts on them: where outlets disagree on a fact; per outlet,
what it alone reports and what it leaves out that most others carry; quotes one outlet words
differently (by its words, never by case or punctuation). Nothing here is a score.

Items are plain data with a `kind`, so other kinds (labels, corrections, a timeline) can join a
part or add their own without touching the template's loop.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from app.analysis import word_key
from app.web.comparison_view import ClaimRow, Column, DiscrepancyView, Page, QuoteView
from app.web.coverage import Blindspot

SHOWN_PER_LIST = 2
SHOWN_DISCREPANCIES = 6
SHOWN_QUOTES = 4
SHOWN_BLINDSPOTS = 3  # claims per side, and sides
QUOTE_WORDS = 12
# Changed words past this share of a wording: the diff lines up another passage, not a rewording.
MAX_CHANGED_SHARE = 0.6  # of a changed passage, before an ellipsis
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass
class DigestItem:
    kind: str  # discrepancy, only, left-out, quote: an open set
    text: str  # plain words
    href: str  # the evidence: a fragment on this page or a filtered view of it
    lead: str = ""  # shown first, in bold: what the item is about
    outlets: tuple[str, ...] = ()


@dataclass
class SideDigest:
    """The claims one side of a label set alone carries: 'By country, only United States (…), not …'."""

    lead: str
    items: list[DigestItem]
    total: int


@dataclass
class OutletDigest:
    column: Column
    only: list[DigestItem]
    only_total: int
    left_out: list[DigestItem]
    left_out_total: int


@dataclass
class Digest:
    discrepancies: list[DigestItem]
    discrepancies_total: int
    outlets: list[OutletDigest]
    quotes: list[DigestItem]
    quotes_total: int
    notes: list[str] = field(default_factory=list)  # what was not checked or is out of scope, said rather than implied
    all_checked: bool = True  # quotes and discrepancies ran for every article: "none" means none
    sides: list[SideDigest] = field(default_factory=list)  # claims one side of a label set alone carries
    sides_total: int = 0
    labelled: bool = False  # some outlet here has a label: the digest says how coverage splits

    @property
    def empty(self) -> bool:
        return not (self.discrepancies or self.quotes or self.sides or any(o.only or o.left_out for o in self.outlets))


def build_digest(page: Page) -> Digest:
    over_time = _over_time(page)
    discrepancies = [discrepancy_item(d, over_time.get(d.id)) for d in page.discrepancies]
    quotes = sorted((q for q in (quote_item(v) for v in page.quotes) if q), key=lambda pair: -pair[0])
    sides = side_digests(page.coverage.blindspots)
    return Digest(
        discrepancies=discrepancies[:SHOWN_DISCREPANCIES],
        discrepancies_total=len(discrepancies),
        outlets=[outlet_digest(page, i) for i in range(len(page.columns))],
        quotes=[item for _, item in quotes[:SHOWN_QUOTES]],
        quotes_total=len(quotes),
        notes=list(page.checks.notices) + corrections_notes(page),  # compare()'s words: stages not run, languages mixed
        all_checked=page.checked("quotes") and page.checked("discrepancies"),
        sides=sides[:SHOWN_BLINDSPOTS],
        sides_total=len(sides),
        labelled=not page.coverage.empty,
    )


def corrections_notes(page: Page) -> list[str]:
    """Said on the first screen, so a reader knows the page is the analysis as readers corrected it."""
    applied = [c for c in page.corrections if c.status == "applied"]
    if not applied:
        return []
    n = len(applied)
    return [
        f"{count_words(n).capitalize()} reader correction{'' if n == 1 else 's'} {'is' if n == 1 else 'are'} applied to this analysis (see Readers’ corrections)."
    ]


def _over_time(page: Page) -> dict[str, str]:
    """Discrepancy id -> how its values came out in time, when publication times order them."""
    if page.timeline is None or not page.timeline.informative:
        return {}
    return {d.id: text for entry in page.timeline.entries if entry.moment for d, text in entry.discrepancies}


def isolate(text: str) -> str:
    """``text`` set apart for the bidirectional algorithm (Unicode's first-strong isolate) when it holds
    right-to-left letters, so "الوكالة says 6,1" keeps its order in an English sentence, in the page
    and in every export alike; other text is returned as it is."""
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return f"\u2068{text}\u2069"
    return text


def count_words(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- where they disagree ------------------------------------------------------------------


def discrepancy_item(d: DiscrepancyView, over_time: str | None = None) -> DigestItem:
    """'Emerging Gulf says Thursday; Dawn, ABC News, TimesLIVE and The Washington Post say Friday.'

    With publication times that order the values, an update says how the figure moved in time."""
    sides: dict[str, tuple[str, list[str]]] = {}
    for v in d.values:
        key = " ".join(str(v["value"]).casefold().split())
        _, names = sides.setdefault(key, (str(v["value"]), []))
        if v["label"] not in names:
            names.append(v["label"])
    ordered = sorted(sides.values(), key=lambda side: (len(side[1]), side[1][0]))
    phrases = [
        f"{listed([isolate(n) for n in names])} {'says' if len(names) == 1 else 'say'} {isolate(value)}"
        for value, names in ordered
    ]
    text = "; ".join(phrases) + "."
    if d.kind == "update" and over_time:
        text += " " + over_time
    elif d.kind == "update":
        text += " The figures may be from different moments (a later update), not a contradiction."
    outlets = tuple(name for _, names in ordered for name in names)
    lead = isolate(d.about[:1].upper() + d.about[1:])
    return DigestItem("discrepancy", text, f"#disc-{d.id}", lead=lead, outlets=outlets)


# --- coverage by label --------------------------------------------------------------------


def side_digests(blindspots: list[Blindspot]) -> list[SideDigest]:
    """Blindspots grouped by side, the side with most claims first: 'By country, only United States
    (ABC News and The Washington Post), not Pakistan or South Africa:' and its claims."""
    groups: dict[tuple, list[Blindspot]] = {}
    for b in blindspots:
        groups.setdefault((b.set_name, b.value, tuple(b.left_out_by)), []).append(b)
    out = []
    for (set_name, value, left_out), items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        others = " or ".join([", ".join(left_out[:-1]), left_out[-1]]) if len(left_out) > 1 else left_out[0]
        carriers = list(dict.fromkeys(o for b in items for o in b.outlets))
        lead = f"By {set_name}, only {value} ({listed(carriers)}), not {others}:"
        shown = [DigestItem("blindspot", b.row.text, f"#claim-{b.row.id}", outlets=tuple(b.outlets)) for b in items]
        out.append(SideDigest(lead, shown[:SHOWN_BLINDSPOTS], len(items)))
    return out


# --- what each outlet alone carries or leaves out -----------------------------------------


def outlet_digest(page: Page, i: int) -> OutletDigest:
    column = page.columns[i]
    others = len(page.columns) - 1
    only = [r for r in page.claims if r.present[i] and r.count == 1]
    # "Most others": more than half of the other outlets; with two outlets that is just "only in the other".
    left_out = [r for r in page.claims if not r.present[i] and r.count > others / 2] if others >= 2 else []
    left_out.sort(key=lambda r: (-r.count, r.order))
    return OutletDigest(
        column,
        [DigestItem("only", r.text, _row_href(r)) for r in only[:SHOWN_PER_LIST]],
        len(only),
        [_left_out_item(r, others) for r in left_out[:SHOWN_PER_LIST]],
        len(left_out),
    )


def _left_out_item(row: ClaimRow, others: int) -> DigestItem:
    carried = "all" if row.count == others else count_words(row.count)
    return DigestItem("left-out", row.text, _row_href(row), lead=f"{carried} of the {count_words(others)} others:")


def _row_href(row: ClaimRow) -> str:
    return f"#claim-{row.id}"


# --- quotes worded differently ------------------------------------------------------------


def quote_item(quote: QuoteView) -> tuple[int, DigestItem] | None:
    """The wording that departs most, by changed words, from the fullest one; None when they agree."""
    fullest = next((w for w in quote.wordings if w.is_fullest), None)
    best: tuple[int, str, str, str] | None = None
    for wording in quote.wordings:
        if wording.is_fullest:
            continue
        ops = _inner(wording.ops)
        removed = " ".join(part for op, part in ops if op == "delete")
        added = " ".join(part for op, part in ops if op == "insert")
        if _letters(removed) == _letters(added):
            continue  # "no one" and "no-one": punctuation and spacing only
        changed = _words(removed) + _words(added)
        if not changed or changed > MAX_CHANGED_SHARE * max(_words(wording.text), _words(removed), 1):
            continue  # nothing but case and punctuation, or so much that it is another passage, not a rewording
        if best is None or changed > best[0]:
            best = (changed, wording.label, _clip(added), _clip(removed))
    if best is None or fullest is None:
        return None
    changed, label, added, removed = (best[0], *map(isolate, best[1:]))
    who = isolate(quote.speaker) if quote.speaker else "an unnamed speaker"
    full = isolate(fullest.label)
    if added and removed:
        text = f"{label} has “{added}” where {full} has “{removed}”."
    elif added:
        text = f"{label} adds “{added}”, not in {full}’s wording."
    else:
        text = f"{label} leaves out “{removed}”, which {full} quotes."
    return changed, DigestItem("quote", text, f"#quote-{quote.id}", lead=f"Quoting {who}:", outlets=(best[1],))


def _inner(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ops without words dropped at either end: quoting less of a statement is not rewording it."""
    start, end = 0, len(ops)
    while start < end and ops[start][0] in ("delete", "omitted"):
        start += 1
    while end > start and ops[end - 1][0] in ("delete", "omitted"):
        end -= 1
    return ops[start:end]


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _words(text: str) -> int:
    return sum(1 for w in text.split() if word_key(w))


def _clip(text: str) -> str:
    words = text.split()
    return " ".join(words[:QUOTE_WORDS]) + (" …" if len(words) > QUOTE_WORDS else "")
