"""Random and malformed JSON, multipart, form and query input never makes the app answer 500."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from app.migrate import upgrade
from app.settings import Settings
from app.web.main import create_app

ADMIN = "fuzz-admin-token-0123456789"
TRIED: Counter = Counter()
pytestmark = pytest.mark.slow  # 250 generated cases per door

FUZZ = hypothesis_settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.sampled_from([2**31 - 1, 2**31, 3_000_000_000, 2**63])
    | st.floats(allow_nan=False)
    | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
FIELDS = [
    "text",
    "outlet",
    "title",
    "url",
    "author",
    "published",
    "story_id",
    "article_ids",
    "new_story_title",
    "file",
    "name",
    "values",
    "source",
    "into",
    "domain",
    "kind",
    "claims",
    "claim",
    "passage",
    "discrepancy",
    "reason",
    "set-1",
    "o1-set-1",
    "o\u00b2-set-1",
    "o1-set-\u00b2",
    "csrf_token",
    "upload_token",
    "token",
    "x" * 300,
    "",
]
ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "0",
        "-1",
        "99999999999999999999",
        "1e9",
        "[]",
        "{}",
        "null",
        "javascript:x",
        "2025-13-45",
        "<script>",
        "%00",
        "../../etc/passwd",
        "3000000000",
        "\u00b2",  # "²".isdigit() is True, int("²") fails
        "\u0661\u0662",
        "9" * 5000,  # past Python's 4300-digit int() limit
        "2147483648",
        "a\x00b",
        "Reuters\u200b",
        "\u202eevil\u202c",
        "\u200b\u200b",
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    ]
)
ARTICLE_FIELDS = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES | ODD_TEXT, max_size=6)
JSON_TARGETS = [
    ("POST", "/api/articles"),
    ("POST", "/api/comparisons"),
    ("PATCH", "/api/articles/1"),
    ("POST", "/api/articles/1/story"),
    ("DELETE", "/api/articles/999"),
    ("DELETE", "/api/articles/3000000000"),
    ("PATCH", "/api/articles/3000000000"),
    ("POST", "/api/imports"),
    ("POST", "/api/labels"),
    ("PATCH", "/api/labels/1"),
    ("PUT", "/api/outlets/1/labels"),
    ("PATCH", "/api/outlets/1"),
    ("POST", "/api/outlets/2/merge"),
    ("POST", "/api/labels/import"),
]
FORM_TARGETS = [
    "/articles/new",
    "/comparisons",
    "/unlock",
    "/articles/1/story",
    "/articles/1/edit",
    "/labels",
    "/labels/assign",
    "/labels/1",
    "/outlets/1/rename",
    "/outlets/2/merge",
    "/outlets/1/labels",
]
GET_TARGETS = [
    "/api/articles",
    "/api/articles/99999999999999999999999",
    "/api/articles/3000000000",
    "/stories/3000000000",
    "/api/stories/3000000000",
    "/outlets/3000000000",
    "/labels/3000000000.json",
    "/c/ab%00c",
    "/articles/99999999999999999999999",
    "/stories/-1",
    "/search",
    "/search.json",
    "/api/outlets",
    "/",
    "/c/abc",
    "/api/stories",
    "/outlets/1",
    "/outlets/1.json",
    "/labels",
    "/labels.json",
    "/c/abc/corrections",
]


# The PostgreSQL half doubles the fuzzer's minute: it runs in `make test` (CI), not the quick loop.
@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.slow])]
)
def fuzz_database(request, tmp_path_factory):
    """The fuzzer's database: a SQLite file, and the run's PostgreSQL database (where NUL and
    out-of-range ids used to be 500s that SQLite never showed)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'parallax.db'}"
    url = request.getfixturevalue("postgres_database")
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:  # the database as an earlier test left it, emptied (as conftest's postgres_url)
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def fuzz_client(fuzz_database):
    database_url = fuzz_database
    upgrade(database_url)
    settings = Settings(
        database_url=database_url, demo=False, admin_token=ADMIN, max_upload_bytes=20_000, _env_file=None
    )
    application = create_app(settings)
    with TestClient(application, raise_server_exceptions=False) as client:
        for n in range(3):
            client.post(
                "/api/articles", json={"text": f"Seed article {n} about the harbour vote.", "outlet": f"Seed {n}"}
            )
        client.post(
            "/api/labels",
            json={"name": "kind", "values": ["wire", "newspaper"]},
            headers={"Authorization": f"Bearer {ADMIN}"},
        )
        yield client
    application.state.engine.dispose()
    print(f"\nfuzz inputs tried on {database_url.split(':')[0]}: {dict(TRIED)} total {sum(TRIED.values())}")
    TRIED.clear()


