"""Outlets: the list, an outlet's page and its JSON twins; renaming, merging and labelling them (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from app.models import RowIdValue, as_row_id
from app.services import articles as article_service
from app.services import labels as label_service
from app.services import outlets as outlet_service
from app.services.articles import OutletPublic
from app.services.errors import UserError
from app.services.outlets import OutletDetail
from app.web.access import AdminDep
from app.web.api_errors import errors
from app.web.deps import SessionDep
from app.web.params import RowId
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["outlets"])


@pages.get("/outlets", name="outlets_page")
def outlets_page(request: Request, session: SessionDep):
    context = {"outlets": article_service.list_outlets(session), "sets": label_service.list_sets(session)}
    return render(request, "outlets.html", context)


@api.get("/outlets", response_model=list[OutletPublic])
def list_outlets(session: SessionDep):
    """Every outlet with how many articles it has and its labels (label set name -> value)."""
    return article_service.list_outlets(session)


def outlet_json(request: Request, detail: OutletDetail) -> dict:
    outlet = detail.outlet
    return {
        "id": outlet.id,
        "name": outlet.name,
        "domain": outlet.domain,
        "url": str(request.url_for("outlet_page", outlet_id=outlet.id)),
        "labels": {label_set.name: value.name for label_set, value in detail.labels},
        "label_sources": {label_set.name: label_set.source for label_set, _ in detail.labels},
        "labels_note": label_service.OPERATORS_DATA,
        "articles": {
            "total": detail.articles_total,
            "items": [
                {
                    "id": a.id,
                    "title": a.title,
                    "url": a.url,
                    "published_at": a.published_at.isoformat() if a.published_at else None,
                    "story_id": a.story_id,
                }
                for a in detail.articles
            ],
        },
        "stories": [{"id": s.id, "title": s.title, "articles": s.articles} for s in detail.stories],
        "comparisons": [c.as_json(str(request.url_for("comparison_page", slug=c.slug))) for c in detail.comparisons],
    }


@pages.get("/outlets/{outlet_id}.json", name="outlet_json")
def outlet_json_page(request: Request, outlet_id: RowId, session: SessionDep):
    return outlet_json(request, outlet_service.outlet_detail(session, outlet_id))


@api.get("/outlets/{outlet_id}", name="read_outlet")
def read_outlet(request: Request, outlet_id: RowId, session: SessionDep):
    """One outlet: its name, domain, labels, articles (the newest 100 and how many in all),
    the stories and comparisons it appears in (= /outlets/{id}.json)."""
    return outlet_json(request, outlet_service.outlet_detail(session, outlet_id))


def _page(request: Request, session, outlet_id: int, errors: dict | None = None, values=None, status=200):
    detail = outlet_service.outlet_detail(session, outlet_id)
    context = {
        "detail": detail,
        "current": {label_set.id: value.id for label_set, value in detail.labels},
        "sets": label_service.list_sets(session),
        "others": [o for o in article_service.list_outlets(session) if o.id != outlet_id],
        "errors": errors or {},
        "values": values or {},
        "labels_note": label_service.OPERATORS_DATA,
    }
    return render(request, "outlet.html", context, status)


@pages.get("/outlets/{outlet_id}", name="outlet_page")
def outlet_page(request: Request, outlet_id: RowId, session: SessionDep):
    return _page(request, session, outlet_id)


# --- the admin's changes ------------------------------------------------------------------


class OutletPatch(BaseModel):
    """A new name or domain for an outlet (leave one out to keep it; "" clears the domain)."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=200)
    domain: str | None = Field(None, max_length=253)


class MergeIn(BaseModel):
    """The outlet this one is another spelling of: it takes this one's articles and labels."""

    model_config = ConfigDict(extra="forbid")
    into: RowIdValue = Field(description="id of the outlet to keep")


@api.patch("/outlets/{outlet_id}", tags=["admin"], responses=errors(409))
def api_rename_outlet(request: Request, outlet_id: RowId, patch: OutletPatch, session: SessionDep, _admin: AdminDep):
    """Rename an outlet or set its domain (admin token); a name another outlet has is refused (409): merge them."""
    outlet_service.rename_outlet(session, outlet_id, patch.name, patch.domain)
    return outlet_json(request, outlet_service.outlet_detail(session, outlet_id))


