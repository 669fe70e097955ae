"""Stored comparisons: slugs, validation (service, form and API), recompute, deleted articles."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

import app.services.comparisons as service
from app.models import Article, Comparison
from app.services.errors import NotFound, UserError
from app.services.ingest import content_hash
from app.services.stories import create_story, list_stories

TEXTS = {
    "Harbour Gazette": "The council voted 7-2 on Tuesday to close the old bridge for repairs. "
    '"We had no choice," said mayor Ana Ruiz. Repairs will cost 4 million euros.',
    "Coast Times": "The city council voted on Tuesday to shut the old bridge for repairs costing 5 million euros. "
    'Mayor Ana Ruiz said: "We had no other choice." Ferries will run in the meantime.',
    "North Star": "Councillors agreed on Wednesday to close the old bridge. Traders on the quay fear for their "
    "business during the work.",
}


def bridge_articles(add_article, story_id=None) -> list[int]:
    return [add_article(t, o, title=f"{o} on the bridge", story_id=story_id).id for o, t in TEXTS.items()]


@pytest.fixture
def ids(add_article) -> list[int]:
    return bridge_articles(add_article)


def test_create_stores_result_fingerprint_and_an_unguessable_slug(session, settings, ids):
    comparison = service.create_comparison(session, settings, ids)
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", comparison.slug)
    assert comparison.status == "ready"
    assert comparison.article_ids == ids
    assert {a["id"] for a in comparison.result["articles"]} == {str(i) for i in ids}
    assert comparison.analysis_version == service.ANALYSIS_VERSION
    rows = [session.get(Article, i) for i in ids]
    assert comparison.fingerprint == service.fingerprint(service.analysed_as(a.content_hash, a.language) for a in rows)
    assert comparison.result["wire_copy"]["articles"]
    assert "Harbour Gazette" in comparison.title


def test_slugs_are_distinct(session, settings, ids):
    sets = [ids[:2], ids[1:], [ids[0], ids[2]], ids]
    slugs = {service.create_comparison(session, settings, chosen).slug for chosen in sets}
    assert len(slugs) == 4
    assert len({service.new_slug() for _ in range(2000)}) == 2000


def test_a_slug_collision_is_retried_not_a_500(session, settings, ids, monkeypatch):
    first = service.create_comparison(session, settings, ids[:2])
    fresh = iter([first.slug, "another-slug"])
    monkeypatch.setattr(service, "new_slug", lambda: next(fresh))
    second = service.create_comparison(session, settings, ids[1:])
    assert second.slug == "another-slug"


@pytest.mark.parametrize(
    "given, status, words",
    [
        ([], 422, "at least two"),
        (["1"], 422, "at least two"),
        (["1", "1"], 422, "at least two"),
        (["1", "x"], 422, "whole numbers"),
        (["1", "999"], 404, "999"),
    ],
)
def test_validation_errors(session, settings, ids, given, status, words):
    given = [str(ids[0]) if g == "1" else g for g in given]
    with pytest.raises(UserError) as info:
        service.create_comparison(session, settings, given)
    assert info.value.status_code == status
    assert words in info.value.message


def test_too_many_articles_is_refused(session, settings, ids):
    settings.max_articles_per_comparison = 2
    with pytest.raises(UserError, match="at most 2"):
        service.create_comparison(session, settings, ids)


def test_unknown_story_is_404(session, settings, ids):
    with pytest.raises(NotFound, match="story"):
        service.create_comparison(session, settings, ids, story_id=4242)


def test_story_title_is_the_default_title(session, settings, add_article):
    story = create_story(session, "Bridge closure")
    ids = bridge_articles(add_article, story_id=story.id)
    comparison = service.create_for_story(session, settings, story.id)
    assert comparison.title == "Bridge closure" and comparison.story_id == story.id
    assert sorted(comparison.article_ids) == sorted(ids)
    assert [s.latest_comparison for s in list_stories(session) if s.id == story.id] == [comparison.slug]


def test_recompute_when_the_analysis_version_changes(session, settings, ids, monkeypatch):
    slug = service.create_comparison(session, settings, ids).slug
    calls = []
    original = service.run_analysis
    monkeypatch.setattr(service, "run_analysis", lambda rows: calls.append(1) or original(rows))
    service.load(session, slug)
    assert calls == []  # unchanged: the stored result is used
    monkeypatch.setattr(service, "ANALYSIS_VERSION", "99.0-test")
    loaded = service.load(session, slug)
    assert calls == [1]
    assert loaded.comparison.analysis_version == "99.0-test"
    assert loaded.comparison.fingerprint == service.fingerprint([a.analysed_as for a in loaded.articles], "99.0-test")
    service.load(session, slug)
    assert calls == [1]  # stored again, so no second recompute


def test_recompute_when_an_article_changes(session, settings, ids):
    comparison = service.create_comparison(session, settings, ids)
    before = comparison.fingerprint
    article = session.get(Article, ids[2])
    article.text = "Councillors agreed on Wednesday to close the old bridge until June."
    article.content_hash = content_hash(article.text)
    session.add(article)
    session.commit()
    loaded = service.load(session, comparison.slug)
    assert loaded.comparison.fingerprint != before
    sentences = next(a["sentences"] for a in loaded.comparison.result["articles"] if a["id"] == str(ids[2]))
    assert max(s["end"] for s in sentences) <= len(article.text)


def test_deleted_article_is_named_and_the_rest_compared(session, settings, ids):
    comparison = service.create_comparison(session, settings, ids)
    session.delete(session.get(Article, ids[1]))
    session.commit()
    loaded = service.load(session, comparison.slug)
    assert loaded.missing == [ids[1]]
    assert [a.id for a in loaded.articles] == [ids[0], ids[2]]
    assert loaded.comparison.status == "ready"
    assert {a["id"] for a in loaded.comparison.result["articles"]} == {str(ids[0]), str(ids[2])}
    gone = [m for m in loaded.comparison.result["members"] if m["gone"]]
    assert gone == [{"id": ids[1], "outlet": "Coast Times", "title": "Coast Times on the bridge", "gone": True}]


def test_fewer_than_two_left_says_so(session, settings, ids):
    comparison = service.create_comparison(session, settings, ids[:2])
    session.delete(session.get(Article, ids[0]))
    session.commit()
    loaded = service.load(session, comparison.slug)
    assert loaded.comparison.status == "failed"
    assert "Fewer than two" in loaded.comparison.error


def test_a_failing_analysis_is_stored_as_failed_not_raised(session, settings, ids, monkeypatch):
    monkeypatch.setattr(service, "run_analysis", lambda rows: 1 / 0)
    comparison = service.create_comparison(session, settings, ids)
    assert comparison.status == "failed" and "analysis failed" in comparison.error


def test_unknown_slug_is_404(session):
    with pytest.raises(NotFound):
        service.load(session, "nope")


# ---- through the API and the form ------------------------------------------------------------


def test_api_creates_201_with_slug_and_url(client, session, settings, ids):
    response = client.post("/api/comparisons", json={"article_ids": ids, "title": "Bridge"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "ready" and body["title"] == "Bridge"
    assert body["url"].endswith(f"/c/{body['slug']}")
    assert response.headers["location"] == body["url"]
    assert session.exec(select(Comparison).where(Comparison.slug == body["slug"])).one()
    again = client.get(f"/api/comparisons/{body['slug']}")
    assert again.status_code == 200 and again.json()["comparison"]["slug"] == body["slug"]


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"article_ids": []}, 422),
        ({"article_ids": "1,2"}, 422),
        ({"article_ids": [1, 2], "surprise": 1}, 422),
        ({}, 422),
        ({"article_ids": [1, 99999]}, 404),
    ],
)
def test_api_validation_is_a_clear_json_4xx(client, ids, payload, status):
    response = client.post("/api/comparisons", json=payload)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"]


# Bounded by a timeout, not a timed assert: before, 60,000 ids kept a CPU busy for 251 s (a quadratic
# de-duplication before the cap); bench/bench_big_bodies.py prints the figure.
@pytest.mark.timeout(20)
def test_api_refuses_an_id_list_past_any_comparison_size_before_reading_it(client):
    # The body model caps the list.
    response = client.post("/api/comparisons", json={"article_ids": list(range(1, 60_001))})
    assert response.status_code == 422 and "at most" in response.json()["detail"]
    # As many ids as the body limit lets through (about 700,000), and repeats of one id.
    many = client.post(
        "/api/comparisons",
        content=b'{"article_ids": [' + b"1," * 699_999 + b"1]}",
        headers={"content-type": "application/json"},
    )
    assert many.status_code in (413, 422)


@pytest.mark.timeout(20)
def test_the_form_refuses_60000_ids_at_once(client, csrf, ids):
    data = {"article_ids": [str(i) for i in range(1, 60_001)], "csrf_token": csrf}
    response = client.post("/comparisons", data=data, follow_redirects=False)
    assert 400 < response.status_code < 500 and response.status_code != 404


def test_api_refuses_non_json(client, ids):
    response = client.post("/api/comparisons", content=b"article_ids=1", headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_form_creates_and_redirects_303(client, csrf, ids):
    data = {"article_ids": [str(i) for i in ids], "title": "Bridge", "csrf_token": csrf}
    response = client.post("/comparisons", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert re.fullmatch(r".*/c/[A-Za-z0-9_-]{12}", response.headers["location"])
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "Bridge" in page.text


def test_form_errors_come_back_with_the_input_kept(client, csrf, ids):
    data = {"article_ids": [str(ids[0])], "title": "Mine", "csrf_token": csrf}
    response = client.post("/comparisons", data=data)
    assert response.status_code == 422
    assert "at least two" in response.text
    assert 'value="Mine"' in response.text
    assert re.search(rf'value="{ids[0]}"\s+checked', response.text)
    missing = client.post("/comparisons", data={"article_ids": [str(ids[0]), "777"], "csrf_token": csrf})
    assert missing.status_code == 404 and "777" in missing.text
    bad_story = client.post(
        "/comparisons", data={"article_ids": [str(i) for i in ids], "story_id": "x", "csrf_token": csrf}
    )
    assert bad_story.status_code == 422 and "whole number" in bad_story.text


def test_new_comparison_form_lists_articles(client, ids):
    page = client.get("/comparisons/new")
    assert page.status_code == 200
    assert all(f'value="{i}"' in page.text for i in ids)


# ---- found again, never duplicated -----------------------------------------------------------


def test_the_same_articles_give_back_the_same_comparison(session, settings, ids):
    first, created = service.find_or_create(session, settings, ids)
    again, created_again = service.find_or_create(session, settings, list(reversed(ids)), title="Another title")
    assert created and not created_again and again.id == first.id
    assert len(session.exec(select(Comparison)).all()) == 1


def test_a_new_analysis_version_makes_a_new_comparison(session, settings, ids, monkeypatch):
    first = service.create_comparison(session, settings, ids)
    monkeypatch.setattr(service, "ANALYSIS_VERSION", "99.0-test")
    monkeypatch.setattr("app.services.comparison_index.ANALYSIS_VERSION", "99.0-test")
    assert service.create_comparison(session, settings, ids).id != first.id


def test_exactly_a_storys_articles_belong_to_the_story_and_take_its_title(session, settings, add_article):
    story = create_story(session, "Bridge closure")
    ids = bridge_articles(add_article, story_id=story.id)
    whole = service.create_comparison(session, settings, ids)  # no story named, as through the API
    assert whole.story_id == story.id and whole.title == "Bridge closure"
    part = service.create_comparison(session, settings, ids[:2])
    assert part.story_id is None and part.title == "Bridge closure"  # a part of it: titled after it, not on it


def test_the_api_says_when_it_gives_back_an_existing_comparison(client, ids):
    made = client.post("/api/comparisons", json={"article_ids": ids})
    again = client.post("/api/comparisons", json={"article_ids": list(reversed(ids))})
    assert made.status_code == 201 and made.json()["existing"] is False
    assert again.status_code == 200 and again.json()["existing"] is True
    assert again.json()["slug"] == made.json()["slug"] and again.headers["location"] == made.json()["url"]


def test_the_form_goes_to_the_existing_comparison(client, csrf, ids):
    first = client.post("/comparisons", data={"article_ids": ids, "csrf_token": csrf}, follow_redirects=False)
    second = client.post("/comparisons", data={"article_ids": ids, "csrf_token": csrf}, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]


def test_comparisons_are_listed_newest_first_with_their_story(client, session, settings, add_article):
    story = create_story(session, "Bridge closure")
    ids = bridge_articles(add_article, story_id=story.id)
    older = service.create_comparison(session, settings, ids[:2])
    newer = service.create_comparison(session, settings, ids)
    body = client.get("/api/comparisons").json()
    assert [c["slug"] for c in body["items"]] == [newer.slug, older.slug] and body["total"] == 2
    assert body["items"][0]["story"] == {"id": story.id, "title": "Bridge closure"}
    assert client.get("/comparisons.json").json() == body
    page = client.get("/comparisons")
    assert page.status_code == 200
    links = re.findall(r'href="[^"]*/c/([\w-]{12})"', page.text)
    assert links[:2] == [newer.slug, older.slug]
    assert client.get("/api/comparisons?limit=1&offset=1").json()["items"][0]["slug"] == older.slug


def test_article_and_story_pages_list_the_comparisons_that_hold_them(client, session, settings, add_article):
    story = create_story(session, "Bridge closure")
    ids = bridge_articles(add_article, story_id=story.id)
    through_api = client.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
    pair = service.create_comparison(session, settings, ids[:2]).slug
    article_page = client.get(f"/articles/{ids[0]}").text
    assert f"/c/{through_api}" in article_page and f"/c/{pair}" in article_page
    assert f"/c/{pair}" not in client.get(f"/articles/{ids[2]}").text
    story_page = client.get(f"/stories/{story.id}").text
    assert f"/c/{through_api}" in story_page and "No comparison of this story yet" not in story_page
    assert [c["slug"] for c in client.get(f"/api/stories/{story.id}").json()["comparisons"]] == [through_api]
