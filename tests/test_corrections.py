"""Readers' corrections: merge two claims, split a passage out, "not a discrepancy"; who may make
them, how they are listed and undone, how the page, digest, CSV and JSON show them, and that they
apply again after a recompute without the stored analysis ever being edited."""

from __future__ import annotations

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

import app.services.comparisons as service
from app.models import Comparison
from tests.dam_story import CREWS, RAIN, RESCUE, claim_with, store

ADMIN = "admin-token-0123456789abcdef"
UPLOAD = "upload-token-0123456789abcdef"


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def guarded(client_with):
    """A client on an app with both tokens set."""
    return client_with(admin_token=ADMIN, upload_token=UPLOAD)


@pytest.fixture
def dam(add_article, session, settings):
    return store(add_article, session, settings)


def _json(client, slug, query=""):
    response = client.get(f"/c/{slug}.json{query}")
    assert response.status_code == 200, response.text
    return response.json()


def _merge(client, slug, first: str, second: str, token=UPLOAD, **extra):
    data = _json(client, slug)
    body = {"kind": "merge", "claims": [claim_with(data, first)["id"], claim_with(data, second)["id"]], **extra}
    return client.post(
        f"/api/comparisons/{slug}/corrections",
        json={"reason": "Both say crews searched all night", **body},
        headers=_bearer(token),
    )


def _unlock(client, token) -> str:
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/unlock").text).group(1)
    assert client.post("/unlock", data={"token": token, "csrf_token": csrf}, follow_redirects=False).status_code == 303
    return csrf


# --- who may correct ------------------------------------------------------------------------


def test_correcting_needs_the_upload_or_admin_token(guarded, client, dam):
    slug, _ = dam
    refused = _merge(client, slug, RESCUE, CREWS, token="a-token-nobody-has-0123")
    assert (
        refused.status_code == 403 and "PARALLAX_OPEN_CORRECTIONS" in refused.json()["detail"]
    )  # no token is set here
    body = {"kind": "merge", "claims": ["c1", "c2"], "reason": "same"}
    assert guarded.post(f"/api/comparisons/{slug}/corrections", json=body).status_code == 401
    assert _merge(guarded, slug, RESCUE, CREWS, token="wrong-token-0123456789ab").status_code == 403
    made = _merge(guarded, slug, RESCUE, CREWS, author="Ana Lima")
    assert made.status_code == 201, made.text
    assert (
        made.json()["role"] == "uploader" and made.json()["status"] == "applied" and made.json()["author"] == "Ana Lima"
    )
    assert _merge(guarded, slug, RAIN, "Schools in the valley", token=ADMIN).json()["role"] == "admin"
    page = BeautifulSoup(client.get(f"/c/{slug}/corrections").text, "html.parser")
    assert "PARALLAX_OPEN_CORRECTIONS" in page.get_text() and page.select_one("#merge-form") is None


def test_the_operator_can_open_corrections_to_every_reader(client_with, dam):
    client = client_with(open_corrections=True)
    made = _merge(client, dam[0], RESCUE, CREWS, token="anything-at-all-0123456")
    assert made.status_code == 201 and made.json()["role"] == "reader"
    assert made.json()["status"] == "applied"


# --- merge, split, dismiss ------------------------------------------------------------------


