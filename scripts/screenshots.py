"""Screenshots of the demo comparison at desktop and phone widths, for the README.

Starts `python -m app serve` on a temporary SQLite file with the demo loaded, opens the demo
story's comparison in Debian's chromium (PARALLAX_BROWSER overrides the path) and writes
docs/screenshots/comparison-desktop.png, comparison-phone.png and comparison-texts-desktop.png.
"""

from __future__ import annotations

import json
import os
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PARALLAX_DATABASE_URL": f"sqlite:///{db}", "PARALLAX_DEMO": "1"}
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
            path = OUT / f"comparison-{name}.png"
            page.screenshot(path=str(path), full_page=False)
            written.append(path)
            if name == "desktop":  # the side-by-side texts, with one sentence's counterparts lit
                written.append(_shoot_texts(page))
            page.close()
        browser.close()
    return written


def _shoot_texts(page) -> Path:
    texts = page.locator(".texts")
    texts.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, document.querySelector('.texts').getBoundingClientRect().top - 8)")
    linked = page.locator(".texts .s[data-claims]:not([data-claims=''])").first
    linked.hover()
    path = OUT / "comparison-texts-desktop.png"
    page.screenshot(path=str(path), full_page=False)
    return path


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
