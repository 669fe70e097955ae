"""Outlets as first-class: their pages and JSON, renaming and merging them (admin), and the label
sets an operator defines and assigns through pages, the API, a CSV import and the demo."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlmodel import select

from app.models import Article, Outlet, OutletLabel
from app.services.demo import load_demo
from tests.dam_story import ARTICLES, LABELS_CSV, store

ADMIN = "admin-token-0123456789abcdef"
BEARER = {"Authorization": f"Bearer {ADMIN}"}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def admin(client_with):
    """A client on an app with the admin token set."""
    return client_with(admin_token=ADMIN)


@pytest.fixture
def dam(add_article, session, settings):
    return store(add_article, session, settings)


def _unlocked(client: TestClient) -> str:
    """Unlock the browser session with the admin token; the CSRF token of its forms."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/unlock").text).group(1)
    assert client.post("/unlock", data={"token": ADMIN, "csrf_token": token}, follow_redirects=False).status_code == 303
    return token


def _outlet_id(client, name: str) -> int:
    return next(o["id"] for o in client.get("/api/outlets").json() if o["name"] == name)


# --- outlet pages ---------------------------------------------------------------------------


def test_an_outlet_page_and_its_json_list_its_articles_stories_comparisons_and_labels(admin, dam):
    slug, ids = dam
    assert admin.post(
        "/api/labels/import", content=LABELS_CSV, headers={**BEARER, "content-type": "text/csv"}
    ).is_success
    courier = _outlet_id(admin, "Valley Courier")
    data = admin.get(f"/outlets/{courier}.json").json()
    assert data == admin.get(f"/api/outlets/{courier}").json()
    assert data["name"] == "Valley Courier" and data["labels"] == {"kind": "newspaper"}
    assert [a["id"] for a in data["articles"]["items"]] == [ids[1]] and data["articles"]["total"] == 1
    assert data["articles"]["items"][0]["published_at"] == "2025-03-04T12:30:00+00:00"
    assert len(data["stories"]) == 1 and data["stories"][0]["articles"] == 1
    assert [c["slug"] for c in data["comparisons"]] == [slug]
    assert "not Parallax" in data["labels_note"]
    page = BeautifulSoup(admin.get(f"/outlets/{courier}").text, "html.parser")
    assert page.h1.get_text() == "Valley Courier"
    assert "newspaper" in page.select_one(".outlet-labels").get_text()
    assert page.find("a", href=f"http://testserver/c/{slug}") is not None
    listing = BeautifulSoup(admin.get("/outlets").text, "html.parser")
    assert listing.find("a", string="Valley Courier")["href"].endswith(f"/outlets/{courier}")


def test_an_unknown_outlet_is_a_404_page_and_json(client):
    assert client.get("/outlets/999").status_code == 404
    assert client.get("/api/outlets/999").json()["detail"] == "There is no outlet 999."


def test_renaming_and_merging_need_the_admin_token(client, admin, dam):
    courier = _outlet_id(client, "Valley Courier")
    assert client.patch(f"/api/outlets/{courier}", json={"name": "X"}).status_code == 403  # no token set at all
    assert admin.patch(f"/api/outlets/{courier}", json={"name": "X"}).status_code == 401
    wrong = {"Authorization": "Bearer wrong-token-0123456789abc"}
    assert admin.post(f"/api/outlets/{courier}/merge", json={"into": 1}, headers=wrong).status_code == 403
    assert admin.put(f"/api/outlets/{courier}/labels", json={}, headers=wrong).status_code == 403
    assert client.get(f"/api/outlets/{courier}").json()["name"] == "Valley Courier"