def test_a_merge_shows_in_the_matrix_json_csv_and_digest_but_never_edits_the_analysis(guarded, session, dam):
    slug, ids = dam
    before = _json(guarded, slug)
    stored_before = session.exec(select(Comparison).where(Comparison.slug == slug)).one().result
    page_before = guarded.get(f"/c/{slug}")
    rescue, crews = claim_with(before, RESCUE), claim_with(before, CREWS)
    assert _merge(guarded, slug, RESCUE, CREWS).status_code == 201
    after = _json(guarded, slug)
    assert len(after["claims"]) == len(before["claims"]) - 1
    merged = next(c for c in after["claims"] if c["id"] == rescue["id"])
    assert {o["article"] for o in merged["occurrences"]} == {str(ids[0]), str(ids[3])}
    assert merged["corrections"] == [1] and all(c["id"] != crews["id"] for c in after["claims"])
    assert after["corrections"][0]["summary"].startswith(f"“{RESCUE}” and “{CREWS}” are the same claim")
    session.expire_all()
    assert session.exec(select(Comparison).where(Comparison.slug == slug)).one().result == stored_before
    # the cached page was keyed on the corrections: the same ETag now gets the new page
    page = guarded.get(f"/c/{slug}", headers={"If-None-Match": page_before.headers["etag"]})
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    row = soup.select_one(f"tr#claim-{rescue['id']}")
    assert "corrected" in row["class"] and row.select_one("td.num").get_text() == "2"
    assert "(corrected #1)" in row.select_one(".by").get_text() and "as corrected by a reader" in row.get_text()
    assert soup.select_one(f"tr#claim-{crews['id']}") is None
    assert "reader correction is applied" in soup.select_one("#digest").get_text()
    wire = next(o for o in soup.select(".digest-outlet") if o.h4.get_text() == "Kesta Wire")
    assert RESCUE not in wire.get_text()  # no longer a claim only the wire carries
    listed = soup.select_one("#correction-1").get_text()
    assert (
        "Ana" not in listed
        and "A reader with the upload token" in listed
        and "Both say crews searched all night" in listed
    )
    rows = list(csv.reader(io.StringIO(guarded.get(f"/c/{slug}.csv").content.decode("utf-8-sig"))))
    marked = next(r for r in rows[2:] if r[0] == rescue["id"])
    assert marked[3] == "2" and marked[rows[0].index("corrected by readers")] == "#1"


def test_a_passage_split_out_leaves_its_claim_and_stands_alone(guarded, dam):
    slug, ids = dam
    data = _json(guarded, slug)
    rain = claim_with(data, RAIN)
    courier = next(o for o in rain["occurrences"] if o["article"] == str(ids[1]))
    body = {
        "kind": "split",
        "claim": rain["id"],
        "passage": {k: courier[k] for k in ("article", "start", "end")},
        "reason": "The courier means another dam",
    }
    made = guarded.post(f"/api/comparisons/{slug}/corrections", json=body, headers=_bearer(UPLOAD))
    assert made.status_code == 201, made.text
    assert made.json()["claims"] == [rain["id"], "r1"]
    after = _json(guarded, slug)
    assert [o["article"] for o in next(c for c in after["claims"] if c["id"] == rain["id"])["occurrences"]] == [
        str(ids[0])
    ]
    alone = next(c for c in after["claims"] if c["id"] == "r1")
    assert alone["text"] == RAIN and [o["article"] for o in alone["occurrences"]] == [str(ids[1])]
    detail = guarded.get(f"/c/{slug}/claims/{rain['id']}.json").json()
    assert detail["left_out_by"] == ["Valley Courier", "Northern Ledger", "Radio North"] and detail["corrections"] == [
        1
    ]
    one = guarded.post(
        f"/api/comparisons/{slug}/corrections",
        json={**body, "claim": "r1", "passage": {**body["passage"]}},
        headers=_bearer(UPLOAD),
    )
    assert one.status_code == 422 and "only that passage" in one.json()["detail"]


def test_not_a_discrepancy_takes_it_out_of_the_digest_and_lists_it_apart(guarded, dam):
    slug, _ = dam
    (toll,) = _json(guarded, slug)["discrepancies"]
    body = {"kind": "not_discrepancy", "discrepancy": toll["id"], "reason": "The toll rose: both figures were right"}
    assert guarded.post(f"/api/comparisons/{slug}/corrections", json=body, headers=_bearer(ADMIN)).status_code == 201
    after = _json(guarded, slug)
    assert after["discrepancies"] == [] and after["dismissed_discrepancies"][0]["correction"] == 1
    assert after["dismissed_discrepancies"][0]["id"] == toll["id"]
    soup = BeautifulSoup(guarded.get(f"/c/{slug}").text, "html.parser")
    assert soup.select_one(".digest-discrepancy") is None
    dismissed = soup.select_one(".dismissed").get_text()
    assert "marked “not a discrepancy” by readers" in dismissed and "The toll rose" in dismissed