def _ok(response, what) -> None:
    assert response.status_code < 500, (what, response.status_code, response.text[:500])


def _csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/articles/new").text).group(1)


@FUZZ
@given(target=st.sampled_from(JSON_TARGETS), body=JSON_VALUES | ARTICLE_FIELDS, admin=st.booleans())
def test_random_json_never_500(fuzz_client, target, body, admin):
    TRIED["json"] += 1
    headers = {"Authorization": f"Bearer {ADMIN}"} if admin else {}
    method, path = target
    _ok(
        fuzz_client.request(
            method, path, content=json.dumps(body), headers={**headers, "content-type": "application/json"}
        ),
        (target, body),
    )


@FUZZ
@given(
    target=st.sampled_from(JSON_TARGETS),
    raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode),
    kind=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=zz",
            "",
            "application/json; charset=latin-1",
        ]
    ),
)
def test_malformed_bytes_never_500(fuzz_client, target, raw, kind):
    TRIED["malformed bytes"] += 1
    method, path = target
    _ok(
        fuzz_client.request(
            method, path, content=raw, headers={"content-type": kind, "Authorization": f"Bearer {ADMIN}"}
        ),
        (target, raw, kind),
    )


@FUZZ
@given(
    fields=st.dictionaries(st.sampled_from(FIELDS), ODD_TEXT, max_size=6),
    file=st.none()
    | st.tuples(ODD_TEXT, st.binary(max_size=300), st.sampled_from(["text/plain", "text/html", "image/png", ""])),
    door=st.sampled_from(["/api/articles", *FORM_TARGETS]),
    with_csrf=st.booleans(),
)
def test_random_multipart_and_forms_never_500(fuzz_client, fields, file, door, with_csrf):
    TRIED["multipart/form"] += 1
    data = {**fields, "csrf_token": _csrf(fuzz_client)} if with_csrf else fields
    files = {"file": file} if file is not None else None
    try:
        response = fuzz_client.post(door, data=data, files=files, headers={"Authorization": f"Bearer {ADMIN}"})
    except (UnicodeEncodeError, ValueError):
        return  # the test client itself cannot encode this input; nothing reached the app
    _ok(response, (door, fields, file))


@FUZZ
@given(
    path=st.sampled_from(GET_TARGETS),
    params=st.dictionaries(
        st.sampled_from(
            ["q", "limit", "offset", "outlet", "story", "sort", "kind", "page", "x", "filter", "label", "claim"]
        ),
        ODD_TEXT,
        max_size=4,
    ),
)
def test_random_query_strings_never_500(fuzz_client, path, params):
    TRIED["query"] += 1
    _ok(fuzz_client.get(path, params=params), (path, params))


@FUZZ
@given(body=JSON_VALUES | ARTICLE_FIELDS, form=st.dictionaries(st.sampled_from(FIELDS), ODD_TEXT, max_size=6))
def test_random_corrections_never_500(fuzz_client, body, form):
    """A comparison's corrections, through the API and the form (the admin token gives the right)."""
    TRIED["corrections"] += 1
    made = fuzz_client.post("/api/comparisons", json={"article_ids": [1, 2, 3]})
    slug = made.json()["slug"]
    headers = {"Authorization": f"Bearer {ADMIN}", "content-type": "application/json"}
    _ok(fuzz_client.post(f"/api/comparisons/{slug}/corrections", content=json.dumps(body), headers=headers), body)
    try:
        response = fuzz_client.post(
            f"/c/{slug}/corrections",
            data={**form, "csrf_token": _csrf(fuzz_client)},
            headers=headers | {"content-type": "application/x-www-form-urlencoded"},
        )
    except (UnicodeEncodeError, ValueError):
        return
    _ok(response, form)
