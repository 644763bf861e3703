#!/usr/bin/env python3
"""Full-page screenshots of built pages at a mobile (390 px) and a desktop (1280 px) width.

Usage:
    .venv/bin/python scripts/screenshot.py <site_dir> <path> [<path> ...] [--out /tmp/shots]
                                           [--width 390 --width 1280] [--viewport-only]

    <site_dir>  a built site (e.g. `.venv/bin/mkdocs build --strict -d /tmp/me-site`)
    <path>      site-relative URL paths: "" or "/" for the home page, "mitglieder/", "404.html"

The site is served on 127.0.0.1 (random free port) for the duration of the run and opened in
Debian's /usr/bin/chromium via Playwright (headless, no network: any request to another
host is aborted and reported). Each page is saved as <out>/<name>-<width>.png, where <name>
is the path with "/" replaced by "_" ("home" for the root), and the file names are printed.
Exit status 1 if a page did not load with HTTP 200 or made a third-party request.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DEFAULT_WIDTHS = (390, 1280)
HEIGHTS = {390: 844, 1280: 800}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm",
                      ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json"}

    def log_message(self, format, *args):  # noqa: A002
        pass


def shot_name(path: str) -> str:
    name = path.strip("/").replace("/", "_")
    return name or "home"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--width", type=int, action="append", dest="widths")
    parser.add_argument("--viewport-only", action="store_true", help="no full-page capture")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        parser.error(f"{args.site_dir} holds no built site (no index.html)")
    widths = args.widths or list(DEFAULT_WIDTHS)
    args.out.mkdir(parents=True, exist_ok=True)

    handler = functools.partial(QuietHandler, directory=str(args.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    from playwright.sync_api import sync_playwright

    failures = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for width in widths:
                context = browser.new_context(viewport={"width": width, "height": HEIGHTS.get(width, 900)},
                                              locale="de-DE", timezone_id="Europe/Berlin",
                                              service_workers="block")
                blocked: list[str] = []

                def route(route, blocked=blocked):
                    if urlsplit(route.request.url).hostname not in (None, "127.0.0.1"):
                        blocked.append(route.request.url)
                        route.abort("blockedbyclient")
                    else:
                        route.continue_()

                context.route("**/*", route)
                page = context.new_page()
                for path in args.paths:
                    blocked.clear()
                    response = page.goto(base + path.lstrip("/"), wait_until="load")
                    page.wait_for_load_state("networkidle")
                    target = args.out / f"{shot_name(path)}-{width}.png"
                    page.screenshot(path=str(target), full_page=not args.viewport_only)
                    status = response.status if response else "no response"
                    note = ""
                    if status != 200:
                        note += f"  HTTP {status}"
                        failures += 1
                    if blocked:
                        note += f"  third-party requests blocked: {blocked}"
                        failures += 1
                    print(f"{target}{note}")
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
