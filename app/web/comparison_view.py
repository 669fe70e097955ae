"""The comparison page's view-model: what it shows, from the stored result, the texts and article metadata.

The stored result arrives as typed objects (``Loaded.result``); nothing here analyses text
again, but for the word marks of one claim's wordings that its own page shows. Everything is
plain data for the templates (and the CSV/JSON exports); no markup is produced, so
autoescaping in the templates covers every string that came from an article.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.analysis import Checks, ComparisonResult, QuoteResult, Span, word_diff
from app.models import as_row_id
from app.services.articles import language_name
from app.services.comparisons import ArticleMeta, Loaded, Member
from app.services.corrections import Applied
from app.services.errors import NotFound
from app.web.coverage import Coverage, Sides, build_coverage, carried_only_by
from app.web.markdown import safe_href
from app.web.timeline import FirstReport, Moment, Timeline, build_timeline, first_report, moment_of

# ?filter= values: every claim (the default), claims in every outlet, left out by / only in ?outlet=,
# carried only by outlets labelled ?label= (a label value id).
FILTERS = ("every", "shared", "omitted", "unique", "label")
FILTER_ALIASES = {"all": "shared"}  # the name links used before "all" and "every claim" were told apart
SORTS = ("coverage", "rarity")
NEEDS_OUTLET = ("omitted", "unique")
# Kinds of removed text that are syntax, not content: shown as formatting, not listed apart.
SYNTAX_KINDS = ("markup",)


@dataclass
class Column:
    key: str  # the article id as the analysis knows it; also the ?outlet= value
    label: str  # outlet name, numbered when one outlet has several articles here
    meta: ArticleMeta
    url: str | None  # only http(s) links, anything else is dropped
    wire_shared: float = 0.0
    wire_partner: str | None = None
    language: str | None = None
    not_checked: list[str] = field(default_factory=list)  # stages that did not run for its language
    labels: dict[int, int] = field(default_factory=dict)  # its outlet's label set id -> value id
    moment: Moment | None = None  # when it was published, as precisely as known


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
    wording_by: str | None = None  # label of the outlet whose sentence `text` is
    # per column: (start, end) of this claim's first passage there, or None
    passages: list[tuple[int, int] | None] = field(default_factory=list)
    cells: list[str | None] = field(default_factory=list)  # per column: id of the sentence holding it
    why: str = ""
    corrections: list[Applied] = field(default_factory=list)  # readers' corrections that changed it

    @property
    def first_sentence(self) -> str | None:
        return next((c for c in self.cells if c), None)


@dataclass
class Sentence:
    id: str
    start: int
    end: int
    level: str
    claims: str  # space-separated claim ids, for data attributes


@dataclass
class TextColumn:
    column: Column
    text: str
    sentences: list[Sentence]
    removed: list[dict]  # {"kind", "text"}

    @property
    def removed_count(self) -> int:
        return len(self.removed)


@dataclass
class Wording:
    label: str
    text: str
    ops: list[tuple[str, str]]
    similarity: int
    is_fullest: bool
    language: str | None = None  # of the outlet quoting it: its direction and quotation marks

    @property
    def changed_words(self) -> int:
        """Words added or dropped inside the passage it quotes (case and punctuation never count)."""
        return sum(len(part.split()) for op, part in self.ops if op in ("insert", "delete") and part.strip())

    @property
    def is_fragment(self) -> bool:
        return any(op == "omitted" for op, _ in self.ops)


@dataclass
class QuoteView:
    id: str
    speaker: str | None
    fullest: str
    wordings: list[Wording]
    omitted_by: list[str]
    language: str | None = None  # of the fullest wording

    @property
    def fullest_by(self) -> list[str]:
        """Outlets that carry the fullest wording, word for word (case and punctuation aside)."""
        departing = {id(w) for w in self.departures}
        return list(dict.fromkeys(w.label for w in self.wordings if id(w) not in departing))

    @property
    def departures(self) -> list[Wording]:
        """The wordings that differ from the fullest: other words, or only a part of it."""
        return [w for w in self.wordings if not w.is_fullest and (w.changed_words or w.is_fragment)]


@dataclass
class DiscrepancyView:
    id: str
    about: str
    claim_text: str | None
    values: list[dict]  # {"label", "value", "text", "sentence": id of the sentence in the texts or None}
    silent: list[str]
    kind: str = "conflict"  # or "update": a later figure, not a contradiction
    claim: str | None = None
    dismissed: Applied | None = None  # a reader's "this is not a discrepancy"


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
    coverage: Coverage = field(default_factory=Coverage)
    timeline: Timeline | None = None
    corrections: list[Applied] = field(default_factory=list)  # every correction, undone ones too
    dismissed: list[DiscrepancyView] = field(default_factory=list)  # marked "not a discrepancy"
    checks: Checks = field(default_factory=Checks)  # languages, stages run, notices (from compare())

    @property
    def summary_line(self) -> str:
        c = self.counts
        unchecked = [stage for stage in ("quotes", "discrepancies") if not self.checked(stage)]
        return (
            f"{len(self.columns)} outlets: {c['all']} claims in all, {c['some']} in some, {c['one']} in one only; "
            f"{len(self.quotes)} quotes, {len(self.discrepancies)} discrepancies"
            + (f" ({' and '.join(unchecked)} not checked in every language)." if unchecked else ".")
        )

    def checked(self, stage: str) -> bool:
        """Whether ``stage`` ran for every article: only then may the page say "none" or "they agree"."""
        return all(stage not in c.not_checked for c in self.columns)

    def not_checked_in(self, stage: str) -> str:
        """Where ``stage`` did not run, by language: "Polish (Gazeta, Kurier)"."""
        by_language: dict[str | None, list[str]] = {}
        for c in self.columns:
            if stage in c.not_checked:
                by_language.setdefault(c.language, []).append(c.label)
        parts = [f"{language_name(code)} ({', '.join(labels)})" for code, labels in by_language.items()]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1] if parts else ""


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
        columns.append(Column(key, label or f"Article {key}", meta, safe_href(meta.url)))
    entries = {a.id: a for a in result.articles}
    wire = {w.article: w for w in result.wire_copy.articles} if result.wire_copy else {}
    by_key = {c.key: c for c in columns}
    for column in columns:
        column.language = entries[column.key].language
        column.not_checked = list(entries[column.key].not_checked)
        column.labels = dict(loaded.labels.by_outlet.get(column.meta.outlet_id, {}))
        column.moment = moment_of(column.meta.published_at)
        if (entry := wire.get(column.key)) is not None:
            column.wire_shared = entry.shared
            partner = by_key.get(entry.partner or "")
            column.wire_partner = partner.label if partner else None
    return columns


def claim_rows(
    result: ComparisonResult,
    columns: list[Column],
    texts: dict[str, str] | None = None,
    corrected: dict[str, list[Applied]] | None = None,
) -> list[ClaimRow]:
    index = {c.key: i for i, c in enumerate(columns)}
    texts = texts or {}
    corrected = corrected or {}
    rows = []
    for order, claim in enumerate(result.claims):
        passages: list[tuple[int, int] | None] = [None] * len(columns)
        for occ in claim.occurrences:
            i = index.get(occ.article)
            if i is not None and passages[i] is None:
                passages[i] = (occ.start, occ.end)
        present = [p is not None for p in passages]
        count = sum(present)
        if count == 0:
            continue
        level = "all" if count == len(columns) else "some" if count > 1 else "one"
        text = claim.text
        row = ClaimRow(
            claim.id,
            text,
            present,
            count,
            level,
            order,
            claim.score,
            list(claim.shared_terms),
            wording_by=_wording_by(text, passages, columns, texts),
            passages=passages,
            cells=[None] * len(columns),
        )
        row.corrections = corrected.get(claim.id, [])
        row.why = "as corrected by a reader" if row.corrections else why_matched(row)
        rows.append(row)
    return rows


def _wording_by(text: str, passages, columns: list[Column], texts: dict[str, str]) -> str | None:
    """Whose sentence the claim's text is: the outlet whose passage holds it, else the first."""
    wanted = " ".join(text.split())
    for column, passage in zip(columns, passages, strict=True):
        if passage and wanted and wanted in " ".join(texts.get(column.key, "")[passage[0] : passage[1]].split()):
            return column.label
    for column, passage in zip(columns, passages, strict=True):
        if passage and texts.get(column.key):
            source = " ".join(texts[column.key][passage[0] : passage[1]].split())
            if source and source in wanted:
                return column.label
    return None  # the analysis's own summary of the passages, no outlet's sentence


