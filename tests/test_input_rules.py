"""Input rules every route keeps, on SQLite and PostgreSQL alike: ids beyond the INTEGER columns'
range answer 404 (path) or 422 (query, body) instead of PostgreSQL's 500; NUL and other control
characters are refused with the reason; invisible-only text is empty; outlet names are keyed
without zero-width and bidi marks; every error has the one documented body shape.

The routes are found by walking ``app.routes``, so a route added later is tested too.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlmodel import select

from app.db import UnstorableText
from app.models import MAX_ROW_ID, Article, Outlet, Story
from app.services.articles import list_articles
from app.web.errors import ErrorBody

ADMIN = "input-rules-admin-token-0123"
BEYOND = 3_000_000_000  # > 2**31 - 1: PostgreSQL refuses to compare an INTEGER column with it
AUTH = {"Authorization": f"Bearer {ADMIN}"}


def _int_params(route: APIRoute) -> list[str]:
    return [p.name for p in route.dependant.path_params if p.field_info.annotation is int]


def _str_params(route: APIRoute) -> list[str]:
    return [p.name for p in route.dependant.path_params if p.field_info.annotation is str]


def _routes(app) -> list[tuple[str, APIRoute]]:
    """(method, route) of every route, those of included routers with their prefixes."""
    routes = [context.route for context in iter_route_contexts(app.routes)]
    return [(m, r) for r in routes if isinstance(r, APIRoute) for m in sorted(r.methods) if m != "HEAD"]


def _url(route: APIRoute, **values: object) -> str:
    path = route.path_format
    for name in re.findall(r"{(\w+)}", path):
        path = path.replace("{" + name + "}", str(values.get(name, "x")))
    return path


@pytest.fixture
def admin_client(client_with, add_article):
    client = client_with(admin_token=ADMIN)
    add_article("The harbour vote passed on Tuesday after a long debate.", "Herald")
    add_article("Councillors approved the harbour plan on Tuesday evening.", "Courier")
    page = client.get("/articles/new")  # the CSRF cookie, and its token for the header
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.headers.update({**AUTH, "x-csrf-token": token})
    return client


def _send(client, method: str, url: str):
    if url.startswith("/api/"):
        return client.request(method, url, json={})
    return client.request(method, url, data={})


def test_the_walk_finds_the_id_routes(app):
    with_ids = {r.path for _, r in _routes(app) if _int_params(r)}
    # The routes the issue named, and that every id route is typed (an untyped one would be missed).
    assert {"/api/articles/{article_id}", "/stories/{story_id}", "/articles/{article_id}"} <= with_ids
    assert len(with_ids) >= 20
    row_ids = r"{(article|story|outlet|set|correction|value)_id}"  # claim ids ("c001") are words
    untyped = [r.path for _, r in _routes(app) if re.search(row_ids, r.path) and not _int_params(r)]
    assert untyped == []


@pytest.mark.parametrize("number", [BEYOND, MAX_ROW_ID, 0, 10**30])
def test_every_id_route_answers_404_for_ids_no_row_can_have(app, admin_client, number):
    answers = {}
    for method, route in _routes(app):
        names = _int_params(route)
        if not names:
            continue
        response = _send(admin_client, method, _url(route, **dict.fromkeys(names, number)))
        answers[(method, route.path)] = response.status_code
        if response.headers["content-type"].startswith("application/json"):
            ErrorBody.model_validate(response.json())
    # An id in range that names no row: a body the route needs is validated first (the merge's "into").
    allowed = {404, 422} if number == MAX_ROW_ID else {404}
    wrong = {where: status for where, status in answers.items() if status not in allowed}
    assert wrong == {}, wrong


def test_every_route_refuses_nul_in_its_address(app, admin_client):
    for method, route in _routes(app):
        url = _url(route, **dict.fromkeys(_str_params(route), "ab%00c"), **dict.fromkeys(_int_params(route), 1))
        response = _send(admin_client, method, url + "?q=a%00b&outlet=x%01y")
        assert response.status_code == 422, (method, url, response.status_code)
        assert "control character" in response.text


@pytest.mark.parametrize(
    "url",
    ["/api/articles?q=a%00b", "/api/articles?outlet=Herald%00", "/c/ab%00c", "/search?q=%00", "/search.json?q=%07"],
)
def test_nul_in_search_filters_and_slugs_is_refused_with_the_reason(client, url):
    response = client.get(url)
    assert response.status_code == 422
    if url.startswith("/api/") or ".json" in url:
        body = ErrorBody.model_validate(response.json())
        assert "control character" in body.detail


def test_query_and_body_ids_beyond_the_range_are_422(client, add_article):
    a = add_article("The harbour vote passed on Tuesday after a long debate.", "Herald")
    assert client.get(f"/api/articles?story={BEYOND}").status_code == 422
    made = client.post("/api/comparisons", json={"article_ids": [BEYOND, a.id]})
    assert made.status_code == 422
    assert made.json()["errors"][0]["field"] == "article_ids.0"
    assert client.post("/api/comparisons", json={"article_ids": [a.id, 2], "story_id": BEYOND}).status_code == 422
    assert (
        client.post("/api/articles", json={"text": "Fresh text.", "outlet": "X", "story_id": BEYOND}).status_code == 422
    )
    form = client.get("/comparisons/new")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    shown = client.post("/comparisons", data={"article_ids": [str(a.id), str(BEYOND)], "csrf_token": token})
    assert shown.status_code == 422
    assert "2147483647" in shown.text  # the form again, saying which ids exist


def test_nul_in_article_text_is_refused_and_in_metadata_dropped(client, session):
    refused = client.post("/api/articles", json={"text": "The vote\x00 passed.", "outlet": "Herald"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "text" and "NUL" in refused.json()["detail"]
    stored = client.post(
        "/api/articles", json={"text": "The vote passed.", "outlet": "Her\x00ald", "title": "Vote\x00\u202e passed"}
    )
    assert stored.status_code == 201, stored.text
    assert stored.json()["outlet"] == "Her ald"
    assert stored.json()["title"] == "Vote passed"


def test_nul_in_other_bodies_is_refused_or_dropped_never_stored(admin_client):
    named = admin_client.post("/api/labels", json={"name": "ki\x00nd", "values": ["a\u202e"]})
    assert named.status_code == 201
    assert named.json()["name"] == "ki nd" and named.json()["values"][0]["name"] == "a"  # names are one line
    titled = admin_client.post("/api/comparisons", json={"article_ids": [1, 2], "title": "Harbour\x00 vote\u202e"})
    assert titled.status_code == 201 and titled.json()["title"] == "Harbour vote"
    domain = admin_client.patch("/api/outlets/1", json={"domain": "exa\x00mple.com"})
    assert domain.status_code == 422 and ErrorBody.model_validate(domain.json()).field == "domain"


def test_the_engine_refuses_nul_whatever_door_missed_it(session):
    """The last guard: text with NUL never reaches either database, in a write or in a search."""
    session.add(Story(title="Floods\x00"))
    with pytest.raises(UnstorableText):
        session.commit()
    session.rollback()
    with pytest.raises(UnstorableText):
        list_articles(session, text="a\x00b")
    assert session.exec(select(Story)).all() == []


def test_body_text_keeps_bidi_controls_exactly(client, session):
    text = "\u05d4\u05e6\u05d1\u05e2\u05d4 \u202bABC\u202c \u05e2\u05d1\u05e8\u05d4 \u05d1\u05d9\u05d5\u05dd \u05e9\u05dc\u05d9\u05e9\u05d9."
    made = client.post("/api/articles", json={"text": text, "outlet": "Haaretz"})
    assert made.status_code == 201
    assert session.get(Article, made.json()["id"]).text == text


@pytest.mark.parametrize("text", ["\u200b\u200b\u200b", "\ufeff \u2060\u200d\n", "\u202e\u202c"])
def test_invisible_only_text_is_empty(client, text):
    response = client.post("/api/articles", json={"text": text, "outlet": "Herald"})
    assert response.status_code == 422
    assert response.json()["field"] == "text"


@pytest.mark.parametrize(
    "spelling", ["Reuters\u200b", "\u202aReuters\u202c", " reuters ", "Ｒｅｕｔｅｒｓ", "Reu\u00adters"]
)
def test_outlet_names_with_invisible_marks_are_the_same_outlet(client, session, spelling):
    client.post("/api/articles", json={"text": "The harbour vote passed on Tuesday.", "outlet": "Reuters"})
    other = client.post("/api/articles", json={"text": "Councillors approved it.", "outlet": spelling})
    assert other.status_code == 201, other.text
    assert other.json()["outlet"] == "Reuters"
    assert len(session.exec(select(Outlet)).all()) == 1
    assert client.get("/api/articles", params={"outlet": spelling}).json()["total"] == 2


def test_an_outlet_name_of_invisible_marks_only_is_no_name(client):
    response = client.post("/api/articles", json={"text": "The harbour vote passed.", "outlet": "\u200b\u202e"})
    assert response.status_code == 422
    assert response.json()["field"] == "outlet"


@pytest.mark.parametrize(
    "path, kind, body",
    [
        ("/api/articles", "application/json", b"{bad"),
        ("/api/comparisons", "application/json", b"{bad"),
        ("/api/labels", "application/json", b"[1,"),
        ("/api/articles", "multipart/form-data", b"no boundary"),
        ("/api/imports", "application/json", b"\xff\xfe"),
    ],
)
def test_malformed_bodies_answer_422_in_the_error_shape(admin_client, path, kind, body):
    response = admin_client.post(path, content=body, headers={"content-type": kind})
    assert response.status_code == 422, response.text
    parsed = ErrorBody.model_validate(response.json())
    assert parsed.detail


def test_validation_errors_have_the_documented_shape(client):
    response = client.get("/api/articles", params={"limit": 0})
    body = ErrorBody.model_validate(response.json())
    assert response.status_code == 422
    assert body.field == "limit" and body.errors[0].field == "limit"
    assert set(response.json()) >= {"detail", "field", "errors"}


def test_openapi_documents_every_error_code_with_the_error_body(app):
    schema = app.openapi()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {int(code) for code in operation["responses"] if code[0] in "45"}
            assert 422 in codes, (method, path)
            assert ("{" in path) == (404 in codes), (method, path)
            for code in codes:
                content = operation["responses"][str(code)]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, code)


def test_the_codes_routes_answer_are_the_codes_they_document(app, client_with, add_article):
    """Each API route tried without a token, with an unknown id and with a malformed body: every
    error code seen must be in its OpenAPI responses."""
    documented = {
        (method.upper(), path): {int(c) for c in op["responses"]}
        for path, ops in app.openapi()["paths"].items()
        for method, op in ops.items()
    }
    client = client_with(admin_token=ADMIN, upload_token="input-rules-upload-token-0123")
    add_article("The harbour vote passed on Tuesday after a long debate.", "Herald")
    seen: dict[tuple[str, str], set[int]] = {}
    for method, route in _routes(app):
        if (method, route.path_format) not in documented:
            continue
        ids = dict.fromkeys(_int_params(route), BEYOND) | dict.fromkeys(_str_params(route), "nothing")
        tries = [
            client.request(method, _url(route, **dict.fromkeys(ids, 1)), json={}),
            client.request(method, _url(route, **ids), json={}, headers=AUTH),
            client.request(method, _url(route, **dict.fromkeys(ids, 1)), content=b"{", headers=AUTH),
            client.request(method, _url(route, **dict.fromkeys(ids, 1)) + "?limit=%00", headers=AUTH),
        ]
        seen[(method, route.path_format)] = {r.status_code for r in tries if r.status_code >= 400}
    undocumented = {where: codes - documented[where] for where, codes in seen.items() if codes - documented[where]}
    assert undocumented == {}
    assert {401, 404, 422} <= set().union(*seen.values())


@pytest.mark.parametrize("path", ["/api/articles", "/api/comparisons", "/articles/new"])
def test_a_client_leaving_mid_upload_is_one_info_line_not_an_error(app, client, caplog, path):
    """The body stops halfway and the connection closes: no 500, no traceback, one info line."""
    import anyio

    half = b'{"text": "The harbour vote'
    if not path.startswith("/api/"):
        half = b'--zz\r\nContent-Disposition: form-data; name="text"\r\n\r\nThe harbour vote'
    messages = [
        {"type": "http.request", "body": half, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    kind = b"multipart/form-data; boundary=zz" if not path.startswith("/api/") else b"application/json"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", kind), (b"content-length", b"100000")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {"imports": None},
    }
    caplog.set_level("INFO", logger="parallax")
    anyio.run(app, scope, receive, send)
    records = [r for r in caplog.records if r.name == "parallax"]
    assert [r.levelname for r in records] == ["INFO"], ([r.getMessage() for r in records], sent[:1])
    assert "disconnected" in records[0].getMessage() and records[0].exc_info is None
    assert all(m.get("status") != 500 for m in sent)


@pytest.mark.parametrize("number", ["\u00b2", "\u0661", "9" * 5000, "-1", "0"])
def test_id_like_fields_that_are_not_ids_never_500(admin_client, number):
    """ "²".isdigit() is True and int("²") fails; int() of 5000 digits fails: every door says no instead."""
    form = {"csrf_token": admin_client.headers["x-csrf-token"]}
    answers = [
        admin_client.post("/comparisons", data={**form, "article_ids": ["1", number]}),
        admin_client.post("/outlets/1/merge", data={**form, "into": number}),
        admin_client.post("/outlets/1/labels", data={**form, f"o1-set-{number}": number}),
        admin_client.post("/labels/assign", data={**form, f"o{number}-set-1": "1"}),
        admin_client.get("/c/abcdefabcdef", params={"filter": "label", "label": number}),
        admin_client.post("/api/articles", data={"text": "Some text here.", "outlet": "X", "story_id": number}),
        admin_client.get(f"/articles/{number}"),
    ]
    assert [r.status_code for r in answers if r.status_code >= 500] == []
