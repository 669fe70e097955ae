"""Every bad input gets a clear answer through the form and the API, and stored rows survive."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlmodel import Session, select

from app.models import Article

GOOD = "The harbour reopened on Monday after a week of repairs, the port authority said."
LIMIT = 2_000


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"max_upload_bytes": LIMIT})


@pytest.fixture
def stored(client, app):
    """One article already in the database, to prove bad input leaves it alone."""
    response = client.post("/api/articles", json={"text": GOOD, "outlet": "Port News"})
    assert response.status_code == 201
    with Session(app.state.engine) as session:
        return session.exec(select(Article)).one().model_dump()


def _unchanged(app, stored):
    with Session(app.state.engine) as session:
        rows = session.exec(select(Article)).all()
        assert [r.model_dump() for r in rows] == [stored]


def _form(client, data, file=None):
    files = {"file": file} if file else {"file": ("", b"", "application/octet-stream")}
    token = client.get("/articles/new").text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/articles/new", data={**data, "csrf_token": token}, files=files)
    return response, BeautifulSoup(response.text, "html.parser")


CASES = [
    # (name, form data, file, expected status, field whose message is shown, words in the message)
    ("empty", {"outlet": "X", "text": "   \n "}, None, 422, "text", "no text"),
    (
        "duplicate",
        {"outlet": "Other", "text": "  " + GOOD.replace(" ", "  ") + "\n"},
        None,
        409,
        "text",
        "already stored",
    ),
    ("too large text", {"outlet": "X", "text": "word " * LIMIT}, None, 413, "text", "larger than"),
    ("too large file", {"outlet": "X"}, ("big.txt", b"a" * (LIMIT + 1), "text/plain"), 413, "file", "larger than"),
    (
        "binary",
        {"outlet": "X"},
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "text/plain"),
        415,
        "file",
        "binary",
    ),
    ("unsupported", {"outlet": "X"}, ("report.pdf", b"%PDF-1.4 some text", "application/pdf"), 415, "file", ".txt"),
    (
        "bad date",
        {"outlet": "X", "text": "A new text.", "published": "next Tuesday"},
        None,
        422,
        "published",
        "YYYY-MM-DD",
    ),
    ("bad url", {"outlet": "X", "text": "A new text.", "url": "javascript:alert(1)"}, None, 422, "url", "http"),
    ("no outlet", {"text": "Another new text."}, None, 422, "outlet", "outlet"),
]


@pytest.mark.parametrize("name,data,file,status,field,words", CASES, ids=[c[0] for c in CASES])
def test_form_shows_the_reason_and_keeps_the_input(client, app, stored, name, data, file, status, field, words):
    response, soup = _form(client, data, file)
    assert response.status_code == status
    error = soup.select_one(f"#{field}-error")
    assert error is not None and words.lower() in error.get_text().lower()
    assert soup.select_one(f"#{field}")["aria-invalid"] == "true"
    for key, value in data.items():
        if key == "text":
            assert soup.select_one("#text").get_text() == value
        else:
            assert soup.select_one(f"#{key}")["value"] == value
    _unchanged(app, stored)


def test_form_duplicate_links_to_the_existing_article(client, stored):
    _, soup = _form(client, {"outlet": "Y", "text": GOOD})
    link = soup.select_one("#text-error a")
    assert link["href"].endswith(f"/articles/{stored['id']}")


@pytest.mark.parametrize("name,data,file,status,field,words", CASES, ids=[c[0] for c in CASES])
def test_api_answers_json_with_the_reason(client, app, stored, name, data, file, status, field, words):
    if file:
        response = client.post("/api/articles", data=data, files={"file": file})
    else:
        response = client.post("/api/articles", json=data)
    assert response.status_code == status
    body = response.json()
    assert words.lower() in body["detail"].lower() and body["field"] == field
    if name == "duplicate":
        assert body["existing_id"] == stored["id"]
    _unchanged(app, stored)


@pytest.mark.parametrize(
    "payload,content_type",
    [
        (b"{not json", "application/json"),
        (b'{"text": 5}', "application/json"),
        (b'{"text": "ok", "unknown": 1}', "application/json"),
        (b"[1, 2]", "application/json"),
        (b"text=hello", "text/plain"),
    ],
)
def test_api_rejects_malformed_bodies_without_a_500(client, app, stored, payload, content_type):
    response = client.post("/api/articles", content=payload, headers={"content-type": content_type})
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    _unchanged(app, stored)


@pytest.mark.parametrize(
    "encoding,text",
    [
        ("cp1252", "Le président a déclaré : « Nous avançons », à Paris, jeudi. Café, naïveté, œuvre."),
        ("utf-16", "Kyiv said the talks were \u201cconstructive\u201d on Friday, Zelensky\u2019s office said."),
        ("shift_jis", "東京で木曜日に会談が行われ、首相は「前進した」と述べた。両国は合意に近づいている。"),
        ("koi8-r", "Представитель Кремля заявил в пятницу, что переговоры с Вашингтоном идут трудно и медленно."),
    ],
)
def test_text_in_another_encoding_is_decoded_not_garbled(client, encoding, text):
    response = client.post(
        "/api/articles", data={"outlet": "Wire"}, files={"file": ("a.txt", text.encode(encoding), "text/plain")}
    )
    assert response.status_code == 201, response.text
    stored = client.get(f"/api/articles/{response.json()['id']}").json()["text"]
    assert stored == text


def test_api_refuses_an_unknown_story_without_storing(client, app, stored):
    response = client.post("/api/articles", json={"text": "A fresh text.", "outlet": "X", "story_id": 9999})
    assert response.status_code == 422
    assert response.json()["field"] == "story_id" and "no story 9999" in response.json()["detail"]
    _unchanged(app, stored)