@api.post("/outlets/{outlet_id}/merge", tags=["admin"])
def api_merge_outlet(request: Request, outlet_id: RowId, merge: MergeIn, session: SessionDep, _admin: AdminDep):
    """Merge this outlet into another (admin token): its articles move there and it is removed."""
    target = outlet_service.merge_outlets(session, outlet_id, merge.into)
    assert target.id is not None
    return outlet_json(request, outlet_service.outlet_detail(session, target.id))


@api.put("/outlets/{outlet_id}/labels", tags=["admin"])
def api_set_outlet_labels(outlet_id: RowId, labels: dict[str, str | None], session: SessionDep, _admin: AdminDep):
    """Set an outlet's labels (admin token): {"country": "Pakistan", "ownership": null}, by the sets'
    and values' names; null or "" clears one; sets left out stay as they are. Answers the outlet's labels."""
    return {"labels": label_service.assign(session, outlet_id, labels)}


def _back(request: Request, outlet_id: int) -> RedirectResponse:
    return RedirectResponse(str(request.url_for("outlet_page", outlet_id=outlet_id)), status_code=303)


@pages.post("/outlets/{outlet_id}/rename", name="rename_outlet_form")
def rename_outlet_form(
    request: Request,
    outlet_id: RowId,
    session: SessionDep,
    _admin: AdminDep,
    name: Annotated[str, Form(max_length=200)] = "",
    domain: Annotated[str, Form(max_length=253)] = "",
):
    try:
        outlet_service.rename_outlet(session, outlet_id, name, domain)
    except UserError as exc:
        session.rollback()
        if exc.status_code == 404:
            raise
        values = {"name": name, "domain": domain}
        return _page(request, session, outlet_id, {exc.field or "name": exc.message}, values, exc.status_code)
    return _back(request, outlet_id)


@pages.post("/outlets/{outlet_id}/merge", name="merge_outlet_form")
def merge_outlet_form(
    request: Request, outlet_id: RowId, session: SessionDep, _admin: AdminDep, into: Annotated[str, Form()] = ""
):
    outlet_service.get_outlet(session, outlet_id)  # this outlet itself gone: its 404, not the form's
    try:
        target_id = as_row_id(into)
        if target_id is None:
            raise UserError("Choose the outlet to merge this one into.", field="into")
        target = outlet_service.merge_outlets(session, outlet_id, target_id)
    except UserError as exc:
        session.rollback()
        return _page(request, session, outlet_id, {"into": exc.message}, {"into": into}, exc.status_code)
    assert target.id is not None
    return _back(request, target.id)


@pages.post("/outlets/{outlet_id}/labels", name="outlet_labels_form")
async def outlet_labels_form(request: Request, outlet_id: RowId, session: SessionDep, _admin: AdminDep):
    """The outlet page's label selects: one field ``set-<id>`` per label set, a value id or "" for none."""
    outlet_service.get_outlet(session, outlet_id)
    async with request.form() as form:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        changes = label_form_changes(session, fields, lambda key: (outlet_id, key) if key.startswith("set-") else None)
        label_service.set_values(session, changes)
    except UserError as exc:
        return _page(request, session, outlet_id, {"labels": exc.message}, None, exc.status_code)
    return _back(request, outlet_id)


def label_form_changes(session, fields: dict[str, str], locate) -> dict[tuple[int, int], int | None]:
    """(outlet id, set id) -> value id from form fields; ``locate(name)`` gives (outlet id, "set-<id>")
    for a label field and None for any other. A value that is not the set's own is refused."""
    values = {s.id: {v.id for v in s.values} for s in label_service.list_sets(session)}
    changes: dict[tuple[int, int], int | None] = {}
    for name, raw in fields.items():
        found = locate(name)
        if found is None:
            continue
        outlet_id, key = found
        set_part = key.removeprefix("set-")
        set_id = as_row_id(set_part)
        if set_id is None or set_id not in values:
            raise UserError("A label set of this form no longer exists: reload the page.", field="labels")
        value = raw.strip()
        value_id = as_row_id(value) if value else None
        if value and value_id not in values[set_id]:
            raise UserError("A value of this form no longer exists: reload the page.", field="labels")
        changes[(outlet_id, set_id)] = value_id
    return changes


router = APIRouter()
router.include_router(api)
router.include_router(pages)
