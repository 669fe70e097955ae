"""Hostile content stays text everywhere; every response carries the policy headers; forms need CSRF."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent

PAYLOADS = [
    "<script>alert('pwned')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(2)>",
    "' onmouseover='alert(3)",
    "</style><style>body{display:none}</style>",
    '<a href="javascript:alert(4)">click</a>',
    "{{ 7 * 7 }}{% raw %}",
    "<iframe src=//evil.example></iframe>",
]


def _hostile_article(n: int, payload: str) -> dict:
    sentences = [
        f"The council {payload} voted {n + 4} to 2 on Tuesday to close the bridge.",
        f'"We will not {payload} wait any longer," said Mayor Ana Ruiz of the {payload} district.',
        f"Repairs will take {n + 3} weeks, officials said. {payload}",
    ]
    return {
        "text": "\n\n".join(sentences),
        "outlet": f"Outlet {n} {payload}"[:200],
        "title": f"Bridge {n} {payload}",
        "author": f"Reporter {payload}",
        "url": f"https://news{n}.example/a?q={payload}"[:2000],
        "published": "2025-03-0" + str(n % 9 + 1),
    }


@pytest.fixture
def hostile(client):
    """Stored hostile articles, a comparison of them, and every page and export that shows them."""
    ids = []
    for n, payload in enumerate(PAYLOADS):
        response = client.post("/api/articles", json=_hostile_article(n, payload))
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    created = client.post("/api/comparisons", json={"article_ids": ids[:5], "title": "Compare " + PAYLOADS[0]})
    assert created.status_code == 201, created.text
    slug = created.json()["slug"]
    stories = {a["story_id"] for a in client.get("/api/articles", params={"limit": 50}).json()["items"]} - {None}
    pages = [
        "/",
        "/outlets",
        "/search?q=council",
        "/search?q=" + PAYLOADS[0],
        f"/c/{slug}",
        *[f"/articles/{i}" for i in ids],
    ]
    pages += [f"/stories/{s}" for s in stories]
    exports = [f"/c/{slug}.json", f"/c/{slug}.csv", f"/api/articles/{ids[0]}", "/api/articles"]
    return {"pages": pages, "exports": exports}


def _assert_inert(html: str, where: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        source = urlsplit(script.get("src", ""))
        assert source.path.startswith("/static/") and source.netloc in {"", "testserver"}, f"{where}: {script}"
        assert not script.string, f"{where}: {script}"
    assert not soup.find_all(["style", "iframe", "svg", "object", "embed", "base"]), where
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"{where}: {tag.name} has {name}"
            if name in {"href", "src", "action", "formaction", "content"}:
                text = value if isinstance(value, str) else " ".join(value)
                assert not re.match(r"\s*(javascript|data|vbscript):", text, re.I), f"{where}: {name}={text}"
    # "{{ 7 * 7 }}" rendered would read 49 on its own; a similarity "0.49" or a year 2049 is no sign of it
    assert not re.search(r"(?<![\d.])49(?!\d)", soup.get_text()), f"{where}: a template expression ran"


def test_hostile_content_is_shown_as_text_on_every_page(client, hostile):
    for path in hostile["pages"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        _assert_inert(response.text, path)
    article = client.get(hostile["pages"][5]).text  # the first article page shows the payload, as text
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in article or "&lt;script&gt;alert('pwned')" in article


def test_exports_are_served_as_data_never_as_html(client, hostile):
    for path in hostile["exports"]:
        response = client.get(path)
        assert response.status_code == 200, path
        kind = response.headers["content-type"]
        assert not kind.startswith("text/html"), (path, kind)
        assert response.headers["x-content-type-options"] == "nosniff"


def test_uploaded_html_is_parsed_never_served_back(client):
    page = (
        b"<html><head><title>T</title></head><body><article><p>Real paragraph about the vote on Monday in the city.</p>"
        b"<script>alert(1)</script><p onclick='x()'>Second paragraph about the same vote and the mayor.</p></article></body></html>"
    )
    created = client.post("/api/articles", data={"outlet": "Wire"}, files={"file": ("a.html", page, "text/html")})
    assert created.status_code == 201, created.text
    body = client.get(f"/api/articles/{created.json()['id']}").json()
    assert "<script" not in body["text"] and "onclick" not in body["text"] and "html" not in body
    _assert_inert(client.get(f"/articles/{body['id']}").text, "article from HTML")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "data:text/html,<script>1</script>",
        "vbscript:msgbox",
        "//evil.example/x",
        "file:///etc/passwd",
    ],
)
def test_only_http_urls_pass_any_door(client, csrf, url, tmp_path, settings):
    text = f"A story about the harbour vote and the url {url!r}."
    json_door = client.post("/api/articles", json={"text": text, "outlet": "X", "url": url})
    multipart_door = client.post(
        "/api/articles",
        data={"text": text, "outlet": "X", "url": url},
        files={"file": ("", b"", "application/octet-stream")},
    )
    form_door = client.post(
        "/articles/new",
        data={"text": text, "outlet": "X", "url": url, "csrf_token": csrf},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert [json_door.status_code, multipart_door.status_code, form_door.status_code] == [422, 422, 422]
    assert client.get("/api/articles").json()["total"] == 0


def test_admin_edit_cannot_set_a_script_url(client, settings):
    # The edit door uses the same URL rule as adding (tested with a token in test_permissions too).
    from sqlmodel import Session

    from app.models import ArticleUpdate
    from app.services.admin import edit_article
    from app.services.errors import UserError, validated

    created = client.post("/api/articles", json={"text": "Harbour text.", "outlet": "X"}).json()
    with Session(client.app.state.engine) as session, pytest.raises(UserError):
        edit_article(session, created["id"], validated(ArticleUpdate, {"url": "javascript:alert(1)"}))


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/articles/new", "/static/app.css", "/api/articles", "/nowhere", "/api/nowhere", "/healthz"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "style-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] in {"strict-origin-when-cross-origin", "no-referrer"}


def test_even_an_unexpected_error_page_carries_the_headers(settings):
    from fastapi.testclient import TestClient

    from app.web.main import create_app

    application = create_app(settings)

    @application.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    with TestClient(application, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    application.state.engine.dispose()
    assert response.status_code == 500 and "a bug" not in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_docs_load_from_this_site_under_the_strict_policy(client):
    response = client.get("/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "http" not in csp and "unsafe-inline" not in csp and "script-src 'self';" in csp
    page = BeautifulSoup(response.text, "html.parser")
    assets = [s["src"] for s in page.select("script")] + [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert len(assets) >= 3 and all(not s.get_text().strip() for s in page.select("script"))
    for path in assets:
        assert urlsplit(path).netloc in ("", "testserver"), path  # no CDN: every file from this app
        assert client.get(path).status_code == 200, path
    assert "Apache License" in client.get("/docs/assets/LICENSE").text  # the viewer's licence is served with it
    assert client.get("/redoc", follow_redirects=False).headers["location"] == "/docs"


def test_templates_have_no_inline_script_or_style():
    for template in (ROOT / "templates").glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), template.name
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", source), template.name


# --- CSRF ---------------------------------------------------------------------------------


def _post_form(client, data):
    return client.post(
        "/articles/new", data=data, files={"file": ("", b"", "application/octet-stream")}, follow_redirects=False
    )


def test_form_without_a_csrf_token_is_refused(client):
    client.get("/articles/new")
    response = _post_form(client, {"text": "A text about the vote.", "outlet": "X"})
    assert response.status_code == 403 and "reload the page" in response.text
    assert client.get("/api/articles").json()["total"] == 0


def test_form_with_the_token_of_another_browser_is_refused(client, app, csrf):
    from fastapi.testclient import TestClient

    with TestClient(app) as other:
        other.get("/articles/new")
        response = _post_form(other, {"text": "A text about the vote.", "outlet": "X", "csrf_token": csrf})
    assert response.status_code == 403


def test_forged_cookie_and_field_pair_is_refused(client):
    client.cookies.set("parallax_csrf", "abc.def")
    response = _post_form(client, {"text": "A text about the vote.", "outlet": "X", "csrf_token": "abc.def"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "headers", [{"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}, {"origin": "null"}]
)
def test_cross_site_form_posts_are_refused_even_with_a_token(client, csrf, headers):
    response = client.post(
        "/articles/new",
        data={"text": "A text about the vote.", "outlet": "X", "csrf_token": csrf},
        files={"file": ("", b"", "application/octet-stream")},
        headers=headers,
    )
    assert response.status_code == 403 and "another site" in response.text


def test_same_origin_form_post_with_token_passes(client, csrf):
    response = client.post(
        "/articles/new",
        data={"text": "A text about the vote.", "outlet": "X", "csrf_token": csrf},
        files={"file": ("", b"", "application/octet-stream")},
        headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_csrf_cookie_is_httponly_lax_and_secure_only_over_https(client, app):
    from fastapi.testclient import TestClient

    plain = client.get("/articles/new").headers["set-cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    with TestClient(app, base_url="https://testserver") as secure_client:
        assert "Secure" in secure_client.get("/articles/new").headers["set-cookie"]
    forwarded = TestClient(app).get("/articles/new", headers={"x-forwarded-proto": "https"}).headers["set-cookie"]
    assert "Secure" not in forwarded  # the proxy header is ignored unless the proxy is trusted


def test_forwarded_proto_counts_when_the_proxy_is_trusted(settings):
    from fastapi.testclient import TestClient

    from app.web.main import create_app

    trusted = create_app(settings.model_copy(update={"trust_proxy_headers": True}))
    with TestClient(trusted) as client:
        cookie = client.get("/articles/new", headers={"x-forwarded-proto": "https"}).headers["set-cookie"]
    trusted.state.engine.dispose()
    assert "Secure" in cookie


def test_every_post_form_in_the_templates_carries_the_csrf_field():
    for template in (ROOT / "templates").glob("*.html"):
        source = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", source, re.S | re.I):
            assert "csrf_field()" in form, template.name


@pytest.mark.slow
def test_cli_import_does_not_need_csrf_or_tokens(tmp_path, settings):
    (tmp_path / "a.txt").write_text("A plain article about the harbour vote.", encoding="utf-8")
    env = {
        "PARALLAX_DATABASE_URL": settings.database_url,
        "PARALLAX_DEMO": "0",
        "PARALLAX_UPLOAD_TOKEN": "u" * 20,
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "import", str(tmp_path / "a.txt"), "--outlet", "Wire"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
