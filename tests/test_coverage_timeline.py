"""Coverage by label and the timeline, through the comparison page, its JSON and CSV, the digest and
the story page, on the invented dam story (tests/dam_story.py) with the operator's "kind" labels."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from app.web.timeline import Moment, first_report, moment_of
from tests.dam_story import GOVERNOR, LABELS_CSV, RAIN, claim_with, store

ADMIN = "admin-token-0123456789abcdef"
BEARER = {"Authorization": f"Bearer {ADMIN}"}


@pytest.fixture
def admin(client_with):
    return client_with(admin_token=ADMIN)


@pytest.fixture
def labelled(admin, add_article, session, settings):
    """The dam story compared, its outlets labelled wire / newspaper / broadcaster."""
    slug, ids = store(add_article, session, settings)
    imported = admin.post("/api/labels/import", content=LABELS_CSV, headers={**BEARER, "content-type": "text/csv"})
    assert imported.json()["assigned"] == 4
    return slug, ids


def _soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


def _outlet(client, name):
    return next(o["id"] for o in client.get("/api/outlets").json() if o["name"] == name)


# --- coverage by label ----------------------------------------------------------------------


def test_the_json_spreads_claims_over_each_label_and_names_the_blindspot(admin, labelled):
    slug, _ = labelled
    data = admin.get(f"/c/{slug}.json").json()
    (kind,) = data["labels"]["sets"]
    values = {v["name"]: v for v in kind["values"]}
    assert list(values) == ["wire", "newspaper", "broadcaster"]
    assert values["newspaper"]["outlets"] == ["Valley Courier", "Northern Ledger"]
    # wire: the failure, the rain, its rescue teams; newspapers: failure, rain, governor, schools; radio: failure, schools, crews
    assert (values["wire"]["claims"], values["newspaper"]["claims"], values["broadcaster"]["claims"]) == (3, 4, 3)
    assert (values["wire"]["only"], values["newspaper"]["only"], values["broadcaster"]["only"]) == (1, 1, 1)
    governor = claim_with(data, GOVERNOR)
    assert kind["blindspots"] == [
        {
            "claim": governor["id"],
            "value": "newspaper",
            "outlets": ["Valley Courier", "Northern Ledger"],
            "left_out_by": ["wire", "broadcaster"],
        }
    ]
    assert governor["labels"]["kind"] == {
        "carried_by": ["newspaper"],
        "left_out_by": ["wire", "broadcaster"],
        "unlabelled_outlet_carries": False,
    }
    assert claim_with(data, RAIN)["labels"]["kind"]["carried_by"] == ["wire", "newspaper"]
    assert "not Parallax" in data["labels"]["note"]


def test_the_page_shows_coverage_the_matrix_sides_and_the_digest_side(admin, labelled):
    slug, _ = labelled
    page = _soup(admin, f"/c/{slug}")
    assert page.select_one(".section-index a[href='#labels']")
    rows = {r.th.get_text(): r for r in page.select(".coverage-table tbody tr")}
    assert list(rows) == ["wire", "newspaper", "broadcaster"]
    assert "Valley Courier, Northern Ledger" in rows["newspaper"].get_text()
    blindspots = page.select(".blindspots li")
    assert (
        len(blindspots) == 1
        and GOVERNOR in blindspots[0].get_text()
        and "not wire, broadcaster" in blindspots[0].get_text()
    )
    side = page.select_one(".digest-side")
    assert (
        side.strong.get_text()
        == "By kind, only newspaper (Valley Courier and Northern Ledger), not wire or broadcaster:"
    )
    governor = next(r for r in page.select("tr[data-claim]") if GOVERNOR in r.get_text())
    assert governor.select_one("td.sides").get_text() == "not wire, broadcaster"
    assert "By kind: newspaper, not wire, broadcaster." in governor.select_one("td.who").get_text()
    assert "operator" in page.select_one(".coverage .labels-note").get_text()


def test_the_filter_shows_only_claims_every_carrier_of_which_has_the_label(admin, labelled):
    slug, _ = labelled
    data = admin.get("/api/labels").json()
    newspaper = next(v["id"] for v in data["sets"][0]["values"] if v["name"] == "newspaper")
    view = admin.get(f"/c/{slug}.json?filter=label&label={newspaper}").json()
    assert [c["text"][:40] for c in view["claims"]] == [GOVERNOR[:40]]
    assert view["comparison"]["view"]["label"] == "claims carried only by outlets labelled newspaper (kind)"
    page = _soup(admin, f"/c/{slug}?filter=label&label={newspaper}")
    assert [r.th.a.get_text()[:40] for r in page.select("tr[data-claim]")] == [GOVERNOR[:40]]
    assert page.select_one("#f-label option[selected]").get_text() == "newspaper"
    assert page.select_one(".exports a")["href"].endswith(f"?filter=label&label={newspaper}")
    rows = list(
        csv.reader(io.StringIO(admin.get(f"/c/{slug}.csv?filter=label&label={newspaper}").content.decode("utf-8-sig")))
    )
    assert (
        rows[0][-2:] == ["kind: carried by", "kind: left out by"]
        and len(rows) == 3
        and rows[2][-2:] == ["newspaper", "wire; broadcaster"]
    )
    unknown = admin.get(f"/c/{slug}.json?filter=label&label=9999").json()
    assert unknown["claims"] == [] and "Choose a label" in unknown["comparison"]["view"]["error"]
    assert admin.get(f"/c/{slug}?filter=label&label=abc").status_code == 200


def test_an_outlet_without_a_label_is_never_counted_as_absent(admin, labelled):
    slug, _ = labelled
    ledger = _outlet(admin, "Northern Ledger")
    assert admin.put(f"/api/outlets/{ledger}/labels", json={"kind": None}, headers=BEARER).is_success
    data = admin.get(f"/c/{slug}.json").json()
    (kind,) = data["labels"]["sets"]
    assert kind["blindspots"] == []  # the governor claim: one newspaper, and an outlet that has no kind
    assert claim_with(data, GOVERNOR)["labels"]["kind"]["unlabelled_outlet_carries"] is True
    assert [v["name"] for v in kind["values"]][-1] == "no label"


def test_a_label_change_shows_on_the_next_view_of_a_cached_page(admin, labelled):
    slug, _ = labelled
    first = admin.get(f"/c/{slug}")
    assert admin.get(f"/c/{slug}", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    label_set = admin.get("/api/labels").json()["sets"][0]
    admin.patch(f"/api/labels/{label_set['id']}", json={"name": "type of outlet"}, headers=BEARER)
    renamed = admin.get(f"/c/{slug}", headers={"If-None-Match": first.headers["etag"]})
    assert renamed.status_code == 200 and "By type of outlet" in renamed.text
    admin.delete(f"/api/labels/{label_set['id']}", headers=BEARER)
    gone = admin.get(f"/c/{slug}", headers={"If-None-Match": renamed.headers["etag"]})
    assert gone.status_code == 200 and 'id="labels"' not in gone.text


def test_without_labels_there_is_no_coverage_section(client, add_article, session, settings):
    slug, _ = store(add_article, session, settings)
    page = client.get(f"/c/{slug}").text
    assert 'id="labels"' not in page and "Carried by one side only" not in page
    assert client.get(f"/c/{slug}.json").json()["labels"]["sets"] == []


def test_the_story_page_spreads_its_articles_and_claims_over_the_labels(admin, labelled, session):
    from app.models import Article

    story = session.get(Article, labelled[1][0]).story_id
    page = _soup(admin, f"/stories/{story}")
    rows = {r.th.get_text(): r.select("td")[-1].get_text() for r in page.select(".story-coverage tbody tr")}
    assert rows == {"wire": "1", "newspaper": "2", "broadcaster": "1"}
    assert GOVERNOR in page.select_one(".blindspots").get_text()
    assert page.select_one(".blindspots a")["href"].startswith(f"/c/{labelled[0]}#claim-")
    data = admin.get(f"/stories/{story}.json").json()
    assert data == admin.get(f"/api/stories/{story}").json()
    assert data["labels"]["articles"][0]["values"][1] == {
        "name": "newspaper",
        "outlets": ["Northern Ledger", "Valley Courier"],
        "articles": 2,
    }
    assert data["labels"]["claims"][0]["blindspots"] == [
        claim_with(admin.get(f"/c/{labelled[0]}.json").json(), GOVERNOR)["id"]
    ]
    assert data["timeline"][0]["outlets"] == ["Kesta Wire"]


# --- the timeline ---------------------------------------------------------------------------


def test_each_claim_says_who_reported_it_first(admin, labelled):
    slug, ids = labelled
    data = admin.get(f"/c/{slug}.json").json()
    rain = claim_with(data, RAIN)["first_reported"]
    assert rain == {
        "at": "2025-03-04T06:00:00+00:00",
        "precision": "time",
        "outlets": ["Kesta Wire"],
        "article_ids": [str(ids[0])],
        "certain": True,
        "undated": [],
    }
    schools = claim_with(data, "Schools in the valley")["first_reported"]
    assert schools["outlets"] == ["Northern Ledger"] and schools["certain"]  # 18:00 on the 4th, before the radio's 5th
    page = _soup(admin, f"/c/{slug}")
    row = next(r for r in page.select("tr[data-claim]") if RAIN in r.th.get_text())
    assert "First reported by Kesta Wire, 4 Mar 2025 06:00 UTC." in row.select_one(".by").get_text()
    detail = admin.get(f"/c/{slug}/claims/{claim_with(data, RAIN)['id']}.json").json()
    assert detail["first_reported"]["outlets"] == ["Kesta Wire"] and detail["labels"]["kind"]["carried_by"] == [
        "wire",
        "newspaper",
    ]


def test_the_timeline_lists_moments_in_order_and_the_toll_reads_as_an_update(admin, labelled):
    slug, _ = labelled
    data = admin.get(f"/c/{slug}.json").json()
    assert [(e["outlets"], e["precision"]) for e in data["timeline"]] == [
        (["Kesta Wire"], "time"),
        (["Valley Courier"], "time"),
        (["Northern Ledger"], "time"),
        (["Radio North"], "day"),
    ]
    (toll,) = data["discrepancies"]
    assert toll["kind"] == "update"
    assert toll["first_appeared"]["at"] == "2025-03-04T12:30:00+00:00"
    assert toll["first_appeared"]["text"] == (
        "An update of the figure: Kesta Wire said 10 (4 Mar 2025 06:00 UTC); then Valley Courier said 24 (4 Mar 2025 12:30 UTC)."
    )
    assert data["timeline"][1]["discrepancies"] == [toll["id"]]
    page = _soup(admin, f"/c/{slug}")
    entries = page.select(".timeline-entry")
    assert entries[0].h3.get_text(" ", strip=True).startswith("4 Mar 2025 06:00 UTC")
    assert "(time of day not known)" in entries[-1].h3.get_text()
    assert "then Valley Courier said 24" in entries[1].get_text()
    digest = page.select_one("#digest .digest-discrepancy").get_text()
    assert "An update of the figure" in digest and "may be from different moments" not in digest


def test_without_distinct_times_there_is_no_timeline_and_nobody_is_first(client, add_article, session, settings):
    slug, _ = store(add_article, session, settings, with_times=False)
    page = client.get(f"/c/{slug}").text
    assert 'id="timeline"' not in page and "First reported" not in page
    data = client.get(f"/c/{slug}.json").json()
    assert all(c["first_reported"] is None for c in data["claims"])
    assert (
        "may be from different moments"
        in BeautifulSoup(page, "html.parser").select_one(".digest-discrepancy").get_text()
    )


def _column(label, moment):
    from dataclasses import dataclass

    @dataclass
    class C:
        label: str
        key: str
        moment: Moment | None

    return C(label, label, moment)


def test_first_report_never_orders_what_it_cannot():
    day = moment_of(datetime(2025, 3, 4, tzinfo=UTC))
    morning = moment_of(datetime(2025, 3, 4, 9, 30, tzinfo=UTC))
    evening_before = moment_of(datetime(2025, 3, 3, 23, 59, tzinfo=UTC))
    assert not day.precise and morning.precise
    same_day = first_report([_column("A", day), _column("B", moment_of(datetime(2025, 3, 4)))])
    assert same_day.outlets == ("A", "B") and not same_day.certain and "which first is not known" in same_day.text
    mixed = first_report([_column("A", morning), _column("B", day)])
    assert set(mixed.outlets) == {"A", "B"} and not mixed.certain  # B's day holds A's morning
    clear = first_report([_column("A", morning), _column("B", evening_before), _column("C", None)])
    assert clear.outlets == ("B",) and not clear.certain and clear.text.endswith("; C has no publication date.")
    same_minute = first_report([_column("A", morning), _column("B", morning)])
    assert same_minute.text == "First reported by A and B, all at 4 Mar 2025 09:30 UTC."
    assert first_report([_column("A", None)]) is None
