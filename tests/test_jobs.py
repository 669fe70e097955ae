"""Background comparisons: big ones leave the request, the page shows progress, each is computed once."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlmodel import Session, select

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


def test_a_comparison_is_computed_in_the_background_and_the_page_shows_progress(client_with, add_article):
    client = client_with(analysis_wait_seconds=0)  # answer at once, without waiting for the result
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(12)]
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


def test_a_small_comparison_is_ready_when_the_request_answers(client, add_article):
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(3)]
    created = client.post("/api/comparisons", json={"article_ids": ids})
    assert created.status_code == 201 and created.json()["status"] == "ready"
    with Session(client.app.state.engine) as db:
        stored = db.exec(select(Comparison).where(Comparison.slug == created.json()["slug"])).one()
    assert stored.attempts == 1 and stored.lease_expires_at is None  # computed by the runner, once


def test_the_form_redirects_to_the_page_without_computing_in_the_request(client_with, add_article):
    client = client_with(analysis_wait_seconds=0)
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(3)]
    page = client.get("/comparisons/new")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"article_ids": [str(i) for i in ids], "csrf_token": token}
    response = client.post("/comparisons", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].split("/c/")[1]
    assert _wait_ready(client, response.headers["location"].split("/c/")[1])["comparison"]["status"] == "ready"


def test_claiming_is_atomic_and_counts_attempts(session, client, add_article):
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(2)]
    comparison = _pending(session, ids)
    engine = session.get_bind()
    assert jobs.claim(engine, comparison.id) == 1
    assert jobs.claim(engine, comparison.id) is None
    session.refresh(comparison)
    assert comparison.status == "running" and comparison.lease_expires_at is not None


def test_racing_workers_compute_a_comparison_once(session, settings, client, add_article):
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(3)]
    comparison = _pending(session, ids)
    calls = []
    bounded = comparisons.compute_bounded(settings)

    def compute(s, c, claim):  # the function the runner is handed, counting its calls
        calls.append(c.id)
        return bounded(s, c, claim)

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


def _left_running(db: Session, ids: list[int], attempts: int) -> Comparison:
    """As a worker killed mid-job leaves it: running, its lease lapsed, ``attempts`` starts made."""
    comparison = _pending(db, ids)
    comparison.status, comparison.attempts = "running", attempts
    comparison.lease_expires_at = comparisons.utcnow() - timedelta(seconds=5)
    db.add(comparison)
    db.commit()
    return comparison


def test_a_claim_whose_lease_lapsed_is_taken_up_by_the_sweep(client_with, session, add_article):
    client = client_with(job_lease_seconds=1)  # sweeps every half second
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(3)]
    comparison = _left_running(session, ids, attempts=1)
    body = _wait_ready(client, comparison.slug, seconds=60)
    assert body["comparison"]["status"] == "ready"
    session.refresh(comparison)
    assert comparison.attempts == 2


def test_the_last_attempt_lapsing_marks_it_failed_and_an_admin_retries_it(client_with, session, add_article):
    admin = "an-admin-token-for-tests"
    client = client_with(job_lease_seconds=1, job_max_attempts=3, admin_token=admin)
    ids = [add_article(_report(n), f"Outlet {n}", via=client).id for n in range(3)]
    comparison = _left_running(session, ids, attempts=3)
    body = _wait_ready(client, comparison.slug, seconds=60)
    assert body["comparison"]["status"] == "failed"
    assert "interrupted 3 times" in body["comparison"]["error"]
    page = client.get(f"/c/{comparison.slug}")
    assert "interrupted 3 times" in page.text and 'http-equiv="refresh"' not in page.text
    assert "Retry this comparison" not in page.text  # not unlocked: no button

    assert client.post(f"/api/comparisons/{comparison.slug}/retry").status_code == 401
    retried = client.post(f"/api/comparisons/{comparison.slug}/retry", headers={"Authorization": f"Bearer {admin}"})
    assert retried.status_code == 202 and retried.json()["url"].endswith(f"/c/{comparison.slug}")
    assert _wait_ready(client, comparison.slug)["comparison"]["status"] == "ready"
    session.refresh(comparison)
    assert comparison.attempts == 1 and comparison.error is None
    again = client.post(f"/api/comparisons/{comparison.slug}/retry", headers={"Authorization": f"Bearer {admin}"})
    assert again.status_code == 409  # only a failed comparison is retried


def test_an_analysis_over_its_time_budget_fails_with_the_reason_and_an_admin_retries_it(settings, session, add_article):
    from fastapi.testclient import TestClient

    from app.web.main import create_app

    admin = "an-admin-token-for-tests"
    ids = [add_article(_report(n), f"Outlet {n}") for n in range(4)]
    tight = create_app(settings.model_copy(update={"analysis_timeout_seconds": 0.001, "admin_token": admin}))
    with TestClient(tight) as client:
        created = client.post("/api/comparisons", json={"article_ids": [a.id for a in ids]})
        body = _wait_ready(client, created.json()["slug"])
        slug = created.json()["slug"]
        assert body["comparison"]["status"] == "failed"
        assert "took longer than 0.001 s" in body["comparison"]["error"]
        client.post("/unlock", data={"token": admin, "csrf_token": _csrf(client)})
        page = client.get(f"/c/{slug}")
        assert "took longer than 0.001 s" in page.text and 'http-equiv="refresh"' not in page.text
        assert "Retry this comparison" in page.text
    tight.state.engine.dispose()
    roomy = create_app(settings.model_copy(update={"admin_token": admin}))
    with TestClient(roomy) as client:
        client.post("/unlock", data={"token": admin, "csrf_token": _csrf(client)})
        answer = client.post(f"/c/{slug}/retry", data={"csrf_token": _csrf(client)}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].endswith(f"/c/{slug}")
        assert _wait_ready(client, slug)["comparison"]["status"] == "ready"
        assert "Retry this comparison" not in client.get(f"/c/{slug}").text
    roomy.state.engine.dispose()


def _csrf(client) -> str:
    page = client.get("/articles/new")
    return page.text.split('name="csrf_token" value="')[1].split('"')[0]