def why_matched(row: ClaimRow) -> str:
    """Why these passages were put together, in words a reader uses (the score stays in the JSON)."""
    if row.count < 2:
        return "only one outlet"
    numbers = [t for t in row.shared_terms if any(ch.isdigit() for ch in t)]
    names = [t for t in row.shared_terms if t[:1].isupper() and t not in numbers]
    shared = []
    if numbers:
        shared.append("numbers")
    if names:
        shared.append("names")
    if len(row.shared_terms) > len(numbers) + len(names):
        shared.append("key words")
    score = row.score
    wording = (
        "worded the same"
        if score is not None and score >= 0.9
        else "closely worded"
        if score is not None and score >= 0.6
        else "reworded"
    )
    if not shared:
        return f"same statement, {wording}" if score is not None else "same statement"
    listed = shared[0] if len(shared) == 1 else ", ".join(shared[:-1]) + " and " + shared[-1]
    return f"same {listed}; {wording}"


def filter_claims(
    rows: list[ClaimRow],
    columns: list[Column],
    kind: str | None,
    outlet: str | None,
    sort: str | None,
    label: str | None = None,
    coverage: Coverage | None = None,
):
    """Rows matching ?filter=every|shared|omitted|unique&outlet=KEY or ?filter=label&label=VALUE,
    sorted by ?sort=coverage|rarity."""
    keys = [c.key for c in columns]
    kind = FILTER_ALIASES.get(kind or "", kind) or "every"
    applied: dict = {"filter": kind}
    if kind == "label":
        found = (coverage or Coverage()).value(int(label)) if label and as_row_id(label) else None
        if found is None:
            applied["error"] = "Choose a label: none of these outlets has the one asked for. No claims are shown."
            rows = []
        else:
            label_set, value = found
            rows = carried_only_by(rows, columns, label_set.id, value.value_id or 0)
            applied["label"] = f"claims carried only by outlets labelled {value.name} ({label_set.name})"
            applied["label_value"] = value.value_id
    elif kind == "shared":
        rows = [r for r in rows if r.level == "all"]
        applied["label"] = "claims in every outlet"
    elif kind in NEEDS_OUTLET and outlet in keys:
        i = keys.index(outlet)
        label = columns[i].label
        applied["outlet"] = outlet
        if kind == "omitted":
            rows = [r for r in rows if not r.present[i]]
            applied["label"] = f"claims {label} left out"
        else:
            rows = [r for r in rows if r.present[i] and r.count == 1]
            applied["label"] = f"claims only {label} carries"
    elif kind in NEEDS_OUTLET:
        which = "left out by" if kind == "omitted" else "carried only by"
        applied["error"] = f"Choose the outlet: “claims {which}…” needs one. No claims are shown until you do."
        rows = []
    elif kind != "every":
        applied = {"filter": "every", "error": f"There is no filter “{kind}”; showing every claim."}
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
    """Each article's sentences with the claims they carry; fills each claim row's `cells`."""
    level_of = {r.id: r.level for r in claims}
    row_of = {r.id: r for r in claims}
    by_article: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for claim in result.claims:
        for occ in claim.occurrences:
            by_article[occ.article].append((occ.start, occ.end, claim.id))
    entries = {a.id: a for a in result.articles}
    out = []
    for i, column in enumerate(columns):
        text = texts.get(column.key, "")
        entry = entries[column.key]
        sentences = _sentences(column.key, text, entry.sentences, sorted(by_article[column.key]), level_of)
        for sentence in sentences:
            for claim_id in sentence.claims.split():
                row = row_of[claim_id]
                if row.cells[i] is None:
                    row.cells[i] = sentence.id
        removed = [
            {"kind": r.kind, "text": text[r.start : r.end].strip()}
            for r in entry.removed
            if r.kind not in SYNTAX_KINDS and text[r.start : r.end].strip()
        ]
        out.append(TextColumn(column, text, sentences, removed))
    return out


