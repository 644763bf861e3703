#!/usr/bin/env python3
"""Performance benchmark of the site generator (issue #7).

    make bench                                   # S, M and L (L takes a while: 36,000 pages)
    make bench BENCH_ARGS="--sizes S,M --skip-serve"
    .venv/bin/python scripts/benchmark.py --sizes S --json /tmp/bench.json

For each size (S: 100 members, 200 events, 300 knowledge-base articles; M: 1,000 / 2,000 /
1,000; L: 11,000 / 20,000 / 5,000) it

1. copies the project (mkdocs.yml, collections.yml, content/, data/, hooks/, engagiert/,
   overrides/, schemas/) into a temporary folder and adds synthetic German data
   (benchmarks/synthetic.py) – the real data is never touched;
2. builds it with the real configuration (``mkdocs build --strict``, SOURCE_DATE_EPOCH pinned)
   and measures wall time, peak memory (resident memory of the build process and its
   children, polled from /proc, shared pages counted once), the number of pages, the site
   size and the largest page;
3. builds a stock Material for MkDocs site with the same number of pages of about 370 words
   (no hooks, a navigation of the project's shape, every other page outside it, stock search
   plugin) and reports the time ratio. Project and plain builds alternate, ``--repeat`` times
   each (default 3 at S, 2 at M, 1 at L); the shortest time of each counts;
4. at S and M, runs ``mkdocs serve``, changes one member's name in data/members.yaml and
   measures until the served page shows the new name;
5. in headless Chromium (Debian's /usr/bin/chromium), loads /suche/, types a query and
   counts every byte received until the results show (served with gzip like a static host),
   and times keystroke to rendered results (and, if scripts/search_scale.py is there, its
   per-keystroke figures).

6. the gallery case (issue #16, ``--skip-gallery`` leaves it out): the real project plus a
   documentation page with 12 camera photos (4000 × 3000 JPEG with GPS tags, drawn by
   scripts/make_example_photos.py), built with an empty image cache (cold) and again (warm);
   it reports the image processing time of both builds (from the build log), checks that the
   warm build processes no image, and loads the page in Chromium at 390 px to count every
   byte transferred before any interaction (limit 500 KB).

It prints a table per size and a table of the issue's targets with PASS/FAIL, and exits
with status 1 if a measured target fails. Figures are noisy on a busy machine: the ratio to
the plain Material build, measured in the same run, is the robust one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import SIZES, make_project, plain_material_project  # noqa: E402
from engagiert.outputs.htmlaudit import PAGE_BUDGET_KB  # noqa: E402

EPOCH = 1790848800  # 2026-10-01 12:00 Europe/Berlin, the date the tests pin
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
QUERIES = ("Ehrenamtskarte", "Förderung", "Freiwilligenagentur")

# Targets of issue #7
MAX_PLAIN_RATIO = 1.1
MAX_PEAK_MB = 2048
MAX_PAGE_KB = PAGE_BUDGET_KB     # the build itself fails above it
MAX_PREVIEW_S = 2.0
MAX_SEARCH_KB = 300
MAX_SEARCH_MS = 100
# Target of issue #16
MAX_GALLERY_KB = 500
GALLERY_PHOTOS = 12


# --------------------------------------------------------------------------- measuring builds

def mkdocs_command() -> list[str]:
    exe = Path(sys.executable).with_name("mkdocs")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mkdocs"]


def build_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    env.update(extra or {})
    return env


def _memory_kb(pid: int) -> int:
    """Proportional set size of one process (shared pages divided among the processes that
    share them, e.g. a forked writer and its parent), else its RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _tree_rss_kb(pid: int) -> int:
    """Memory of a process and all its descendants, in KB (0 once it is gone)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            total += _memory_kb(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return total


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float       # polled sum over the process tree (PSS: shared pages counted once)
    maxrss_mb: float         # getrusage: the largest single process
    returncode: int
    log: str


def timed_run(cmd: list[str], cwd: Path, log_path: Path, env: dict[str, str] | None = None,
              timeout: float = 7200) -> Run:
    """Run ``cmd`` to completion; wall time and peak memory of it and its children."""
    with open(log_path, "w") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or build_env(), stdout=log, stderr=subprocess.STDOUT)
        peak = 0
        stop = threading.Event()

        def poll() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _tree_rss_kb(proc.pid))
                stop.wait(0.1)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        poller.join()
    return Run(seconds, peak / 1024, usage.ru_maxrss / 1024, proc.returncode, log_path.read_text(errors="replace"))


def mkdocs_build(repo: Path, site: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    cmd = [*mkdocs_command(), "build", "--strict", "-f", str(repo / "mkdocs.yml"), "-d", str(site)]
    run = timed_run(cmd, repo, log, build_env(env))
    if run.returncode != 0:
        raise SystemExit(f"Build of {repo} failed (status {run.returncode}); log: {log}\n{run.log[-3000:]}")
    return run


@dataclass
class SiteStats:
    pages: int
    total_mb: float
    largest_page: str
    largest_kb: float


def site_stats(site: Path) -> SiteStats:
    pages, total, largest, largest_size = 0, 0, "", 0
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            path = Path(dirpath) / name
            size = path.stat().st_size
            total += size
            if name.endswith(".html"):
                pages += 1
                if size > largest_size:
                    largest, largest_size = path.relative_to(site).as_posix(), size
    return SiteStats(pages, total / 1e6, largest, largest_size / 1024)


# --------------------------------------------------------------------------- serving

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Preview:
    first_build_s: float
    rebuilds_s: list[float]          # file written -> served page shows the new name
    reported_s: list[float]          # MkDocs' own "Documentation built in …" of those rebuilds

    @property
    def median_s(self) -> float:
        return statistics.median(self.rebuilds_s)


def measure_preview(repo: Path, member_id: str, log: Path, edits: int = 3, settle: float = 5.0) -> Preview:
    """``mkdocs serve`` (as an editor runs it); change one member's name and time until the
    served profile page shows it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/mitglieder/{member_id}/"
    members = repo / "data/members.yaml"
    text = members.read_text(encoding="utf-8")
    m = re.search(rf"^- id: {re.escape(member_id)}\n  name: (.+)$", text, re.M)
    if not m:
        raise SystemExit(f"member {member_id} not found in {members}")
    with open(log, "w") as log_fh:
        start = time.perf_counter()
        proc = subprocess.Popen([*mkdocs_command(), "serve", "-f", str(repo / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                                cwd=repo, env=build_env(), stdout=log_fh, stderr=subprocess.STDOUT)
        try:
            while True:
                status, body = http_get(url)
                if status == 200 and m.group(1) in body:
                    break
                if proc.poll() is not None:
                    raise SystemExit(f"mkdocs serve ended (status {proc.returncode}); log: {log}")
                if time.perf_counter() - start > 3600:
                    raise SystemExit("mkdocs serve did not serve the site within an hour")
                time.sleep(0.1)
            first = time.perf_counter() - start
            time.sleep(settle)
            rebuilds = []
            for k in range(1, edits + 1):
                new_name = f"{m.group(1)} Probelauf {k}"
                changed = text[:m.start(1)] + new_name + text[m.end(1):]
                t0 = time.perf_counter()
                members.write_text(changed, encoding="utf-8")
                while True:
                    status, body = http_get(url)
                    if status == 200 and new_name in body:
                        break
                    if time.perf_counter() - t0 > 1800:
                        raise SystemExit("the preview did not show the change within 30 minutes")
                    time.sleep(0.01)
                rebuilds.append(time.perf_counter() - t0)
                time.sleep(settle)  # one edit at a time: calendars and search index finish meanwhile
        finally:
            stop_process(proc)
            members.write_text(text, encoding="utf-8")
    built = [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", log.read_text(errors="replace"))]
    return Preview(first, rebuilds, built[1:])


# --------------------------------------------------------------------------- search in Chromium

@dataclass
class SearchFigures:
    payload_kb: float                 # largest over the queries: page load + typing until results
    payload_search_kb: float          # of it: search index files (suchindex/…) and search scripts
    payload_requests: int
    cold_ms: float                    # median: whole query in one input event on a fresh page
    typed_ms: float                   # median: last keystroke of a typed query -> results shown
    per_query: list[dict] = field(default_factory=list)
    keystrokes: dict | None = None    # scripts/search_scale.py: every keystroke -> result list change


_OBSERVE = """(expected) => new Promise((resolve) => {
  const status = document.querySelector('[data-status]');
  const input = document.querySelector('#eng-q');
  window.__bench = {t0: null, t1: null};
  input.addEventListener('keydown', (e) => { window.__bench.t0 = e.timeStamp; }, {capture: true});
  const obs = new MutationObserver(() => {
    if (status.textContent.includes(expected) && window.__bench.t1 === null) {
      const at = performance.now();
      requestAnimationFrame(() => { window.__bench.t1 = at; window.__bench.painted = performance.now(); });
    }
  });
  obs.observe(status, {childList: true, characterData: true, subtree: true});
  resolve(true);
})"""


def measure_search(site: Path, queries: tuple[str, ...] = QUERIES, typing_delay_ms: int = 80) -> SearchFigures:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "benchmarks.static_server", str(site), str(port)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        server.stdout.readline()
        per_query = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for query in queries:
                    per_query.append(_one_query(browser, base, query, typing_delay_ms))
            finally:
                browser.close()
    finally:
        stop_process(server)
    worst = max(per_query, key=lambda q: q["payload_bytes"])
    return SearchFigures(
        payload_kb=worst["payload_bytes"] / 1024,
        payload_search_kb=worst["payload_search_bytes"] / 1024,
        payload_requests=worst["requests"],
        cold_ms=statistics.median(q["cold_ms"] for q in per_query),
        typed_ms=statistics.median(q["typed_ms"] for q in per_query),
        per_query=per_query,
        keystrokes=_search_scale_keystrokes(site),
    )


def _search_scale_keystrokes(site: Path) -> dict | None:
    """The search helper's measurement (scripts/search_scale.py, if present): the time from
    each keystroke to the change of the result list, typing the query set key by key."""
    try:
        sys.path.insert(0, str(ROOT / "scripts"))
        from search_scale import measure_site_search
    except ImportError:
        return None
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    try:
        return measure_site_search(site).get("keystroke_ms")
    except Exception as exc:  # noqa: BLE001 - an extra figure; the benchmark's own ones stand
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}


def _one_query(browser, base: str, query: str, delay: int) -> dict:
    expected = f"„{query}“"
    # 1. A visitor opens /suche/ and types the query: every byte until the results show.
    context = browser.new_context()
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    lock = threading.Lock()

    def finished(request) -> None:
        try:
            s = request.sizes()
            n = s["responseBodySize"] + s["responseHeadersSize"]
        except Exception:  # noqa: BLE001 - a request without a response
            n = 0
        with lock:
            sizes.append((request.url, n))

    page.on("requestfinished", finished)
    page.goto(base + "suche/", wait_until="networkidle")
    page.evaluate(_OBSERVE, expected)
    page.click("#eng-q")
    page.keyboard.type(query, delay=delay)
    page.wait_for_function("() => window.__bench.t1 !== null", timeout=180000)
    page.wait_for_timeout(200)  # requests of the results that are still in flight
    with lock:
        got = list(sizes)
    typed_ms = page.evaluate("() => window.__bench.t1 - window.__bench.t0")
    context.close()
    # 2. Cold: a fresh page, the whole query arrives in one input event (paste, autocomplete).
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "suche/", wait_until="networkidle")
    page.wait_for_timeout(1000)  # a visitor needs a moment before typing; the search loads its table of contents meanwhile
    page.evaluate(_OBSERVE, expected)
    cold_ms = page.evaluate("""(q) => { const input = document.querySelector('#eng-q');
        window.__bench.t0 = performance.now(); input.value = q;
        input.dispatchEvent(new Event('input', {bubbles: true})); return true; }""", query)
    page.wait_for_function("() => window.__bench.t1 !== null", timeout=180000)
    cold_ms = page.evaluate("() => window.__bench.t1 - window.__bench.t0")
    results = page.evaluate("() => document.querySelectorAll('.eng-result').length")
    context.close()
    search_bytes = sum(n for u, n in got if "/suchindex/" in u or "/javascripts/search" in u)
    return {"query": query, "payload_bytes": sum(n for _, n in got), "payload_search_bytes": search_bytes,
            "requests": len(got), "typed_ms": round(typed_ms, 1), "cold_ms": round(cold_ms, 1), "results": results}


# --------------------------------------------------------------------------- one size

@dataclass
class SizeResult:
    size: str
    members: int
    events: int
    articles: int
    build_s: float
    peak_mb: float
    maxrss_mb: float
    pages: int
    site_mb: float
    largest_page: str
    largest_kb: float
    plain_build_s: float
    plain_peak_mb: float
    plain_pages: int
    generate_s: float
    build_runs_s: list[float] = field(default_factory=list)
    plain_runs_s: list[float] = field(default_factory=list)
    preview: dict | None = None
    search: dict | None = None
    search_error: str | None = None

    @property
    def plain_ratio(self) -> float:
        return self.build_s / self.plain_build_s


def run_size(name: str, work: Path, *, serve: bool, search: bool, say, repeat: int = 1) -> SizeResult:
    """Generate, build (project and plain Material, alternating, ``repeat`` times each: the
    shortest time counts, the largest memory), then measure search and preview."""
    size = SIZES[name]
    folder = work / name
    if folder.exists():
        shutil.rmtree(folder)
    repo = folder / "repo"
    say(f"[{name}] generating {size.members:,} members, {size.events:,} events, {size.articles:,} articles …")
    t = time.perf_counter()
    data = make_project(repo, size)
    generate_s = time.perf_counter() - t
    plain = folder / "plain"
    runs: list[Run] = []
    plain_runs: list[Run] = []
    for i in range(max(1, repeat)):
        say(f"[{name}] building the project (mkdocs build --strict){f' – run {i + 1}' if repeat > 1 else ''} …")
        runs.append(mkdocs_build(repo, folder / "site", folder / "build.log"))
        if i == 0:
            stats = site_stats(folder / "site")
            # Stock Material with as many HTML pages (Material adds 404.html itself).
            plain_material_project(plain, stats.pages - 1)
        say(f"[{name}]   {runs[-1].seconds:.1f} s, {runs[-1].peak_rss_mb:.0f} MB, {stats.pages:,} pages")
        say(f"[{name}] building plain Material with {stats.pages - 1:,} Markdown pages …")
        plain_runs.append(mkdocs_build(plain, folder / "plain-site", folder / "plain.log"))
        if i == 0:
            plain_stats = site_stats(folder / "plain-site")
        say(f"[{name}]   {plain_runs[-1].seconds:.1f} s, {plain_runs[-1].peak_rss_mb:.0f} MB, {plain_stats.pages:,} pages")
        shutil.rmtree(folder / "plain-site", ignore_errors=True)
    shutil.rmtree(plain, ignore_errors=True)
    result = SizeResult(
        size=name, members=data.members, events=data.events, articles=data.articles,
        build_s=min(r.seconds for r in runs), peak_mb=max(r.peak_rss_mb for r in runs),
        maxrss_mb=max(r.maxrss_mb for r in runs), pages=stats.pages,
        site_mb=stats.total_mb, largest_page=stats.largest_page, largest_kb=stats.largest_kb,
        plain_build_s=min(r.seconds for r in plain_runs), plain_peak_mb=max(r.peak_rss_mb for r in plain_runs),
        plain_pages=plain_stats.pages, generate_s=generate_s,
        build_runs_s=[round(r.seconds, 2) for r in runs], plain_runs_s=[round(r.seconds, 2) for r in plain_runs],
    )
    if search:
        say(f"[{name}] search in Chromium …")
        try:
            result.search = asdict(measure_search(folder / "site"))
            say(f"[{name}]   {result.search['payload_kb']:.0f} KB, {result.search['cold_ms']:.0f} ms cold, "
                f"{result.search['typed_ms']:.0f} ms typed")
        except Exception as exc:  # noqa: BLE001 - a failed measurement is a result, not a crash
            result.search_error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
            say(f"[{name}]   search measurement failed: {result.search_error}")
    if serve and name in ("S", "M"):
        say(f"[{name}] preview: mkdocs serve, one member renamed …")
        preview = measure_preview(repo, data.member_ids[0], folder / "serve.log")
        result.preview = {**asdict(preview), "median_s": preview.median_s}
        say(f"[{name}]   first build {preview.first_build_s:.1f} s, rebuilds "
            + ", ".join(f"{x:.2f} s" for x in preview.rebuilds_s))
    return result


# --------------------------------------------------------------------------- report

def machine_info() -> dict:
    from importlib.metadata import version

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    try:
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return {"cpus": os.cpu_count(), "cpu": cpu, "ram": mem, "load": load,
            "python": platform.python_version(), "mkdocs": version("mkdocs"),
            "material": version("mkdocs-material")}


@dataclass
class Target:
    name: str
    measured: str
    limit: str
    ok: bool | None        # None: not measured in this run


def targets(results: dict[str, SizeResult]) -> list[Target]:
    out: list[Target] = []
    for a, b in (("S", "M"), ("M", "L")):
        if a in results and b in results:
            ra, rb = results[a], results[b]
            t_ratio, p_ratio = rb.build_s / ra.build_s, rb.pages / ra.pages
            out.append(Target(f"Build time {b}/{a} ≤ page ratio", f"{t_ratio:.2f}", f"≤ {p_ratio:.2f}",
                              t_ratio <= p_ratio))
    for name, r in results.items():
        out.append(Target(f"Build {name} ≤ {MAX_PLAIN_RATIO} × plain Material", f"{r.plain_ratio:.2f} ×",
                          f"≤ {MAX_PLAIN_RATIO} ×", r.plain_ratio <= MAX_PLAIN_RATIO))
    big = results.get("L")
    biggest = big or (results[max(results, key=lambda k: results[k].pages)] if results else None)
    label = "L" if big else (biggest.size if biggest else "?")
    if biggest:
        out.append(Target(f"Peak memory at {label} < 2 GB", f"{biggest.peak_mb:,.0f} MB", f"< {MAX_PEAK_MB:,} MB",
                          biggest.peak_mb < MAX_PEAK_MB if big else None))
        out.append(Target(f"Largest page at {label} < {MAX_PAGE_KB} KB",
                          f"{biggest.largest_kb:.0f} KB ({biggest.largest_page})", f"< {MAX_PAGE_KB} KB",
                          biggest.largest_kb < MAX_PAGE_KB if big else None))
    s = results.get("S")
    if s and s.preview:
        out.append(Target("Preview rebuild at S < 2 s", f"{s.preview['median_s']:.2f} s", f"< {MAX_PREVIEW_S} s",
                          s.preview["median_s"] < MAX_PREVIEW_S))
    else:
        out.append(Target("Preview rebuild at S < 2 s", "not measured", f"< {MAX_PREVIEW_S} s", None))
    if biggest and biggest.search_error and not biggest.search:
        out.append(Target(f"Search at {label} < {MAX_SEARCH_KB} KB, < {MAX_SEARCH_MS} ms",
                          f"measurement failed: {biggest.search_error}", "", False if big else None))
    elif biggest and biggest.search:
        sr = biggest.search
        out.append(Target(f"Search download at {label} < {MAX_SEARCH_KB} KB", f"{sr['payload_kb']:.0f} KB",
                          f"< {MAX_SEARCH_KB} KB", sr["payload_kb"] < MAX_SEARCH_KB if big else None))
        times = [sr["cold_ms"], sr["typed_ms"]]
        measured = f"{sr['typed_ms']:.0f} ms typed, {sr['cold_ms']:.0f} ms cold"
        ks = sr.get("keystrokes") or {}
        if ks.get("median") is not None:
            times.append(ks["median"])
            measured += f", keystrokes {ks['median']:.0f} ms median / {ks['p90']:.0f} ms p90"
        out.append(Target(f"Search at {label}: keystroke → results < {MAX_SEARCH_MS} ms", measured,
                          f"< {MAX_SEARCH_MS} ms", max(times) < MAX_SEARCH_MS if big else None))
    else:
        out.append(Target(f"Search at L < {MAX_SEARCH_KB} KB, < {MAX_SEARCH_MS} ms", "not measured", "", None))
    return out


def table(headers: list[str], rows: list[list[str]], markdown: bool = False) -> str:
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*headers), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows])


