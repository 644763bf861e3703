"""What a change does to the website: ``make changes BASE=<git ref>`` (issue #15).

Builds BASE (``git archive`` into a temporary folder, with BASE's own code) and the
working tree, both with the same pinned date, compares the two sites file by file and
prints a German Markdown summary: pages added, changed and removed (URL and title),
changed calendar entries, feeds and downloads; the rest (search index, sitemap, assets)
in one line. CI appends it to the pull request's job summary.

    python scripts/changes.py --base origin/main            # summary on stdout
    python scripts/changes.py --base origin/main --site DIR # also keep the new site in DIR
    python scripts/changes.py --compare OLD_SITE NEW_SITE   # two sites built already

Exit status 0 (also when something changed), 1 when a build or git fails (German note).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Files that are not content an editor wrote: summarised in one line.
_FURNITURE_DIRS = ("assets/", "suchindex/", "search/")
_FURNITURE_FILES = ("sitemap.xml", "sitemap.xml.gz", "404.html", "objects.inv")
_FEED_SUFFIXES = (".xml", ".atom", ".rss")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")
# What a calendar entry's properties mean for an editor.
_PROPS = {"DTSTART": "Beginn", "DTEND": "Ende", "LOCATION": "Ort", "STATUS": "Status", "SUMMARY": "Titel",
          "DESCRIPTION": "Beschreibung", "SEQUENCE": "Version", "URL": "Adresse", "CONFERENCE": "Online-Link"}
LIMIT = 40  # pages per list; the rest is counted


def _files(site: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            out[path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).digest()
    return out


def _url(rel: str) -> str:
    return "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel


def _title(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    m = _H1.search(text) or _TITLE.search(text)
    if not m:
        return ""
    return " ".join(html.unescape(_TAG.sub("", m.group(1))).split())


def _kind(rel: str) -> str:
    if rel.startswith(_FURNITURE_DIRS) or rel in _FURNITURE_FILES:
        return "furniture"
    if rel.endswith(".html"):
        return "page"
    if rel.endswith(".ics"):
        return "calendar"
    if rel.endswith(_FEED_SUFFIXES):
        return "feed"
    return "download"


def _unfold(data: bytes) -> list[str]:
    return data.decode("utf-8", "replace").replace("\r\n ", "").replace("\r\n\t", "").splitlines()


def _events(data: bytes) -> dict[str, dict[str, str]]:
    """UID -> {property name: value line} of every VEVENT in a calendar file."""
    events, current = {}, None
    for line in _unfold(data):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events[current.get("UID", "")] = current
            current = None
        elif current is not None and ":" in line:
            name = line.split(":", 1)[0].split(";", 1)[0]
            current[name] = current.get(name, "") + line
    return events


@dataclass
class Changes:
    added: list[tuple[str, str]] = field(default_factory=list)      # (URL, title)
    changed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    entries: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (state, title, what)
    feeds: list[tuple[str, str]] = field(default_factory=list)      # (state, path)
    downloads: list[tuple[str, str]] = field(default_factory=list)
    furniture: int = 0
    furniture_names: list[str] = field(default_factory=list)


def compare(old: Path, new: Path) -> Changes:
    a, b = _files(old), _files(new)
    result = Changes()
    old_events: dict[str, dict[str, str]] = {}
    new_events: dict[str, dict[str, str]] = {}
    for rel in sorted(set(a) | set(b)):
        kind = _kind(rel)
        if kind == "calendar":
            if rel in a:
                old_events.update(_events((old / rel).read_bytes()))
            if rel in b:
                new_events.update(_events((new / rel).read_bytes()))
        if a.get(rel) == b.get(rel):
            continue
        state = "neu" if rel not in a else "entfernt" if rel not in b else "geändert"
        if kind == "page":
            site = new if rel in b else old
            entry = (_url(rel), _title(site / rel))
            {"neu": result.added, "entfernt": result.removed, "geändert": result.changed}[state].append(entry)
        elif kind == "furniture":
            result.furniture += 1
            name = "Suchindex" if rel.startswith(("suchindex/", "search/")) else \
                "Sitemap" if rel.startswith("sitemap") else "Gestaltung und Skripte" if rel.startswith("assets/") \
                else rel
            if name not in result.furniture_names:
                result.furniture_names.append(name)
        elif kind == "calendar" or kind == "feed":
            result.feeds.append((state, rel))
        else:
            result.downloads.append((state, rel))
    for uid in sorted(set(old_events) | set(new_events)):
        before, after = old_events.get(uid), new_events.get(uid)
        if before == after:
            continue
        title = _summary_text((after or before).get("SUMMARY", uid))
        if before is None:
            result.entries.append(("neu", title, []))
        elif after is None:
            result.entries.append(("entfernt", title, []))
        else:
            what = [label for prop, label in _PROPS.items() if before.get(prop) != after.get(prop)]
            others = sorted(p for p in set(before) | set(after) if p not in _PROPS and before.get(p) != after.get(p))
            what += others
            result.entries.append(("geändert", title, what))
    return result


def _summary_text(line: str) -> str:
    value = line.split(":", 1)[1] if ":" in line else line
    return value.replace("\\,", ",").replace("\\;", ";").replace("\\n", " ").replace("\\\\", "\\")


def _pages(title: str, pages: list[tuple[str, str]]) -> list[str]:
    if not pages:
        return []
    out = [f"### {title} ({len(pages)})", ""]
    for url, name in pages[:LIMIT]:
        out.append(f"- `{url}` – {name}" if name else f"- `{url}`")
    if len(pages) > LIMIT:
        out.append(f"- … und {len(pages) - LIMIT} weitere")
    return out + [""]


def render(changes: Changes, base: str) -> str:
    out = ["## Was sich auf der Website ändert", "", f"Verglichen mit `{base}`, beide Stände mit demselben Datum gebaut.", ""]
    nothing = not (changes.added or changes.changed or changes.removed or changes.entries or changes.feeds
                   or changes.downloads)
    if nothing:
        out += ["Keine Seite, kein Kalendereintrag, kein Feed und kein Download ändert sich.", ""]
    out += _pages("Neue Seiten", changes.added)
    out += _pages("Geänderte Seiten", changes.changed)
    out += _pages("Entfernte Seiten", changes.removed)
    if changes.entries:
        out += [f"### Kalendereinträge ({len(changes.entries)})", ""]
        for state, title, what in changes.entries:
            detail = f": {', '.join(what)}" if what else ""
            out.append(f"- {state}: „{title}“{detail}")
        out.append("")
    if changes.feeds:
        out += [f"### Feeds und Kalenderdateien ({len(changes.feeds)})", ""]
        out += [f"- {state}: `/{rel}`" for state, rel in changes.feeds] + [""]
    if changes.downloads:
        out += [f"### Downloads und Dateien ({len(changes.downloads)})", ""]
        out += [f"- {state}: `/{rel}`" for state, rel in changes.downloads] + [""]
    if changes.furniture:
        out.append(f"Außerdem angepasst: {', '.join(changes.furniture_names)} ({changes.furniture} Dateien).")
    else:
        out.append("Suchindex, Sitemap, Gestaltung und Skripte: unverändert.")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- building

class Failure(Exception):
    pass


def _build(source: Path, site: Path, epoch: int) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1")
    env.pop("GITHUB_ACTIONS", None)  # a build of BASE must not annotate the pull request
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(source / "mkdocs.yml"),
                           "-d", str(site)], cwd=source, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure(f"Die Website aus {source} ließ sich nicht bauen:\n{proc.stdout}{proc.stderr}")


def _export(root: Path, ref: str, dest: Path) -> None:
    proc = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", ref], capture_output=True)
    if proc.returncode != 0:
        raise Failure(f"Der Stand „{ref}“ ist in git nicht bekannt: {proc.stderr.decode(errors='replace').strip()}")
    dest.mkdir(parents=True)
    archive = dest.parent / "base.tar"
    archive.write_bytes(proc.stdout)
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    archive.unlink()


def run(root: Path, base: str, keep_site: Path | None = None, epoch: int | None = None) -> str:
    epoch = epoch if epoch is not None else int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    with tempfile.TemporaryDirectory(prefix="engagiert-changes-") as tmp:
        tmp_path = Path(tmp)
        _export(root, base, tmp_path / "base")
        old_site, new_site = tmp_path / "base-site", keep_site or tmp_path / "new-site"
        if keep_site is not None and keep_site.exists():
            shutil.rmtree(keep_site)
        _build(tmp_path / "base", old_site, epoch)
        _build(root, new_site, epoch)
        return render(compare(old_site, new_site), base)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Zusammenfassung, was sich gegenüber einem git-Stand ändert.")
    parser.add_argument("--base", help="git-Stand zum Vergleich, z. B. origin/main")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--site", type=Path, help="die neu gebaute Website hier behalten (Vorschau)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("ALT", "NEU"), help="zwei fertige Websites vergleichen")
    args = parser.parse_args(argv)
    try:
        if args.compare:
            text = render(compare(*args.compare), args.base or str(args.compare[0]))
        elif args.base:
            text = run(args.root.resolve(), args.base, args.site.resolve() if args.site else None)
        else:
            parser.error("--base oder --compare angeben")
    except Failure as exc:
        print(f"make changes: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