def test_renaming_an_outlet_renames_it_on_its_comparison(admin, dam):
    slug, _ = dam
    before = admin.get(f"/c/{slug}")
    courier = _outlet_id(admin, "Valley Courier")
    renamed = admin.patch(
        f"/api/outlets/{courier}",
        json={"name": "  The Valley   Courier ", "domain": "https://www.valleycourier.example/news"},
        headers=BEARER,
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "The Valley Courier" and renamed.json()["domain"] == "valleycourier.example"
    after = admin.get(f"/c/{slug}", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and "The Valley Courier" in after.text
    taken = admin.patch(f"/api/outlets/{courier}", json={"name": "northern ledger"}, headers=BEARER)
    assert taken.status_code == 409 and taken.json()["existing_id"] == _outlet_id(admin, "Northern Ledger")
    assert admin.patch(f"/api/outlets/{courier}", json={"domain": "not a domain"}, headers=BEARER).status_code == 422
    assert admin.patch(f"/api/outlets/{courier}", json={"name": " "}, headers=BEARER).status_code == 422


def test_merging_two_spellings_moves_articles_and_labels_and_removes_one(admin, session, add_article, dam):
    spelled = add_article("Flood barriers held in the lower town on Wednesday, officials said.", "Valley Courrier").id
    admin.post("/api/labels", json={"name": "kind", "values": ["newspaper"]}, headers=BEARER)
    admin.post("/api/labels", json={"name": "country", "values": ["Norland"]}, headers=BEARER)
    courier, typo = _outlet_id(admin, "Valley Courier"), _outlet_id(admin, "Valley Courrier")
    admin.put(f"/api/outlets/{courier}/labels", json={"kind": "newspaper"}, headers=BEARER)
    admin.put(f"/api/outlets/{typo}/labels", json={"country": "Norland"}, headers=BEARER)
    merged = admin.post(f"/api/outlets/{typo}/merge", json={"into": courier}, headers=BEARER)
    assert merged.status_code == 200, merged.text
    assert merged.json()["id"] == courier and merged.json()["articles"]["total"] == 2
    assert merged.json()["labels"] == {"kind": "newspaper", "country": "Norland"}
    assert admin.get(f"/api/outlets/{typo}").status_code == 404
    session.expire_all()
    assert session.get(Article, spelled).outlet_id == courier
    assert session.exec(select(OutletLabel).where(OutletLabel.outlet_id == typo)).all() == []
    assert admin.post(f"/api/outlets/{courier}/merge", json={"into": courier}, headers=BEARER).status_code == 422
    assert admin.post(f"/api/outlets/{courier}/merge", json={"into": 999}, headers=BEARER).status_code == 404


def test_the_outlet_page_renames_merges_and_labels_through_its_forms(admin, session, dam):
    csrf = _unlocked(admin)
    admin.post("/api/labels", json={"name": "kind", "values": ["wire", "newspaper"]}, headers=BEARER)
    courier, ledger = _outlet_id(admin, "Valley Courier"), _outlet_id(admin, "Northern Ledger")
    page = BeautifulSoup(admin.get(f"/outlets/{courier}").text, "html.parser")
    assert page.select_one("form[action$='/rename']") and page.select_one("form[action$='/merge']")
    clash = admin.post(f"/outlets/{courier}/rename", data={"name": "Northern Ledger", "domain": "", "csrf_token": csrf})
    assert clash.status_code == 409 and "merge the two" in clash.text and 'value="Northern Ledger"' in clash.text
    value = page.select_one("select[name^=set-] option:-soup-contains('newspaper')")["value"]
    select_name = page.select_one("select[name^=set-]")["name"]
    saved = admin.post(
        f"/outlets/{courier}/labels", data={select_name: value, "csrf_token": csrf}, follow_redirects=False
    )
    assert saved.status_code == 303 and admin.get(f"/api/outlets/{courier}").json()["labels"] == {"kind": "newspaper"}
    missing = admin.post(f"/outlets/{courier}/merge", data={"into": "", "csrf_token": csrf})
    assert missing.status_code == 422 and "Choose the outlet" in missing.text
    done = admin.post(
        f"/outlets/{courier}/merge", data={"into": str(ledger), "csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].endswith(f"/outlets/{ledger}")
    assert admin.get(f"/api/outlets/{ledger}").json()["labels"] == {"kind": "newspaper"}
    assert session.exec(select(Outlet).where(Outlet.id == courier)).first() is None


# --- label sets -----------------------------------------------------------------------------


def test_label_sets_are_defined_changed_and_deleted_through_the_api(admin, dam):
    made = admin.post(
        "/api/labels",
        json={
            "name": " ownership ",
            "values": ["public", "private", " Private ", "", "state"],
            "source": "Our desk, 2025",
        },
        headers=BEARER,
    )
    assert made.status_code == 201, made.text
    label_set = made.json()
    assert label_set["name"] == "ownership" and [v["name"] for v in label_set["values"]] == [
        "public",
        "private",
        "state",
    ]
    assert admin.post("/api/labels", json={"name": "Ownership"}, headers=BEARER).status_code == 409
    assert admin.post("/api/labels", json={"name": "   "}, headers=BEARER).status_code == 422
    assert admin.post("/api/labels", json={"name": "x" * 101}, headers=BEARER).status_code == 422
    assert admin.post("/api/labels", json={"name": "kind", "values": ["v" * 101]}, headers=BEARER).status_code == 422
    courier = _outlet_id(admin, "Valley Courier")
    assert admin.put(f"/api/outlets/{courier}/labels", json={"ownership": "PRIVATE"}, headers=BEARER).json() == {
        "labels": {"ownership": "private"}
    }
    wrong = admin.put(f"/api/outlets/{courier}/labels", json={"ownership": "co-operative"}, headers=BEARER)
    assert wrong.status_code == 422 and "public, private, state" in wrong.json()["detail"]
    assert admin.put(f"/api/outlets/{courier}/labels", json={"lean": "left"}, headers=BEARER).status_code == 422
    set_id = label_set["id"]
    changed = admin.patch(f"/api/labels/{set_id}", json={"values": ["state", "Private"]}, headers=BEARER).json()
    assert [(v["name"], v["outlets"]) for v in changed["values"]] == [("state", 0), ("Private", 1)]
    admin.patch(f"/api/labels/{set_id}", json={"values": ["state"]}, headers=BEARER)  # "private" goes, with its outlet
    assert admin.get(f"/api/outlets/{courier}").json()["labels"] == {}
    assert admin.put(f"/api/outlets/{courier}/labels", json={"ownership": "state"}, headers=BEARER).is_success
    assert admin.put(f"/api/outlets/{courier}/labels", json={"ownership": None}, headers=BEARER).json() == {
        "labels": {}
    }
    assert admin.delete(f"/api/labels/{set_id}", headers=BEARER).status_code == 204
    assert admin.get("/api/labels").json()["sets"] == []
    assert admin.get(f"/api/labels/{set_id}").status_code == 404


def test_the_labels_page_defines_a_set_and_assigns_it_in_its_grid(admin, dam):
    csrf = _unlocked(admin)
    page = admin.get("/labels")
    assert "not Parallax" in page.text and "ships no ratings" in page.text
    blank = admin.post("/labels", data={"name": "", "values": "wire", "source": "", "csrf_token": csrf})
    assert blank.status_code == 422 and "needs a name" in blank.text and ">wire</textarea>" in blank.text
    made = admin.post(
        "/labels",
        data={"name": "kind", "values": "wire\nnewspaper\n\nbroadcaster\n", "source": "Desk", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert made.status_code == 303
    grid = BeautifulSoup(admin.get("/labels").text, "html.parser")
    selects = {s["name"]: s for s in grid.select(".label-grid select")}
    assert len(selects) == len(ARTICLES)
    form = {"csrf_token": csrf}
    for outlet, _, _, kind in ARTICLES:
        name = next(n for n, s in selects.items() if s["id"].startswith(f"o{_outlet_id(admin, outlet)}-"))
        form[name] = next(o["value"] for o in selects[name].select("option") if o.get_text() == kind)
    assert admin.post("/labels/assign", data=form, follow_redirects=False).status_code == 303
    kinds = {o["name"]: o["labels"].get("kind") for o in admin.get("/api/outlets").json()}
    assert kinds == {outlet: kind for outlet, _, _, kind in ARTICLES}
    stale = admin.post("/labels/assign", data={"o1-set-999": "1", "csrf_token": csrf})
    assert stale.status_code == 422 and "reload the page" in stale.text
    assert admin.get("/labels.json").json()["outlets"][0]["labels"]


def test_label_pages_are_read_only_without_the_admin_token(client, settings, dam):
    assert client.get("/labels").status_code == 200
    assert "PARALLAX_ADMIN_TOKEN" in client.get("/labels").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/articles/new").text).group(1)
    assert client.post("/labels", data={"name": "kind", "csrf_token": token}).status_code == 403
    assert client.post("/api/labels", json={"name": "kind"}).status_code == 403


def test_a_csv_import_defines_sets_and_values_and_reports_unknown_outlets(admin):
    csv_headers = {**BEARER, "content-type": "text/csv"}
    body = "\ufeffOutlet,kind,Country\nNo Such Outlet,wire,Norland\n"
    report = admin.post("/api/labels/import", content=body, headers=csv_headers).json()
    assert report["sets_created"] == ["kind", "Country"] and report["unknown_outlets"] == ["No Such Outlet"]
    created = admin.post("/api/labels/import?create_outlets=true", content=body, headers=csv_headers).json()
    assert (
        created["outlets_created"] == ["No Such Outlet"] and created["assigned"] == 2 and created["values_created"] == 2
    )
    again = admin.post("/api/labels/import", content=body, headers=csv_headers).json()
    assert again["assigned"] == 0 and again["unchanged"] == 2
    for bad, says in [
        ("", "empty"),
        ("name,kind\nA,wire\n", "'outlet'"),
        ("outlet\nA\n", "at least one label set"),
        ("outlet,kind,Kind\nA,b,c\n", "same label set"),
        ("outlet,kind\nA,b,c\n", "more cells"),
        ('outlet,kind\n"A,b\n', "not readable"),
    ]:
        refused = admin.post("/api/labels/import", content=bad, headers=csv_headers)
        assert refused.status_code == 422 and says in refused.json()["detail"], (bad, refused.text)
    assert (
        admin.post(
            "/api/labels/import", content=body, headers={**BEARER, "content-type": "application/json"}
        ).status_code
        == 415
    )


def _readme_csv() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"```csv\n(.*?)```", readme, re.S).group(1)


@pytest.mark.slow
def test_the_cli_imports_the_readme_example_csv(tmp_path, database_url, add_article):
    for outlet in ("Harbour Gazette", "Kesta Wire", "Radio North"):
        add_article(f"The harbour wall was repaired on Monday, {outlet} reported.", outlet)
    path = tmp_path / "labels.csv"
    path.write_text(_readme_csv(), encoding="utf-8")
    env = {**os.environ, "PARALLAX_DATABASE_URL": database_url, "PARALLAX_DEMO": "0"}
    run = subprocess.run(
        [sys.executable, "-m", "app", "labels", "import", str(path), "--source", "Our newsroom"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "defined the label set country" in run.stdout
    again = subprocess.run(
        [sys.executable, "-m", "app", "labels", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert again.returncode == 0 and " unchanged" in again.stdout


def test_the_readme_example_csv_is_what_the_import_reads(admin, add_article):
    for outlet in ("Harbour Gazette", "Kesta Wire", "Radio North"):
        add_article(f"The harbour wall was repaired on Monday, {outlet} reported.", outlet)
    report = admin.post(
        "/api/labels/import", content=_readme_csv(), headers={**BEARER, "content-type": "text/csv"}
    ).json()
    assert report["unknown_outlets"] == [] and report["assigned"] >= 3
    labels = {o["name"]: o["labels"] for o in admin.get("/api/outlets").json()}
    assert labels["Kesta Wire"]["kind"] == "wire"


def test_the_demo_loads_the_country_of_its_outlets_and_no_rating(session, settings, client):
    load_demo(session, settings.model_copy(update={"demo": True}))
    sets = client.get("/api/labels").json()["sets"]
    assert [s["name"] for s in sets] == ["country"]
    labels = {o["name"]: o["labels"] for o in client.get("/api/outlets").json()}
    assert labels["Dawn"] == {"country": "Pakistan"} and labels["The Washington Post"] == {"country": "United States"}
    assert labels["Emerging Gulf"] == {}  # not known: left without one
    assert "Emerging Gulf" in sets[0]["source"]