def report(results: dict[str, SizeResult], machine: dict, markdown: bool = False) -> str:
    order = [k for k in ("S", "M", "L") if k in results]
    rows = []
    for k in order:
        r = results[k]
        sr = r.search or {}
        pv = r.preview or {}
        rows.append([
            k, f"{r.members:,} / {r.events:,} / {r.articles:,}", f"{r.pages:,}", f"{r.build_s:.1f} s",
            f"{r.plain_build_s:.1f} s", f"{r.plain_ratio:.2f}", f"{r.peak_mb:,.0f} MB", f"{r.site_mb:,.0f} MB",
            f"{r.largest_page} ({r.largest_kb:.0f} KB)",
            f"{sr['payload_kb']:.0f} KB" if sr else "–",
            f"{sr['typed_ms']:.0f} / {sr['cold_ms']:.0f} ms" if sr else "–",
            f"{pv['median_s']:.2f} s" if pv else "–",
        ])
    headers = ["size", "members / events / articles", "pages", "build", "plain Material", "ratio", "peak RSS",
               "site", "largest page", "search download", "search typed / cold", "preview"]
    out = [table(headers, rows, markdown)]
    ratio_rows = []
    for a, b in (("S", "M"), ("M", "L")):
        if a in results and b in results:
            ra, rb = results[a], results[b]
            ratio_rows.append([f"{b}/{a}", f"{rb.pages / ra.pages:.2f}", f"{rb.build_s / ra.build_s:.2f}",
                               f"{rb.plain_build_s / ra.plain_build_s:.2f}"])
    if ratio_rows:
        out.append(table(["sizes", "page ratio", "build time ratio", "plain Material time ratio"], ratio_rows, markdown))
    tg = targets(results)
    out.append(table(["target", "measured", "limit", "result"],
                     [[t.name, t.measured, t.limit, "–" if t.ok is None else ("PASS" if t.ok else "FAIL")] for t in tg],
                     markdown))
    out.append(f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['ram']} RAM, load {machine['load']}; "
               f"Python {machine['python']}, MkDocs {machine['mkdocs']}, Material {machine['material']}.")
    return "\n\n".join(out)


