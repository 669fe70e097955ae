"""Labels: the operator's label sets and the outlets' values in them, as pages (a grid of outlets
by sets), JSON and the API, and a CSV import (the same as `parallax labels import`).

Reading is open; defining and assigning need the admin token, like every change to what is stored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.models import as_row_id
from app.services import articles as article_service
from app.services import labels as service
from app.services.errors import UnsupportedMedia, UserError, validated
from app.services.labels import LabelSetIn, LabelSetPatch
from app.settings import Settings
from app.web.access import AdminDep
from app.web.api_errors import errors
from app.web.deps import SessionDep, SettingsDep
from app.web.params import RowId
from app.web.routes.outlets import label_form_changes
from app.web.routes.search import Limit, Offset
from app.web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["labels"])
CSV_TYPES = {"text/csv", "text/plain", "application/csv"}


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def labels_context(session, limit: int = 100, offset: int = 0) -> dict:
    outlets = article_service.list_outlets(session)
    return {
        "sets": service.list_sets(session),
        "book": service.book(session),
        "outlets": outlets[offset : offset + limit],
        "outlets_total": len(outlets),
        "limit": limit,
        "offset": offset,
        "labels_note": service.OPERATORS_DATA,
        "errors": {},
        "values": {},
    }


@pages.get("/labels", name="labels_page")
def labels_page(request: Request, session: SessionDep, limit: Limit = 100, offset: Offset = 0):
    """The label sets, a grid of outlets by sets to assign values (admin), and a form to define a set."""
    return render(request, "labels.html", labels_context(session, limit, offset))


@pages.get("/labels.json", name="labels_json")
@api.get("/labels", name="list_labels")
def labels_json(session: SessionDep):
    """Every label set with its values (and how many outlets have each) and each outlet's labels."""
    book = service.book(session)
    return {
        "note": service.OPERATORS_DATA,
        "sets": [s.as_json() for s in service.list_sets(session)],
        "outlets": [{"id": o.id, "name": o.name, "labels": o.labels} for o in article_service.list_outlets(session)]
        if not book.empty
        else [],
    }


@api.post("/labels", status_code=201, responses=errors(409))
def create_label_set(body: LabelSetIn, session: SessionDep, _admin: AdminDep):
    """Define a label set (admin token): its name, values in order and whose labels they are (409 if the name is taken)."""
    return service.create_set(session, body).as_json()


@api.get("/labels/{set_id}")
def read_label_set(set_id: RowId, session: SessionDep):
    return service.get_set(session, set_id).as_json()


@api.patch("/labels/{set_id}", tags=["admin"], responses=errors(409))
def update_label_set(set_id: RowId, patch: LabelSetPatch, session: SessionDep, _admin: AdminDep):
    """Rename a set, change its source, or give its whole list of values (admin token): values kept
    by name keep their outlets, new ones are added, those left out are removed from every outlet."""
    return service.update_set(session, set_id, patch).as_json()


@api.delete("/labels/{set_id}", status_code=204, tags=["admin"])
def delete_label_set(set_id: RowId, session: SessionDep, _admin: AdminDep):
    """Delete a set and every outlet's value in it (admin token)."""
    service.delete_set(session, set_id)
    return Response(status_code=204)


async def _csv_body(request: Request, settings: Settings) -> str:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in CSV_TYPES:
        raise UnsupportedMedia("Send the CSV file as text/csv.")
    body = await request.body()
    if len(body) > settings.max_upload_bytes:
        raise UserError("The file is too large.", field="file")
    return body.decode("utf-8", errors="replace")


@api.post("/labels/import", tags=["admin"], responses=errors(415))
async def import_labels(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    _admin: AdminDep,
    source: str | None = None,
    create_outlets: bool = False,
):
    """Import labels from a CSV body (admin token), as `parallax labels import FILE.csv` does: the head row
    is `outlet` then one column per label set; sets and values are defined as needed; an empty cell leaves a
    label as it is. Outlets are matched by name; unknown ones are reported (or created with ?create_outlets=true)."""
    text = await _csv_body(request, settings)
    return service.import_csv(session, text, source, create_outlets).as_json()


# --- the pages' forms ---------------------------------------------------------------------


def _labels_again(request: Request, session, errors: dict, values: dict, status: int):
    session.rollback()
    context = labels_context(session) | {"errors": errors, "values": values}
    return render(request, "labels.html", context, status)


def _to_labels(request: Request) -> RedirectResponse:
    return RedirectResponse(str(request.url_for("labels_page")), status_code=303)


def _set_form(
    name: Annotated[str, Form(max_length=500)] = "",
    values: Annotated[str, Form(max_length=50_000)] = "",
    source: Annotated[str, Form(max_length=2000)] = "",
) -> dict[str, str]:
    """A label set's form fields as typed (kept to show the form again); values one per line."""
    return {"name": name, "values": values, "source": source}


SetForm = Annotated[dict[str, str], Depends(_set_form)]


def _as_set(typed: dict[str, str]) -> dict:
    return {**typed, "values": _lines(typed["values"])}


@pages.post("/labels", name="create_label_set_form")
def create_label_set_form(request: Request, session: SessionDep, _admin: AdminDep, typed: SetForm):
    """Define a set from the form (values one per line), or show the form again with the reason."""
    try:
        service.create_set(session, validated(LabelSetIn, _as_set(typed)))
    except UserError as exc:
        return _labels_again(request, session, {exc.field or "name": exc.message}, typed, exc.status_code)
    return _to_labels(request)


@pages.post("/labels/assign", name="assign_labels_form")
async def assign_labels_form(request: Request, session: SessionDep, _admin: AdminDep):
    """The grid: one select ``o<outlet id>-set-<set id>`` per cell shown, a value id or "" for none."""
    async with request.form() as form:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    known = {o.id for o in article_service.list_outlets(session)}

    def locate(name: str):
        outlet, _, key = name.partition("-")
        outlet_id = as_row_id(outlet[1:]) if outlet.startswith("o") else None
        if outlet_id is None or not key.startswith("set-"):
            return None
        if outlet_id not in known:
            raise UserError("An outlet of this form no longer exists: reload the page.", field="labels")
        return outlet_id, key

    try:
        service.set_values(session, label_form_changes(session, fields, locate))
    except UserError as exc:
        return _labels_again(request, session, {"labels": exc.message}, {}, exc.status_code)
    return _to_labels(request)


@pages.get("/labels/{set_id}", name="label_set_page")
def label_set_page(request: Request, set_id: RowId, session: SessionDep):
    label_set = service.get_set(session, set_id)
    values = {
        "name": label_set.name,
        "source": label_set.source or "",
        "values": "\n".join(v.name for v in label_set.values),
    }
    return render(request, "label_set.html", {"set": label_set, "values": values, "errors": {}})


@pages.post("/labels/{set_id}", name="update_label_set_form")
def update_label_set_form(request: Request, set_id: RowId, session: SessionDep, _admin: AdminDep, typed: SetForm):
    label_set = service.get_set(session, set_id)
    try:
        service.update_set(session, set_id, validated(LabelSetPatch, _as_set(typed)))
    except UserError as exc:
        session.rollback()
        context = {"set": label_set, "values": typed}
        return render(
            request, "label_set.html", context | {"errors": {exc.field or "name": exc.message}}, exc.status_code
        )
    return _to_labels(request)


@pages.post("/labels/{set_id}/delete", name="delete_label_set_form")
def delete_label_set_form(request: Request, set_id: RowId, session: SessionDep, _admin: AdminDep):
    service.delete_set(session, set_id)
    return _to_labels(request)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
