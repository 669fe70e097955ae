"""Every list is paginated: walking a list's pages by their own links (next, then back by prev)
shows each row exactly once, in the list's order, with page x of y counted in SQL.

The archive here has more rows than a page on every list: 45 stories (one of 23 articles),
25 outlets, 67 articles that all hold one search word, and 27 comparisons."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlmodel import col, select

from app.models import Article, Comparison, ComparisonStatus, Outlet
from app.services import comparison_index, paging
from app.services import stories as story_service
from app.services.comparisons import new_slug
from app.services.stories import create_story

STORIES, BIG_STORY, OUTLETS, COMPARISONS = 45, 23, 25, 27


@pytest.fixture
def archive(session, add_article):
    start = datetime(2024, 3, 1, tzinfo=UTC)
    stories = [create_story(session, f"Story number {n}") for n in range(STORIES)]
    serial = 0
    for n, story in enumerate(stories):
        for k in range(BIG_STORY if n == 0 else 1):
            serial += 1
            when = start + timedelta(hours=(k * 7) % 11, minutes=serial)  # not the order they were added in
            add_article(
                f"Report {serial} on story {n}: the zebra crossing on road {serial} was repainted by crew {k}.",
                f"Outlet {serial % OUTLETS:02d}",
                title=f"Zebra report {serial}",
                published=when.isoformat(),
                story_id=story.id,
            )
    ids = list(session.exec(select(Article.id).order_by(col(Article.id))))
    for n in range(COMPARISONS):
        comparison = Comparison(
            slug=new_slug(),
            title=f"Comparison {n}",
            article_ids=ids[n : n + 2],
            status=ComparisonStatus.FAILED,  # listed like any other; no job picks it up
            error="not computed in this test",
        )
        session.add(comparison)
        session.flush()
        comparison_index.index(session, comparison)
    session.commit()
    return stories


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


def walk(client, path: str, rows: str, pattern: str) -> tuple[list[int], int]:
    """Follow a list's rel=next links from ``path``; the ids of its rows, and the pages seen.
    On each page the pager says where it is, and its rel=prev leads back to the page before."""
    seen: list[int] = []
    pages: list[str] = []
    url: str | None = path
    while url is not None:
        page = soup(client.get(url))
        found = [int(m.group(1)) for a in page.select(rows) if (m := re.search(pattern, a["href"]))]
        assert found, f"{url}: an empty page"
        where = page.select_one(".pager .pager-where")
        assert where is not None and where.text.strip().startswith(f"Page {len(pages) + 1} of "), url
        back = page.select_one("a[rel=prev]")
        if pages:
            assert back is not None and _same_page(back["href"], pages[-1], client, rows, pattern), url
        else:
            assert back is None
        pages.append(url)
        seen += found
        following = page.select_one("a[rel=next]")
        url = following["href"] if following is not None else None
    total = int(where.text.split(" of ")[1])
    assert total == len(pages)
    return seen, len(pages)


def _same_page(href: str, earlier: str, client, rows: str, pattern: str) -> bool:
    def ids(url: str) -> list[str]:
        return [a["href"] for a in soup(client.get(url)).select(rows)]

    return ids(href) == ids(earlier)


def test_home_walks_every_story_newest_first(client, session, archive):
    seen, pages = walk(client, "/", ".cards h2 a", r"/stories/(\d+)$")
    assert seen == sorted((s.id for s in archive), reverse=True) and pages == 3
    last = soup(client.get("/")).select_one("a[rel=last]")["href"]
    oldest = [a["href"] for a in soup(client.get(last)).select(".cards h2 a")]
    assert [int(h.rsplit("/", 1)[1]) for h in oldest] == seen[-20:]


def test_stories_api_walks_by_its_link_header(client, archive):
    seen: list[int] = []
    url: str | None = "/api/stories?limit=7"
    while url:
        response = client.get(url)
        assert response.status_code == 200 and int(response.headers["x-total-count"]) == STORIES
        seen += [s["id"] for s in response.json()]
        url = response.links.get("next", {}).get("url")
    assert seen == sorted((s.id for s in archive), reverse=True)
    back: list[int] = []
    url = client.get("/api/stories?limit=7").links["last"]["url"]
    while url:
        response = client.get(url)
        back = [s["id"] for s in response.json()] + back
        url = response.links.get("prev", {}).get("url")
    assert back == seen


def test_a_story_page_walks_its_articles_oldest_first(client, session, archive, monkeypatch):
    monkeypatch.setattr(story_service, "STORY_PAGE", 5)
    story = archive[0]
    expected = list(
        session.exec(
            select(Article.id).where(Article.story_id == story.id).order_by(col(Article.published_at), col(Article.id))
        )
    )
    assert expected != sorted(expected)  # published order is not the order of adding
    seen, pages = walk(
        client, f"/stories/{story.id}", "form.compare-selected td a[href*='/articles/']", r"/articles/(\d+)$"
    )
    assert seen == expected and pages == 5
    page = soup(client.get(f"/stories/{story.id}?page=2"))
    assert f"{BIG_STORY} articles" in page.select_one("p.meta").text
    shown = {li.a.text: li.select_one(".meta").text for li in page.select(".story-outlets li")}
    assert sum(int(count.strip("()")) for count in shown.values()) == BIG_STORY  # counted over all pages
    json_seen: list[int] = []
    url: str | None = f"/stories/{story.id}.json"
    while url:
        body = client.get(url).json()
        assert body["articles_total"] == BIG_STORY
        json_seen += [a["id"] for a in body["articles"]]
        url = body["next"]
    assert json_seen == expected


def test_outlets_walk_by_name(client, session, archive):
    expected = list(session.exec(select(Outlet.id).order_by(Outlet.name_key)))
    seen, pages = walk(client, "/outlets?limit=4", "table.list td a[href*='/outlets/']", r"/outlets/(\d+)$")
    assert seen == expected and pages == 7
    api: list[int] = []
    url: str | None = "/api/outlets?limit=6"
    while url:
        response = client.get(url)
        api += [o["id"] for o in response.json()]
        url = response.links.get("next", {}).get("url")
    assert api == expected


def test_search_walks_every_match_once(client, session, archive):
    every = set(session.exec(select(Article.id)))
    seen, pages = walk(client, "/search?q=zebra&limit=6", ".search-hit h2 a", r"/articles/(\d+)$")
    assert len(seen) == len(set(seen)) and set(seen) == every and pages == 12
    json_seen: list[int] = []
    url: str | None = "/search.json?q=zebra&limit=10"
    while url:
        body = client.get(url).json()
        json_seen += [hit["id"] for hit in body["items"]]
        url = body["next"]
    assert json_seen == seen


def test_comparisons_walk_newest_first(client, session, archive):
    expected = [
        c.slug
        for c in session.exec(select(Comparison).order_by(col(Comparison.created_at).desc(), col(Comparison.id).desc()))
    ]
    slugs: list[str] = []
    url: str | None = "/comparisons?limit=4"
    count = 0
    while url:
        page = soup(client.get(url))
        slugs += [a["href"].rsplit("/", 1)[1] for a in page.select("table.list td a[href*='/c/']")]
        following = page.select_one("a[rel=next]")
        url = following["href"] if following else None
        count += 1
    assert slugs == expected and count == 7
    json_slugs: list[str] = []
    url = "/comparisons.json?limit=5"
    while url:
        body = client.get(url).json()
        json_slugs += [c["slug"] for c in body["items"]]
        url = body["next"]
    assert json_slugs == expected


def test_offset_lists_stop_at_the_cap_and_say_so():
    deep = paging.OffsetPage([], total=50_000, limit=100, offset=paging.MAX_OFFSET)
    assert deep.next_offset is None and deep.capped and deep.last_offset == paging.MAX_OFFSET
    assert paging.clamp(20, 10**9, 100) == (20, paging.MAX_OFFSET)
    shallow = paging.OffsetPage([], total=250, limit=100, offset=200)
    assert shallow.page == 3 == shallow.pages and not shallow.capped and shallow.prev_offset == 100


def test_a_story_id_past_the_end_gives_an_empty_page_not_an_error(client, archive):
    assert client.get("/?before=1").status_code == 200
    assert soup(client.get("/?before=1")).select(".cards h2 a") == []
    assert client.get("/api/stories?before=0").json() == []
    assert client.get(f"/stories/{archive[0].id}?page=999").status_code == 200  # the last page
    assert client.get("/?before=-1").status_code == 422


def test_story_page_links_come_from_the_path_builder(client, archive, monkeypatch):
    """No router walk per link: the story page with its 20-odd links asks the router nothing."""
    from starlette.routing import Router

    calls = []
    original = Router.url_path_for

    def counting(self, name, /, **params):
        calls.append(name)
        return original(self, name, **params)

    client.get(f"/stories/{archive[0].id}")  # routes found once
    monkeypatch.setattr(Router, "url_path_for", counting)
    page = client.get(f"/stories/{archive[0].id}")
    assert page.status_code == 200 and calls == []
