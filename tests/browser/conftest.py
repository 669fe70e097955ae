"""A real server and Debian's chromium for the browser tests.

The server is `python -m app serve` on a free port with its own SQLite file and the demo
loaded, exactly as a user runs it. Without chromium the tests skip locally and fail in CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.servers import free_port, serving

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("PARALLAX_BROWSER", "/usr/bin/chromium")
    if not Path(path).exists():
        message = f"chromium not found at {path}: apt-get install -y chromium, or set PARALLAX_BROWSER"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def base_url(tmp_path_factory, chromium_path) -> str:
    """URL of a running server with the demo story and its comparison loaded."""
    db = tmp_path_factory.mktemp("browser") / "parallax.db"
    port = free_port()
    # "localhost" may be fetched: the by-URL tests serve their pages there (127.0.0.1 stays refused).
    env = {
        **os.environ,
        "PARALLAX_DATABASE_URL": f"sqlite:///{db}",
        "PARALLAX_DEMO": "1",
        "PARALLAX_FETCH_ALLOW_HOSTS": "localhost",
    }
    env.pop("PARALLAX_UPLOAD_TOKEN", None)
    with serving(["-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)], env, port) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path):
    # Module scope: Playwright's sync API keeps an event loop running while it is open, which
    # would break later tests that call asyncio.run().
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=BROWSER_ARGS)
        yield launched
        launched.close()


class Problems(list):
    """Console errors and uncaught exceptions seen by a page."""

    def watch(self, page):
        page.on(
            "console",
            lambda msg: (
                self.append(f"console: {msg.text} at {msg.location.get('url')}") if msg.type == "error" else None
            ),
        )
        page.on("pageerror", lambda exc: self.append(f"pageerror: {exc}"))
        return page


@pytest.fixture
def context(browser, base_url):
    ctx = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900})
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(context, problems):
    return problems.watch(context.new_page())


@pytest.fixture
def open_page(browser, problems):
    """open_page(url, viewport) -> a page showing that comparison; its context closes after the test."""
    contexts = []

    def opener(url: str, viewport: dict):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        context.set_default_timeout(15_000)
        page = problems.watch(context.new_page())
        page.goto(url)
        page.wait_for_selector(".digest")
        return page

    yield opener
    for context in contexts:
        context.close()
