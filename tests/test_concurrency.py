"""Many clients at once against a real uvicorn server: every article stored once, no 5xx, no locking errors."""

from __future__ import annotations

import contextlib
import http.client
import os
import sqlite3
import threading
from collections import Counter
from pathlib import Path

import httpx
import pytest

from app.migrate import upgrade
from tests.servers import free_port, serving

pytestmark = pytest.mark.slow  # real servers on free ports, fifty clients at once

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50
DUPLICATE_GROUPS = 5  # texts each sent by DUPLICATE_COPIES clients at the same moment
DUPLICATE_COPIES = 4
MAX_UPLOAD = 20_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """uvicorn with two worker processes on a temp SQLite file (WAL); stopped when the module ends."""
    database = tmp_path_factory.mktemp("concurrency") / "parallax.db"
    database_url = f"sqlite:///{database}"
    upgrade(database_url)
    port = free_port()
    env = {
        **os.environ,
        "PARALLAX_DATABASE_URL": database_url,
        "PARALLAX_DEMO": "0",
        "PARALLAX_MAX_UPLOAD_BYTES": str(MAX_UPLOAD),
    }
    command = ["-m", "uvicorn", "app.web.main:app_factory", "--factory", "--host", "127.0.0.1"]
    with serving([*command, "--port", str(port), "--workers", "2", "--log-level", "warning"], env, port) as base:
        yield {"base": base, "port": port, "database": database}


def _texts() -> list[str]:
    unique = CLIENTS - DUPLICATE_GROUPS * DUPLICATE_COPIES
    texts = [
        f'Dispatch {n}: the council voted {n} to 2 on Tuesday. "We act now," the mayor said.' for n in range(unique)
    ]
    for group in range(DUPLICATE_GROUPS):
        texts += [f"Shared wire copy {group}: officials confirmed the closure on Friday."] * DUPLICATE_COPIES
    return texts


def test_fifty_clients_adding_at_once_store_each_article_exactly_once(server):
    texts = _texts()
    barrier = threading.Barrier(len(texts))
    results: list[tuple[str, int, str]] = []
    lock = threading.Lock()

    def add(n: int, text: str) -> None:
        with httpx.Client(base_url=server["base"], timeout=60) as client:
            barrier.wait(timeout=30)
            response = client.post("/api/articles", json={"text": text, "outlet": f"Outlet {n % 9}"})
        with lock:
            results.append((text, response.status_code, response.text))

    threads = [threading.Thread(target=add, args=(n, text)) for n, text in enumerate(texts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(texts), "some clients never got an answer"

    assert not [r for r in results if r[1] >= 500], [r for r in results if r[1] >= 500][:3]
    assert not [r for r in results if "locked" in r[2].lower()]
    by_text: dict[str, Counter] = {}
    for text, status, _ in results:
        by_text.setdefault(text, Counter())[status] += 1
    for text, statuses in by_text.items():
        copies = texts.count(text)
        assert statuses == Counter({201: 1, 409: copies - 1} if copies > 1 else {201: 1}), (text, statuses)

    with sqlite3.connect(server["database"]) as conn:
        stored = [t for (t,) in conn.execute("SELECT text FROM article")]
        outlets = [n for (n,) in conn.execute("SELECT name_key FROM outlet")]
    assert sorted(stored) == sorted(set(texts))
    assert len(outlets) == len(set(outlets)) == 9


def test_reads_during_writes_never_fail(server):
    errors = []

    def read() -> None:
        with httpx.Client(base_url=server["base"], timeout=60) as client:
            for path in ("/", "/api/articles?limit=200", "/outlets", "/api/outlets") * 3:
                status = client.get(path).status_code
                if status != 200:
                    errors.append((path, status))

    def write(n: int) -> None:
        with httpx.Client(base_url=server["base"], timeout=60) as client:
            status = client.post(
                "/api/articles", json={"text": f"Late report {n} on the vote.", "outlet": "Late"}
            ).status_code
            if status != 201:
                errors.append(("write", status))

    threads = [threading.Thread(target=read) for _ in range(5)] + [
        threading.Thread(target=write, args=(n,)) for n in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def test_real_server_refuses_a_long_chunked_body(server):
    """The limit holds on the wire: a chunked body with no length is refused with 413, not stored."""
    connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
    chunks = (b'{"text": "' + b"a" * 65536 for _ in range(100))  # about 6.5 MB, far past the limit
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # it answered and closed while we sent
        connection.request(
            "POST", "/api/articles", body=chunks, headers={"content-type": "application/json"}, encode_chunked=True
        )
    response = connection.getresponse()
    assert response.status == 413 and b"larger than" in response.read()
    connection.close()
    assert httpx.get(server["base"] + "/healthz", timeout=5).status_code == 200