def test_bad_corrections_get_a_clear_reason_and_store_nothing(guarded, dam):
    slug, _ = dam
    data = _json(guarded, slug)
    rescue = claim_with(data, RESCUE)["id"]
    url = f"/api/comparisons/{slug}/corrections"
    for body, status, says in [
        ({"kind": "merge", "claims": [rescue, rescue], "reason": "same one"}, 422, "two different claims"),
        ({"kind": "merge", "claims": [rescue, "c999"], "reason": "same one"}, 404, "no claim 'c999'"),
        ({"kind": "merge", "claims": [rescue, claim_with(data, CREWS)["id"]], "reason": " x "}, 422, "Say why"),
        (
            {"kind": "split", "claim": rescue, "passage": {"article": "1", "start": 0, "end": 3}, "reason": "nope"},
            422,
            "Choose one of",
        ),
        ({"kind": "not_discrepancy", "discrepancy": "d99", "reason": "nope"}, 404, "no discrepancy"),
        ({"kind": "rename", "reason": "nope"}, 422, "merge, split or not_discrepancy"),
        ({"kind": "merge", "claims": [], "reason": "r" * 1001}, 422, "reason"),
    ]:
        refused = guarded.post(url, json=body, headers=_bearer(UPLOAD))
        assert refused.status_code == status and says in refused.text, (body, refused.text)
    assert guarded.get(url).json()["corrections"] == []
    assert (
        guarded.post(
            "/api/comparisons/nope/corrections", json={"kind": "merge", "reason": "x"}, headers=_bearer(UPLOAD)
        ).status_code
        == 404
    )


def test_the_corrections_page_merges_with_the_input_kept_on_a_mistake_and_undoes(guarded, dam):
    slug, _ = dam
    csrf = _unlock(guarded, UPLOAD)
    data = _json(guarded, slug)
    rescue, crews = claim_with(data, RESCUE)["id"], claim_with(data, CREWS)["id"]
    row_link = BeautifulSoup(guarded.get(f"/c/{slug}").text, "html.parser").select_one(f"tr#claim-{rescue} a.correct")
    form_page = BeautifulSoup(guarded.get(row_link["href"]).text, "html.parser")
    assert form_page.select_one("#merge-form") and form_page.select_one(f"#merge-other option[value={crews}]")
    fields = {"csrf_token": csrf, "kind": "merge", "claim": rescue, "other": crews, "author": "Ana"}
    unchosen = guarded.post(f"/c/{slug}/corrections", data={**fields, "other": "", "reason": "Same search"})
    assert unchosen.status_code == 422 and "Choose the other claim" in unchosen.text
    short = guarded.post(f"/c/{slug}/corrections", data={**fields, "reason": "x"})
    assert short.status_code == 422 and "Say why" in short.text
    kept = BeautifulSoup(short.text, "html.parser")
    assert (
        kept.select_one(f"#merge-other option[value={crews}]").has_attr("selected")
        and kept.select_one("#merge-author")["value"] == "Ana"
    )
    done = guarded.post(
        f"/c/{slug}/corrections", data={**fields, "reason": "Same search, other words"}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].endswith(f"#claim-{rescue}")
    listing = guarded.get(f"/c/{slug}/corrections.json").json()["corrections"]
    assert [(c["author"], c["reason"], c["status"]) for c in listing] == [
        ("Ana", "Same search, other words", "applied")
    ]
    assert listing[0]["created_at"].endswith("+00:00")
    undo = BeautifulSoup(guarded.get(f"/c/{slug}/corrections").text, "html.parser").select_one("form.inline-form")
    assert (
        guarded.post(undo["action"], data={"csrf_token": csrf, "author": "Bo"}, follow_redirects=False).status_code
        == 303
    )
    after = _json(guarded, slug)
    assert claim_with(after, CREWS)["id"] == crews and after["corrections"][0]["status"] == "undone"
    assert after["corrections"][0]["undone_by"] == "Bo with the upload token"
    assert guarded.post(f"/api/comparisons/{slug}/corrections/1/undo", headers=_bearer(UPLOAD)).status_code == 422
    assert guarded.post(f"/api/comparisons/{slug}/corrections/9/undo", headers=_bearer(UPLOAD)).status_code == 404


