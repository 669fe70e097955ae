"""Adding by URL and through the bookmarklet in a real browser, with a page server of the test's own."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.fetch_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def news_site() -> str:
    """Another origin than Parallax's: the pages a reader would be on."""
    with serve() as base:
        yield base.replace("127.0.0.1", "localhost")


def save_review(page, title: str) -> None:
    assert page.locator("h1").inner_text() == "Check the article before saving"
    page.fill("#title", title)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("h1").inner_text() == title


def bookmarklet_code(page) -> str:
    page.goto("/help/bookmarklet")
    href = page.get_attribute("#bookmarklet", "href")
    assert href.startswith("javascript:")
    return unquote(href.removeprefix("javascript:"))


def test_add_an_article_by_url_with_review(page, news_site, problems):
    url = f"{news_site}/article/browser-url"
    page.goto("/articles/new")
    page.fill("#url", url)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.input_value("#title") == "Council closes the swing bridge for browser-url repairs"
    assert page.input_value("#outlet") == "Harbour Gazette"
    assert page.input_value("#author") == "Mira Holt; Tomas Berg"
    assert "seven to two on Tuesday" in page.locator(".preview").inner_text()
    save_review(page, "Bridge shut for repairs (by URL)")
    assert page.locator("a", has_text=url).get_attribute("href") == url  # the Original link
    assert page.locator("text=Correct the details").count() == 1
    assert problems == []


def test_send_a_page_with_the_bookmarklet(page, context, news_site, problems):
    code = bookmarklet_code(page)
    page.goto(f"{news_site}/article/browser-bookmarklet")
    with context.expect_page() as opened:
        page.evaluate(code)  # what clicking the bookmark does on this page
    review = problems.watch(opened.value)
    review.wait_for_load_state()
    assert review.url.endswith("/articles/from-page")
    assert review.input_value("#url") == f"{news_site}/article/browser-bookmarklet"
    assert review.input_value("#title") == "Council closes the swing bridge for browser-bookmarklet repairs"
    save_review(review, "Bridge shut for repairs (bookmarklet)")
    assert review.locator("text=https://harbourgazette.example/news/browser-bookmarklet").count() == 1
    assert [p for p in problems if news_site not in p] == []  # the news site's own 404s are not ours


def test_the_bookmarklet_falls_back_to_the_url_where_the_site_forbids_sending_forms(page, context, news_site):
    code = bookmarklet_code(page)
    url = f"{news_site}/article/browser-strict?csp=1"
    page.goto(url)
    with context.expect_page() as opened:
        page.evaluate(code)
    fallback = opened.value
    fallback.wait_for_load_state()
    assert "/articles/new?url=" in fallback.url
    assert fallback.input_value("#url") == url
