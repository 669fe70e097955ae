"""Readers' corrections of a comparison: "these are the same claim" (merge), "this passage does not
belong here" (split), "this is not a discrepancy" (dismiss).

A correction is stored apart from the computed result and never edits it: :func:`apply` lays the
corrections over the result each time it is read, in the order they were made. Each one names
the passages it is about by their words and their article's content hash (never by claim ids or
offsets, which a recompute may change), so after the analysis is upgraded it finds the same
passages again in the new result and applies there; when it cannot it says so ("unmatched"),
and when the new analysis already agrees it changes nothing ("agrees"). Undoing keeps the
correction listed, marked undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import update
from sqlmodel import Session, col, select

from app.analysis import ComparisonResult
from app.analysis.result import ClaimResult, DiscrepancyResult, Occurrence
from app.models import Comparison, Correction, aware, saved_key, utcnow
from app.services.errors import NotFound, UserError

KINDS = {"merge": "same claim", "split": "passage split out", "not_discrepancy": "not a discrepancy"}
# The right a correction was made with, as the page says it after the name given (or "A reader").
ROLE_WORDS = {"admin": "with the admin token", "uploader": "with the upload token", "reader": ""}
REASON_LIMIT = 1000
AUTHOR_LIMIT = 100
MOST_PER_COMPARISON = 500  # corrections applied on every read: bounded
SHORTEST_CONTAINED = 20  # characters: a stored passage found inside a re-cut one still counts
R = TypeVar("R", bound=ComparisonResult)


class CorrectionIn(BaseModel):
    """A correction (the body of POST /api/comparisons/{slug}/corrections), naming claims, passages
    and discrepancies by the ids and offsets of the comparison as it is shown now (/c/{slug}.json)."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="merge | split | not_discrepancy")
    claims: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=2, description="merge: the two claim ids"
    )
    claim: str | None = Field(None, max_length=40, description="split: the claim id")
    passage: PassageIn | None = Field(None, description="split: the passage to take out of the claim")
    discrepancy: str | None = Field(None, max_length=40, description="not_discrepancy: the discrepancy id")
    reason: str = Field(max_length=REASON_LIMIT, description="why: shown with the correction")
    author: str | None = Field(None, max_length=AUTHOR_LIMIT, description="your name, shown with it (optional)")


class PassageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    article: str = Field(max_length=40, description="article id, as in the claim's occurrences")
    start: int
    end: int


CorrectionIn.model_rebuild()


# --- passages by their words --------------------------------------------------------------


def words(text: str) -> str:
    return " ".join(text.split())


def _ref(occurrence: Occurrence, texts: dict[str, str], hashes: dict[str, str]) -> dict:
    return {"article": hashes[occurrence.article], "text": words(_passage(occurrence, texts))}


def _passage(occurrence: Occurrence, texts: dict[str, str]) -> str:
    return texts.get(occurrence.article, "")[occurrence.start : occurrence.end]


@dataclass
class _Matcher:
    """Which stored passage refs an occurrence of the current result is: same article text, same words
    (or, when the analysis re-cut its passages, words found inside one another)."""

    texts: dict[str, str]
    hashes: dict[str, str]

    def matches(self, occurrence: Occurrence, ref: dict) -> bool:
        if self.hashes.get(occurrence.article) != ref.get("article"):
            return False
        mine, theirs = words(_passage(occurrence, self.texts)), str(ref.get("text", ""))
        if mine == theirs:
            return True
        shorter = min(len(mine), len(theirs))
        return shorter >= SHORTEST_CONTAINED and (mine in theirs or theirs in mine)

    def score(self, claim: ClaimResult, refs: Sequence[dict]) -> int:
        return sum(1 for ref in refs if any(self.matches(o, ref) for o in claim.occurrences))

    def best_claim(self, claims: Sequence[ClaimResult], refs: Sequence[dict]) -> int | None:
        """Index of the claim holding most of these passages (the earliest on a tie); None if none holds any."""
        best, best_score = None, 0
        for i, claim in enumerate(claims):
            score = self.score(claim, refs)
            if score > best_score:
                best, best_score = i, score
        return best


# --- applying -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """One correction and what it did to the result read now."""

    id: int
    kind: str
    summary: str
    reason: str
    author: str | None
    role: str
    created_at: datetime
    undone_at: datetime | None
    undone_by: str | None
    status: str  # applied | agrees (the analysis already agrees) | unmatched (passages not found) | undone
    claims: tuple[str, ...] = ()  # ids of the claims it changed in the result read now

    @property
    def who(self) -> str:
        return who(self.author, self.role)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "summary": self.summary,
            "reason": self.reason,
            "author": self.author,
            "role": self.role,
            "created_at": self.created_at.isoformat(),
            "undone_at": self.undone_at.isoformat() if self.undone_at else None,
            "undone_by": self.undone_by,
            "claims": list(self.claims),
        }