# --------------------------------------------------------------------------- gallery (issue #16)

_IMAGES_LOG = re.compile(r"Bilder: (\d+) Quellen, (\d+) neu verarbeitet, (\d+) aus dem Zwischenspeicher .*?"
                         r"\(([\d.]+) s\)")


@dataclass
class GalleryResult:
    photos: int
    source_mb: float
    cold_build_s: float
    cold_images_s: float
    cold_processed: int
    warm_build_s: float
    warm_images_s: float
    warm_processed: int
    page_kb: float | None = None          # transferred at 390 px before any interaction
    image_kb: float | None = None         # of it: images
    images_loaded: int | None = None
    error: str | None = None


def _camera_photo(path: Path, seed: int) -> None:
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    sys.path.insert(0, str(ROOT / "scripts"))
    from make_example_photos import draw_scene

    exif = Image.Exif()
    exif[0x010F] = "Benchmark-Kamera"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (IFDRational(51, 1), IFDRational(13, 1), IFDRational(1, 1))
    gps[3], gps[4] = "E", (IFDRational(6, 1), IFDRational(46, 1), IFDRational(1, 1))
    kinds = ("plenum", "tische", "pinnwand", "gebaeude")
    draw_scene(seed, kinds[seed % 4], (4000, 3000), grain=10).save(path, "JPEG", quality=90, exif=exif)