def _sentences(
    key: str, text: str, sentences: list[Span], spans: list[tuple[int, int, str]], level_of: dict[str, str]
) -> list[Sentence]:
    starts = [s[0] for s in spans]
    longest = max((e - s for s, e, _ in spans), default=0)
    out: list[Sentence] = []
    for n, sent in enumerate(sorted(sentences, key=lambda s: s.start)):
        start, end = sent.start, sent.end
        if not text[start:end].strip():
            continue
        overlap: dict[str, int] = {}
        for s, e, cid in spans[bisect_left(starts, start - longest) : bisect_left(starts, end)]:
            if s < end and e > start and cid in level_of:
                overlap[cid] = max(overlap.get(cid, 0), min(e, end) - max(s, start))
        ids = sorted(overlap, key=lambda c: -overlap[c])  # the claim covering most of the sentence first
        out.append(Sentence(f"s-{key}-{n}", start, end, _best_level([level_of[c] for c in ids]), " ".join(ids)))
    return out


def _best_level(levels: list[str]) -> str:
    for level in ("all", "some"):
        if level in levels:
            return level
    return "one"


def quote_views(result: ComparisonResult, columns: list[Column]) -> list[QuoteView]:
    by_key = {c.key: c for c in columns}
    views = []
    for quote in result.quotes:
        occs = [o for o in quote.occurrences if o.article in by_key]
        if occs:
            views.append(_quote_view(quote, occs, by_key, columns))
    return views


