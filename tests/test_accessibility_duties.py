"""BITVNRW duties (issue #20): Leichte Sprache and Gebärdensprache links on every page, the
DGS video page, the statement completed from checkable facts, Leichte Sprache summaries.

The DGS video, its poster and captions are made at test time with Debian's ffmpeg
(tests/accessibility_media.py); PDFs with and without tags are written with pypdf.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from accessibility_media import VTT, make_pdf, make_video
from conftest import serve
from helpers import ROOT, build_site, copy_repo, format_violations, goto, html_files, parse_html, run_axe

STATEMENT = (ROOT / "content" / "barrierefreiheit.md").read_text(encoding="utf-8")

SIGN_ENTRY = """\
# yaml-language-server: $schema=../schemas/gebaerdensprache.schema.json
- id: willkommen
  titel: Willkommen beim Kommunen-Netzwerk
  thema: Inhalte der Website
  video: videos/dgs/willkommen.webm
  untertitel: videos/dgs/willkommen.vtt
  poster: videos/dgs/willkommen.png
  dauer: "0:02"
  transkript: |
    Herzlich willkommen beim Kommunen-Netzwerk.
    Hier sehen Sie die Website in Gebärdensprache.
"""


def _dated_statement(created: str = "2026-09-15", reviewed: str = "2026-09-30") -> str:
    text = STATEMENT.replace("  erstellt:\n", f"  erstellt: {created}\n", 1)
    return text.replace("  ueberprueft:\n", f"  ueberprueft: {reviewed}\n", 1)


def _page_path(url_path: str, href: str) -> str:
    """Site path a relative href of the page at url_path points to."""
    return urlsplit(urljoin("http://x/" + url_path, href)).path


@pytest.fixture(scope="module")
def media_site(tmp_path_factory):
    """A copy of the site with one DGS video, a second video without captions, a tagged and
    an untagged PDF, and the statement's dates filled in."""
    tmp = tmp_path_factory.mktemp("media-site")
    media = tmp / "media"
    files = make_video(media)
    overrides = {
        "data/gebaerdensprache.yaml": SIGN_ENTRY,
        "content/barrierefreiheit.md": _dated_statement(),
        "content/videos/dgs/willkommen.webm": (media / files["video"]).read_bytes(),
        "content/videos/dgs/willkommen.png": (media / files["poster"]).read_bytes(),
        "content/videos/dgs/willkommen.vtt": VTT,
        "content/videos/rundgang-ohne-untertitel.webm": (media / files["video"]).read_bytes(),
        "content/wissen/downloads/getaggt.pdf": make_pdf("Getaggter Testbericht"),
        "content/wissen/downloads/ungetaggt.pdf": make_pdf("Ungetaggter Testbericht", tagged=False),
        "content/wissen/downloads/ohne-titel.pdf": make_pdf(None, tagged=True),
    }
    code, output, site = build_site(tmp, data_overrides=overrides, env={"ENGAGIERT_SEARCH": "0"})
    assert code == 0, output
    return site


# --------------------------------------------------------------------------- header links

