"""Labels and readers' corrections in a browser: an operator labels the demo outlets and sees how
coverage spreads over the labels; a reader with the upload token merges two claims, sees the matrix
change, and the merge is still there after the server restarts with a newer analysis version."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest

from tests.browser.conftest import BROWSER_ARGS  # noqa: F401
from tests.servers import free_port, serving

pytestmark = pytest.mark.browser

ADMIN = "browser-admin-token-0123456789"
UPLOAD = "browser-upload-token-0123456789"
KINDS = {
    "Dawn": "newspaper",
    "Emerging Gulf": "website",
    "ABC News": "broadcaster",
    "TimesLIVE": "newspaper",
    "The Washington Post": "newspaper",
}


@contextmanager
def server(db, port: int, bumped: str | None = None):
    env = {
        **os.environ,
        "PARALLAX_DATABASE_URL": f"sqlite:///{db}",
        "PARALLAX_DEMO": "1",
        "PARALLAX_ADMIN_TOKEN": ADMIN,
        "PARALLAX_UPLOAD_TOKEN": UPLOAD,
    }
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    args = ["tests/browser/serve_bumped.py", bumped, *serve] if bumped else ["-m", "app", *serve]
    with serving(args, env, port, stop_seconds=10) as url:
        yield url


def _unlocked_page(browser, url: str, token: str, problems, width: int = 1366):
    context = browser.new_context(base_url=url, viewport={"width": width, "height": 900})
    context.set_default_timeout(20_000)
    page = problems.watch(context.new_page())
    page.goto("/unlock")
    page.fill("input[name=token]", token)
    page.click("main form.stack button[type=submit]")
    page.wait_for_url(url + "/")
    return context, page


def _demo_comparison(page) -> str:
    story = page.request.get("/api/stories").json()[-1]
    return page.request.get(f"/api/stories/{story['id']}").json()["comparisons"][0]["url"]


def test_labels_then_a_merge_that_survives_a_recompute(browser, tmp_path, problems):
    db, port = tmp_path / "parallax.db", free_port()
    with server(db, port) as url:
        # The operator defines a set and labels the five demo outlets in the grid.
        context, page = _unlocked_page(browser, url, ADMIN, problems)
        page.goto("/labels")
        assert "ships no ratings" in page.inner_text(".labels-note")
        page.fill("#set-name", "kind of outlet")
        page.fill("#set-values", "newspaper\nbroadcaster\nwebsite")
        page.fill("#set-source", "Browser test")
        page.click("form.new-label-set button[type=submit]")
        page.wait_for_selector(".label-grid")
        for row in page.locator(".label-grid tbody tr").all():
            outlet = row.locator("th").inner_text()
            row.locator("select").nth(1).select_option(label=KINDS[outlet])  # after the demo's own "country"
        page.click(".label-grid-form button[type=submit]")
        page.wait_for_selector(".label-sets")
        comparison = _demo_comparison(page)
        page.goto(comparison)
        section = page.locator("#labels")
        assert "By kind of outlet" in section.inner_text()
        rows = {
            r.locator("th").inner_text(): r.inner_text()
            for r in section.locator("#labels-2 .coverage-table tbody tr").all()
        }
        assert set(rows) == {"newspaper", "broadcaster", "website"}
        assert "Dawn, TimesLIVE, The Washington Post" in rows["newspaper"]
        assert page.locator("#matrix-main thead th", has_text="By kind of outlet").count() == 1
        assert "Carried by one side only" in page.inner_text("#digest")
        context.close()

        # A reader with the upload token merges two claims each carried by one outlet.
        context, page = _unlocked_page(browser, url, UPLOAD, problems)
        data = page.request.get(comparison + ".json").json()
        only = lambda article: next(c for c in data["claims"] if {o["article"] for o in c["occurrences"]} == {article})  # noqa: E731
        ids = [a["id"] for a in data["articles"]]
        first, second = only(ids[0]), only(ids[1])
        page.goto(comparison)
        assert page.locator(f"#matrix-main tr#claim-{first['id']}").count() == 0  # folded: one outlet only
        page.goto(f"{comparison}/corrections?claim={first['id']}")
        page.select_option("#merge-other", value=second["id"])
        page.fill("#merge-reason", "The same statement in other words")
        page.fill("#merge-author", "Browser reader")
        page.click("#merge-form button[type=submit]")
        page.wait_for_url(f"**#claim-{first['id']}")
        row = page.locator(f"#matrix-main tr#claim-{first['id']}")
        assert row.locator("td.num").inner_text() == "2" and "corrected" in row.get_attribute("class")
        assert page.locator(f"tr#claim-{second['id']}").count() == 0
        assert "Browser reader" in page.inner_text("#corrections")
        version = page.inner_text(".computed")
        context.close()

    # The server comes back with a newer analysis version: the comparison is recomputed, the merge applies again.
    with server(db, port, bumped="0.0.0-recompute-test") as url:
        context = browser.new_context(base_url=url, viewport={"width": 1366, "height": 900})
        page = problems.watch(context.new_page())
        page.goto(comparison)
        # The stale comparison is recomputed by the new server's analysis process; until then the page
        # says "Analysing…" and refreshes itself (a new server first starts that process).
        page.wait_for_selector(".computed:has-text('0.0.0-recompute-test')", timeout=90_000)
        page.wait_for_selector("#matrix-main")
        assert page.inner_text(".computed") != version
        merged = page.locator("#matrix-main tr.corrected", has_text=first["text"][:40])
        assert merged.count() == 1 and merged.locator("td.num").inner_text() == "2"
        assert page.locator("tr[data-claim]", has_text=second["text"][:40]).count() == 0
        assert "Applied" in page.inner_text("#correction-1")
        context.close()
    assert problems == []
