"""Content Security Policy (issue #13): present on every page, silent for our own pages,
and in Chromium it stops script that slipped into a page."""

from __future__ import annotations

import re

import pytest

from helpers import PAGE_TYPES, find_page, goto, html_files

CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')

LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample}));
"""


def test_every_page_has_the_policy_before_any_script(site_dir):
    missing = []
    for path in html_files(site_dir):
        html = path.read_text(encoding="utf-8")
        match = CSP.search(html)
        first_script = html.find("<script")
        if match is None or (first_script != -1 and match.start() > first_script):
            missing.append(path.relative_to(site_dir).as_posix())
            continue
        policy = match.group(1)
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, policy
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, policy
    assert not missing, f"pages without a Content-Security-Policy ahead of their scripts: {missing[:20]}"


@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_our_pages_cause_no_violation(page_type, site_dir, http_base, page):
    path = find_page(site_dir, page_type)
    if path is None:
        pytest.skip(f"{page_type.name}: {page_type.reason}")
    page.add_init_script(LISTEN)
    goto(page, http_base, path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__violations") == []
    # Material's bundle ran (its inline config and helpers were allowed by hash).
    assert page.evaluate("typeof window.__md_get") == "function"
    assert page.evaluate("document.documentElement.classList.contains('js')")


@pytest.mark.browser
def test_injected_inline_script_is_reported_and_not_run(site_dir, http_base, page):
    url = http_base + "netzwerk/"
    original = (site_dir / "netzwerk/index.html").read_text(encoding="utf-8")
    injected = original.replace(
        "</article>",
        '<script>window.__pwned = 1</script><img src="x.png" alt="" onerror="window.__pwned2 = 1"></article>', 1)
    assert injected != original

    def serve_injected(route):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=injected)

    page.route(url, serve_injected)
    page.add_init_script(LISTEN)
    goto(page, http_base, "netzwerk/")
    page.wait_for_timeout(500)
    violations = page.evaluate("window.__violations")
    directives = {v["directive"] for v in violations}
    assert directives & {"script-src-elem", "script-src"}, violations
    assert "script-src-attr" in directives or "script-src" in directives, violations
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__pwned2") is None
    # The page's own scripts still run.
    assert page.evaluate("typeof window.__md_get") == "function"