def _quote_view(quote: QuoteResult, occs: list, by_key: dict[str, Column], columns: list[Column]) -> QuoteView:
    """Each outlet's wording with the stored diff from the fullest one (the analysis made both)."""
    fullest = quote.fullest
    wordings = [
        Wording(
            by_key[o.article].label,
            o.text,
            o.diff or [("equal", o.text)],
            o.similarity,
            o is fullest,
            by_key[o.article].language,
        )
        for o in occs
    ]
    quoted = {o.article for o in occs}
    omitted = [c.label for c in columns if c.key not in quoted]
    language = by_key[fullest.article].language if fullest and fullest.article in by_key else None
    return QuoteView(quote.id, quote.speaker, fullest.text if fullest else "", wordings, omitted, language)


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


def discrepancy_views(
    result: ComparisonResult, columns: list[Column], claims: list[ClaimRow], texts: list[TextColumn] | None = None
) -> list[DiscrepancyView]:
    labels = {c.key: c.label for c in columns}
    claim_text = {r.id: r.text for r in claims}
    sentences = {t.column.key: t.sentences for t in texts or []}
    out = []
    for item in result.discrepancies:
        values = [
            {
                "label": labels[v.article],
                "value": v.value,
                "text": v.text,
                "sentence": _sentence_at(sentences.get(v.article, []), v.start),
            }
            for v in item.values
            if v.article in labels
        ]
        if len(values) < 2:
            continue
        said = {v["label"] for v in values}
        out.append(
            DiscrepancyView(
                item.id,
                item.about,
                claim_text.get(item.claim or ""),
                values,
                [c.label for c in columns if c.label not in said],
                kind=item.kind,
                claim=item.claim if item.claim in claim_text else None,
            )
        )
    return out


def _sentence_at(sentences: list[Sentence], offset: int) -> str | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.id
    return None


def build_page(loaded: Loaded, texts: dict[str, str], kind=None, outlet=None, sort=None, label=None) -> Page:
    """Everything the page shows, in the order it shows it."""
    result = loaded.result
    columns = columns_for(loaded, result)
    corrected = loaded.corrections
    claims = claim_rows(result, columns, texts, corrected.by_claim if corrected else None)
    coverage = build_coverage(loaded.labels, columns, claims)
    shown, applied = filter_claims(claims, columns, kind, outlet, sort, label, coverage)
    text_view = text_columns(result, columns, texts, claims)
    quotes = quote_views(result, columns)
    counts = Counter(r.level for r in claims)
    discrepancies = discrepancy_views(result, columns, claims, text_view)
    return Page(
        columns=columns,
        claims=claims,
        shown_claims=shown,
        counts={"all": counts["all"], "some": counts["some"], "one": counts["one"]},
        texts=text_view,
        quotes=quotes,
        speakers=speaker_table(quotes, columns),
        discrepancies=discrepancies,
        gone=_gone(loaded),
        filter=applied,
        coverage=coverage,
        timeline=build_timeline(columns, claims, discrepancies),
        corrections=corrected.items if corrected else [],
        dismissed=_dismissed(loaded, columns, claims, text_view),
        checks=result.checks,
    )


def _dismissed(loaded: Loaded, columns: list[Column], claims: list[ClaimRow], texts: list[TextColumn]):
    """The discrepancies readers marked "not a discrepancy", as views, each with its correction."""
    if not loaded.corrections or not loaded.corrections.dismissed:
        return []
    found = [d for d, _ in loaded.corrections.dismissed]
    views = discrepancy_views(loaded.result.model_copy(update={"discrepancies": found}), columns, claims, texts)
    by_id = {d.id: applied for d, applied in loaded.corrections.dismissed}
    for view in views:
        view.dismissed = by_id.get(view.id)
    return views


def _gone(loaded: Loaded) -> list[dict]:
    """What the page can still say about each deleted article: its outlet and title when they were known."""
    members = {m.id: m for m in loaded.result.members}
    known = [members.get(i, Member(id=i)) for i in loaded.missing]
    return [{"id": m.id, "outlet": m.outlet, "title": m.title} for m in known]


def filter_claims_of(loaded: Loaded, texts: dict[str, str], view_query) -> tuple[list[ClaimRow], dict]:
    """The claim rows a view (?filter=, ?outlet=, ?sort=, ?label=) shows, for the exports."""
    page = build_page(loaded, texts, *view_query)
    return page.shown_claims, page.filter