@dataclass(frozen=True)
class Corrected(Generic[R]):
    """The result with the corrections applied, and what each one did."""

    result: R
    items: list[Applied] = field(default_factory=list)
    dismissed: list[tuple[DiscrepancyResult, Applied]] = field(default_factory=list)

    @property
    def by_claim(self) -> dict[str, list[Applied]]:
        out: dict[str, list[Applied]] = {}
        for item in self.items:
            if item.status == "applied":
                for claim_id in item.claims:
                    out.setdefault(claim_id, []).append(item)
        return out

    @property
    def active(self) -> list[Applied]:
        return [item for item in self.items if item.status != "undone"]


def who(author: str | None, role: str) -> str:
    """'Ana Lima with the upload token', 'A reader with the admin token', 'A reader' (corrections open to all)."""
    return f"{words(author or '') or 'A reader'} {ROLE_WORDS.get(role, '')}".strip()


def apply(result: R, rows: Sequence[Correction], texts: dict[str, str], hashes: dict[str, str]) -> Corrected[R]:
    """``result`` with the corrections in ``rows`` applied in order; ``result`` itself is left as it is.

    ``texts`` and ``hashes`` map the result's article ids to each article's text and content hash."""
    matcher = _Matcher(texts, hashes)
    claims, discrepancies = list(result.claims), list(result.discrepancies)
    items: list[Applied] = []
    dismissed: list[tuple[DiscrepancyResult, Applied]] = []
    for row in rows:
        if row.undone_at is not None:
            items.append(_applied(row, "undone"))
            continue
        if row.kind == "merge":
            status, changed = _merge(matcher, claims, discrepancies, row.target)
        elif row.kind == "split":
            status, changed = _split(matcher, claims, row.target, row.id)
        else:
            status, found = _dismiss(matcher, discrepancies, row.target)
            changed = ()
            if found is not None:
                dismissed.append((found, _applied(row, status)))
        items.append(_applied(row, status, changed))
    corrected = result.model_copy(update={"claims": claims, "discrepancies": discrepancies})
    return Corrected(corrected, items, dismissed)


def _applied(row: Correction, status: str, claims: Sequence[str] = ()) -> Applied:
    assert row.id is not None
    return Applied(
        row.id,
        row.kind,
        row.summary,
        row.reason,
        row.author,
        row.role,
        aware(row.created_at),
        aware(row.undone_at) if row.undone_at else None,
        row.undone_by,
        status,
        tuple(claims),
    )


def _merge(matcher: _Matcher, claims: list[ClaimResult], discrepancies: list, target: dict):
    sides = target.get("claims") or [[], []]
    first, second = (matcher.best_claim(claims, refs) for refs in sides[:2])
    if first is None or second is None:
        return "unmatched", ()
    if first == second:
        return "agrees", ()
    keep, drop = claims[first], claims[second]
    seen = {(o.article, o.start, o.end) for o in keep.occurrences}
    joined = list(keep.occurrences) + [o for o in drop.occurrences if (o.article, o.start, o.end) not in seen]
    terms = list(dict.fromkeys([*keep.shared_terms, *drop.shared_terms]))
    claims[first] = keep.model_copy(update={"occurrences": joined, "score": None, "shared_terms": terms})
    del claims[second]
    for i, d in enumerate(discrepancies):
        if d.claim == drop.id:
            discrepancies[i] = d.model_copy(update={"claim": keep.id})
    return "applied", (keep.id,)


def _split(matcher: _Matcher, claims: list[ClaimResult], target: dict, correction_id: int | None):
    passage = target.get("passage") or {}
    found = matcher.best_claim(claims, target.get("claim") or [])
    if found is None:
        return "unmatched", ()
    claim = claims[found]
    leaving = [o for o in claim.occurrences if matcher.matches(o, passage)]
    staying = [o for o in claim.occurrences if not matcher.matches(o, passage)]
    if not leaving or not staying:
        return "agrees", ()  # the passage is not in it now, or it is all the claim holds
    claims[found] = claim.model_copy(update={"occurrences": staying, "score": None})
    changed = [claim.id]
    if not any(matcher.matches(o, passage) for c in claims for o in c.occurrences):
        alone = ClaimResult(id=f"r{correction_id}", text=str(passage.get("text", "")), occurrences=leaving[:1])
        claims.insert(found + 1, alone)
        changed.append(alone.id)
    return "applied", tuple(changed)


def _value_matches(matcher: _Matcher, value, ref: dict) -> bool:
    if matcher.hashes.get(value.article) != ref.get("article") or words(value.value) != ref.get("value"):
        return False
    mine, theirs = words(value.text), str(ref.get("text", ""))
    return mine == theirs or (min(len(mine), len(theirs)) >= SHORTEST_CONTAINED and (mine in theirs or theirs in mine))


def _dismiss(matcher: _Matcher, discrepancies: list[DiscrepancyResult], target: dict):
    refs = target.get("values") or []
    needed = min(2, len(refs))
    best, best_score = None, 0
    for i, d in enumerate(discrepancies):
        score = sum(1 for ref in refs if any(_value_matches(matcher, v, ref) for v in d.values))
        if score > best_score:
            best, best_score = i, score
    if best is None or best_score < needed:
        return "agrees" if refs else "unmatched", None
    return "applied", discrepancies.pop(best)


# --- storing ------------------------------------------------------------------------------


