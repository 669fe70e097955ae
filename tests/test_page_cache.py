"""List pages come from the render cache while nothing is committed, on SQLite and PostgreSQL:
no database session for a repeat view, a new rendering as soon as anything is stored (by any
connection), each browser's own form token, the admin's page apart, and 304 for a known ETag."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Article
from app.services.stories import create_story
from app.web import render_cache


@pytest.fixture
def story(session, add_article):
    made = create_story(session, "The bridge reopens")
    for n in range(3):
        add_article(f"Report {n}: the bridge reopened after {n + 2} weeks of repairs.", f"Outlet {n}", story_id=made.id)
    return made


@pytest.fixture
def sessions_opened(monkeypatch):
    """Sessions opened by the app: the render cache's own, and the one per request of SessionDep."""
    from app.web import deps

    opened: list[int] = []
    real = render_cache.Session

    def counting(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(render_cache, "Session", counting)
    monkeypatch.setattr(deps, "Session", counting)
    return opened


# On PostgreSQL the version is the server's transaction snapshot, which writes to any of its
# databases move (other test runs share this server): "no session for a repeat view" holds only
# on a quiet server, so it is asserted on SQLite; the probe's change on a commit is tested on both.
@pytest.mark.sqlite_only
def test_a_repeat_view_opens_no_session_and_a_commit_renders_anew(client, session, story, sessions_opened):
    paths = ["/", f"/stories/{story.id}", f"/stories/{story.id}.json", f"/api/stories/{story.id}", "/search?q=bridge"]
    paths += ["/search.json?q=bridge", "/outlets", "/api/outlets", "/comparisons", "/comparisons.json", "/api/stories"]
    for path in paths:
        first = client.get(path)
        opened = len(sessions_opened)
        again = client.get(path)
        assert first.status_code == again.status_code == 200, path
        assert opened and len(sessions_opened) == opened, f"{path} opened a session for a cached page"
        sessions_opened.clear()
    story.title = "The bridge reopens at last"
    session.add(story)
    session.commit()  # another connection than the server's own
    assert "at last" in client.get(f"/stories/{story.id}").text
    assert "at last" in client.get("/").text


def test_each_browser_gets_its_own_token_in_a_cached_page(app, story):
    tokens = []
    for _ in range(2):
        with TestClient(app) as browser:
            page = browser.get(f"/stories/{story.id}")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            assert "csrf-placeholder" not in page.text and page.cookies.get("parallax_csrf") == token
            again = browser.get(f"/stories/{story.id}")  # from the cache, with this browser's cookie
            assert re.search(r'name="csrf_token" value="([^"]+)"', again.text).group(1) == token
            tokens.append(token)
    assert tokens[0] != tokens[1]


def test_a_known_etag_gets_304_and_a_change_a_new_page(client, session, story):
    first = client.get("/")
    etag = first.headers["etag"]
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304
    create_story(session, "A new story")
    fresh = client.get("/", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "A new story" in fresh.text


def test_the_admin_sees_their_own_rendering(client_with, story):
    client = client_with(admin_token="sesame")
    visitor = client.get(f"/stories/{story.id}")
    assert "Delete story" not in visitor.text
    admin = client.get(f"/stories/{story.id}", headers={"Authorization": "Bearer sesame"})
    assert "Delete story" in admin.text
    assert "Delete story" not in client.get(f"/stories/{story.id}").text


def test_a_missing_story_is_a_404_every_time(client, story):
    for _ in range(2):
        assert client.get("/stories/999999").status_code == 404
        assert client.get("/api/stories/999999").status_code == 404


def test_the_archive_version_moves_with_every_commit(app, session):
    probe = app.state.archive_version
    before = probe.read()
    create_story(session, "Anything")
    assert probe.read() != before


@pytest.mark.postgres_only
def test_postgres_asks_for_the_snapshot_once_per_window_and_sees_another_process_within_it(app, database_url):
    """A cached page on PostgreSQL costs no round trip while the snapshot read is fresh; this process's
    commits are seen at once, another process's within the window."""
    from sqlalchemy import create_engine, event, text
    from sqlalchemy.pool import NullPool

    probe = app.state.archive_version
    asked: list[str] = []

    def counting(_conn, _cursor, statement, *_args) -> None:
        if "txid_current_snapshot" in statement:
            asked.append(statement)

    window = probe.REUSE_SECONDS + probe.COMMIT_MARGIN + 0.05
    event.listen(app.state.engine, "before_cursor_execute", counting)
    try:
        time.sleep(window)  # whatever was read before has lapsed
        first = probe.read()
        assert probe.in_loop and probe.read() == first and len(asked) == 1  # reused: no second round trip
        with Session(app.state.engine) as own:
            create_story(own, "Written by this process")
        assert probe.read() != first  # its own commit: asked again at once
        seen = probe.read()
        other = create_engine(database_url, poolclass=NullPool)
        with other.begin() as conn:  # another process's engine
            conn.execute(text("INSERT INTO story (title, created_at) VALUES ('Written elsewhere', now())"))
        other.dispose()
        time.sleep(window)
        assert probe.read() != seen
    finally:
        event.remove(app.state.engine, "before_cursor_execute", counting)


@pytest.mark.sqlite_only
def test_a_comparison_is_served_without_rereading_its_header_while_nothing_changes(client, session, story, monkeypatch):
    from app.services import comparisons as service
    from app.services.comparisons import create_comparison

    ids = list(session.exec(select(Article.id).where(Article.story_id == story.id)))
    slug = create_comparison(session, client.app.state.settings, ids).slug
    assert client.get(f"/c/{slug}").status_code == 200
    reads: list[str] = []
    real = service.header

    def counting(engine, wanted):
        reads.append(wanted)
        return real(engine, wanted)

    monkeypatch.setattr(service, "header", counting)
    assert client.get(f"/c/{slug}").status_code == 200 and reads == []
    with Session(client.app.state.engine) as other:
        create_story(other, "Something else")  # any commit: the header is read again
    assert client.get(f"/c/{slug}").status_code == 200 and reads == [slug]


def test_the_cache_holds_no_more_bytes_than_its_budget():
    cache = render_cache.RenderCache(size=100, budget=10_000)
    for n in range(50):
        page = render_cache.Page(b"x" * 1_000, b"y" * 500, f'W/"{n}"', (), "text/html")
        cache.put(("page", n), ("1", page))
    assert cache.held <= 10_000 and cache.get(("page", 49)) is not None and cache.get(("page", 0)) is None
    cache.put(("page", 49), ("2", render_cache.Page(b"z", None, 'W/"z"', (), "text/html")))
    assert cache.held == sum(1_500 for n in range(50) if cache.get(("page", n)) and n != 49) + 1


def test_views_that_miss_together_wait_for_one_rendering(app, story, monkeypatch):
    """After a commit every client misses at once: one of them renders the page, the others wait for it."""
    import asyncio

    import httpx

    renders: list[str] = []
    real = render_cache._render_page

    def slow(request, build):
        renders.append(request.url.path)
        time.sleep(0.3)  # every view arrives while the first one renders
        return real(request, build)

    monkeypatch.setattr(render_cache, "_render_page", slow)
    path = f"/stories/{story.id}"

    async def views() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as browser:
            return await asyncio.gather(*(browser.get(path) for _ in range(8)))

    responses = asyncio.run(views())
    assert [r.status_code for r in responses] == [200] * 8
    assert all("The bridge reopens" in r.text for r in responses)
    assert renders == [path]
