"""Limits that keep one request from taking the server down: body size, field lengths, comparison size, analysis."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.models import FIELD_LIMITS
from app.web.limits import BODY_MARGIN_BYTES, BodySizeLimitMiddleware

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1_000
BODY_LIMIT = LIMIT + BODY_MARGIN_BYTES


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"max_upload_bytes": LIMIT, "max_articles_per_comparison": 3})


# --- body size ----------------------------------------------------------------------------


def test_oversized_json_body_gets_413_json(client):
    response = client.post(
        "/api/articles", content=b'{"text": "' + b"a" * BODY_LIMIT + b'"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


def test_oversized_form_body_gets_413_page(client, csrf):
    response = client.post(
        "/articles/new",
        data={"csrf_token": csrf, "outlet": "X"},
        files={"file": ("big.txt", b"a" * BODY_LIMIT, "text/plain")},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html") and "larger than" in response.text


def test_chunked_oversized_body_is_refused_too(client):
    def chunks():
        for _ in range(BODY_LIMIT // 4096 + 2):
            yield b"a" * 4096

    response = client.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def _drive(middleware_limit: int, chunk: int, chunks: int, declared: int | None):
    """Run the middleware over a fake request; return (status, chunks the app was given)."""
    pulled = 0
    sent = []

    async def receive():
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * chunk, "more_body": pulled < chunks}

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):  # an app that reads everything, like a form parser
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    class FakeApp:  # what error_response needs to render JSON for /api paths
        state = None

    headers = [(b"content-length", str(declared).encode())] if declared is not None else []
    scope = {"type": "http", "method": "POST", "path": "/api/articles", "headers": headers, "app": FakeApp()}
    call = BodySizeLimitMiddleware(app, middleware_limit)(scope, receive, send)
    with ThreadPoolExecutor(1) as pool:  # its own thread: a browser test may leave a loop running in this one
        pool.submit(asyncio.run, call).result()
    return sent[0]["status"], pulled


def test_declared_length_over_the_limit_is_refused_without_reading():
    status, pulled = _drive(10_000, 1000, 100, declared=100_000)
    assert (status, pulled) == (413, 0)


def test_undeclared_stream_is_cut_off_just_past_the_limit():
    status, pulled = _drive(10_000, 1000, 1000, declared=None)
    assert status == 413 and pulled == 11  # stopped at the first chunk past 10,000 bytes, not after 1,000
    assert _drive(10_000, 1000, 10, declared=None) == (200, 10)


# --- fields -------------------------------------------------------------------------------


@pytest.mark.parametrize("field", sorted(FIELD_LIMITS))
def test_api_and_form_refuse_overlong_fields(client, csrf, field):
    too_long = ("https://a.example/" + "p" * FIELD_LIMITS[field]) if field == "url" else "x" * (FIELD_LIMITS[field] + 1)
    body = {"text": f"A short article about field {field}.", "outlet": "Wire", field: too_long}
    api = client.post("/api/articles", json=body)
    assert api.status_code == 422 and api.json()["field"] == field
    form = client.post("/articles/new", data={**body, "csrf_token": csrf}, files={"file": ("", b"", "text/plain")})
    assert form.status_code == 422 and f'id="{field}-error"' in form.text
    assert client.get("/api/articles").json()["total"] == 0


def test_at_the_limit_fields_are_accepted(client):
    free_text = {k: n for k, n in FIELD_LIMITS.items() if k not in ("url", "language")}
    body = {"text": "A short article at the limits.", **{k: "x" * n for k, n in free_text.items()}}
    body["url"] = "https://a.example/" + "p" * (FIELD_LIMITS["url"] - len("https://a.example/"))
    body["language"] = "Norwegian Bokmål"  # a language's name, at the field's limit
    assert client.post("/api/articles", json=body).status_code == 201


# --- comparison size ----------------------------------------------------------------------


def test_a_comparison_holds_at_most_the_configured_number_of_articles(client):
    ids = [
        client.post("/api/articles", json={"text": f"Article number {n} about the vote.", "outlet": f"O{n}"}).json()[
            "id"
        ]
        for n in range(4)
    ]
    too_many = client.post("/api/comparisons", json={"article_ids": ids})
    assert 400 <= too_many.status_code < 500 and "3" in too_many.json()["detail"]
    assert client.post("/api/comparisons", json={"article_ids": ids[:3]}).status_code == 201


def test_repeated_ids_count_once(client):
    ids = [
        client.post("/api/articles", json={"text": f"Vote report {n}.", "outlet": f"O{n}"}).json()["id"]
        for n in range(2)
    ]
    response = client.post("/api/comparisons", json={"article_ids": ids * 400})
    assert response.status_code == 201 and response.json()["article_ids"] == ids


# --- analysis on pathological texts ------------------------------------------------------

PATHOLOGICAL = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))
from app.analysis import compare
other = {"id": "b", "outlet": "B", "text": 'The council met on Tuesday. "We will act," the mayor said.'}
one_sentence = "The council " + " ".join(f"word{i % 997}" for i in range(700_000))
cases = {"one 5 MB sentence": one_sentence[:5_000_000] + ".", "a million quote marks": '"' * 1_000_000}
figures = {}
for name, text in cases.items():
    started = time.perf_counter()
    result = compare([{"id": "a", "outlet": "A", "text": text}, other])
    assert {a["id"] for a in result["articles"]} == {"a", "b"}
    figures[name] = round(time.perf_counter() - started, 1)
figures["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(figures))
"""


@pytest.mark.slow
def test_analysis_finishes_on_pathological_texts_within_bounded_memory():
    """Completes under a 3 GB address-space cap; the generous wall clock only catches a hang."""
    done = subprocess.run([sys.executable, "-c", PATHOLOGICAL], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print("pathological analysis:", figures)
    assert set(figures) == {"one 5 MB sentence", "a million quote marks", "peak MB"}
