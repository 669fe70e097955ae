"""The comparison page's view-model: what it shows, from the stored result, the texts and article metadata.

The stored result arrives as typed objects (``Loaded.result``); nothing here analyses text
again. Everything is plain data for the templates (and the CSV export); no markup is
produced, so autoescaping in the templates covers every string that came from an article.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from app.analysis import ComparisonResult, QuoteResult, Span
from app.services.comparisons import ArticleMeta, Loaded, Member

FILTERS = ("all", "omitted", "unique")


@dataclass
class Column:
    key: str  # the article id as the analysis knows it; also the ?outlet= value
    label: str  # outlet name, numbered when one outlet has several articles here
    meta: ArticleMeta
    url: str | None  # only http(s) links, anything else is dropped
    wire_shared: float = 0.0
    wire_partner: str | None = None


@dataclass
class ClaimRow:
    id: str
    text: str
    present: list[bool]
    count: int
    level: str
    order: int
    score: float | None
    shared_terms: list[str]


@dataclass
class Sentence:
    id: str
    text: str
    level: str
    claims: str  # space-separated claim ids, for data attributes


@dataclass
class TextColumn:
    column: Column
    paragraphs: list[list[Sentence]]
    removed: list[dict]  # {"kind", "text"}


@dataclass
class Wording:
    label: str
    text: str
    ops: list[tuple[str, str]]
    similarity: int  # of this wording to the passage of the fullest it renders, 0-100
    is_fullest: bool


@dataclass
class QuoteView:
    id: str
    speaker: str | None
    fullest: str
    wordings: list[Wording]
    omitted_by: list[str]


@dataclass
class DiscrepancyView:
    id: str
    about: str
    claim_text: str | None
    values: list[dict]  # {"label", "value", "text"}
    silent: list[str]


@dataclass
class Page:
    columns: list[Column]
    claims: list[ClaimRow]
    shown_claims: list[ClaimRow]
    counts: dict[str, int]
    texts: list[TextColumn]
    quotes: list[QuoteView]
    speakers: list[tuple[str, list[tuple[str, int, int]]]]
    discrepancies: list[DiscrepancyView]
    gone: list[dict]
    filter: dict = field(default_factory=dict)

    @property
    def summary_line(self) -> str:
        c = self.counts
        return (
            f"{len(self.columns)} outlets: {c['all']} claims in all, {c['some']} in some, {c['one']} in one only; "
            f"{len(self.quotes)} quotes, {len(self.discrepancies)} discrepancies."
        )


def safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) address, else None: never a javascript: or data: link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def columns_for(loaded: Loaded, result: ComparisonResult) -> list[Column]:
    """One column per article that the stored result covers, labelled by outlet."""
    metas = {str(a.id): a for a in loaded.articles}
    keys = [a.id for a in result.articles if a.id in metas]
    names = Counter(metas[k].outlet for k in keys)
    seen: Counter = Counter()
    columns = []
    for key in keys:
        meta = metas[key]
        seen[meta.outlet] += 1
        label = meta.outlet if names[meta.outlet] == 1 else f"{meta.outlet} ({seen[meta.outlet]})"
        columns.append(Column(key, label or f"Article {key}", meta, safe_url(meta.url)))
    wire = {w.article: w for w in result.wire_copy.articles} if result.wire_copy else {}
    by_key = {c.key: c for c in columns}
    for column in columns:
        if (entry := wire.get(column.key)) is not None:
            column.wire_shared = entry.shared
            partner = by_key.get(entry.partner or "")
            column.wire_partner = partner.label if partner else None
    return columns


def claim_rows(result: ComparisonResult, columns: list[Column]) -> list[ClaimRow]:
    index = {c.key: i for i, c in enumerate(columns)}
    rows = []
    for order, claim in enumerate(result.claims):
        present = [False] * len(columns)
        for occ in claim.occurrences:
            if occ.article in index:
                present[index[occ.article]] = True
        count = sum(present)
        if count == 0:
            continue
        level = "all" if count == len(columns) else "some" if count > 1 else "one"
        rows.append(ClaimRow(claim.id, claim.text, present, count, level, order, claim.score, claim.shared_terms))
    return rows


def filter_claims(rows: list[ClaimRow], columns: list[Column], kind: str | None, outlet: str | None, sort: str | None):
    """Rows matching ?filter=all|omitted|unique&outlet=KEY, sorted by ?sort=coverage|order."""
    keys = [c.key for c in columns]
    applied: dict = {}
    if kind == "all":
        rows = [r for r in rows if r.level == "all"]
        applied = {"filter": "all", "label": "claims in every outlet"}
    elif kind in ("omitted", "unique") and outlet in keys:
        i = keys.index(outlet)
        label = columns[i].label
        if kind == "omitted":
            rows = [r for r in rows if not r.present[i]]
            applied = {"filter": kind, "outlet": outlet, "label": f"claims {label} left out"}
        else:
            rows = [r for r in rows if r.present[i] and r.count == 1]
            applied = {"filter": kind, "outlet": outlet, "label": f"claims only {label} carries"}
    elif kind:
        applied = {"error": "That filter needs one of the outlets of this comparison; showing every claim."}
    if sort == "coverage":
        rows = sorted(rows, key=lambda r: (-r.count, r.order))
        applied["sort"] = "coverage"
    elif sort == "rarity":
        rows = sorted(rows, key=lambda r: (r.count, r.order))
        applied["sort"] = "rarity"
    return rows, applied


def text_columns(
    result: ComparisonResult, columns: list[Column], texts: dict[str, str], claims: list[ClaimRow]
) -> list[TextColumn]:
    level_of = {r.id: r.level for r in claims}
    by_article: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for claim in result.claims:
        for occ in claim.occurrences:
            by_article[occ.article].append((occ.start, occ.end, claim.id))
    entries = {a.id: a for a in result.articles}
    out = []
    for column in columns:
        text = texts.get(column.key, "")
        entry = entries[column.key]
        paragraphs = _paragraphs(column.key, text, entry.sentences, sorted(by_article[column.key]), level_of)
        removed = [
            {"kind": r.kind, "text": text[r.start : r.end].strip()}
            for r in entry.removed
            if text[r.start : r.end].strip()
        ]
        out.append(TextColumn(column, paragraphs, removed))
    return out


def _paragraphs(
    key: str, text: str, sentences: list[Span], spans: list[tuple[int, int, str]], level_of: dict[str, str]
) -> list[list[Sentence]]:
    starts = [s[0] for s in spans]
    longest = max((e - s for s, e, _ in spans), default=0)
    paragraphs: list[list[Sentence]] = []
    previous_end = None
    for n, sent in enumerate(sorted(sentences, key=lambda s: s.start)):
        body = text[sent.start : sent.end]
        if not body.strip():
            continue
        ids = []
        for s, e, cid in spans[bisect_left(starts, sent.start - longest) : bisect_left(starts, sent.end)]:
            if s < sent.end and e > sent.start and cid in level_of and cid not in ids:
                ids.append(cid)
        level = _best_level([level_of[c] for c in ids])
        if previous_end is None or "\n" in text[previous_end : sent.start]:
            paragraphs.append([])
        paragraphs[-1].append(Sentence(f"s-{key}-{n}", body, level, " ".join(ids)))
        previous_end = sent.end
    return paragraphs


def _best_level(levels: list[str]) -> str:
    for level in ("all", "some"):
        if level in levels:
            return level
    return "one"


def quote_views(result: ComparisonResult, columns: list[Column]) -> list[QuoteView]:
    labels = {c.key: c.label for c in columns}
    views = []
    for quote in result.quotes:
        occs = [o for o in quote.occurrences if o.article in labels]
        if occs:
            views.append(_quote_view(quote, occs, labels, columns))
    return views


def _quote_view(quote: QuoteResult, occs: list, labels: dict[str, str], columns: list[Column]) -> QuoteView:
    """Each outlet's wording with the stored diff from the fullest one (the analysis made both)."""
    fullest = quote.fullest
    wordings = [
        Wording(labels[o.article], o.text, o.diff or [("equal", o.text)], o.similarity, o is fullest) for o in occs
    ]
    quoted = {o.article for o in occs}
    omitted = [c.label for c in columns if c.key not in quoted]
    return QuoteView(quote.id, quote.speaker, fullest.text if fullest else "", wordings, omitted)


