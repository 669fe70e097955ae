"""What a comparison page shows, built from the stored result, the texts and article metadata.

Everything here is plain data for the templates (and the CSV/JSON exports); no markup is
produced, so autoescaping in the templates covers every string that came from an article.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from app.analysis.worddiff import quote_diff
from app.services.comparisons import ArticleMeta, Loaded

FILTERS = ("all", "omitted", "unique")
LEVEL_TEXT = {"all": "in every outlet", "some": "in some outlets", "one": "only in this outlet"}


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
    similarity: int
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


def columns_for(loaded: Loaded, result: dict) -> list[Column]:
    """One column per article that the stored result covers, labelled by outlet."""
    metas = {str(a.id): a for a in loaded.articles}
    keys = [str(a.get("id")) for a in result.get("articles", []) if str(a.get("id")) in metas]
    names = Counter(metas[k].outlet for k in keys)
    seen: Counter = Counter()
    columns = []
    for key in keys:
        meta = metas[key]
        seen[meta.outlet] += 1
        label = meta.outlet if names[meta.outlet] == 1 else f"{meta.outlet} ({seen[meta.outlet]})"
        columns.append(Column(key, label or f"Article {key}", meta, safe_url(meta.url)))
    wire = {w.get("article"): w for w in (result.get("wire_copy") or {}).get("articles", [])}
    by_key = {c.key: c for c in columns}
    for column in columns:
        entry = wire.get(column.key) or {}
        column.wire_shared = float(entry.get("shared") or 0.0)
        partner = by_key.get(entry.get("partner"))
        column.wire_partner = partner.label if partner else None
    return columns


def claim_rows(result: dict, columns: list[Column]) -> list[ClaimRow]:
    index = {c.key: i for i, c in enumerate(columns)}
    rows = []
    for order, claim in enumerate(result.get("claims", [])):
        present = [False] * len(columns)
        for occ in claim.get("occurrences", []):
            if occ.get("article") in index:
                present[index[occ["article"]]] = True
        count = sum(present)
        if count == 0:
            continue
        level = "all" if count == len(columns) else "some" if count > 1 else "one"
        rows.append(
            ClaimRow(
                str(claim.get("id")),
                claim.get("text") or "",
                present,
                count,
                level,
                order,
                claim.get("score"),
                list(claim.get("shared_terms") or []),
            )
        )
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
    result: dict, columns: list[Column], texts: dict[str, str], claims: list[ClaimRow]
) -> list[TextColumn]:
    level_of = {r.id: r.level for r in claims}
    by_article: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for claim in result.get("claims", []):
        for occ in claim.get("occurrences", []):
            by_article[occ.get("article")].append((occ.get("start", 0), occ.get("end", 0), str(claim.get("id"))))
    entries = {str(a.get("id")): a for a in result.get("articles", [])}
    out = []
    for column in columns:
        text = texts.get(column.key, "")
        entry = entries.get(column.key, {})
        spans = sorted(by_article.get(column.key, []))
        paragraphs = _paragraphs(column.key, text, entry.get("sentences") or [], spans, level_of)
        removed = [
            {"kind": r.get("kind", "other"), "text": text[r["start"] : r["end"]].strip()}
            for r in entry.get("removed") or []
            if text[r.get("start", 0) : r.get("end", 0)].strip()
        ]
        out.append(TextColumn(column, paragraphs, removed))
    return out


def _paragraphs(key, text, sentences, spans, level_of) -> list[list[Sentence]]:
    starts = [s[0] for s in spans]
    longest = max((e - s for s, e, _ in spans), default=0)
    paragraphs: list[list[Sentence]] = []
    previous_end = None
    for n, sent in enumerate(sorted(sentences, key=lambda s: s.get("start", 0))):
        start, end = sent.get("start", 0), sent.get("end", 0)
        body = text[start:end]
        if not body.strip():
            continue
        ids = []
        for s, e, cid in spans[bisect_left(starts, start - longest) : bisect_left(starts, end)]:
            if s < end and e > start and cid in level_of and cid not in ids:
                ids.append(cid)
        level = _best_level([level_of[c] for c in ids])
        if previous_end is None or "\n" in text[previous_end:start]:
            paragraphs.append([])
        paragraphs[-1].append(Sentence(f"s-{key}-{n}", body, level, " ".join(ids)))
        previous_end = end
    return paragraphs


def _best_level(levels: list[str]) -> str:
    for level in ("all", "some"):
        if level in levels:
            return level
    return "one"


def quote_views(result: dict, columns: list[Column]) -> list[QuoteView]:
    labels = {c.key: c.label for c in columns}
    views = []
    for quote in result.get("quotes", []):
        occs = [o for o in quote.get("occurrences", []) if o.get("article") in labels]
        if not occs:
            continue
        fullest = max(occs, key=lambda o: len(o.get("text") or ""))
        base = fullest.get("text") or ""
        wordings = []
        for occ in occs:
            wording = occ.get("text") or ""
            ops = [("equal", wording)] if occ is fullest else _ops(occ.get("diff"), base, wording)
            quoted_passage = "".join(part for op, part in ops if op in ("equal", "delete"))  # a fragment's window
            similarity = round(fuzz.ratio(quoted_passage, wording))
            wordings.append(Wording(labels[occ["article"]], wording, ops, similarity, occ is fullest))
        quoted = {o["article"] for o in occs}
        omitted = [c.label for c in columns if c.key not in quoted]
        views.append(QuoteView(str(quote.get("id")), quote.get("speaker"), base, wordings, omitted))
    return views


def _ops(diff, base: str, other: str) -> list[tuple[str, str]]:
    """The stored diff when there is one, else a word diff of the two quoted wordings only."""
    names = {0: "equal", 1: "insert", -1: "delete", "=": "equal", "+": "insert", "-": "delete"}
    if isinstance(diff, list) and diff:
        ops = []
        for item in diff:
            op, part = (item.get("op"), item.get("text")) if isinstance(item, dict) else (*tuple(item), "", "")[:2]
            op = names.get(op, op)
            if op in ("equal", "insert", "delete", "omitted") and isinstance(part, str):
                ops.append((op, part))
        if ops:
            return ops
    return list(quote_diff(base, other))


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


def discrepancy_views(result: dict, columns: list[Column], claims: list[ClaimRow]) -> list[DiscrepancyView]:
    labels = {c.key: c.label for c in columns}
    claim_text = {r.id: r.text for r in claims}
    out = []
    for item in result.get("discrepancies", []):
        values = [
            {"label": labels[v["article"]], "value": v.get("value", ""), "text": v.get("text") or ""}
            for v in item.get("values", [])
            if v.get("article") in labels
        ]
        if len(values) < 2:
            continue
        said = {v["label"] for v in values}
        out.append(
            DiscrepancyView(
                str(item.get("id")),
                item.get("about") or "value",
                claim_text.get(item.get("claim")),
                values,
                [c.label for c in columns if c.label not in said],
            )
        )
    return out


def build_page(loaded: Loaded, texts: dict[str, str], kind=None, outlet=None, sort=None) -> Page:
    """Everything the page shows, in the order it shows it."""
    result = loaded.comparison.result or {}
    columns = columns_for(loaded, result)
    claims = claim_rows(result, columns)
    shown, applied = filter_claims(claims, columns, kind, outlet, sort)
    quotes = quote_views(result, columns)
    counts = Counter(r.level for r in claims)
    members = {m.get("id"): m for m in result.get("members", []) if isinstance(m, dict)}
    gone = [
        {"id": i, "outlet": (members.get(i) or {}).get("outlet"), "title": (members.get(i) or {}).get("title")}
        for i in loaded.missing
    ]
    return Page(
        columns=columns,
        claims=claims,
        shown_claims=shown,
        counts={"all": counts["all"], "some": counts["some"], "one": counts["one"]},
        texts=text_columns(result, columns, texts, claims),
        quotes=quotes,
        speakers=speaker_table(quotes, columns),
        discrepancies=discrepancy_views(result, columns, claims),
        gone=gone,
        filter=applied,
    )


def csv_rows(page: Page) -> list[list[str]]:
    """The claims matrix as rows; cells that a spreadsheet would run as formulas are defused."""
    head = ["claim_id", "claim", "outlets"] + [c.label for c in page.columns]
    rows = [[r.id, r.text, str(r.count)] + ["yes" if p else "no" for p in r.present] for r in page.claims]
    return [[_cell(v) for v in row] for row in [head, *rows]]


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
