"""The comparison page as people use it, at a desktop's and a phone's width, on the demo's five
outlets and on ten outlets of the same story."""

from __future__ import annotations

import pytest

from tests.outlet_fixtures import ten_articles

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def comparison_urls(browser, base_url) -> dict[str, str]:
    """The demo comparison, and one of ten outlets made through the API (the demo's five are stored)."""
    context = browser.new_context(base_url=base_url)
    try:
        api = context.request
        story = api.get("/api/stories").json()[-1]
        demo = api.get(f"/api/stories/{story['id']}").json()["comparisons"][0]["url"]
        ids = []
        for article in ten_articles():
            data = {k: v for k, v in article.items() if v is not None}
            response = api.post("/api/articles", data=data)
            body = response.json()
            ids.append(body["existing_id"] if response.status == 409 else body["id"])
        made = api.post("/api/comparisons", data={"article_ids": ids})
        assert made.ok, made.text()
        absolute = lambda url: url if url.startswith("http") else base_url + url  # noqa: E731
        return {"demo": absolute(demo), "ten": absolute(made.json()["url"])}
    finally:
        context.close()


@pytest.fixture(params=["demo", "ten"])
def which(request) -> str:
    return request.param


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }""",
        selector,
    )


def test_the_digest_and_the_first_discrepancy_are_on_the_first_screen(open_page, problems, comparison_urls, which):
    page = open_page(comparison_urls[which], DESKTOP)
    assert in_view(page, "#digest-h")
    assert page.locator("li.digest-discrepancy").count() > 0
    assert in_view(page, "li.digest-discrepancy"), "the first discrepancy is below the fold at 1366 x 900"
    assert problems == []


def test_nothing_scrolls_sideways_on_a_phone(open_page, problems, comparison_urls, which):
    page = open_page(comparison_urls[which], PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # The matrix is a list of claims naming who carries and who omits each.
    assert not page.locator("#matrix-main thead").is_visible()
    assert page.locator("#matrix-main tr[data-claim] td.who").first.is_visible()
    # The texts: one outlet at a time, with a switcher.
    tabs = page.locator(".outlet-switch [role=tab]")
    columns = page.locator(".texts .text-col")
    assert tabs.count() == columns.count() >= 5
    assert [c.is_visible() for c in columns.all()].count(True) == 1
    tabs.nth(2).click()
    assert columns.nth(2).is_visible() and not columns.nth(0).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert problems == []


def test_a_matrix_row_leads_to_its_sentences_and_back(open_page, problems, comparison_urls):
    page = open_page(comparison_urls["demo"], DESKTOP)
    row = page.locator("#matrix-main tr[data-claim]").nth(1)
    claim = row.get_attribute("data-claim")
    row.locator("a.to-text").click()
    pinned = page.locator(".texts .s.pinned")
    assert pinned.count() == 1 and claim in pinned.get_attribute("data-claims").split()
    assert in_view(page, ".texts .s.pinned")
    bar = page.locator(".claim-bar")
    assert bar.is_visible() and "carried by" in bar.inner_text()
    bar.locator("a.to-row").click()
    assert in_view(page, f"#claim-{claim}")
    assert page.evaluate(f"document.activeElement.closest('tr') === document.getElementById('claim-{claim}')")
    assert problems == []


def test_a_pinned_sentence_lights_only_other_outlets_and_names_its_claim(open_page, problems, comparison_urls, which):
    page = open_page(comparison_urls[which], DESKTOP)
    sentence = page.locator(".text-col .s:is(.level-all, .level-some)").first
    sentence.click()
    own = page.evaluate("document.querySelector('.texts .s.pinned').closest('.text-col').id")
    lit_columns = page.evaluate(
        "[...document.querySelectorAll('.texts .s.linked')].map(s => s.closest('.text-col').id)"
    )
    assert lit_columns and own not in lit_columns
    total = page.locator(".texts .text-col").count()
    assert f"of {total} outlets" in page.locator(".claim-bar").inner_text()
    # Each other column scrolled to its counterpart.
    assert page.evaluate(
        """() => { const seen = new Set();
           return [...document.querySelectorAll('.texts .s.linked')].filter(s => {
             const col = s.closest('.text-col'); if (seen.has(col)) return false; seen.add(col);
             const c = col.getBoundingClientRect(), r = s.getBoundingClientRect();
             return r.top < c.top || r.bottom > c.bottom; }).length === 0; }"""
    )
    assert problems == []


def test_keyboard_reaches_the_quotes_in_under_30_tabs(open_page, problems, comparison_urls, which):
    page = open_page(comparison_urls[which], DESKTOP)
    presses = 0
    while presses < 60 and not page.evaluate("!!document.activeElement?.closest('#quotes')"):
        page.keyboard.press("Tab")
        presses += 1
    assert presses < 30, f"{presses} Tab presses to reach the quotes"
    assert problems == []


def test_the_texts_are_one_tab_stop_with_arrow_keys_and_enter_pins(open_page, problems, comparison_urls):
    page = open_page(comparison_urls["demo"], DESKTOP)
    first = page.locator(".texts .text-col").first.locator(".s[data-claims]")
    assert page.evaluate("[...document.querySelectorAll('.texts .s')].filter(s => s.tabIndex === 0).length") == 1
    first.first.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement") == page.evaluate(
        "document.querySelectorAll('.texts .text-col')[0].querySelectorAll('.s[data-claims]')[1]"
    )
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')").startswith("level-")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('pinned')")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.closest('.text-col')") == page.evaluate(
        "document.querySelectorAll('.texts .text-col')[1]"
    )
    assert problems == []


def test_a_mark_in_the_matrix_opens_that_outlets_own_wording(open_page, problems, comparison_urls):
    page = open_page(comparison_urls["demo"], DESKTOP)
    row = page.locator("#matrix-main tr[data-claim]").nth(2)
    cell = row.locator("td.y > a").first
    cell.click()
    opened = page.locator("#matrix-main tr.expanded-row")
    opened.locator(".claim-wordings").wait_for()
    assert cell.get_attribute("aria-expanded") == "true"
    assert opened.locator("li.current").count() == 1
    cell.click()
    assert page.locator("#matrix-main tr.expanded-row").count() == 0
    assert problems == []
