"""Who may do what: reading is open, adding may need the upload token, changing needs the admin token."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.settings import Settings
from app.web.main import create_app

ADMIN = "admin-token-0123456789abcdef"
UPLOAD = "upload-token-0123456789abcdef"
OUTLET = "Civic Times"
TEXTS = [
    "The council voted 7-2 on Tuesday to close the old bridge, the mayor said.",
    "Officials closed the old bridge after a 7-2 council vote on Tuesday.",
    "Residents protested the closure of the bridge on Wednesday morning.",
]


@pytest.fixture
def guarded(settings):
    """A client on an app with both tokens set, and the app itself."""
    application = create_app(settings.model_copy(update={"admin_token": ADMIN, "upload_token": UPLOAD}))
    with TestClient(application) as client:
        yield client
    application.state.engine.dispose()


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _csrf(client, path="/articles/new") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


# --- without an admin token, changing is off ----------------------------------------------------


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("DELETE", "/api/articles/1", None),
        ("PATCH", "/api/articles/1", {"title": "New"}),
        ("DELETE", "/api/stories/1", None),
        ("DELETE", "/api/comparisons/abc", None),
        ("POST", "/api/articles/1/story", {"new_story_title": "Elsewhere"}),
    ],
)
def test_without_admin_token_changes_are_off_with_a_clear_reason(client, method, path, body, add_article):
    add_article(TEXTS[0], OUTLET, via=client)
    response = client.request(method, path, json=body, headers=_bearer("anything-at-all-long-enough"))
    assert response.status_code == 403
    assert "PARALLAX_ADMIN_TOKEN" in response.json()["detail"]
    assert client.get("/api/articles/1").json()["title"] == TEXTS[0]


def test_without_admin_token_edit_page_is_off(client, add_article):
    add_article(TEXTS[0], OUTLET, via=client)
    response = client.get("/articles/1/edit")
    assert response.status_code == 403 and "PARALLAX_ADMIN_TOKEN" in response.text


def test_weak_or_placeholder_tokens_are_refused_at_startup():
    for weak in ("short", "changeme", "password"):
        with pytest.raises(ValidationError):
            Settings(admin_token=weak, _env_file=None)
    assert Settings(admin_token="", _env_file=None).admin_token is None


# --- the admin token -------------------------------------------------------------------------


def test_admin_api_needs_the_right_token(guarded, add_article):
    article = add_article(TEXTS[0], OUTLET, via=guarded, headers=_bearer(UPLOAD))
    path = f"/api/articles/{article.id}"
    assert guarded.delete(path).status_code == 401
    assert guarded.delete(path, headers=_bearer(UPLOAD)).status_code == 403  # the upload token is not enough
    assert guarded.delete(path, headers=_bearer(ADMIN + "x")).status_code == 403
    assert guarded.get(path).status_code == 200
    assert guarded.delete(path, headers={"X-Parallax-Token": ADMIN}).status_code == 204
    assert guarded.get(path).status_code == 404
    assert guarded.delete(path, headers=_bearer(ADMIN)).status_code == 404


def test_api_ignores_the_admin_cookie(guarded, add_article):
    article = add_article(TEXTS[0], OUTLET, via=guarded, headers=_bearer(UPLOAD))
    _unlock(guarded, ADMIN)
    assert guarded.delete(f"/api/articles/{article.id}").status_code == 401


def test_edit_metadata_changes_fields_never_text(guarded, add_article):
    article = add_article(TEXTS[0], OUTLET, via=guarded, headers=_bearer(UPLOAD))
    path = f"/api/articles/{article.id}"
    edit = {
        "title": "Bridge closed",
        "outlet": "Harbour Gazette",
        "url": "https://harbour.example/bridge",
        "author": "Jo Park",
        "published": "2025-03-04",
    }
    response = guarded.patch(path, json=edit, headers=_bearer(ADMIN))
    assert response.status_code == 200, response.text
    stored = guarded.get(path).json()
    assert {k: stored[k] for k in ("title", "outlet", "url", "author")} == {
        k: edit[k] for k in ("title", "outlet", "url", "author")
    }
    assert stored["published_at"].startswith("2025-03-04") and stored["text"] == TEXTS[0]
    assert guarded.patch(path, json={"author": ""}, headers=_bearer(ADMIN)).json()["author"] is None
    for bad, status in [
        ({"text": "changed"}, 422),
        ({"url": "javascript:alert(1)"}, 422),
        ({"published": "soon"}, 422),
        ({"title": "x" * 1001}, 422),
        ({"outlet": "  "}, 422),
        ({}, 422),
    ]:
        assert guarded.patch(path, json=bad, headers=_bearer(ADMIN)).status_code == status, bad
    assert guarded.get(path).json()["text"] == TEXTS[0]


def test_deleting_an_article_keeps_its_comparisons_working(guarded, add_article):
    ids = [add_article(text, OUTLET, via=guarded, headers=_bearer(UPLOAD)).id for text in TEXTS]
    slug = guarded.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
    assert guarded.delete(f"/api/articles/{ids[0]}", headers=_bearer(ADMIN)).status_code == 204
    page = guarded.get(f"/c/{slug}")
    assert page.status_code == 200 and "deleted" in page.text
    assert guarded.get(f"/c/{slug}.json").status_code == 200


def test_deleting_a_story_keeps_its_articles(guarded, add_article):
    ids = [add_article(text, OUTLET, via=guarded, headers=_bearer(UPLOAD)).id for text in TEXTS[:2]]
    story = guarded.get(f"/api/articles/{ids[0]}").json()["story_id"]
    assert story is not None
    assert guarded.delete(f"/api/stories/{story}", headers=_bearer(ADMIN)).status_code == 204
    for article_id in ids:
        assert guarded.get(f"/api/articles/{article_id}").json()["story_id"] is None
    assert guarded.get(f"/stories/{story}").status_code == 404


def test_deleting_a_comparison_ends_its_link(guarded, add_article):
    ids = [add_article(text, OUTLET, via=guarded, headers=_bearer(UPLOAD)).id for text in TEXTS[:2]]
    slug = guarded.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
    assert guarded.delete(f"/api/comparisons/{slug}", headers=_bearer(ADMIN)).status_code == 204
    assert guarded.get(f"/c/{slug}").status_code == 404
    assert len(guarded.get("/api/articles").json()["items"]) == 2


def test_moving_an_article_needs_the_admin_token(guarded, add_article):
    article = add_article(TEXTS[0], OUTLET, via=guarded, headers=_bearer(UPLOAD))
    path = f"/api/articles/{article.id}/story"
    assert guarded.post(path, json={"new_story_title": "Elsewhere"}).status_code == 401
    moved = guarded.post(path, json={"new_story_title": "Elsewhere"}, headers=_bearer(ADMIN))
    assert moved.status_code == 200, moved.text


# --- HTML: unlock cookie + CSRF --------------------------------------------------------------


def _unlock(client, token: str):
    return client.post("/unlock", data={"token": token, "csrf_token": _csrf(client, "/unlock")}, follow_redirects=False)


def test_unlock_sets_an_httponly_cookie_and_admin_forms_then_work(guarded, add_article):
    article = add_article(TEXTS[0], OUTLET, via=guarded, headers=_bearer(UPLOAD))
    assert guarded.get(f"/articles/{article.id}/edit").status_code == 401
    assert _unlock(guarded, "wrong-token-wrong-token").status_code == 403
    unlocked = _unlock(guarded, ADMIN)
    assert unlocked.status_code == 303
    cookie = unlocked.headers["set-cookie"]
    assert "parallax_admin=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and ADMIN not in cookie
    edit_page = guarded.get(f"/articles/{article.id}/edit")
    assert edit_page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', edit_page.text).group(1)
    bad = guarded.post(
        f"/articles/{article.id}/edit", data={"title": "T", "outlet": "O", "url": "ftp://x", "csrf_token": token}
    )
    assert bad.status_code == 422 and 'value="ftp://x"' in bad.text
    assert guarded.post(f"/articles/{article.id}/delete", follow_redirects=False).status_code == 403  # no CSRF
    gone = guarded.post(f"/articles/{article.id}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303
    assert guarded.get(f"/api/articles/{article.id}").status_code == 404


def test_lock_forgets_the_tokens(guarded):
    _unlock(guarded, ADMIN)
    guarded.post("/lock", data={"csrf_token": _csrf(guarded, "/unlock")})
    assert guarded.get("/articles/1/edit").status_code in {401, 404}
    assert "parallax_admin" not in guarded.cookies


# --- the upload token ------------------------------------------------------------------------


def test_reading_stays_open_when_tokens_are_set(guarded, add_article):
    article = add_article(TEXTS[0], OUTLET, via=guarded, headers=_bearer(UPLOAD))
    for path in ("/", f"/articles/{article.id}", "/api/articles", f"/api/articles/{article.id}", "/outlets"):
        assert guarded.get(path).status_code == 200, path


def test_api_upload_needs_the_token(guarded):
    body = {"text": TEXTS[1], "outlet": "Wire"}
    assert guarded.post("/api/articles", json=body).status_code == 401
    assert guarded.post("/api/articles", json=body, headers=_bearer("x" * 20)).status_code == 403
    assert guarded.post("/api/articles", json=body, headers={"X-Parallax-Token": UPLOAD}).status_code == 201
    multipart = guarded.post(
        "/api/articles",
        data={"outlet": "Wire"},
        headers=_bearer(ADMIN),
        files={"file": ("a.txt", TEXTS[2].encode(), "text/plain")},
    )
    assert multipart.status_code == 201  # the admin token may add too
    assert guarded.get("/api/articles").json()["total"] == 2


def test_form_asks_for_the_upload_token_and_keeps_the_input(guarded):
    page = guarded.get("/articles/new")
    assert 'name="upload_token"' in page.text
    data = {"text": TEXTS[0], "outlet": "Wire", "title": "Bridge", "csrf_token": _csrf(guarded)}
    files = {"file": ("", b"", "application/octet-stream")}
    refused = guarded.post("/articles/new", data={**data, "upload_token": "nope"}, files=files)
    assert refused.status_code == 403 and "upload token is wrong" in refused.text and 'value="Bridge"' in refused.text
    accepted = guarded.post("/articles/new", data={**data, "upload_token": UPLOAD}, files=files, follow_redirects=False)
    assert accepted.status_code == 303


def test_upload_unlock_cookie_replaces_the_token_field(guarded):
    assert _unlock(guarded, UPLOAD).status_code == 303
    page = guarded.get("/articles/new")
    assert 'name="upload_token"' not in page.text
    data = {"text": TEXTS[0], "outlet": "Wire", "csrf_token": _csrf(guarded)}
    created = guarded.post(
        "/articles/new", data=data, files={"file": ("", b"", "application/octet-stream")}, follow_redirects=False
    )
    assert created.status_code == 303
    # Upload rights are not admin rights: admin pages stay closed. The article this browser just
    # added is its own to correct (the uploader's edit cookie), and nothing more.
    assert guarded.get("/stories/1/delete").status_code == 401
    assert guarded.get("/articles/1/edit").status_code == 200
    guarded.cookies.delete("parallax_edit")
    assert guarded.get("/articles/1/edit").status_code == 401


def test_without_upload_token_adding_is_open(client):
    assert 'name="upload_token"' not in client.get("/articles/new").text
    assert client.post("/api/articles", json={"text": TEXTS[0], "outlet": "Wire"}).status_code == 201


def test_admin_links_and_move_form_show_only_when_unlocked(guarded, add_article):
    ids = [add_article(text, OUTLET, via=guarded, headers=_bearer(UPLOAD)).id for text in TEXTS[:2]]
    story = guarded.get(f"/api/articles/{ids[0]}").json()["story_id"]
    slug = guarded.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
    pages = {
        f"/articles/{ids[0]}": f"/articles/{ids[0]}/edit",
        f"/stories/{story}": f"/stories/{story}/delete",
        f"/c/{slug}": f"/c/{slug}/delete",
    }
    assert guarded.get(f"/c/{slug}/delete").status_code == 401
    for page, link in pages.items():
        assert link not in guarded.get(page).text, page
    assert "move-story" not in guarded.get(f"/articles/{ids[0]}").text
    _unlock(guarded, ADMIN)
    for page, link in pages.items():
        assert link in guarded.get(page).text, page
        assert guarded.get(link).status_code == 200, link
    assert "move-story" in guarded.get(f"/articles/{ids[0]}").text
    assert guarded.get(f"/c/{slug}/delete").status_code == 200


def test_comparison_page_has_no_delete_link_when_deleting_is_off(client, add_article):
    ids = [add_article(text, OUTLET, via=client).id for text in TEXTS[:2]]
    slug = client.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
    assert f"/c/{slug}/delete" not in client.get(f"/c/{slug}").text
