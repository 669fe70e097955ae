"""Readers' corrections of a comparison: the page that lists them and holds their forms, its JSON
twin, and the API. The comparison page itself is cached and carries no forms (a form's CSRF token
is per browser); its claims and discrepancies link here.

Making and undoing a correction needs the upload or admin token, or PARALLAX_OPEN_CORRECTIONS
(web/access.py); reading them is open.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.services import comparisons as service
from app.services.corrections import AUTHOR_LIMIT, REASON_LIMIT, CorrectionIn, who, words
from app.services.errors import UserError, validated
from app.web import comparison_view as view
from app.web.access import CORRECTIONS_OFF, CorrectorDep, correction_role
from app.web.deps import SessionDep
from app.web.params import RowId
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["corrections"])
FORM_FIELDS = ("kind", "claim", "other", "passage", "discrepancy", "reason", "author")
INLINE_ERRORS = {"claims", "passage", "reason"}  # shown beside their field; any other above the forms


def _page_of(request: Request, slug: str) -> tuple[service.Snapshot, view.Page]:
    shot = service.snapshot(request.app.state.engine, slug)
    return shot, view.build_page(shot.loaded, shot.texts)


def _listing(request: Request, slug: str) -> dict:
    corrected = service.snapshot(request.app.state.engine, slug, with_texts=True).loaded.corrections
    return {
        "slug": slug,
        "url": str(request.url_for("comparison_corrections", slug=slug)),
        "corrections": [item.as_json() for item in (corrected.items if corrected else [])],
    }


@pages.get("/c/{slug}/corrections.json", name="comparison_corrections_json")
@api.get("/comparisons/{slug}/corrections", name="list_corrections")
async def corrections_json(request: Request, slug: str):
    """Every correction of the comparison, oldest first, with who made it, when, why, and what it
    does to the analysis shown now: applied, agrees (the analysis already agrees), unmatched (its
    passages are no longer found) or undone."""
    return await run_in_threadpool(_listing, request, slug)


@api.post("/comparisons/{slug}/corrections", status_code=201)
async def create_correction(request: Request, slug: str, body: CorrectionIn, session: SessionDep, role: CorrectorDep):
    """Correct the comparison (upload or admin token): `{"kind": "merge", "claims": ["c3", "c9"]}`,
    `{"kind": "split", "claim": "c3", "passage": {"article": "12", "start": 40, "end": 97}}` or
    `{"kind": "not_discrepancy", "discrepancy": "d2"}`, each with a `reason` (and an optional `author`).
    Ids and offsets are those of /c/{slug}.json as it is now; the correction is kept by the passages' words."""
    applied = await run_in_threadpool(service.correct, session, slug, body, role)
    return JSONResponse(applied.as_json(), status_code=201)


@api.post("/comparisons/{slug}/corrections/{correction_id}/undo")
def undo_correction(slug: str, correction_id: RowId, session: SessionDep, role: CorrectorDep):
    """Undo a correction (upload or admin token): it stays listed, marked undone."""
    service.undo_correction(session, slug, correction_id, who(None, role))
    return {"undone": correction_id}


# --- the page -----------------------------------------------------------------------------


def _context(request: Request, slug: str, params: dict, errors: dict | None = None, values: dict | None = None):
    shot, page = _page_of(request, slug)
    row = next((r for r in page.claims if r.id == params.get("claim")), None)
    discrepancy = next((d for d in page.discrepancies if d.id == params.get("discrepancy")), None)
    texts = {t.column.key: t.text for t in page.texts}
    labels = {c.key: c.label for c in page.columns}
    claim = next((c for c in shot.loaded.result.claims if row and c.id == row.id), None)
    passages = [  # every passage of the claim (an outlet may have several): "article:start:end", outlet, words
        (f"{o.article}:{o.start}:{o.end}", labels[o.article], words(texts.get(o.article, "")[o.start : o.end]))
        for o in (claim.occurrences if claim else [])
        if o.article in labels
    ]
    return {
        "comparison": shot.loaded.comparison,
        "page": page,
        "ready": shot.loaded.ready,
        "row": row,
        "discrepancy": discrepancy,
        "passages": passages,
        "role": correction_role(request, request.app.state.settings),
        "off_message": CORRECTIONS_OFF,
        "errors": errors or {},
        "values": values or {},
        "limits": {"reason": REASON_LIMIT, "author": AUTHOR_LIMIT},
    }


@pages.get("/c/{slug}/corrections", name="comparison_corrections")
async def corrections_page(request: Request, slug: str, claim: str | None = None, discrepancy: str | None = None):
    """The corrections made so far, and the forms to correct a claim (?claim=) or a discrepancy (?discrepancy=)."""
    context = await run_in_threadpool(_context, request, slug, {"claim": claim, "discrepancy": discrepancy})
    return render(request, "comparison_corrections.html", context)


def _correction_in(values: dict[str, str]) -> CorrectionIn:
    kind = values.get("kind", "")
    data: dict = {"kind": kind, "reason": values.get("reason", ""), "author": values.get("author") or None}
    if kind == "merge":
        data["claims"] = [values.get("claim", ""), values.get("other", "")]
    elif kind == "split":
        article, _, span = values.get("passage", "").partition(":")
        start, _, end = span.partition(":")
        if not (article and all(n.isascii() and n.isdigit() and len(n) <= 10 for n in (start, end))):
            raise UserError("Choose the passage to split out.", field="passage")
        data |= {"claim": values.get("claim"), "passage": {"article": article, "start": int(start), "end": int(end)}}
    elif kind == "not_discrepancy":
        data["discrepancy"] = values.get("discrepancy")
    return validated(CorrectionIn, data)


@pages.post("/c/{slug}/corrections", name="create_correction_form")
async def create_correction_form(request: Request, slug: str, session: SessionDep, role: CorrectorDep):
    """Store the correction and go back to the comparison, or show the form again with the reason."""
    async with request.form() as form:
        values = {name: value if isinstance(value := form.get(name), str) else "" for name in FORM_FIELDS}
    try:
        applied = await run_in_threadpool(service.correct, session, slug, _correction_in(values), role)
    except UserError as exc:
        session.rollback()
        params = {"claim": values["claim"], "discrepancy": values["discrepancy"]}
        errors = {exc.field if exc.field in INLINE_ERRORS else "form": exc.message}
        context = await run_in_threadpool(_context, request, slug, params, errors, values)
        return render(request, "comparison_corrections.html", context, exc.status_code)
    target = f"#claim-{applied.claims[0]}" if applied.claims else "#corrections"
    return RedirectResponse(str(request.url_for("comparison_page", slug=slug)) + target, status_code=303)


@pages.post("/c/{slug}/corrections/{correction_id}/undo", name="undo_correction_form")
async def undo_correction_form(
    request: Request, slug: str, correction_id: RowId, session: SessionDep, role: CorrectorDep
):
    async with request.form() as form:
        name = form.get("author")
    by = words(name)[:AUTHOR_LIMIT] if isinstance(name, str) else ""
    service.undo_correction(session, slug, correction_id, who(by, role))
    return RedirectResponse(str(request.url_for("comparison_corrections", slug=slug)), status_code=303)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
