"""The comparison flow in a real browser: add, group, compare, highlight, share."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CASES = Path(__file__).resolve().parent.parent / "story_cases"

# A sentence whose main claim (its first, the one covering most of it) is in another column too: its id, or null.
FIND_LINKED_SENTENCE = """() => {
  const columnOf = el => el.closest('.text-col');
  const all = [...document.querySelectorAll('.texts .s[data-claims]')];
  const claims = el => el.dataset.claims.split(' ').filter(Boolean);
  for (const el of all) {
    const main = claims(el)[0];
    if (main && all.some(o => columnOf(o) !== columnOf(el) && claims(o).includes(main))) return el.id;
  }
  return null;
}"""

# Ids of the highlighted counterparts of a sentence that sit in other columns.
LINKED_ELSEWHERE = """(id) => {
  const el = document.getElementById(id);
  return [...document.querySelectorAll('.texts .s.linked')]
    .filter(o => o.closest('.text-col') !== el.closest('.text-col')).map(o => o.id);
}"""


def add_article(page, outlet: str, title: str, text: str, published: str) -> None:
    page.goto("/articles/new")
    page.fill("#outlet", outlet)
    page.fill("#title", title)
    page.fill("#published", published)
    page.fill("#text", text)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("h1").inner_text() == title


def linked_sentence(page) -> str:
    sentence_id = page.evaluate(FIND_LINKED_SENTENCE)
    assert sentence_id, "no sentence shares a claim with another column"
    return sentence_id


def test_add_group_compare_highlight_and_share(page, browser, base_url, problems):
    texts = {
        name: (CASES / f"{name}.txt").read_text(encoding="utf-8")
        for name in ("congress_other_resignation", "congress_other_resignation_second_outlet")
    }
    add_article(page, "Ohio Ledger", "Garrison resigns", texts["congress_other_resignation"], "2031-06-06")
    add_article(
        page, "Capitol Wire", "Garrison quits House", texts["congress_other_resignation_second_outlet"], "2031-06-06"
    )

    # The second article joined the first one's story; open it and compare the two.
    page.click(".meta-list a[href*='/stories/']")
    assert page.locator(".story-outlets li").count() == 2
    for box in page.locator("form.compare-selected input[type=checkbox]").all():
        box.check()
    with page.expect_navigation():
        page.click("form.compare-selected button[type=submit]")
    assert "/c/" in page.url
    assert page.locator(".texts .text-col").count() == 2

    sentence = linked_sentence(page)
    page.hover(f"#{sentence}")
    assert page.evaluate(LINKED_ELSEWHERE, sentence), "hovering lit no counterpart in the other column"

    # Copy the permanent link, then open it in a fresh context (no cookies, no history).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.click(".copy-link")
    page.wait_for_selector(".copy-status:has-text('copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.input_value("#share-url") and "/c/" in copied
    heading = page.locator("h1").inner_text()
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(copied)
        assert other.locator("h1").inner_text() == heading
        assert other.locator(".texts .text-col").count() == 2
    finally:
        fresh.close()
    assert problems == []


def open_demo_comparison(page) -> None:
    story = page.request.get("/api/stories").json()[-1]  # oldest: the demo story
    comparisons = page.request.get(f"/api/stories/{story['id']}").json()["comparisons"]
    assert comparisons, "the demo story has no comparison"
    page.goto(comparisons[0]["url"])


def test_demo_comparison_renders_without_console_errors(page, problems):
    open_demo_comparison(page)
    assert page.locator(".texts .text-col").count() == 5
    assert page.locator("table.claims-matrix tbody tr").count() > 0
    page.hover(f"#{linked_sentence(page)}")
    assert problems == []


def test_keyboard_pins_a_sentence_and_lights_its_counterparts(page, problems):
    open_demo_comparison(page)
    target = linked_sentence(page)
    column = page.evaluate(f"document.getElementById('{target}').closest('.text-col').id")
    for _ in range(100):  # one Tab stop per column, then arrow keys inside it
        page.keyboard.press("Tab")
        if page.evaluate(f"!!document.activeElement.closest('#{column}')"):
            break
    else:
        pytest.fail(f"Tab never reached column {column}")
    for _ in range(500):
        if page.evaluate("document.activeElement && document.activeElement.id") == target:
            break
        page.keyboard.press("ArrowDown")
    else:
        pytest.fail(f"the arrow keys never reached sentence {target}")
    assert page.evaluate(f"document.getElementById('{target}').matches(':focus-visible')")
    page.keyboard.press("Enter")
    assert page.evaluate(LINKED_ELSEWHERE, target)
    assert problems == []
