"""Adding by URL through every door, against a real local server the tests start.

The server listens on 127.0.0.1; the settings allow the name "localhost" to reach it (as an
operator would allow an intranet host), so "127.0.0.1" itself stays refused.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from urllib.parse import quote, unquote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Article, Outlet
from app.web.access import EDIT_COOKIE
from app.web.main import create_app
from tests.fetch_server import article_html, serve


@pytest.fixture(scope="module")
def page_server() -> str:
    with serve() as base:
        yield base.replace("127.0.0.1", "localhost")


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"fetch_allow_hosts": ["localhost"], "fetch_timeout": 3})


def stored(app, article_id: int) -> tuple[Article, Outlet]:
    with Session(app.state.engine) as session:
        return session.exec(select(Article, Outlet).join(Outlet).where(Article.id == article_id)).one()


def csrf_of(page_text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)


# ---- API ------------------------------------------------------------------------------------


def test_api_fetches_a_url_and_keeps_it_with_the_canonical_url(client, app, page_server):
    url = f"{page_server}/article/api"
    response = client.post("/api/articles", json={"url": url})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["url"] == url
    assert body["canonical_url"] == "https://harbourgazette.example/news/api"
    assert body["outlet"] == "Harbour Gazette"
    assert body["title"] == "Council closes the swing bridge for api repairs"
    assert body["author"] == "Mira Holt; Tomas Berg"
    assert body["published_at"].startswith("2025-03-04T07:30:00")  # 09:30+02:00, the same instant
    article, outlet = stored(app, body["id"])
    assert article.published_at == datetime(2025, 3, 4, 7, 30, tzinfo=UTC)
    assert "seven to two on Tuesday" in article.text
    assert article.html is not None and "<article>" in article.html
    assert outlet.domain == "harbourgazette.example"
    assert {"name": "Harbour Gazette", "domain": "harbourgazette.example"}.items() <= client.get("/api/outlets").json()[
        0
    ].items()


def test_api_fields_given_win_over_the_page(client, page_server):
    body = {"url": f"{page_server}/article/given", "outlet": "Valley Courier", "author": "Sam Lee"}
    response = client.post("/api/articles", json=body)
    assert response.status_code == 201, response.text
    assert (response.json()["outlet"], response.json()["author"]) == ("Valley Courier", "Sam Lee")


def test_the_outlets_domain_is_filled_when_a_url_first_names_it(client, page_server):
    assert (
        client.post("/api/articles", json={"text": "The ferry runs again.", "outlet": "Harbour Gazette"}).status_code
        == 201
    )
    assert client.get("/api/outlets").json()[0]["domain"] is None
    assert client.post("/api/articles", json={"url": f"{page_server}/article/domain"}).status_code == 201
    outlets = client.get("/api/outlets").json()
    assert [(o["name"], o["domain"], o["articles"]) for o in outlets] == [
        ("Harbour Gazette", "harbourgazette.example", 2)
    ]


@pytest.mark.parametrize(
    ("path", "status", "reason"),
    [
        ("/pdf", 415, "content_type"),
        ("/endless", 413, "too_large"),
        ("/slow", 422, "timeout"),
        ("/missing", 422, "status"),
        (f"/redirect?to={quote('http://127.0.0.1/', safe='')}", 422, "address"),
        (f"/redirect?to={quote('http://169.254.169.254/latest/meta-data/', safe='')}", 422, "address"),
    ],
)
def test_api_refusals_say_why_and_store_nothing(client, app, page_server, path, status, reason):
    response = client.post("/api/articles", json={"url": page_server + path})
    assert response.status_code == status, response.text
    body = response.json()
    assert body["reason"] == reason and body["field"] == "url" and body["detail"]
    with Session(app.state.engine) as session:
        assert session.exec(select(Article)).all() == []


def test_api_refuses_a_private_address(client):
    response = client.post("/api/articles", json={"url": "http://10.255.255.1/news"})
    assert response.status_code == 422
    assert "private" in response.json()["detail"]


def test_a_url_fetched_twice_is_a_duplicate(client, page_server):
    url = f"{page_server}/article/twice"
    first = client.post("/api/articles", json={"url": url})
    again = client.post("/api/articles", json={"url": url})
    assert again.status_code == 409 and again.json()["existing_id"] == first.json()["id"]


# ---- the form door: review before saving ------------------------------------------------------


def test_the_form_shows_what_it_found_and_keeps_the_corrections(client, app, csrf, page_server):
    url = f"{page_server}/article/form"
    review = client.post("/articles/new", data={"url": url, "csrf_token": csrf})
    assert review.status_code == 200
    page = review.text
    assert "Check the article before saving" in page
    assert 'value="Council closes the swing bridge for form repairs"' in page
    assert 'value="Harbour Gazette"' in page and 'value="Mira Holt; Tomas Berg"' in page
    assert 'value="2025-03-04T09:30:00+02:00"' in page  # the page's own zone, for the reader to check
    assert "https://harbourgazette.example/news/form" in page
    assert "seven to two on Tuesday" in page  # the start of the text
    assert re.search(r'id="language" name="language" value="en"', page)  # detected, for the reader to confirm
    with Session(app.state.engine) as session:
        assert session.exec(select(Article)).all() == []  # nothing stored yet

    source = re.search(r'name="source" value="([^"]*)"', page, re.DOTALL).group(1)
    page_url = re.search(r'name="page_url" value="([^"]*)"', page).group(1)
    corrected = {
        "csrf_token": csrf_of(page),
        "url": url,
        "page_url": page_url,
        "source": _unescape(source),
        "title": "Swing bridge shut for eleven weeks",
        "outlet": "Harbour Gazette",
        "author": "",  # cleared on purpose: stays cleared
        "published": "2025-03-04",
        "language": "en-GB",
    }
    saved = client.post("/articles/review", data=corrected, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    article_id = int(saved.headers["location"].rsplit("/", 1)[1])
    article, outlet = stored(app, article_id)
    assert article.title == "Swing bridge shut for eleven weeks"
    assert article.author is None
    assert article.published_at == datetime(2025, 3, 4, tzinfo=UTC)
    assert (article.url, article.canonical_url) == (url, "https://harbourgazette.example/news/form")
    assert outlet.name == "Harbour Gazette" and article.language == "en"
    assert EDIT_COOKIE in saved.headers["set-cookie"]

    shown = client.get(f"/articles/{article_id}").text
    assert f'<dt>Original</dt><dd><a href="{url}"' in shown
    assert "Correct the details" in shown


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def test_a_refused_fetch_shows_the_form_again_with_the_reason(client, csrf, page_server):
    response = client.post("/articles/new", data={"url": f"{page_server}/pdf", "title": "Kept", "csrf_token": csrf})
    assert response.status_code == 415
    assert "application/pdf" in response.text
    assert 'value="Kept"' in response.text and f'value="{page_server}/pdf"' in response.text


# ---- the edit cookie ----------------------------------------------------------------------------


def _add_by_form(client, day: str = "Friday") -> int:
    csrf = csrf_of(client.get("/articles/new").text)
    text = f"The night ferry returns on {day} after a month in dry dock, the harbour office said."
    form = {"text": text, "outlet": "Harbour Gazette", "title": "Ferry back", "csrf_token": csrf}
    saved = client.post("/articles/new", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    return int(saved.headers["location"].rsplit("/", 1)[1])


def test_the_edit_cookie_lets_the_uploader_fix_a_field_and_nobody_else(client, app):
    article_id = _add_by_form(client)
    edit_page = client.get(f"/articles/{article_id}/edit")
    assert edit_page.status_code == 200
    assert "Deleting it needs the admin token" in edit_page.text
    fields = {"title": "Night ferry back on Friday", "outlet": "Harbour Gazette", "url": "", "author": "Ana Ruiz"}
    fixed = client.post(
        f"/articles/{article_id}/edit",
        data={**fields, "published": "", "csrf_token": csrf_of(edit_page.text)},
        follow_redirects=False,
    )
    assert fixed.status_code == 303, fixed.text
    assert stored(app, article_id)[0].title == "Night ferry back on Friday"
    assert (
        client.post(f"/articles/{article_id}/delete", data={"csrf_token": csrf_of(edit_page.text)}).status_code == 403
    )

    with TestClient(app) as stranger:
        assert stranger.get(f"/articles/{article_id}/edit").status_code == 403
        assert "Correct the details" not in stranger.get(f"/articles/{article_id}").text
        # Another article's grant, or a cookie altered by hand, opens nothing.
        other_id = _add_by_form(stranger, day="Sunday")
        assert stranger.get(f"/articles/{article_id}/edit").status_code == 403
        value = stranger.cookies[EDIT_COOKIE]
        forged = value.replace(f"{other_id}-", f"{article_id}-", 1)
        assert forged != value
        stranger.cookies.set(EDIT_COOKIE, forged)
        assert stranger.get(f"/articles/{article_id}/edit").status_code == 403
    assert stored(app, article_id)[0].title == "Night ferry back on Friday"


def test_the_edit_cookie_expires(client, monkeypatch):
    article_id = _add_by_form(client)
    assert client.get(f"/articles/{article_id}/edit").status_code == 200
    later = time.time() + 24 * 3600 + 5
    monkeypatch.setattr("app.web.access.time.time", lambda: later)
    assert client.get(f"/articles/{article_id}/edit").status_code == 403


def test_article_pages_say_how_admin_actions_are_turned_on(client):
    article_id = _add_by_form(client)
    with TestClient(client.app) as stranger:
        page = stranger.get(f"/articles/{article_id}").text
    assert "PARALLAX_ADMIN_TOKEN" in page and "off on this server" in page


# ---- the bookmarklet ---------------------------------------------------------------------------


def test_the_bookmarklet_page_offers_a_javascript_link_to_the_review_step(client):
    page = client.get("/help/bookmarklet")
    assert page.status_code == 200
    href = re.search(r'id="bookmarklet" href="([^"]+)"', page.text).group(1)
    code = unquote(_unescape(href))
    assert code.startswith("javascript:(function")
    assert '"http://testserver/articles/from-page"' in code
    assert "location.href" in code and "outerHTML" in code
    assert "<script" not in page.text.split("</footer>")[0]  # no inline script on Parallax's own page


def test_the_bookmarklet_posts_a_page_from_another_site_to_the_review_step(client, app):
    html = article_html("paywalled")
    url = "https://harbourgazette.example/news/paywalled?session=1"
    response = client.post(
        "/articles/from-page",
        data={"url": url, "html": html},
        headers={"origin": "https://harbourgazette.example", "sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 200, response.text
    assert 'value="Council closes the swing bridge for paywalled repairs"' in response.text
    assert f'value="{url}"' in response.text
    with Session(app.state.engine) as session:
        assert session.exec(select(Article)).all() == []


def test_the_bookmarklet_without_html_offers_to_fetch_the_url(client):
    url = "https://harbourgazette.example/news/locked"
    response = client.post(
        "/articles/from-page", data={"url": url}, headers={"sec-fetch-site": "cross-site"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("/articles/new?url=" + quote(url, safe=""))
    assert f'value="{url}"' in client.get(response.headers["location"]).text


def test_other_forms_still_refuse_cross_site_posts(client, csrf):
    response = client.post(
        "/articles/review",
        data={"url": "https://x.example/", "csrf_token": csrf},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403


# ---- bulk ------------------------------------------------------------------------------------


def wait_for(client, path: str, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = client.get(path).json()
        if body["finished"]:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{path} did not finish: {body}")


def test_a_bulk_import_reports_each_url(client, app, page_server, article_analyses):
    analysed_before = article_analyses()
    urls = [
        f"{page_server}/article/bulk-one",
        f"{page_server}/article/bulk-two",
        f"{page_server}/article/bulk-one",  # the same page again
        f"{page_server}/pdf",
        "ftp://harbourgazette.example/file",
    ]
    started = client.post("/api/imports", json={"urls": urls})
    assert started.status_code == 202, started.text
    assert started.json()["total"] == 5
    result = wait_for(client, started.headers["location"].replace("http://testserver", ""))
    statuses = [item["status"] for item in result["items"]]
    assert sorted(statuses[:3]) == ["added", "added", "duplicate"]
    assert statuses[3:] == ["failed", "failed"]
    assert "application/pdf" in result["items"][3]["message"]
    assert "http" in result["items"][4]["message"]
    assert result["counts"] == {"pending": 0, "running": 0, "added": 2, "duplicate": 1, "failed": 2}
    added = [item["article_id"] for item in result["items"] if item["status"] == "added"]
    assert {stored(app, i)[0].url for i in added} == {urls[0], urls[1]}
    if analysed_before is not None:  # PostgreSQL: the planner has statistics by the time the job shows finished
        assert article_analyses() == analysed_before + 1

    page = client.get(f"/imports/{result['slug']}").text
    assert "Finished:" in page and "2 added, 1 already stored, 2 failed" in page
    assert 'http-equiv="refresh"' not in page


def test_the_import_form_starts_a_job_with_a_progress_page(client, csrf, page_server):
    urls = "\n".join([f"{page_server}/article/form-bulk", "# a comment line", f"{page_server}/slow"])
    response = client.post("/imports/new", data={"urls": urls, "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    slug = response.headers["location"].rsplit("/", 1)[1]
    page = client.get(f"/imports/{slug}").text
    assert "Import of 2 URLs" in page
    result = wait_for(client, f"/imports/{slug}.json")
    assert [item["status"] for item in result["items"]] == ["added", "failed"]
    assert "seconds" in result["items"][1]["message"]


def test_bulk_imports_refuse_empty_and_oversized_lists(client, csrf):
    assert client.post("/api/imports", json={"urls": []}).status_code == 422
    assert client.post("/api/imports", json={"urls": ["http://a.example/"] * 501}).status_code == 422
    form = client.post("/imports/new", data={"urls": "  \n# nothing\n", "csrf_token": csrf})
    assert form.status_code == 422 and "at least one URL" in form.text


def test_an_unfinished_import_resumes_when_the_app_starts(settings, page_server):
    from app.services.imports import create_import

    first = create_app(settings)
    with Session(first.state.engine) as session:
        job = create_import(session, [f"{page_server}/article/resumed"])  # stored, never started
        slug = job.slug
    first.state.engine.dispose()
    second = create_app(settings)
    with TestClient(second) as client:
        result = wait_for(client, f"/api/imports/{slug}")
    second.state.engine.dispose()
    assert [item["status"] for item in result["items"]] == ["added"]


# ---- the CLI -----------------------------------------------------------------------------------


@pytest.mark.slow  # runs the CLI in a new process
def test_the_cli_imports_urls_and_a_file_of_urls(settings, page_server, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# bridge coverage\n{page_server}/article/cli-two\n{page_server}/pdf\n", encoding="utf-8")
    env = {
        **os.environ,
        "PARALLAX_DATABASE_URL": settings.database_url,
        "PARALLAX_DEMO": "0",
        "PARALLAX_FETCH_ALLOW_HOSTS": "localhost",
        "PARALLAX_FETCH_TIMEOUT": "5",
    }
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", f"{page_server}/article/cli-one", "--urls", str(listing)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr  # one URL failed
    assert "2 added, 0 duplicate, 1 failed" in done.stdout
    assert f"added     {page_server}/article/cli-one" in done.stderr
    assert f"failed    {page_server}/pdf: The page is application/pdf" in done.stderr


def test_control_characters_in_a_bulk_list_are_dropped_not_stored(client):
    started = client.post("/api/imports", json={"urls": ["ftp://harbour\u0000gazette.example/a\u0007"]})
    assert started.status_code == 202, started.text
    item = started.json()["items"][0]
    assert item["url"] == "ftp://harbourgazette.example/a" and item["status"] == "failed"
