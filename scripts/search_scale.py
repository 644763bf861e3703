#!/usr/bin/env python3
"""Search at scale: bytes before the first result and keystroke-to-results time.

Usage:
    .venv/bin/python scripts/search_scale.py [--pages 5000] [--lunr] [--out /tmp/search-scale]
    .venv/bin/python scripts/search_scale.py --site /path/to/built/site     # measure a built site only
    .venv/bin/python scripts/search_scale.py --quality     # query-set hit rates: ours, ours without compound parts, lunr

Without --site, the script copies the repository's build inputs to a temporary folder,
adds ``--pages`` synthetic German knowledge-base articles (about 370 words each, seeded
random text with compounds, umlauts and inflected forms; the real data stays untouched),
builds that copy with the project's configuration (``mkdocs build --strict``) and measures
the site search in headless Chromium (Debian's /usr/bin/chromium):

- bytes before the first result: every search file fetched from opening /suche/?q=… until
  the first results are on screen (search scripts, table of contents, word shards,
  documents of the shown results), as served and with gzip (as GitHub Pages
  serves text files), first query and the following ones;
- keystroke to results: queries typed key by key; for each keystroke the time from the
  keydown event to the last change of the result list (median and 90th percentile).

With --lunr the same pages are also built with Material's stock search plugin (lunr,
``lang: de``, the header override removed so Material's own search box renders) and
measured the same way, for the comparison in docs/search.md.

``measure_site_search(site_dir)`` and ``measure_lunr(site_dir)`` can be imported by the
benchmark (scripts/benchmark.py).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BUILD_INPUTS = ("mkdocs.yml", "collections.yml", "content", "data", "hooks", "engagiert", "overrides", "schemas")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERIES = ["Förderung", "Ehrenamtskarte", "Buergerschaftliches", "Städte", "Netzwerktreffen", "Karte",
           "Engagement"]

# --------------------------------------------------------------------------- synthetic pages

# Text with the statistics of real German prose: a Zipf-distributed vocabulary of
# function words, the network's domain words and ~20,000 nouns (with compounds built from
# them), so that common words occur on most pages and rare ones on few, as on a real site.
FUNCTION_WORDS = ("der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als "
                  "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie "
                  "einem über einen so zum war haben nur oder aber vor zur bis mehr durch man "
                  "dann soll unter sowie wir können kann ihre ihren diese dieser gibt sehr viele").split()
DOMAIN_WORDS = ("Engagement Ehrenamt Kommune Kommunen Stadt Städte Gemeinde Gemeinden Kreis Kreise Verein "
                "Vereine Netzwerk Netzwerktreffen Förderung Engagementförderung Ehrenamtskarte Beteiligung "
                "Bürgerbeteiligung Verwaltung Freiwillige Freiwilligenagentur Engagementstrategie Strategie "
                "Workshop Austausch Anerkennung Anerkennungskultur Qualifizierung Digitalisierung Krise "
                "Krisen Ehrenamtliche Engagierte Initiative Initiativen Quartier Nachbarschaft Jugend "
                "Senioren Integration Teilhabe Sport Kultur Umwelt Stiftung Bürgerstiftung Straße "
                "bürgerschaftliches bürgerschaftliche ehrenamtlich freiwillig kommunale kommunalen "
                "fördern stärken unterstützen gestalten vernetzen beraten koordinieren").split()
PLACES = ["Münster", "Köln", "Düsseldorf", "Bielefeld", "Paderborn", "Gütersloh", "Lüdenscheid",
          "Mönchengladbach", "Essen", "Bochum", "Dortmund", "Soest", "Höxter", "Olpe", "Detmold"]
FORMATS = ["dokumentation", "publikation", "praxisbeispiel", "methode", "leitfaden"]
_VOCAB = None


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    global _VOCAB
    if _VOCAB is None:
        nouns: list[str] = []
        try:
            from importlib import resources
            text = resources.files("german_nouns").joinpath("index.txt").read_text(encoding="utf-8")
            nouns = sorted({line.split("\t", 1)[0] for line in text.splitlines()
                            if line[:1].isalpha() and line.split("\t", 1)[0].isalpha()})
        except (ModuleNotFoundError, FileNotFoundError):
            pass
        pick = random.Random(11)
        nouns = pick.sample(nouns, min(20000, len(nouns))) if nouns else DOMAIN_WORDS * 10
        words = FUNCTION_WORDS + DOMAIN_WORDS + [n.capitalize() for n in nouns]
        # Zipf: the k-th word has weight 1/k (function words first, then domain words, then nouns)
        weights = [1.0 / (k + 1) for k in range(len(words))]
        _VOCAB = (words, weights)
    return _VOCAB


def synthetic_article(i: int, rng: random.Random, topics: list[str]) -> str:
    words, weights = _vocabulary(rng)
    place = rng.choice(PLACES)
    nouns = [w for w in words[len(FUNCTION_WORDS):] if w[:1].isupper()]
    title_c = rng.choice(nouns[:60]) + rng.choice(nouns[60:3000]).lower()  # a compound for the title
    sentences = []
    total = 0
    while total < 370:
        n = rng.randint(8, 20)
        sent = rng.choices(words, weights=weights, k=n)
        if rng.random() < 0.3:
            sent[rng.randrange(n)] = rng.choice(nouns[:60]) + rng.choice(nouns[60:5000]).lower()
        sent[0] = sent[0][:1].upper() + sent[0][1:]
        sentences.append(" ".join(sent) + ".")
        total += n
    paragraphs = [" ".join(sentences[k:k + 5]) for k in range(0, len(sentences), 5)]
    body = "\n\n".join(f"## Abschnitt {n + 1}\n\n{p}" if n % 2 else p for n, p in enumerate(paragraphs))
    year = 2012 + i % 15
    front = {
        "title": f"{title_c} in {place} ({i})",
        "format": FORMATS[i % len(FORMATS)],
        "themen": sorted(rng.sample(topics, k=rng.choice((1, 2)))),
        "datum": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "zusammenfassung": f"Wie {place} die {title_c} aufgebaut hat.",
    }
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()] + ["---", ""]
    return "\n".join(lines) + body + "\n"


def make_repo(dest: Path, pages: int, seed: int = 7) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in BUILD_INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    import yaml
    topics = [t["id"] for t in yaml.safe_load((dest / "data" / "topics.yaml").read_text(encoding="utf-8"))]
    rng = random.Random(seed)
    out = dest / "content" / "wissen" / "skalierung"
    out.mkdir(parents=True, exist_ok=True)
    for i in range(pages):
        (out / f"beitrag-{i:05d}.md").write_text(synthetic_article(i, rng, topics), encoding="utf-8")
    return dest


def use_lunr(repo: Path) -> None:
    """Turn a repository copy into the stock-Material-search variant."""
    cfg = repo / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    start = text.index("plugins:")
    end = text.index("\n", text.index("plugins: []") if "plugins: []" in text else start)
    text = text[:start] + "plugins:\n  - search:\n      lang: de" + text[end:]
    cfg.write_text(text, encoding="utf-8")
    for partial in ("header.html", "search.html"):  # Material's own header search dialog
        (repo / "overrides" / "partials" / partial).unlink(missing_ok=True)


def build(repo: Path, site: Path, env_extra: dict | None = None) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1790848800", **(env_extra or {}))
    mkdocs = ROOT / ".venv" / "bin" / "mkdocs"
    cmd = [str(mkdocs) if mkdocs.exists() else sys.executable, *([] if mkdocs.exists() else ["-m", "mkdocs"]),
           "build", "--strict", "-f", str(repo / "mkdocs.yml"), "-d", str(site)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stdout[-4000:]}")
    return elapsed


# --------------------------------------------------------------------------- measuring

class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}

    def log_message(self, *args):
        pass


def _serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


_HOOKS = """
([inputSel, resultSel]) => {
  const input = document.querySelector(inputSel);
  window.__eng = {key: 0, change: 0};
  input.addEventListener('keydown', () => { window.__eng.key = performance.now(); window.__eng.change = 0; }, true);
  const target = document.querySelector(resultSel);
  new MutationObserver(() => { window.__eng.change = performance.now(); })
    .observe(target, {childList: true, subtree: true, characterData: true});
}
"""


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def _measure(site: Path, *, open_path: str, input_sel: str, result_sel: str, ready_js: str,
             is_search_file, prepare=None, queries=QUERIES) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = _serve(site)
    report: dict = {"first_query": {}, "keystroke_ms": {}}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            # 1. bytes before the first result, each query in a fresh browser context (empty cache)
            firsts = []
            for q in queries:
                ctx = browser.new_context(viewport={"width": 1280, "height": 800})
                page = ctx.new_page()
                bodies: dict[str, bytes] = {}

                def on_response(resp, bodies=bodies):
                    try:
                        bodies[resp.url] = resp.body()
                    except Exception:
                        pass

                page.on("response", on_response)
                t0 = time.perf_counter()
                page.goto(base + open_path.format(q=quote(q)), wait_until="load")
                if prepare:
                    prepare(page, q)
                page.wait_for_function(ready_js, arg=q, timeout=60000)
                elapsed = (time.perf_counter() - t0) * 1000
                search = {u: b for u, b in bodies.items() if is_search_file(u)}
                firsts.append({"query": q, "files": len(search), "bytes": sum(map(len, search.values())),
                               "gzip_bytes": sum(_gz(b) for b in search.values()),
                               "page_bytes": sum(map(len, bodies.values())), "ms_to_first_result": round(elapsed)})
                ctx.close()
            report["first_query"] = firsts
            # 2. keystroke to results, typing each query key by key on one page
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            page = ctx.new_page()
            page.goto(base + open_path.format(q=""), wait_until="load")
            if prepare:
                prepare(page, "")
            page.evaluate(_HOOKS, [input_sel, result_sel])
            samples = []
            for q in queries:
                page.fill(input_sel, "")
                page.wait_for_timeout(300)
                for ch in q:
                    page.keyboard.type(ch)
                    page.wait_for_timeout(350)  # let every answer land (well above any measured time)
                    t = page.evaluate("() => window.__eng.change && window.__eng.change - window.__eng.key")
                    if t and t > 0:
                        samples.append(t)
            ctx.close()
            browser.close()
        samples.sort()
        report["keystroke_ms"] = {
            "samples": len(samples),
            "median": round(statistics.median(samples), 1) if samples else None,
            "p90": round(samples[int(0.9 * (len(samples) - 1))], 1) if samples else None,
            "max": round(samples[-1], 1) if samples else None,
        }
    finally:
        server.shutdown()
    return report


def measure_site_search(site: Path, queries=QUERIES) -> dict:
    return _measure(
        site, open_path="suche/?q={q}", input_sel="#eng-q", result_sel="[data-results]",
        ready_js="(q) => document.querySelector('[data-eng-search]').dataset.state === 'done'",
        is_search_file=lambda u: "/suchindex/" in u or "/javascripts/search" in u,
        queries=queries)


def _open_material_search(page, q):
    if not q:  # with ?q= Material opens its search itself and runs the query
        page.keyboard.press("s")  # Material: "s", "f" or "/" opens the search
        page.wait_for_selector(".md-search__input", state="visible")


def measure_lunr(site: Path, queries=QUERIES) -> dict:
    return _measure(
        site, open_path="netzwerk/?q={q}", input_sel=".md-search__input", result_sel=".md-search-result__list",
        ready_js="(q) => /ergebnis|keine/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        is_search_file=lambda u: "search_index.json" in u or "/workers/search" in u or "/lunr/" in u,
        prepare=_open_material_search, queries=queries)


def index_stats(site: Path) -> dict:
    bundle = site / "suchindex"
    if bundle.is_dir():
        files = [p for p in bundle.rglob("*") if p.is_file()]
        return {"engine": "suchindex", "files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    index = site / "search" / "search_index.json"
    return {"engine": "lunr", "files": 1, "bytes": index.stat().st_size, "gzip_bytes": _gz(index.read_bytes())}


# --------------------------------------------------------------------------- quality

def _results_site_search(page, base: str, q: str) -> list[str]:
    page.goto(base + "suche/?q=" + quote(q), wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-eng-search]').dataset.state === 'done'")
    return page.eval_on_selector_all(".eng-result__title a", "els => els.map(a => new URL(a.href).pathname)")


def _results_lunr(page, base: str, q: str) -> list[str]:
    page.goto(base + "netzwerk/?q=" + quote(q), wait_until="load")
    page.wait_for_function("() => /ergebnis|keine/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')")
    urls = page.eval_on_selector_all(".md-search-result__item > .md-search-result__link",
                                     "els => els.map(a => new URL(a.href).pathname)")
    seen, pages = set(), []
    for u in urls:
        if u not in seen:
            seen.add(u)
            pages.append(u)
    return pages


def quality(work: Path) -> dict:
    """Hit rates of the query set in tests/test_search_quality.py for three engines:
    our index with compound parts (this site), without them, stock Material (lunr, de)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import test_search_quality as tq
    from playwright.sync_api import sync_playwright

    repo = make_repo(work / "repo-quality", 0)
    for rel, text in tq.corpus_files().items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    variants = {"suchindex+compounds": ({}, _results_site_search),
                "suchindex": ({"ENGAGIERT_SEARCH_COMPOUNDS": "0"}, _results_site_search),
                "lunr": ({"ENGAGIERT_SEARCH": "0"}, _results_lunr)}
    lunr_repo = work / "repo-quality-lunr"
    shutil.copytree(repo, lunr_repo, dirs_exist_ok=True)
    use_lunr(lunr_repo)
    report: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name, (env, run) in variants.items():
            site = work / f"site-quality-{name}"
            build(lunr_repo if name == "lunr" else repo, site, env)
            cases = [(kind, q, {tq.corpus_url(k) for k in exp}) for kind, q, exp in tq.CORPUS_CASES]
            cases += [(kind, q, tq.pages_with(site, anchor)) for kind, q, anchor in tq.REAL_CASES]
            server, base = _serve(site)
            page = browser.new_page()
            per_kind: dict[str, list[int]] = {}
            misses = []
            for kind, q, expected in cases:
                top = run(page, base, q)[: tq.TOP]
                hit = bool(set(top) & expected)
                per_kind.setdefault(kind, []).append(int(hit))
                if not hit:
                    misses.append(q)
            page.close()
            server.shutdown()
            report[name] = {k: f"{sum(v)}/{len(v)}" for k, v in per_kind.items()}
            report[name]["misses"] = misses
        browser.close()
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--lunr", action="store_true", help="also build and measure stock Material search")
    ap.add_argument("--site", type=Path, help="measure this built site (our search) instead of generating one")
    ap.add_argument("--out", type=Path, help="keep the generated repository and sites here")
    ap.add_argument("--quality", action="store_true",
                    help="only compare result quality of the query set (tests/test_search_quality.py) "
                         "for our search with and without compound parts and lunr")
    args = ap.parse_args(argv)

    results: dict = {}
    if args.quality:
        work = args.out or Path(tempfile.mkdtemp(prefix="search-quality-"))
        print(json.dumps(quality(work), ensure_ascii=False, indent=2))
        if not args.out:
            shutil.rmtree(work, ignore_errors=True)
        return 0
    if args.site:
        results["suchindex"] = {"index": index_stats(args.site), **measure_site_search(args.site)}
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    work = args.out or Path(tempfile.mkdtemp(prefix="search-scale-"))
    repo = make_repo(work / "repo", args.pages)
    site = work / "site-suchindex"
    results["pages"] = args.pages
    results["suchindex"] = {"build_s": round(build(repo, site), 1), "index": index_stats(site)}
    results["suchindex"].update(measure_site_search(site))
    if args.lunr:
        lunr_repo = work / "repo-lunr"
        shutil.copytree(repo, lunr_repo, dirs_exist_ok=True)
        use_lunr(lunr_repo)
        lunr_site = work / "site-lunr"
        results["lunr"] = {"build_s": round(build(lunr_repo, lunr_site, {"ENGAGIERT_SEARCH": "0"}), 1),
                           "index": index_stats(lunr_site)}
        results["lunr"].update(measure_lunr(lunr_site))
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
