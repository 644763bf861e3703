"""Shared fixtures of the test suite. Helpers and constants are in tests/helpers.py.

Fixtures
    site_dir   (session)  Path of the real site, built once per test run from the working tree
                          with ``.venv/bin/mkdocs build --strict`` and SOURCE_DATE_EPOCH =
                          helpers.PINNED_EPOCH (2026-10-01 12:00 Europe/Berlin). A failed build
                          fails every test that uses it, with the build's output. Under
                          pytest-xdist the workers share one build: the first takes a lock
                          (fcntl.flock) in the run's shared temp folder and builds, the others
                          wait and reuse it. Set ENGAGIERT_TEST_SITE=/path/to/site to test an
                          already built site instead (local iteration only; CI never sets it).
    http_base  (session)  "http://127.0.0.1:<port>/": site_dir served by a threading
                          http.server in a background thread (one per worker).
    browser    (session)  Playwright Chromium (Debian's /usr/bin/chromium, headless), one per
                          worker, reused by every browser test.
    request_log (function) RequestLog of the test's page: ``.requests`` (every URL requested),
                          ``.blocked`` (third-party URLs, aborted), ``.failed`` ("404 URL" for
                          own responses >= 400 and failed own requests), ``.console_errors``,
                          ``.page_errors``.
    page       (function) a fresh page in its own browser context (1280×800, de-DE). Every
                          request to a host other than 127.0.0.1 is aborted and recorded; the
                          test fails (error at teardown) if there was any.

Browser tests must be marked ``@pytest.mark.browser`` (registered in pyproject.toml).
Typical use::

    from helpers import goto, run_axe, format_violations

    @pytest.mark.browser
    def test_directory_accessible(page, http_base):
        goto(page, http_base, "mitglieder/")
        violations = run_axe(page)
        assert not violations, format_violations(violations)
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PINNED_EPOCH,
    ROOT,
    WALL_CLOCK_ENV,
    run_mkdocs_build,
)

ALLOWED_HOSTS = {"127.0.0.1"}


# --------------------------------------------------------------------------- hypothesis

# Property tests: in CI (CI=true) derandomised, so a red run replays with the same inputs;
# locally random with the example database in .hypothesis/. Both print the
# @reproduce_failure blob of a failing example. HYPOTHESIS_PROFILE=ci|dev chooses by hand.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
_hypothesis_settings.register_profile("dev", print_blob=True)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                                  or ("ci" if os.environ.get("CI") else "dev"))


# --------------------------------------------------------------------------- faked wall clock

def pytest_configure(config):
    """ENGAGIERT_WALL_CLOCK=<moment>: the whole run (and every build it starts, see
    helpers.run_mkdocs_build) believes the wall clock says that moment (tests/wall_clock.py)."""
    moment = os.environ.get(WALL_CLOCK_ENV)
    if moment:
        from wall_clock import travel

        config._engagiert_clock = travel(moment)
        config._engagiert_clock.start()


def pytest_report_header(config):
    moment = os.environ.get(WALL_CLOCK_ENV)
    return f"wall clock faked to {moment} ({WALL_CLOCK_ENV})" if moment else None


# --------------------------------------------------------------------------- the built site

def _shared_dir(tmp_path_factory) -> Path:
    """A folder shared by all xdist workers of one run (the parent of each worker's basetemp)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return base.parent
    return base


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    preset = os.environ.get("ENGAGIERT_TEST_SITE")
    if preset:
        path = Path(preset).resolve()
        if not (path / "index.html").is_file():
            pytest.fail(f"ENGAGIERT_TEST_SITE={preset} holds no built site")
        return path

    shared = _shared_dir(tmp_path_factory)
    site = shared / "engagiert-site"
    ok_marker = shared / "engagiert-site.ok"
    failed_marker = shared / "engagiert-site.failed"
    with open(shared / "engagiert-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not ok_marker.exists() and not failed_marker.exists():
                if site.exists():
                    shutil.rmtree(site)
                code, output = run_mkdocs_build(ROOT, site, epoch=PINNED_EPOCH)
                marker = ok_marker if code == 0 else failed_marker
                marker.write_text(f"exit status {code}\n{output}", encoding="utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    if failed_marker.exists():
        pytest.fail("mkdocs build --strict failed:\n" + failed_marker.read_text(encoding="utf-8"),
                    pytrace=False)
    return site


# --------------------------------------------------------------------------- http server

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".wasm": "application/wasm",
        ".svg": "image/svg+xml",
        ".ics": "text/calendar",
        ".xml": "application/xml",
    }

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` on 127.0.0.1 with a free port; return (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def http_base(site_dir) -> str:
    server, base = serve(site_dir)
    yield base
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: install Debian's chromium (make browser)", pytrace=False)
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class RequestLog:
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def is_third_party(url: str) -> bool:
    """True for a URL that would make the browser contact a host other than ours."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript", "chrome-error"):
        return False
    return parts.hostname not in ALLOWED_HOSTS


@pytest.fixture
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def page(browser, request_log):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE",
                                  timezone_id="Europe/Berlin", service_workers="block")

    def route(route):
        url = route.request.url
        if is_third_party(url):
            if url not in request_log.blocked:
                request_log.blocked.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def on_request(req):
        request_log.requests.append(req.url)
        if is_third_party(req.url) and req.url not in request_log.blocked:
            request_log.blocked.append(req.url)

    def on_response(response):
        if response.status >= 400:
            request_log.failed.append(f"{response.status} {response.url}")

    def on_request_failed(req):
        if not is_third_party(req.url):
            request_log.failed.append(f"{req.failure} {req.url}")

    context.route("**/*", route)
    context.on("request", on_request)
    context.on("response", on_response)
    context.on("requestfailed", on_request_failed)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and request_log.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: request_log.page_errors.append(str(exc)))
    yield page
    context.close()
    if request_log.blocked:
        pytest.fail("third-party requests (blocked):\n  " + "\n  ".join(request_log.blocked),
                    pytrace=False)