def test_every_page_links_leichte_sprache_and_gebaerdensprache_before_main(site_dir):
    missing = []
    for path in html_files(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        url_path = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        text = path.read_text(encoding="utf-8")
        bar = re.search(r'<nav class="site-a11y-links" aria-label="([^"]+)">(.*?)</nav>', text, re.S)
        main = text.find("<main")
        if bar is None or (main != -1 and bar.start() > main):
            missing.append(rel)
            continue
        links = re.findall(r'<a class="site-a11y-links__link" href="([^"]+)"[^>]*>\s*<svg[^>]*aria-hidden="true"'
                           r'[^>]*>.*?</svg>\s*<span>([^<]+)</span>', bar.group(2), re.S)
        targets = {label: _page_path(url_path, href) for href, label in links}
        if targets != {"Leichte Sprache": "/leichte-sprache/", "Gebärdensprache": "/gebaerdensprache/"}:
            missing.append(f"{rel}: {targets}")
    assert not missing, missing[:10]
    assert (site_dir / "gebaerdensprache" / "index.html").is_file()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_header_links_visible_on_one_line_at_every_width(page, http_base, width):
    page.set_viewport_size({"width": width, "height": 700})
    goto(page, http_base, "veranstaltungen/")
    boxes = page.eval_on_selector_all(
        ".site-a11y-links__link",
        "els => els.map(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
        " return {x: r.x, y: r.y, w: r.width, h: r.height, right: r.right, text: e.innerText.trim(),"
        " visible: s.visibility === 'visible' && s.display !== 'none'}; })")
    assert [b["text"] for b in boxes] == ["Leichte Sprache", "Gebärdensprache"]
    for box in boxes:
        assert box["visible"] and box["w"] > 0 and box["h"] >= 24, box
        assert 0 <= box["x"] and box["right"] <= width, box
    assert boxes[0]["y"] == boxes[1]["y"], "the two links wrap onto two lines"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Above the main content and the header, in the first screen.
    main_top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
    assert boxes[0]["y"] < main_top and boxes[0]["y"] < 60


@pytest.mark.browser
def test_header_links_work_by_keyboard(page, http_base):
    goto(page, http_base, "mitglieder/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Leichte Sprache":
            break
    else:
        pytest.fail("Leichte Sprache is not among the first Tab stops")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/leichte-sprache/")
    assert page.eval_on_selector(".site-a11y-links__link[aria-current=page]", "e => e.innerText.trim()") \
        == "Leichte Sprache"


# --------------------------------------------------------------------------- Gebärdensprache page

def test_sign_language_page_without_videos_explains_what_will_come(site_dir):
    text = (site_dir / "gebaerdensprache" / "index.html").read_text(encoding="utf-8")
    assert "Zurzeit gibt es hier noch keine Videos." in text
    assert "<video" not in text
    # German and Leichte Sprache, with whom to contact
    assert 'id="in-leichter-sprache"' in text and "Gebärdensprache ist eine Sprache mit den Händen." in text
    assert "mailto:mareike.einfeld@stk.nrw.de" in text


def test_sign_language_video_markup(media_site):
    text = (media_site / "gebaerdensprache" / "index.html").read_text(encoding="utf-8")
    doc = parse_html(text)
    videos = doc.find("video")
    assert len(videos) == 1
    video = videos[0].attrs
    assert "controls" in video and video.get("preload") == "metadata"
    assert "autoplay" not in video and "muted" not in video and "loop" not in video
    base = "/gebaerdensprache/"
    assert _page_path(base, video["poster"]) == "/videos/dgs/willkommen.png"
    (source,) = doc.find("source")
    assert source.attrs["type"] == "video/webm"
    assert _page_path(base, source.attrs["src"]) == "/videos/dgs/willkommen.webm"
    (track,) = doc.find("track")
    assert track.attrs["kind"] == "captions" and track.attrs["srclang"] == "de" and "default" in track.attrs
    assert _page_path(base, track.attrs["src"]) == "/videos/dgs/willkommen.vtt"
    for rel in ("videos/dgs/willkommen.png", "videos/dgs/willkommen.webm", "videos/dgs/willkommen.vtt"):
        assert (media_site / rel).is_file()
    assert not doc.find("iframe") and not doc.find("embed") and not doc.find("object")
    # the transcript is on the page, as text
    assert "Der Inhalt des Videos als Text: Willkommen beim Kommunen-Netzwerk" in text
    assert "Hier sehen Sie die Website in Gebärdensprache." in text
    assert '<time datetime="PT2S">2 Sekunden</time>' in text
    assert "Zurzeit gibt es hier noch keine Videos." not in text


@pytest.mark.browser
def test_sign_language_video_plays_with_captions(page, media_site):
    server, base = serve(media_site)
    try:
        goto(page, base, "gebaerdensprache/")
        page.wait_for_function("() => document.querySelector('video').readyState >= 1", timeout=20000)
        state = page.evaluate("""() => { const v = document.querySelector('video');
            return {paused: v.paused, autoplay: v.autoplay, duration: v.duration,
                    tracks: v.textTracks.length, mode: v.textTracks[0].mode,
                    kind: v.textTracks[0].kind, lang: v.textTracks[0].language}; }""")
        assert state["paused"] and not state["autoplay"], state
        assert 1.5 < state["duration"] < 2.5, state
        assert state["tracks"] == 1 and state["mode"] == "showing", state
        assert state["kind"] == "captions" and state["lang"] == "de", state
        page.wait_for_function("() => document.querySelector('video').textTracks[0].cues?.length === 2",
                               timeout=20000)
        cue = page.evaluate("document.querySelector('video').textTracks[0].cues[0].text")
        assert cue == "Herzlich willkommen beim Kommunen-Netzwerk."
        page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
        page.wait_for_function("() => document.querySelector('video').currentTime > 0.2", timeout=20000)
        violations = run_axe(page)
        assert not violations, format_violations(violations)
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- statement

def _section(text: str, heading_id: str) -> str:
    start = text.index(f'id="{heading_id}"')
    end = text.find("<h2", start)
    return text[start:end]


def test_statement_names_only_the_untagged_pdfs_and_uncaptioned_videos(media_site):
    text = (media_site / "barrierefreiheit" / "index.html").read_text(encoding="utf-8")
    gaps = _section(text, "nicht-barrierefreie-inhalte")
    assert "„Ungetaggter Testbericht“" in gaps
    assert "keine Struktur-Tags" in gaps
    assert "Getaggter Testbericht" not in gaps.replace("Ungetaggter Testbericht", "")
    # tagged, but without a title: named by its file name
    assert "ohne-titel.pdf" in gaps and "kein Dokumenttitel in den Metadaten" in gaps
    # the sample publication of the repository is untagged too
    assert "„Ergebnisbericht Mitgliederbefragung 2025 (Beispiel)“" in gaps
    assert gaps.count("<strong>PDF-Dokument „") == 3
    # each listed file is linked and exists
    for href in re.findall(r'<a href="([^"]+\.(?:pdf|webm))"', gaps):
        assert (media_site / _page_path("/barrierefreiheit/", href).lstrip("/")).is_file(), href
    assert "rundgang-ohne-untertitel.webm" in gaps and "ohne Untertitel" in gaps
    assert "willkommen.webm" not in gaps  # the DGS video has captions


def test_statement_dates_come_from_front_matter(media_site, site_dir):
    made = _section((media_site / "barrierefreiheit" / "index.html").read_text(encoding="utf-8"),
                    "erstellung-dieser-erklarung")
    assert "am\n15. September 2026\nerstellt und zuletzt am\n30. September 2026\nüberprüft" in made
    assert "Platzhalter: Datum" not in made
    sample = _section((site_dir / "barrierefreiheit" / "index.html").read_text(encoding="utf-8"),
                      "erstellung-dieser-erklarung")
    assert sample.count('class="platzhalter"') >= 2 and "erklaerung: erstellt:" in sample


def test_statement_links_ombudsstelle_and_ueberwachungsstelle(site_dir):
    text = (site_dir / "barrierefreiheit" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.lbbp.nrw.de/ombudsstelle"' in text
    assert "Ombudsstelle für barrierefreie Informationstechnik" in text
    assert "it.nrw/informationstechnik/digitale-verwaltung/ueberwachungsstelle-fuer-barrierefreiheit-nrw" in text
    assert "Überwachungsstelle für Barrierefreiheit NRW" in text
    assert "<!-- automatisch" not in text


# --------------------------------------------------------------------------- Leichte Sprache

def test_leichte_sprache_page_covers_the_required_topics(site_dir):
    text = (site_dir / "leichte-sprache" / "index.html").read_text(encoding="utf-8")
    for heading in ("Was steht auf dieser Internet-Seite?", "Das Menü", "Die Suche", "Der Kalender",
                    "Ist die Internet-Seite barrierefrei?", "Haben Sie ein Problem mit der Internet-Seite?"):
        assert f">{heading}</h" in text, heading
    assert '<div class="leichte-sprache" lang="de">' in text
    assert 'href="../barrierefreiheit/#barrieren-melden-feedback-und-kontakt"' in text


def test_leichte_sprache_page_links_the_summaries_of_other_pages(site_dir):
    text = (site_dir / "leichte-sprache" / "index.html").read_text(encoding="utf-8")
    more = _section(text, "mehr-in-leichter-sprache")
    assert '<a href="../kontakt/">Zur Seite: Kontakt</a>' in more
    assert '<a href="../mitmachen/">Zur Seite: Mitmachen</a>' in more
    assert "Jede Kommune in Nordrhein-Westfalen kann im Netzwerk mitmachen.\n" in more
    assert more.index("Kontakt") < more.index("Mitmachen")


# --------------------------------------------------------------------------- validation

def _check(tmp_path: Path, overrides: dict[str, str | bytes]) -> tuple[int, str]:
    repo = copy_repo(tmp_path / "repo")
    for rel, content in overrides.items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "engagiert.check", "--root", str(repo)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def _entry_without(field: str) -> str:
    lines = SIGN_ENTRY.splitlines(keepends=True)
    out, skip = [], False
    for line in lines:
        if line.startswith(f"  {field}:"):
            skip = line.rstrip().endswith("|")
            continue
        if skip and line.startswith("    "):
            continue
        skip = False
        out.append(line)
    return "".join(out)


MEDIA = {
    "content/videos/dgs/willkommen.webm": b"\x1aE\xdf\xa3 not really a video",
    "content/videos/dgs/willkommen.png": b"\x89PNG\r\n",
    "content/videos/dgs/willkommen.vtt": VTT,
}


@pytest.mark.parametrize("field", ["untertitel", "transkript"])
def test_video_without_captions_or_transcript_is_a_located_german_error(tmp_path, field):
    code, output = _check(tmp_path, {"data/gebaerdensprache.yaml": _entry_without(field), **MEDIA})
    assert code == 1, output
    assert "Traceback" not in output
    assert re.search(rf'data/gebaerdensprache\.yaml:2 – .*{field}', output), output


def test_video_files_must_exist_and_captions_be_webvtt(tmp_path):
    media = {**MEDIA, "content/videos/dgs/willkommen.vtt": "1\n00:00:00,000 --> 00:00:01,000\nSRT\n"}
    del media["content/videos/dgs/willkommen.png"]
    code, output = _check(tmp_path, {"data/gebaerdensprache.yaml": SIGN_ENTRY, **media})
    assert code == 1, output
    assert 'data/gebaerdensprache.yaml:7 – Feld "poster": Das Vorschaubild content/videos/dgs/willkommen.png ' \
           "gibt es nicht" in output
    # the captions file exists but is not WebVTT (an .srt renamed)
    assert 'data/gebaerdensprache.yaml:6 – Feld "untertitel"' not in output  # checked once all files exist
    media["content/videos/dgs/willkommen.png"] = b"\x89PNG\r\n"
    code, output = _check(tmp_path / "2", {"data/gebaerdensprache.yaml": SIGN_ENTRY, **media})
    assert code == 1 and 'data/gebaerdensprache.yaml:6 – Feld "untertitel"' in output
    assert "keine WebVTT-Datei" in output


def test_build_stops_with_the_german_list(tmp_path):
    code, output, _ = build_site(tmp_path, data_overrides={"data/gebaerdensprache.yaml": _entry_without("untertitel"),
                                                           **MEDIA}, env={"ENGAGIERT_SEARCH": "0"})
    assert code != 0
    assert "data/gebaerdensprache.yaml:2" in output and "untertitel" in output
    assert "Traceback" not in output


def test_statement_fields_are_validated(tmp_path):
    bad = STATEMENT.replace("  erstellt:\n", "  erstellt: 15.09.2026\n", 1)
    bad = bad.replace("feedback_email: mareike.einfeld@stk.nrw.de", "feedback_email: mareike.einfeld")
    code, output = _check(tmp_path, {"content/barrierefreiheit.md": bad})
    assert code == 1
    assert 'content/barrierefreiheit.md:9 – Feld "erklaerung.erstellt": Datum der Erstellung als JJJJ-MM-TT' in output
    assert 'content/barrierefreiheit.md:11 – Feld "erklaerung.feedback_email"' in output
    earlier = _dated_statement("2026-09-15", "2026-01-01")
    code, output = _check(tmp_path / "2", {"content/barrierefreiheit.md": earlier})
    assert code == 1 and "nicht vor der Erstellung" in output
    code, output = _check(tmp_path / "3", {"content/barrierefreiheit.md":
                                           STATEMENT.replace("<!-- automatisch: nicht-barrierefreie-inhalte -->", "")})
    assert code == 1 and "„<!-- automatisch: nicht-barrierefreie-inhalte -->“ fehlt" in output


def test_leichte_sprache_summary_is_validated(tmp_path):
    page = (ROOT / "content" / "mitmachen.md").read_text(encoding="utf-8")
    long_line = "  Das ist ein sehr langer Satz, " + "und er geht immer weiter " * 5 + "bis er nicht mehr aufhört.\n"
    bad = page.replace("  Jede Kommune in Nordrhein-Westfalen kann im Netzwerk mitmachen.\n", long_line, 1)
    assert bad != page
    code, output = _check(tmp_path, {"content/mitmachen.md": bad})
    assert code == 1
    assert re.search(r'content/mitmachen\.md:5 – Feld "leichte_sprache": Die Zeile ist zu lang \(\d+ Zeichen', output), \
        output
    code, output = _check(tmp_path / "2", {"content/netzwerk/index.md":
                                           (ROOT / "content/netzwerk/index.md").read_text(encoding="utf-8")
                                           .replace("---\n", "---\nleichte_sprache: 42\n", 1)})
    assert code == 1 and 'content/netzwerk/index.md:2 – Feld "leichte_sprache"' in output, output