# --- after a recompute ----------------------------------------------------------------------


def _renumbered(original):
    """An analysis that numbers and orders its claims differently: corrections must not depend on ids."""

    def run(rows):
        result = original(rows)
        claims = list(reversed(result["claims"]))
        renamed = {c["id"]: f"k{i:03d}" for i, c in enumerate(claims)}
        result["claims"] = [{**c, "id": renamed[c["id"]]} for c in claims]
        result["discrepancies"] = [
            {**d, "claim": renamed.get(d.get("claim"), d.get("claim"))} for d in result["discrepancies"]
        ]
        return result

    return run


def test_a_correction_applies_again_after_the_analysis_is_recomputed(guarded, session, dam, monkeypatch):
    slug, ids = dam
    assert _merge(guarded, slug, RESCUE, CREWS).status_code == 201
    (toll,) = _json(guarded, slug)["discrepancies"]
    dismiss = {"kind": "not_discrepancy", "discrepancy": toll["id"], "reason": "The toll rose over the day"}
    assert (
        guarded.post(f"/api/comparisons/{slug}/corrections", json=dismiss, headers=_bearer(UPLOAD)).status_code == 201
    )
    monkeypatch.setattr(service, "ANALYSIS_VERSION", "99.0-test")
    renumbered = _renumbered(service.run_analysis)  # the server's runner analyses in a child: stand in for it
    monkeypatch.setattr(service, "analyse_in_child", lambda rows, budget, claim: renumbered(rows))
    after = _json(guarded, slug)
    assert after["comparison"]["analysis_version"] == "99.0-test"
    merged = claim_with(after, RESCUE)
    assert merged["id"].startswith("k") and merged["corrections"] == [1]
    assert {o["article"] for o in merged["occurrences"]} == {str(ids[0]), str(ids[3])}
    assert after["discrepancies"] == [] and [c["status"] for c in after["corrections"]] == ["applied", "applied"]
    stored = session.exec(select(Comparison).where(Comparison.slug == slug)).one()
    session.refresh(stored)
    assert len(stored.result["discrepancies"]) == 1  # recomputed, and still the analysis's own


def test_after_a_recompute_a_correction_says_when_it_no_longer_applies(guarded, dam, monkeypatch):
    slug, _ = dam
    assert _merge(guarded, slug, RESCUE, CREWS).status_code == 201
    original = service.run_analysis

    def holding(claims, rows, words):
        texts = {str(article.id): article.text for article, _ in rows}
        return next(
            c for c in claims if any(words in texts[o["article"]][o["start"] : o["end"]] for o in c["occurrences"])
        )

    def merged_by_the_analysis(rows):  # a later analysis that finds the two the same claim itself
        result = original(rows)
        rescue, crews = holding(result["claims"], rows, RESCUE), holding(result["claims"], rows, CREWS)
        rescue["occurrences"] += crews["occurrences"]
        result["claims"] = [c for c in result["claims"] if c is not crews]
        return result

    monkeypatch.setattr(service, "ANALYSIS_VERSION", "99.1-test")
    monkeypatch.setattr(service, "analyse_in_child", lambda rows, budget, claim: merged_by_the_analysis(rows))
    assert _json(guarded, slug)["corrections"][0]["status"] == "agrees"

    def without_the_crews(rows):  # a later analysis that no longer finds the radio's sentence a claim
        result = original(rows)
        result["claims"] = [c for c in result["claims"] if CREWS not in c["text"]]
        return result

    monkeypatch.setattr(service, "ANALYSIS_VERSION", "99.2-test")
    monkeypatch.setattr(service, "analyse_in_child", lambda rows, budget, claim: without_the_crews(rows))
    after = _json(guarded, slug)
    assert after["corrections"][0]["status"] == "unmatched"
    page = guarded.get(f"/c/{slug}").text
    assert "its passages are no longer found in the analysis" in page