def gallery_project(work: Path) -> tuple[Path, str]:
    """The real project with a documentation page holding a 12-photo gallery; (repo, page URL)."""
    repo = work / "gallery" / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    for name in ("mkdocs.yml", "collections.yml", "content", "data", "hooks", "engagiert", "overrides", "schemas"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / name)
    folder = repo / "content/wissen/dokumentation/bilder"
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for i in range(1, GALLERY_PHOTOS + 1):
        _camera_photo(folder / f"bench-{i:02d}.jpg", i)
        items.append(f"  - datei: wissen/dokumentation/bilder/bench-{i:02d}.jpg\n"
                     f"    alt: Foto {i} vom Netzwerktreffen mit Teilnehmenden an Tischen\n"
                     f"    unterschrift: Eindrücke vom Treffen, Bild {i}\n    foto: Benchmark\n")
    page = repo / "content/wissen/dokumentation/netzwerktreffen-2025-1.md"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"\ngalerie:\n(?:  .*\n)+", "\n", text)
    page.write_text(text.replace("\n---\n", "\ngalerie:\n" + "".join(items) + "---\n", 1), encoding="utf-8")
    return repo, "wissen/dokumentation/netzwerktreffen-2025-1/"


def _images_log(log: str) -> tuple[int, float]:
    m = _IMAGES_LOG.search(log)
    return (int(m.group(2)), float(m.group(4))) if m else (-1, float("nan"))


