"""One article through each door (form, API, CLI) ends as the same stored row."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.models import Article, Outlet

TEXT = (
    "Council approves new bridge budget\n\n"
    "The city council voted 7-2 on Tuesday to approve a $40 million budget for the new river bridge.\n\n"
    "\u201cThis is a good day for commuters,\u201d Mayor Ana Ruiz said after the vote."
)
FIELDS = {
    "outlet": " Harbour  Gazette ",
    "title": "Council approves bridge budget",
    "url": "https://www.harbourgazette.example/news/bridge",
    "published": "2025-03-04",
    "author": "Sam Lee",
}


def _row_shape(engine, text: str) -> dict:
    with Session(engine) as session:
        article, outlet = session.exec(select(Article, Outlet).join(Outlet).where(Article.text == text)).one()
        return {
            "outlet": outlet.name,
            "title": article.title,
            "url": article.url,
            "author": article.author,
            "published": article.published_at and article.published_at.date().isoformat(),
            "text": article.text,
            "hash": article.content_hash,
        }


@pytest.mark.slow
def test_form_api_and_cli_store_the_same_row(client, app, settings, csrf, tmp_path: Path):
    engine = app.state.engine
    texts = [TEXT + f"\n\nVariant {i}." for i in range(3)]

    form = client.post("/articles/new", data={**FIELDS, "text": texts[0], "csrf_token": csrf}, follow_redirects=False)
    assert form.status_code == 303
    api = client.post("/api/articles", json={**FIELDS, "text": texts[1]})
    assert api.status_code == 201, api.text
    path = tmp_path / "bridge.txt"
    path.write_text(texts[2], encoding="utf-8")
    env = {**os.environ, "PARALLAX_DATABASE_URL": settings.database_url, "PARALLAX_DEMO": "0"}
    cli = subprocess.run(
        [sys.executable, "-m", "app", "import", str(path), "--outlet", FIELDS["outlet"]],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr

    shapes = [_row_shape(engine, t) for t in texts]
    for shape, text in zip(shapes, texts, strict=False):
        assert shape["text"] == text  # stored exactly as given
        assert shape["outlet"] == "Harbour Gazette"
    # the form and the API carry every field; the CLI gets title from the text and no URL
    assert {k: v for k, v in shapes[0].items() if k not in ("text", "hash")} == {
        k: v for k, v in shapes[1].items() if k not in ("text", "hash")
    }
    assert shapes[2]["title"] == "Council approves new bridge budget"
    with Session(engine) as session:
        assert len(session.exec(select(Outlet)).all()) == 1  # " Harbour  Gazette " is one outlet


def test_outlet_is_taken_from_the_url_when_missing(client):
    response = client.post("/api/articles", json={"text": TEXT, "url": "https://www.example-news.org/a/1"})
    assert response.status_code == 201
    assert response.json()["outlet"] == "example-news.org"


def test_html_upload_fills_empty_fields_from_metadata(client):
    html = (
        "<html><head><title>Storm closes port</title><meta name='author' content='Rita Gomez'>"
        "<meta property='og:site_name' content='Coast Daily'>"
        "<meta property='article:published_time' content='2024-11-02T08:00:00Z'></head>"
        "<body><nav>Home | Weather | Sport</nav><article><h1>Storm closes port</h1>"
        "<p>The port authority closed all three terminals on Saturday as winds reached 120 km/h along the coast.</p>"
        "<p>Ferries to the islands were cancelled until Monday, the operator said in a statement.</p>"
        "</article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    response = client.post("/api/articles", files={"file": ("storm.html", html.encode(), "text/html")})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["outlet"] == "Coast Daily"
    assert body["author"] == "Rita Gomez"
    assert body["title"] == "Storm closes port"
    assert body["published_at"].startswith("2024-11-02")
    assert body["has_html"] is True
    text = client.get(f"/api/articles/{body['id']}").json()["text"]
    assert "120 km/h" in text and "newsletter" not in text and "Weather | Sport" not in text


def test_api_lists_filters_and_pages(client):
    for i, outlet in enumerate(["Alpha", "Beta", "Alpha"]):
        client.post("/api/articles", json={"text": f"Story number {i} about tides and harbours.", "outlet": outlet})
    page = client.get("/api/articles", params={"outlet": "alpha"}).json()
    assert page["total"] == 2 and {a["outlet"] for a in page["items"]} == {"Alpha"}
    page = client.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert client.get("/api/articles", params={"q": "number 1"}).json()["total"] == 1
    outlets = {o["name"]: o["articles"] for o in client.get("/api/outlets").json()}
    assert outlets == {"Alpha": 2, "Beta": 1}
