"""Screenshots of the demo comparison at desktop and phone widths, for the README.

Starts `python -m app serve` on a temporary SQLite file with the demo loaded, opens the demo
story's comparison in Debian's chromium (PARALLAX_BROWSER overrides the path) and writes, at
1366 x 900 and 390 x 844, the first screen (comparison-desktop.png, comparison-phone.png), the
claims matrix (comparison-matrix-desktop.png, comparison-matrix-phone.png), the texts with one
sentence pinned (comparison-texts-desktop.png, comparison-texts-phone.png), coverage by the demo's
country labels (labels-desktop.png, labels-phone.png), and, after a reader merges two claims through the
API, the corrected matrix row (corrected-desktop.png, corrected-phone.png) and the corrections page
seen with the upload token (corrections-desktop.png, corrections-phone.png).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
UPLOAD_TOKEN = secrets.token_urlsafe(24)
# Two claims the lexical analysis keeps apart that a reader would call one: the US will walk away within days.
MERGED = ("will walk away from trying to broker", "will abandon Ukraine peace push")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "PARALLAX_DATABASE_URL": f"sqlite:///{db}",
        "PARALLAX_DEMO": "1",
        "PARALLAX_UPLOAD_TOKEN": UPLOAD_TOKEN,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            get_json(url + "/healthz")
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


def demo_comparison_url(base: str) -> str:
    story = get_json(base + "/api/stories")[-1]
    comparisons = get_json(f"{base}/api/stories/{story['id']}")["comparisons"]
    if not comparisons:
        raise SystemExit("the demo story has no comparison")
    return base + comparisons[0]["url"]


def merge_two_claims(url: str) -> str:
    """A reader's merge of the MERGED claims through the API; the merged claim's id."""
    claims = get_json(url + ".json")["claims"]
    ids = [next(c["id"] for c in claims if words in c["text"]) for words in MERGED]
    slug = url.rstrip("/").rsplit("/", 1)[1]
    body = {
        "kind": "merge",
        "claims": ids,
        "reason": "Both say the US will walk away within days",
        "author": "A reader",
    }
    request = urllib.request.Request(
        url.split("/c/")[0] + f"/api/comparisons/{slug}/corrections",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {UPLOAD_TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["claims"][0]


def shoot(url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("PARALLAX_BROWSER", "/usr/bin/chromium")
    if not Path(chromium).exists():
        raise SystemExit(f"chromium not found at {chromium}: apt-get install -y chromium, or set PARALLAX_BROWSER")
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        for name, viewport in SIZES.items():
            page = browser.new_page(viewport=viewport, device_scale_factor=1)
            page.goto(url, wait_until="networkidle")
            written.append(_shot(page, f"comparison-{name}.png"))
            _scroll_to(page, "#claims")
            written.append(_shot(page, f"comparison-matrix-{name}.png"))
            written.append(_shoot_texts(page, name))
            _scroll_to(page, "#labels")
            written.append(_shot(page, f"labels-{name}.png"))
            page.close()
        merged = merge_two_claims(url)
        for name, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport, device_scale_factor=1)
            page = context.new_page()
            _unlock(page, url.split("/c/")[0])
            page.goto(url, wait_until="networkidle")
            # The row sits inside the matrix's own scroll box: scroll both to it.
            page.evaluate(f"document.getElementById('claim-{merged}').scrollIntoView({{block: 'center'}})")
            written.append(_shot(page, f"corrected-{name}.png"))
            page.goto(f"{url}/corrections?claim={merged}", wait_until="networkidle")
            if name == "phone":
                _scroll_to(page, "#claim-h")
            written.append(_shot(page, f"corrections-{name}.png"))
            context.close()
        browser.close()
    return written


def _unlock(page, base: str) -> None:
    page.goto(base + "/unlock")
    page.fill("input[name=token]", UPLOAD_TOKEN)
    page.click("main form.stack button[type=submit]")
    page.wait_for_url(base + "/")


def _shot(page, filename: str) -> Path:
    path = OUT / filename
    page.screenshot(path=str(path), full_page=False)
    return path


def _scroll_to(page, selector: str) -> None:
    page.evaluate(
        f"window.scrollTo(0, document.querySelector('{selector}').getBoundingClientRect().top + scrollY - 40)"
    )


def _shoot_texts(page, name: str) -> Path:
    """The texts with one sentence pinned: its counterparts in the other outlets lit, the claim named."""
    sentence = page.locator(".text-col .s.level-all").first
    sentence.click()
    _scroll_to(page, "#texts")
    return _shot(page, f"comparison-texts-{name}.png")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_server(Path(tmp) / "parallax.db")
        try:
            for path in shoot(demo_comparison_url(base)):
                print(path.relative_to(ROOT))
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