def measure_page_bytes(site: Path, path: str, width: int = 390) -> tuple[float, float, int]:
    """(KB transferred, of it images, images loaded) for ``path`` at ``width`` px, after load and
    network idle, without any scrolling or other interaction (DPR 2, like a phone)."""
    import functools
    import http.server

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=2)
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}", wait_until="load")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            entries = page.evaluate("""() => [...performance.getEntriesByType('navigation'),
                ...performance.getEntriesByType('resource')].map(e => [e.name, e.transferSize || e.encodedBodySize])""")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    images = [n for u, n in entries if "/bilder/" in u]
    return sum(n for _, n in entries) / 1024, sum(images) / 1024, len(images)


def run_gallery(work: Path, say, browser: bool = True) -> GalleryResult:
    say("[gallery] generating 12 camera photos (4000 × 3000, GPS) …")
    repo, url = gallery_project(work)
    source_mb = sum(p.stat().st_size for p in (repo / "content/wissen/dokumentation/bilder").glob("bench-*.jpg")) / 1e6
    cache = work / "gallery" / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {"ENGAGIERT_IMAGE_CACHE": str(cache), "ENGAGIERT_SEARCH": "0"}
    runs = []
    for label in ("cold", "warm"):
        say(f"[gallery] {label} build …")
        run = mkdocs_build(repo, work / "gallery" / f"site-{label}", work / "gallery" / f"build-{label}.log", env)
        processed, seconds = _images_log(run.log)
        say(f"[gallery]   {run.seconds:.1f} s, images {seconds:.2f} s, {processed} processed")
        runs.append((run, processed, seconds))
    (cold, cold_n, cold_s), (warm, warm_n, warm_s) = runs
    result = GalleryResult(GALLERY_PHOTOS, source_mb, cold.seconds, cold_s, cold_n, warm.seconds, warm_s, warm_n)
    if browser:
        try:
            result.page_kb, result.image_kb, result.images_loaded = measure_page_bytes(work / "gallery" / "site-warm", url)
            say(f"[gallery]   {result.page_kb:.0f} KB at 390 px ({result.images_loaded} images, {result.image_kb:.0f} KB)")
        except Exception as exc:  # noqa: BLE001 - reported in the table
            result.error = f"{type(exc).__name__}: {exc}"
    return result


def gallery_targets(g: GalleryResult) -> list[Target]:
    out = [Target("warm rebuild processes no image (issue #16)", f"{g.warm_processed} processed", "0",
                  g.warm_processed == 0)]
    if g.page_kb is not None:
        out.append(Target("12-photo gallery page at 390 px < 500 KB before interaction",
                          f"{g.page_kb:.0f} KB ({g.images_loaded} images, {g.image_kb:.0f} KB)",
                          f"{MAX_GALLERY_KB} KB", g.page_kb < MAX_GALLERY_KB))
    elif g.error:
        out.append(Target("12-photo gallery page at 390 px < 500 KB before interaction", g.error,
                          f"{MAX_GALLERY_KB} KB", False))
    return out


def gallery_report(g: GalleryResult, markdown: bool = False) -> str:
    rows = [[f"{g.photos} × 4000×3000 JPEG ({g.source_mb:.1f} MB)", f"{g.cold_build_s:.1f} s",
             f"{g.cold_images_s:.2f} s ({g.cold_processed} processed)", f"{g.warm_build_s:.1f} s",
             f"{g.warm_images_s:.2f} s ({g.warm_processed} processed)",
             f"{g.page_kb:.0f} KB" if g.page_kb is not None else (g.error or "–")]]
    out = [table(["gallery", "cold build", "images cold", "warm build", "images warm", "page at 390 px"], rows,
                 markdown)]
    out.append(table(["target", "measured", "limit", "result"],
                     [[t.name, t.measured, t.limit, "PASS" if t.ok else "FAIL"] for t in gallery_targets(g)],
                     markdown))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated sizes to run (default: S,M,L)")
    parser.add_argument("--skip-search", action="store_true", help="no Chromium search measurement")
    parser.add_argument("--skip-serve", action="store_true", help="no mkdocs serve preview measurement")
    parser.add_argument("--skip-gallery", action="store_true", help="no 12-photo gallery case (issue #16)")
    parser.add_argument("--gallery-only", action="store_true", help="only the gallery case (no S/M/L sizes)")
    parser.add_argument("--workdir", type=Path, help="folder for the generated projects and sites "
                                                     "(default: a temporary folder, removed afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown (for the README)")
    parser.add_argument("--repeat", type=int, help="builds per size, project and plain alternating; the "
                                                   "shortest counts (default: 3 at S, 2 at M, 1 at L)")
    args = parser.parse_args(argv)
    sizes = [] if args.gallery_only else [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    if not args.skip_search and not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing (make browser), or pass --skip-search")

    def say(msg: str) -> None:
        print(msg, flush=True)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="engagiert-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    say(f"Benchmark in {work}; {machine['cpus']} CPUs ({machine['cpu']}), {machine['ram']}, load {machine['load']}")
    results: dict[str, SizeResult] = {}
    gallery: GalleryResult | None = None
    try:
        for name in sizes:
            repeat = args.repeat or {"S": 3, "M": 2}.get(name, 1)
            results[name] = run_size(name, work, serve=not args.skip_serve, search=not args.skip_search, say=say,
                                     repeat=repeat)
            if args.json:
                _write_json(args.json, results, machine)
        if not args.skip_gallery:
            gallery = run_gallery(work, say, browser=not args.skip_search)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    machine["load_after"] = machine_info()["load"]
    print()
    if results:
        print(report(results, machine, markdown=args.markdown))
    if gallery is not None:
        print()
        print(gallery_report(gallery, markdown=args.markdown))
    if args.json:
        _write_json(args.json, results, machine, gallery)
    failed = [t for t in targets(results) if t.ok is False]
    if gallery is not None:
        failed += [t for t in gallery_targets(gallery) if not t.ok]
    return 1 if failed else 0


def _write_json(path: Path, results: dict[str, SizeResult], machine: dict,
                gallery: GalleryResult | None = None) -> None:
    data = {"machine": machine, "sizes": {k: {**asdict(v), "plain_ratio": v.plain_ratio} for k, v in results.items()},
            "targets": [asdict(t) for t in targets(results)]}
    if gallery is not None:
        data["gallery"] = asdict(gallery)
        data["targets"] += [asdict(t) for t in gallery_targets(gallery)]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
