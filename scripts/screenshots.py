"""Screenshots of every page type at 390 and 1280 px, for docs/screenshots/ (and for a person to look at).

Starts the app on a free loopback port, drives Debian's Chromium with Playwright (no browser is
downloaded), saves full-page PNGs reduced to a 256-colour palette so the repository stays small.
Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))
from tests.test_browser import ARGS, CHROMIUM, PAGES, running_server  # noqa: E402 - one list of pages


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with running_server() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, url in PAGES.items():
            for width in (390, 1280):
                context = browser.new_context(viewport={"width": width, "height": 844})
                page = context.new_page()
                page.goto(base + url)
                path = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)
                context.close()
                print(path.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
