"""Stories: new articles join the story they cover, users can move them, pages and JSON show them.

Same-event cases are real coverage (demo/seeds: five outlets; tests/data/farenthold: three).
Different-event cases (tests/story_cases) are realistic articles on the same topics: other
Russia–Ukraine events of that week and another (fictional) congressional resignation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlmodel import select

from app.migrate import upgrade
from app.models import Article, Story
from app.services import stories as story_service
from app.services.errors import NotFound, UserError
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "story_cases"
FARENTHOLD = Path(__file__).parent / "data" / "farenthold"


# Moving articles may need the admin token: these tests run with one set and sent.
ADMIN_TOKEN = "story-tests-admin-token-0123456789"


@pytest.fixture
def settings(database_url: str) -> Settings:
    upgrade(database_url)
    return Settings(database_url=database_url, demo=False, admin_token=ADMIN_TOKEN, _env_file=None)


@pytest.fixture
def client(app):
    with TestClient(app, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as test_client:
        yield test_client


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def add_demo(add_article) -> list[Article]:
    """The five demo articles, added one by one without saying which story they belong to."""
    manifest = json.loads((ROOT / "demo" / "manifest.json").read_text(encoding="utf-8"))
    return [
        add_article(
            (ROOT / "demo" / e["file"]).read_text(encoding="utf-8"),
            e["outlet"],
            published=e["published"],
            title=e.get("title"),
        )
        for e in manifest["articles"]
    ]


def case(name: str) -> str:
    return (CASES / f"{name}.txt").read_text(encoding="utf-8")


# --- grouping -----------------------------------------------------------------------------


def test_five_outlets_on_one_event_form_one_story_titled_after_the_first(session, add_article):
    articles = add_demo(add_article)
    assert len({a.story_id for a in articles}) == 1
    story = session.get(Story, articles[0].story_id)
    assert story.title == articles[0].title


def test_other_events_on_the_same_topic_and_from_the_same_outlet_start_their_own_stories(session, add_article):
    demo_story = add_demo(add_article)[0].story_id
    truce = add_article(case("ukraine_easter_truce"), "Dawn", published="2025-04-19")
    strike = add_article(case("ukraine_sumy_strike"), "Dawn", published="2025-04-14")
    assert len({demo_story, truce.story_id, strike.story_id}) == 3
    assert session.get(Story, truce.story_id).title.startswith("Putin declares Easter truce")


def test_undated_articles_are_grouped_by_their_text_alone(add_article):
    farenthold = [add_article(p.read_text(encoding="utf-8"), p.stem[4:]) for p in sorted(FARENTHOLD.glob("*.txt"))]
    other = add_article(case("congress_other_resignation"), "Fox News")
    other_again = add_article(case("congress_other_resignation_second_outlet"), "The Hill")
    assert len({a.story_id for a in farenthold}) == 1
    assert other.story_id == other_again.story_id
    assert other.story_id != farenthold[0].story_id


def test_the_same_words_weeks_later_are_a_new_event(session, add_article):
    first = add_demo(add_article)[3]
    later = add_article(first.text + "\n\nUpdated.", "TimesLIVE", published="2025-05-20")
    assert later.story_id != first.story_id
    assert story_service.best_story_match(session, later).story_id is None  # nothing in the window


def test_the_match_score_separates_same_event_from_same_topic(session, add_article):
    *first_four, fifth = add_demo(add_article)
    story_id = first_four[0].story_id
    session.delete(fifth)  # score the Washington Post's article against the other four afresh
    session.commit()
    unsaved = Article(
        outlet_id=1, text=fifth.text, title=fifth.title, published_at=fifth.published_at, content_hash="x"
    )
    same = story_service.best_story_match(session, unsaved)
    assert same.story_id == story_id and same.score >= story_service.JOIN_THRESHOLD
    truce = Article(outlet_id=1, text=case("ukraine_easter_truce"), content_hash="y")
    other = story_service.best_story_match(session, truce)
    assert other.story_id == story_id and other.score < story_service.JOIN_THRESHOLD


def test_a_story_given_on_ingest_is_kept(session, add_article):
    story = story_service.create_story(session, "Chosen by hand")
    article = add_article(case("ukraine_sumy_strike"), "Dawn", story_id=story.id)
    assert article.story_id == story.id
    assert session.exec(select(Story)).all() == [story]


def test_api_ingest_assigns_a_story_too(client):
    created = client.post("/api/articles", json={"text": case("ukraine_sumy_strike"), "outlet": "Dawn"}).json()
    assert created["story_id"] is not None
    assert client.get(f"/api/stories/{created['story_id']}").json()["articles"][0]["id"] == created["id"]


# --- moving -------------------------------------------------------------------------------


def test_move_to_an_existing_story_and_the_empty_one_goes(session, add_article):
    truce = add_article(case("ukraine_easter_truce"), "Dawn", published="2025-04-19")
    strike = add_article(case("ukraine_sumy_strike"), "Dawn", published="2025-04-14")
    old = truce.story_id
    moved = story_service.move_article(session, truce.id, story_id=strike.story_id)
    assert moved.story_id == strike.story_id
    assert session.get(Story, old) is None


def test_move_to_a_new_story(session, add_article):
    articles = add_demo(add_article)
    moved = story_service.move_article(session, articles[0].id, new_title="  Vance in   Rome ")
    assert session.get(Story, moved.story_id).title == "Vance in Rome"
    assert session.get(Story, articles[1].story_id) is not None  # the old story still has four


@pytest.mark.parametrize("story_id, title", [(None, None), (None, "   "), (1, "Both")])
def test_move_needs_exactly_one_destination(session, add_article, story_id, title):
    article = add_article(case("ukraine_sumy_strike"), "Dawn")
    with pytest.raises(UserError) as info:
        story_service.move_article(session, article.id, story_id=story_id, new_title=title)
    assert info.value.status_code == 422


def test_move_to_missing_things_is_not_found(session, add_article):
    article = add_article(case("ukraine_sumy_strike"), "Dawn")
    with pytest.raises(NotFound):
        story_service.move_article(session, article.id, story_id=999)
    with pytest.raises(NotFound):
        story_service.move_article(session, 999, new_title="Anything")


def test_api_move(client):
    a = client.post("/api/articles", json={"text": case("ukraine_sumy_strike"), "outlet": "Dawn"}).json()
    b = client.post("/api/articles", json={"text": case("ukraine_easter_truce"), "outlet": "Dawn"}).json()
    moved = client.post(f"/api/articles/{a['id']}/story", json={"story_id": b["story_id"]})
    assert moved.status_code == 200 and moved.json()["story_id"] == b["story_id"]
    fresh = client.post(f"/api/articles/{a['id']}/story", json={"new_story_title": "Sumy"}).json()
    assert client.get(f"/api/stories/{fresh['story_id']}").json()["title"] == "Sumy"


@pytest.mark.parametrize(
    "body, status",
    [
        ({}, 422),
        ({"story_id": "x"}, 422),
        ({"story_id": 1, "new_story_title": "x"}, 422),
        ({"colour": 1}, 422),
        ({"story_id": 999}, 404),
        ({"new_story_title": "x" * 501}, 422),
    ],
)
def test_api_move_refuses_bad_requests_with_a_reason(client, body, status):
    a = client.post("/api/articles", json={"text": case("ukraine_sumy_strike"), "outlet": "Dawn"}).json()
    response = client.post(f"/api/articles/{a['id']}/story", json=body)
    assert response.status_code == status
    assert response.json()["detail"]
    assert client.post("/api/articles/999/story", json={"new_story_title": "x"}).status_code == 404


def test_move_form_on_the_article_page(client, csrf):
    a = client.post("/api/articles", json={"text": case("ukraine_sumy_strike"), "outlet": "Dawn"}).json()
    b = client.post("/api/articles", json={"text": case("ukraine_easter_truce"), "outlet": "Dawn"}).json()
    page = soup(client.get(f"/articles/{a['id']}"))
    form = page.select_one(".move-story form")
    options = [o["value"] for o in form.select("select[name=story_id] option") if o["value"]]
    assert str(b["story_id"]) in options and str(a["story_id"]) not in options  # not its own story
    done = client.post(
        form["action"], data={"story_id": str(b["story_id"]), "csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    assert client.get(f"/api/articles/{a['id']}").json()["story_id"] == b["story_id"]


def test_move_form_mistake_shows_the_page_again_with_the_reason_and_input(client, csrf):
    a = client.post("/api/articles", json={"text": case("ukraine_sumy_strike"), "outlet": "Dawn"}).json()
    response = client.post(
        f"/articles/{a['id']}/story", data={"story_id": "", "new_story_title": "", "csrf_token": csrf}
    )
    assert response.status_code == 422
    assert "Choose an existing story" in soup(response).select_one(".move-story .alert").get_text()
    both = client.post(
        f"/articles/{a['id']}/story",
        data={"story_id": str(a["story_id"]), "new_story_title": "Kept <title>", "csrf_token": csrf},
    )
    page = soup(both)
    assert both.status_code == 422 and page.select_one("#move-new-title")["value"] == "Kept <title>"


# --- pages and JSON -----------------------------------------------------------------------


def test_story_page_lists_outlets_articles_and_compare_forms(client, add_article):
    articles = add_demo(add_article)
    story_id = articles[0].story_id
    page = soup(client.get(f"/stories/{story_id}"))
    assert len(page.select(".story-outlets li")) == 5
    boxes = page.select("form.compare-selected input[type=checkbox][name=article_ids]")
    assert sorted(int(b["value"]) for b in boxes) == sorted(a.id for a in articles)
    compare_all = page.select_one("form.compare-all")
    assert compare_all["method"] == "post" and compare_all["action"] == "/comparisons"
    # It names the story, not every article (they are paginated): the server compares them all.
    assert compare_all.select("input[name=article_ids]") == []
    assert compare_all.select_one("input[name=whole_story]")["value"] == "1"
    assert compare_all.select_one("input[name=story_id]")["value"] == str(story_id)
    alternate = page.select_one('link[rel=alternate][type="application/json"]')
    assert alternate["href"].endswith(f"/stories/{story_id}.json")


def test_compare_all_sends_the_story_and_compares_every_article_of_it(client, add_article, csrf):
    articles = add_demo(add_article)
    story_id = articles[0].story_id
    form = {"whole_story": "1", "story_id": str(story_id), "csrf_token": csrf}
    created = client.post("/comparisons", data=form, follow_redirects=False)
    assert created.status_code == 303
    slug = created.headers["location"].rsplit("/", 1)[-1]
    stored = client.get(f"/c/{slug}.json").json()["comparison"]
    assert sorted(stored["article_ids"]) == sorted(a.id for a in articles) and stored["story_id"] == story_id
    missing = client.post("/comparisons", data={**form, "story_id": "999999"}, follow_redirects=False)
    assert missing.status_code == 404 and "999999" in missing.text


def test_compare_all_makes_a_comparison_the_story_then_links(client, add_article, csrf):
    articles = add_demo(add_article)[:3]
    story_id = articles[0].story_id
    form = {"article_ids": [str(a.id) for a in articles], "story_id": str(story_id), "csrf_token": csrf}
    created = client.post("/comparisons", data=form, follow_redirects=False)
    assert created.status_code == 303
    slug_path = created.headers["location"].split("://", 1)[-1].split("/", 1)[1]
    links = [a["href"] for a in soup(client.get(f"/stories/{story_id}")).select(".story-comparisons a")]
    assert links == ["/" + slug_path]
    assert client.get(f"/stories/{story_id}.json").json()["comparisons"][0]["url"] == "/" + slug_path


def test_story_json_twin_and_api_agree(client, add_article):
    articles = add_demo(add_article)
    story_id = articles[0].story_id
    twin = client.get(f"/stories/{story_id}.json").json()
    assert twin == client.get(f"/api/stories/{story_id}").json()
    assert {o["name"] for o in twin["outlets"]} == {
        "Dawn",
        "Emerging Gulf",
        "ABC News",
        "TimesLIVE",
        "The Washington Post",
    }
    assert [a["id"] for a in twin["articles"]] == sorted(a.id for a in articles)  # same day: by id
    listed = client.get("/api/stories").json()
    assert listed == [
        {
            "id": story_id,
            "title": twin["title"],
            "articles": 5,
            "outlets": sorted((o["name"] for o in twin["outlets"]), key=str.casefold),
        }
    ]


def test_missing_story_is_a_clear_404(client):
    assert client.get("/stories/999").status_code == 404
    missing = client.get("/stories/999.json")
    assert missing.status_code == 404 and missing.json()["detail"] == "There is no story 999."
    assert client.get("/api/stories/999").status_code == 404
    assert client.get("/api/stories?limit=0").status_code == 422


def test_story_page_of_one_article_offers_no_comparison(client):
    a = client.post("/api/articles", json={"text": case("ukraine_sumy_strike"), "outlet": "Dawn"}).json()
    page = soup(client.get(f"/stories/{a['story_id']}"))
    assert page.select_one("form.compare-all") is None
    assert len(page.select("h1")) == 1
    for field in page.select("input:not([type=hidden]):not([type=submit]), select"):
        assert page.select_one(f'label[for="{field["id"]}"]')