def speaker_table(quotes: list[QuoteView], columns: list[Column]) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Per outlet: who it quotes, how many quotes and how many quoted words."""
    tally: dict[str, dict[str, list[int]]] = {c.label: defaultdict(lambda: [0, 0]) for c in columns}
    for quote in quotes:
        for wording in quote.wordings:
            person = tally[wording.label][quote.speaker or "unattributed"]
            person[0] += 1
            person[1] += len(wording.text.split())
    return [
        (c.label, sorted(((p, n, w) for p, (n, w) in tally[c.label].items()), key=lambda t: (-t[2], t[0])))
        for c in columns
    ]


def discrepancy_views(result: ComparisonResult, columns: list[Column], claims: list[ClaimRow]) -> list[DiscrepancyView]:
    labels = {c.key: c.label for c in columns}
    claim_text = {r.id: r.text for r in claims}
    out = []
    for item in result.discrepancies:
        values = [
            {"label": labels[v.article], "value": v.value, "text": v.text} for v in item.values if v.article in labels
        ]
        if len(values) < 2:
            continue
        said = {v["label"] for v in values}
        silent = [c.label for c in columns if c.label not in said]
        out.append(DiscrepancyView(item.id, item.about, claim_text.get(item.claim or ""), values, silent))
    return out


def build_page(loaded: Loaded, texts: dict[str, str], kind=None, outlet=None, sort=None) -> Page:
    """Everything the page shows, in the order it shows it."""
    result = loaded.result
    columns = columns_for(loaded, result)
    claims = claim_rows(result, columns)
    shown, applied = filter_claims(claims, columns, kind, outlet, sort)
    quotes = quote_views(result, columns)
    counts = Counter(r.level for r in claims)
    return Page(
        columns=columns,
        claims=claims,
        shown_claims=shown,
        counts={"all": counts["all"], "some": counts["some"], "one": counts["one"]},
        texts=text_columns(result, columns, texts, claims),
        quotes=quotes,
        speakers=speaker_table(quotes, columns),
        discrepancies=discrepancy_views(result, columns, claims),
        gone=_gone(loaded),
        filter=applied,
    )


def _gone(loaded: Loaded) -> list[dict]:
    """What the page can still say about each deleted article: its outlet and title when they were known."""
    members = {m.id: m for m in loaded.result.members}
    known = [members.get(i, Member(id=i)) for i in loaded.missing]
    return [{"id": m.id, "outlet": m.outlet, "title": m.title} for m in known]


def csv_rows(page: Page) -> list[list[str]]:
    """The claims matrix as rows; cells that a spreadsheet would run as formulas are defused."""
    head = ["claim_id", "claim", "outlets"] + [c.label for c in page.columns]
    rows = [[r.id, r.text, str(r.count)] + ["yes" if p else "no" for p in r.present] for r in page.claims]
    return [[_cell(v) for v in row] for row in [head, *rows]]


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
