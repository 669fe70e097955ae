"""Comparisons in other languages as a browser shows them: Arabic laid out right to left in every
element that holds its text, and the notice for a language whose checks do not run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.analysis.test_language_checks import POLISH, POLISH_OTHER
from tests.analysis.test_languages_end_to_end import AR_DISAGREES, AR_FIRST

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Every element of the page that holds an article's own words.
ARABIC_TEXT = {
    "a text column": ".texts .text-col",
    "a sentence in it": ".texts .text-col .s",
    "the fullest wording of a quote": ".quote blockquote.fullest",
    "another outlet's wording": ".quote .wordings .diff",
    "a claim in the matrix": ".claims-matrix .claim-words",
    "the sentence holding it": ".discrepancy tbody td:nth-child(3)",
    "the comparison's title": ".comparison-head h1",
}


def _compare(browser, base_url, bodies: list[tuple[str, str]]) -> str:
    context = browser.new_context(base_url=base_url)
    try:
        ids = []
        for outlet, text in bodies:
            response = context.request.post("/api/articles", data={"text": text, "outlet": outlet})
            body = response.json()
            ids.append(body["existing_id"] if response.status == 409 else body["id"])
        made = context.request.post("/api/comparisons", data={"article_ids": ids, "title": bodies[0][1].split("\n")[0]})
        assert made.ok, made.text()
        url = made.json()["url"]
        return url if url.startswith("http") else base_url + url
    finally:
        context.close()


@pytest.fixture(scope="module")
def arabic_url(browser, base_url) -> str:
    return _compare(browser, base_url, [("الوكالة الوطنية", AR_FIRST), ("صحيفة المساء", AR_DISAGREES)])


@pytest.fixture(scope="module")
def polish_url(browser, base_url) -> str:
    return _compare(browser, base_url, [("Gazeta", POLISH), ("Kurier", POLISH_OTHER)])


def direction(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).direction")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_arabic_text_runs_right_to_left_and_the_page_around_it_does_not(open_page, problems, arabic_url, viewport):
    page = open_page(arabic_url, viewport)
    found = {name: direction(page, selector) for name, selector in ARABIC_TEXT.items()}
    assert found == dict.fromkeys(ARABIC_TEXT, "rtl")
    assert direction(page, "#digest-h") == direction(page, ".section-index") == "ltr"  # the page speaks English
    values = page.eval_on_selector_all(
        ".discrepancy tbody td:nth-child(2)", "els => els.map(el => [el.textContent, getComputedStyle(el).direction])"
    )
    worded = [d for text, d in values if any("\u0600" <= ch <= "\u06ff" for ch in text)]  # "6,1" has no direction
    assert worded and set(worded) == {"rtl"}
    # Laid out, not only marked: a sentence starts at its column's right edge and its full stop ends on the left.
    first, last, column = page.evaluate(
        """() => {
            const s = [...document.querySelectorAll('.texts .text-col .s')].find(el => el.textContent.trim().endsWith('.'));
            const text = s.firstChild.nodeType === 3 ? s.firstChild : s;
            const range = document.createRange();
            const node = s.childNodes[0];
            range.setStart(node, 0); range.setEnd(node, 1);
            const a = range.getBoundingClientRect();
            const tail = s.childNodes[s.childNodes.length - 1];
            range.setStart(tail, tail.length - 1); range.setEnd(tail, tail.length);
            const b = range.getBoundingClientRect();
            const col = s.closest('.text-col').getBoundingClientRect();
            return [[a.left, a.right], [b.left, b.right], [col.left, col.right]];
        }"""
    )
    assert first[0] > last[0], "the first letter should stand to the right of the full stop"
    assert column[1] - first[1] < 40, "the sentence should start at the column's right edge"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    name = "desktop" if viewport is DESKTOP else "phone"
    shots = os.environ.get("PARALLAX_SCREENSHOTS")
    if shots:  # to look at it: PARALLAX_SCREENSHOTS=/tmp/shots pytest tests/browser/test_languages_in_a_browser.py
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"arabic-{name}.png"), full_page=False)
        page.locator("#texts").screenshot(path=str(Path(shots) / f"arabic-texts-{name}.png"))
        page.locator("#quotes").screenshot(path=str(Path(shots) / f"arabic-quotes-{name}.png"))
    assert problems == []


def test_an_unsupported_language_is_named_on_the_first_screen_and_nothing_claims_agreement(
    open_page, problems, polish_url
):
    page = open_page(polish_url, DESKTOP)
    note = page.locator(".digest .not-checked").first
    assert note.is_visible()
    assert note.inner_text().startswith("Boilerplate labels, quotes and discrepancies are not checked for Polish")
    assert page.evaluate(
        "(() => { const r = document.querySelector('.digest .not-checked').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; })()"
    )
    body = page.inner_text("body")
    assert "they agree" not in body and "agree where they state the same fact" not in body
    assert "Discrepancies are not checked for Polish (Gazeta, Kurier)" in page.inner_text("#discrepancies")
    assert problems == []
