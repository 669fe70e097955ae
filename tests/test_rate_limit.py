"""Creating comparisons (and fetching pages by URL) is rate-limited per client, through the real app;
on by default unless the server listens on loopback only; and it can be put behind the upload token."""

from __future__ import annotations

import re

import pytest

from app.settings import Settings
from app.web.errors import ErrorBody
from app.web.rate_limit import RateLimiter

UPLOAD = "rate-limit-upload-token-0123"


@pytest.fixture
def two_articles(add_article):
    a = add_article("The harbour vote passed on Tuesday after a long debate.", "Herald")
    b = add_article("Councillors approved the harbour plan on Tuesday evening.", "Courier")
    return [a.id, b.id]


def test_the_api_answers_429_with_retry_after_once_the_bucket_is_empty(client_with, two_articles):
    client = client_with(rate_limit=True, rate_limit_count=3, rate_limit_seconds=600)
    answers = [client.post("/api/comparisons", json={"article_ids": two_articles}).status_code for _ in range(3)]
    assert answers == [201, 200, 200]  # the second and third find the first: still counted
    refused = client.post("/api/comparisons", json={"article_ids": two_articles})
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 200  # one token back after 600 / 3 seconds
    body = ErrorBody.model_validate(refused.json())
    assert "Too many comparisons" in body.detail and refused.json()["retry_after"] == wait
    # Another client (address) has its own bucket.
    other = client.post("/api/comparisons", json={"article_ids": two_articles}, headers={"x-forwarded-for": "x"})
    assert other.status_code == 429  # X-Forwarded-For is not believed unless trusted


def test_clients_behind_a_trusted_proxy_are_told_apart(client_with, two_articles):
    client = client_with(rate_limit=True, rate_limit_count=1, rate_limit_seconds=600, trust_proxy_headers=True)
    first = {"x-forwarded-for": "spoofed, 203.0.113.5"}
    assert client.post("/api/comparisons", json={"article_ids": two_articles}, headers=first).status_code == 201
    assert client.post("/api/comparisons", json={"article_ids": two_articles}, headers=first).status_code == 429
    second = {"x-forwarded-for": "spoofed, 203.0.113.6"}
    assert client.post("/api/comparisons", json={"article_ids": two_articles}, headers=second).status_code == 200


def test_the_form_is_shown_again_with_the_message(client_with, two_articles):
    client = client_with(rate_limit=True, rate_limit_count=1, rate_limit_seconds=600)
    page = client.get("/comparisons/new")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    data = {"article_ids": [str(i) for i in two_articles], "title": "Harbour", "csrf_token": token}
    assert client.post("/comparisons", data=data, follow_redirects=False).status_code == 303
    again = client.post("/comparisons", data=data, follow_redirects=False)
    assert again.status_code == 429
    assert "Too many comparisons" in again.text and 'value="Harbour"' in again.text
    assert int(again.headers["Retry-After"]) >= 1


def test_the_limit_is_off_on_loopback_and_on_elsewhere_by_default(database_url):
    on = {
        host: Settings(database_url=database_url, bind_host=host, _env_file=None).rate_limited
        for host in ["127.0.0.1", "::1", "[::1]", "localhost", "0.0.0.0", "192.0.2.7", "::"]
    }
    assert on == {
        "127.0.0.1": False,
        "::1": False,
        "[::1]": False,
        "localhost": False,
        "0.0.0.0": True,
        "192.0.2.7": True,
        "::": True,
    }
    assert Settings(database_url=database_url, _env_file=None).rate_limited is False  # make run, tests
    assert (
        Settings(database_url=database_url, bind_host="0.0.0.0", rate_limit=False, _env_file=None).rate_limited is False
    )


def test_off_means_unlimited(client_with, two_articles):
    client = client_with(rate_limit=False, rate_limit_count=1)
    assert {client.post("/api/comparisons", json={"article_ids": two_articles}).status_code for _ in range(5)} == {
        201,
        200,
    }


def test_fetching_by_url_is_limited_too(client_with):
    client = client_with(rate_limit=True, rate_limit_count=1, rate_limit_seconds=600)
    # A host nothing resolves: the fetch is tried (and fails) once, then refused before trying.
    first = client.post("/api/articles", json={"url": "http://unresolvable.invalid/a"})
    assert first.status_code != 429
    second = client.post("/api/articles", json={"url": "http://unresolvable.invalid/b"})
    assert second.status_code == 429 and "pages fetched by URL" in second.json()["detail"]


def test_the_bucket_refills_at_its_rate():
    now = [0.0]
    limiter = RateLimiter(2, 10.0, clock=lambda: now[0])
    key = ("comparison", "192.0.2.1")
    assert [limiter.take(key), limiter.take(key)] == [0, 0]
    assert limiter.take(key) == pytest.approx(5.0)
    now[0] = 5.0
    assert limiter.take(key) == 0
    assert limiter.take(("comparison", "192.0.2.2")) == 0


def test_comparisons_can_need_the_upload_token(client_with, two_articles):
    client = client_with(upload_token=UPLOAD, comparisons_need_token=True)
    missing = client.post("/api/comparisons", json={"article_ids": two_articles})
    assert missing.status_code == 401 and missing.json()["field"] == "upload_token"
    wrong = client.post(
        "/api/comparisons", json={"article_ids": two_articles}, headers={"Authorization": "Bearer " + "x" * 20}
    )
    assert wrong.status_code == 403
    made = client.post(
        "/api/comparisons", json={"article_ids": two_articles}, headers={"Authorization": f"Bearer {UPLOAD}"}
    )
    assert made.status_code == 201
    page = client.get("/comparisons/new")
    assert 'name="upload_token"' in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    data = {"article_ids": [str(i) for i in two_articles], "csrf_token": token}
    assert client.post("/comparisons", data=data, follow_redirects=False).status_code == 401
    assert client.post("/comparisons", data=data | {"upload_token": UPLOAD}, follow_redirects=False).status_code == 303


def test_without_the_setting_comparisons_stay_open_although_uploads_need_the_token(client_with, two_articles):
    client = client_with(upload_token=UPLOAD)
    assert client.post("/api/comparisons", json={"article_ids": two_articles}).status_code == 201


def test_the_token_requirement_needs_a_token_to_require(database_url):
    with pytest.raises(ValueError, match="PARALLAX_UPLOAD_TOKEN"):
        Settings(database_url=database_url, comparisons_need_token=True, _env_file=None)
