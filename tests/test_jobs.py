"""Background comparisons: big ones leave the request, the page shows progress, each is computed once."""

from __future__ import annotations

import threading
import time

import pytest
from sqlmodel import Session

from app.models import Comparison
from app.services import comparisons, jobs

PLACES = [
    "Kherson",
    "Sumy",
    "Odesa",
    "Lviv",
    "Kharkiv",
    "Dnipro",
    "Poltava",
    "Mykolaiv",
    "Chernihiv",
    "Zhytomyr",
    "Rivne",
    "Vinnytsia",
    "Uzhhorod",
]


def _report(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (
        f"Officials in {place} said on Tuesday that {n + 3} shelters had reopened after the storm. "
        f'"We expect power back by Friday," the mayor of {place} told reporters. '
        f"Report number {n}: roads toward {place} remain closed to trucks."
    )


def _wait_ready(client, slug: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = client.get(f"/c/{slug}.json").json()
        if body["comparison"]["status"] not in jobs.ACTIVE:
            return body
        time.sleep(0.2)
    raise AssertionError(f"comparison {slug} still {body['comparison']['status']} after {seconds}s")


def _pending(session: Session, ids: list[int]) -> Comparison:
    comparison = Comparison(slug=comparisons.new_slug(), title="t", article_ids=ids, status="pending")
    session.add(comparison)
    session.commit()
    session.refresh(comparison)
    return comparison


def test_a_big_comparison_is_computed_in_the_background_and_the_page_shows_progress(client, add_article):
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(jobs.INLINE_MAX_ARTICLES + 2)]
    created = client.post("/api/comparisons", json={"article_ids": ids})
    assert created.status_code == 201
    slug = created.json()["slug"]
    assert created.json()["status"] in jobs.ACTIVE  # the request did not wait for the analysis
    page = client.get(f"/c/{slug}")
    if "Analysing" in page.text:  # the worker may already be done on a fast machine
        assert f"Analysing {len(ids)} articles" in page.text and 'http-equiv="refresh"' in page.text
        assert "etag" not in page.headers  # a refresh must never get a 304 for the waiting page
    body = _wait_ready(client, slug)
    assert body["comparison"]["status"] == "ready"
    assert {a["id"] for a in body["articles"]} == {str(i) for i in ids} and body["claims"]
    ready = client.get(f"/c/{slug}")
    assert "Analysing" not in ready.text and 'http-equiv="refresh"' not in ready.text


def test_a_small_comparison_is_ready_in_the_same_request(client, add_article):
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(3)]
    created = client.post("/api/comparisons", json={"article_ids": ids})
    assert created.status_code == 201 and created.json()["status"] == "ready"


def test_claiming_is_atomic(session, client, add_article):
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(2)]
    comparison = _pending(session, ids)
    engine = session.get_bind()
    assert jobs.claim(engine, comparison.id) is True
    assert jobs.claim(engine, comparison.id) is False


def test_racing_workers_compute_a_comparison_once(session, client, add_article):
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(3)]
    comparison = _pending(session, ids)
    calls = []

    def compute(s, c):  # the function the runner is handed, counting its calls
        calls.append(c.id)
        return comparisons.compute(s, c)

    engine = session.get_bind()
    start = threading.Barrier(4)
    outcomes = []

    def worker():
        start.wait()
        outcomes.append(jobs.run_comparison(engine, comparison.id, compute))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == [False, False, False, True] and calls == [comparison.id]
    session.refresh(comparison)
    assert comparison.status == "ready"


@pytest.mark.sqlite_only
def test_comparisons_left_pending_by_a_crash_are_picked_up_at_start(app, settings, add_article):
    from fastapi.testclient import TestClient

    with TestClient(app) as first:
        ids = [add_article(_report(n), f"Outlet {n}", via=first).id for n in range(3)]
    with Session(app.state.engine) as db:
        slug = _pending(db, ids).slug  # as if the process died before its thread got to it
    with TestClient(app) as restarted:
        assert _wait_ready(restarted, slug)["comparison"]["status"] == "ready"


def test_a_claim_abandoned_by_a_killed_worker_is_retried(app, add_article):
    from fastapi.testclient import TestClient

    with TestClient(app) as first:
        ids = [add_article(_report(n), f"Outlet {n}", via=first).id for n in range(3)]
    with Session(app.state.engine) as db:
        comparison = _pending(db, ids)
        comparison.status, comparison.computed_at = "running", comparisons.utcnow() - 2 * jobs.ABANDONED_AFTER
        db.add(comparison)
        db.commit()
        slug = comparison.slug
    with TestClient(app) as restarted:
        assert _wait_ready(restarted, slug)["comparison"]["status"] == "ready"