def rows(session: Session, comparison_id: int | None) -> list[Correction]:
    """A comparison's corrections, oldest first (the order they apply in)."""
    query = (
        select(Correction)
        .where(Correction.comparison_id == comparison_id)
        .order_by(col(Correction.created_at), col(Correction.id))
        .limit(MOST_PER_COMPARISON)
    )
    return list(session.exec(query))


def _clip(text: str, limit: int = 90) -> str:
    text = words(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def create(
    session: Session,
    comparison: Comparison,
    result: ComparisonResult,
    texts: dict[str, str],
    hashes: dict[str, str],
    given: CorrectionIn,
    role: str,
) -> Correction:
    """Store a correction of ``result`` (the comparison as shown now, corrections applied), after
    checking that what it names exists there; the passages are kept by their words."""
    reason = words(given.reason)
    if len(reason) < 3:
        raise UserError("Say why, in a few words: the reason is shown with the correction.", field="reason")
    if len(rows(session, comparison.id)) >= MOST_PER_COMPARISON:
        raise UserError(f"This comparison has the most corrections it may hold ({MOST_PER_COMPARISON}).")
    claims = {c.id: c for c in result.claims}
    if given.kind == "merge":
        target, summary = _merge_target(given, claims, texts, hashes)
    elif given.kind == "split":
        target, summary = _split_target(given, claims, texts, hashes)
    elif given.kind == "not_discrepancy":
        target, summary = _dismiss_target(given, result, hashes)
    else:
        raise UserError("The kind of correction is merge, split or not_discrepancy.", field="kind")
    row = Correction(
        comparison_id=saved_key(comparison.id),
        kind=given.kind,
        target=target,
        summary=summary[:1000],
        reason=reason,
        author=words(given.author or "") or None,
        role=role,
    )
    session.add(row)
    _bump(session, comparison)
    session.commit()
    session.refresh(row)
    return row


def _claim(claims: dict[str, ClaimResult], claim_id: str | None) -> ClaimResult:
    claim = claims.get(claim_id or "")
    if claim is None:
        raise NotFound(f"This comparison has no claim {claim_id!r}.", field="claim")
    return claim


def _merge_target(given: CorrectionIn, claims, texts, hashes) -> tuple[dict, str]:
    if len(given.claims) != 2 or not all(given.claims):
        raise UserError("Choose the other claim, the one this one is the same as.", field="claims")
    if given.claims[0] == given.claims[1]:
        raise UserError("Choose two different claims to merge.", field="claims")
    first, second = (_claim(claims, claim_id) for claim_id in given.claims)
    target = {
        "claims": [[_ref(o, texts, hashes) for o in c.occurrences] for c in (first, second)],
        "texts": [first.text, second.text],
    }
    return target, f"“{_clip(first.text)}” and “{_clip(second.text)}” are the same claim"


def _split_target(given: CorrectionIn, claims, texts, hashes) -> tuple[dict, str]:
    claim = _claim(claims, given.claim)
    passage = given.passage
    occurrence = next(
        (
            o
            for o in claim.occurrences
            if passage and o.article == passage.article and (o.start, o.end) == (passage.start, passage.end)
        ),
        None,
    )
    if occurrence is None:
        raise UserError("Choose one of the claim's passages to split out.", field="passage")
    if len(claim.occurrences) < 2:
        raise UserError("This claim holds only that passage: there is nothing to split it from.", field="passage")
    target = {
        "claim": [_ref(o, texts, hashes) for o in claim.occurrences],
        "passage": _ref(occurrence, texts, hashes),
        "text": claim.text,
    }
    return target, f"“{_clip(_passage(occurrence, texts))}” does not belong in “{_clip(claim.text)}”"


def _dismiss_target(given: CorrectionIn, result: ComparisonResult, hashes) -> tuple[dict, str]:
    found = next((d for d in result.discrepancies if d.id == given.discrepancy), None)
    if found is None:
        raise NotFound(f"This comparison has no discrepancy {given.discrepancy!r}.", field="discrepancy")
    values = [
        {"article": hashes[v.article], "value": words(v.value), "text": words(v.text)}
        for v in found.values
        if v.article in hashes
    ]
    shown = ", ".join(dict.fromkeys(words(v.value) for v in found.values))
    return {"values": values, "about": found.about}, f"{found.about} ({shown}) is not a discrepancy"


def undo(session: Session, comparison: Comparison, correction_id: int, by: str) -> Correction:
    row = session.get(Correction, correction_id)
    if row is None or row.comparison_id != comparison.id:
        raise NotFound(f"This comparison has no correction {correction_id}.")
    if row.undone_at is not None:
        raise UserError("This correction was undone already.")
    row.undone_at, row.undone_by = utcnow(), by[:130]
    session.add(row)
    _bump(session, comparison)
    session.commit()
    session.refresh(row)
    return row


def _bump(session: Session, comparison: Comparison) -> None:
    """Cached renderings of the comparison are stale: they key on this counter."""
    session.exec(
        update(Comparison)
        .where(col(Comparison.id) == comparison.id)
        .values(corrections_rev=col(Comparison.corrections_rev) + 1)
    )
