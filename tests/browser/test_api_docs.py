"""/docs in a real browser with no internet: the viewer loads from the app, inside the CSP."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_render_with_no_internet_and_no_policy_violations(page, base_url, problems):
    refused = []

    def only_this_server(route):
        if urlsplit(route.request.url).netloc == urlsplit(base_url).netloc:
            route.continue_()
        else:  # as on a machine with no internet
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.goto("/docs")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any(p.replace("\u200b", "") == "/api/articles" for p in paths), paths
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    assert refused == [] and problems == []  # a CSP refusal shows up as a console error
