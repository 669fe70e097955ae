"""The HTML pages, checked through selectors rather than whole-page strings."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import Session

from app.services.demo import load_demo


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def test_demo_story_is_loaded_once_into_an_empty_database(app, settings):
    with Session(app.state.engine) as session:
        story_id = load_demo(session, settings)
        assert story_id is not None
        assert load_demo(session, settings) is None  # not again once there are articles


def test_home_shows_the_demo_story_and_its_articles(client, app, settings):
    with Session(app.state.engine) as session:
        load_demo(session, settings)
    page = soup(client.get("/"))
    cards = page.select(".card")
    assert len(cards) == 1 and "5 articles" in cards[0].get_text()
    rows = page.select("table.list tbody tr")
    assert len(rows) == 5
    outlets = {r.select("td")[1].get_text() for r in rows}
    assert outlets == {"Dawn", "Emerging Gulf", "ABC News", "TimesLIVE", "The Washington Post"}


def test_article_page_shows_metadata_text_and_original_link(client):
    created = client.post(
        "/api/articles",
        json={
            "text": "First paragraph about the vote.\n\nSecond paragraph <b>not bold</b>.",
            "outlet": "Civic Times",
            "url": "https://civic.example/vote",
            "author": "Jo Park",
            "published": "2025-02-01",
        },
    ).json()
    page = soup(client.get(f"/articles/{created['id']}"))
    assert [p.get_text() for p in page.select(".article-text p")] == [
        "First paragraph about the vote.",
        "Second paragraph <b>not bold</b>.",
    ]
    assert page.select_one(".article-text b") is None  # text is shown as text
    assert page.select_one('a[href="https://civic.example/vote"]') is not None
    assert "Jo Park" in page.select_one(".meta-list").get_text()


def test_outlets_page_counts_articles(client):
    client.post("/api/articles", json={"text": "One.", "outlet": "Gazette"})
    client.post("/api/articles", json={"text": "Two.", "outlet": "gazette "})
    cells = [td.get_text() for td in soup(client.get("/outlets")).select("tbody td")]
    assert cells[0] == "Gazette" and cells[-1] == "2"


def test_missing_pages_are_friendly(client):
    response = client.get("/articles/999")
    assert response.status_code == 404
    assert "There is no article 999" in soup(response).select_one(".alert").get_text()
    api = client.get("/api/articles/999")
    assert api.status_code == 404 and api.json()["detail"] == "There is no article 999."


def test_every_page_has_labels_and_one_h1(client):
    for path in ("/", "/articles/new", "/outlets"):
        page = soup(client.get(path))
        assert len(page.select("h1")) == 1, path
        for field in page.select("input:not([type=hidden]):not([type=submit]), textarea, select"):
            assert field.get("id") and page.select_one(f'label[for="{field["id"]}"]'), (path, field)


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/outlets"} <= set(spec["paths"])
    body = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