@dataclass
class ClaimWording:
    column: Column
    passage: str  # the outlet's own words, as stored
    ops: Sequence[tuple[str, str]]  # from the row's wording to this one, by words
    start: int
    end: int
    sentence: str | None  # id of the sentence on the comparison page that holds it


@dataclass
class ClaimDetail:
    row: ClaimRow
    columns: list[Column]
    wordings: list[ClaimWording]
    sides: list[tuple[str, Sides]] = field(default_factory=list)  # per label set: the values carrying it
    first: FirstReport | None = None

    @property
    def missing(self) -> list[str]:
        return [c.label for c, present in zip(self.columns, self.row.present, strict=True) if not present]


def claim_detail(loaded: Loaded, texts: dict[str, str], claim_id: str) -> ClaimDetail:
    """One claim in each outlet's words, each marked against the wording the matrix row shows."""
    result = loaded.result
    columns = columns_for(loaded, result)
    rows = claim_rows(result, columns, texts, loaded.corrections.by_claim if loaded.corrections else None)
    row = next((r for r in rows if r.id == claim_id), None)
    if row is None:
        raise NotFound("This comparison has no such claim.")
    text_columns(result, columns, texts, rows)  # which sentence holds each passage
    wordings = []
    for column, passage, sentence in zip(columns, row.passages, row.cells, strict=True):
        if passage is None:
            continue
        words = texts.get(column.key, "")[passage[0] : passage[1]]
        ops = [("equal", words)] if column.label == row.wording_by else word_diff(row.text, words, fold=True)
        wordings.append(ClaimWording(column, words, ops, *passage, sentence))
    coverage = build_coverage(loaded.labels, columns, [row])
    sides = [(s.set.name, s.sides[row.id]) for s in coverage.sets]
    carriers = [c for c, present in zip(columns, row.present, strict=True) if present]
    return ClaimDetail(row, columns, wordings, sides, first_report(carriers))


def claim_detail_json(detail: ClaimDetail) -> dict:
    return {
        "id": detail.row.id,
        "text": detail.row.text,
        "wording_by": detail.row.wording_by,
        "why": detail.row.why,
        "score": detail.row.score,
        "shared_terms": detail.row.shared_terms,
        "passages": [
            {
                "article": w.column.key,
                "outlet": w.column.label,
                "start": w.start,
                "end": w.end,
                "text": w.passage,
                "diff": [[op, part] for op, part in w.ops],
            }
            for w in detail.wordings
        ],
        "left_out_by": detail.missing,
        "labels": {name: sides_json(side) for name, side in detail.sides},
        "first_reported": detail.first.as_json() if detail.first else None,
        "corrections": [c.id for c in detail.row.corrections],
    }


def sides_json(side: Sides) -> dict:
    return {
        "carried_by": side.carried_by,
        "left_out_by": side.left_out_by,
        "unlabelled_outlet_carries": side.unlabelled,
    }


def csv_rows(page: Page) -> list[list[str]]:
    """The claims shown, one row each: who carries it and in which words; a head row per article
    (its id and URL) first. Cells that a spreadsheet would run as formulas are defused."""
    head = ["claim_id", "claim", "wording_of", "outlets"]
    for column in page.columns:
        head += [f"{column.label} (article {column.key})", f"{column.label}: wording"]
    head += ["first reported by", "first reported at", "corrected by readers"]
    for label_set in page.coverage.sets:
        head += [f"{label_set.set.name}: carried by", f"{label_set.set.name}: left out by"]
    articles = ["article_id", "url", "", ""]
    for column in page.columns:
        articles += [column.key, column.meta.url or ""]
    texts = {t.column.key: t.text for t in page.texts}
    first = page.timeline.first if page.timeline else {}
    rows = []
    for r in page.shown_claims:
        row = [r.id, r.text, r.wording_by or "", str(r.count)]
        for column, passage in zip(page.columns, r.passages, strict=True):
            words = " ".join(texts.get(column.key, "")[passage[0] : passage[1]].split()) if passage else ""
            row += ["yes" if passage else "no", words]
        report = first.get(r.id)
        row += [", ".join(report.outlets) if report else "", report.moment.start.isoformat() if report else ""]
        row.append(" ".join(f"#{c.id}" for c in r.corrections))
        for label_set in page.coverage.sets:
            side = label_set.sides[r.id]
            row += ["; ".join(side.carried_by), "; ".join(side.left_out_by)]
        rows.append(row)
    width = len(head)
    articles += [""] * (width - len(articles))
    return [[_cell(v) for v in row] for row in [head, articles, *rows]]


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
