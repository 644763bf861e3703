"""Pictures in built sites (issue #16): a camera JPEG with GPS on a documentation page comes
out as responsive images without metadata, with alt text, caption and credit; the same image
without alt text stops the build at its file and line; a warm rebuild processes no image;
galleries work without JavaScript and with the keyboard viewer; the 12-photo budget."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from conftest import serve
from helpers import ROOT, build_site, goto, parse_html, run_axe, format_violations, run_mkdocs_build
from pictures_factory import COMMENT, camera_jpeg, gallery_photo

DOC = "content/wissen/dokumentation/netzwerktreffen-2025-1.md"
DOC_URL = "wissen/dokumentation/netzwerktreffen-2025-1/"
EXAMPLE_DOC_URL = "wissen/dokumentation/netzwerktreffen-2025-2/"
NO_SEARCH = {"ENGAGIERT_SEARCH": "0"}


def _with_image(markdown_line: str) -> tuple[str, int]:
    text = (ROOT / DOC).read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("## ")) + 1   # after the first h2
    lines[at:at] = ["", markdown_line, ""]
    return "\n".join(lines), at + 2   # 1-based line of the image


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


CAMERA_LINE = ('![Teilnehmende an Gruppentischen im Ratssaal](bilder/kamera.jpg "Arbeitsgruppe am Nachmittag")'
               '{ foto="Anna Beispiel" lizenz="CC BY 4.0" }')


@pytest.fixture(scope="module")
def camera_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("camera-build")
    text, _ = _with_image(CAMERA_LINE)
    events = (ROOT / "data/events.yaml").read_text(encoding="utf-8")
    # an event gallery as well: the first event gets two photos
    first = events.index("\n- id: ") + 1
    second = events.index("\n- id: ", first) + 1
    gallery = ("  galerie:\n"
               "    - datei: veranstaltungen/bilder/ev-1.jpg\n"
               "      alt: Blick in den Saal während der Begrüßung\n"
               "      foto: Max Muster\n"
               "    - datei: veranstaltungen/bilder/ev-2.jpg\n"
               "      alt: Gruppenarbeit an Stellwänden\n"
               "      unterschrift: Gruppenarbeit\n")
    events = events[:second] + gallery + events[second:]
    cache = tmp / "cache"
    overrides = {DOC: text, "content/wissen/dokumentation/bilder/kamera.jpg": camera_jpeg(),
                 "data/events.yaml": events,
                 "content/veranstaltungen/bilder/ev-1.jpg": gallery_photo(1, (1200, 900)),
                 "content/veranstaltungen/bilder/ev-2.jpg": gallery_photo(2, (1200, 900))}
    env = {**NO_SEARCH, "ENGAGIERT_IMAGE_CACHE": str(cache)}
    code, output, site = build_site(tmp, data_overrides=overrides, env=env)
    assert code == 0, output
    # the same repository again, same cache, another output folder
    code2, output2 = run_mkdocs_build(tmp / "repo", tmp / "site2", env=env)
    assert code2 == 0, output2
    return {"site": site, "site2": tmp / "site2", "cold": output, "warm": output2,
            "event_id": re.search(r"- id: (\S+)", events[first - 1:]).group(1)}


def _bilder_log(output: str) -> tuple[int, int, int]:
    m = re.search(r"Bilder: (\d+) Quellen, (\d+) neu verarbeitet, (\d+) aus dem Zwischenspeicher", output)
    assert m, output
    return tuple(int(g) for g in m.groups())


def test_camera_photo_becomes_responsive_images_without_metadata(camera_build):
    site = camera_build["site"]
    html = _page(site, DOC_URL)
    figure = re.search(r'<figure class="bild"><picture>.*?</figure>', html, re.S).group(0)
    assert 'alt="Teilnehmende an Gruppentischen im Ratssaal"' in figure
    assert "Arbeitsgruppe am Nachmittag" in figure and "Foto: Anna Beispiel, Lizenz: CC BY 4.0" in figure
    assert 'decoding="async"' in figure and 'width="1600" height="2133"' in figure
    names = re.findall(r"\.\./\.\./\.\./(bilder/kamera-[0-9a-f]{10}-(\d+)\.(webp|jpg))", figure)
    assert {(w, ext) for _, w, ext in names} == {(w, e) for w in ("480", "960", "1600") for e in ("webp", "jpg")}
    for rel, width, ext in set(names):
        data = (site / rel).read_bytes()
        im = Image.open(io.BytesIO(data))
        assert im.size == (int(width), round(4000 * int(width) / 3000))  # upright: 3000 × 4000
        assert not im.getexif() and "icc_profile" not in im.info and "xmp" not in im.info \
            and "comment" not in im.info, rel
        assert b"GPS" not in data and COMMENT not in data and b"Geheime Kamera" not in data
    # the camera file itself is not published, and nothing in the site carries its metadata
    assert not list(site.rglob("kamera.jpg"))
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".jpg", ".webp", ".png"):
            data = path.read_bytes()
            assert COMMENT not in data and b"Geheime Kamera" not in data and b"Exif\x00" not in data, path
    # neither are the example sources (the 1600 px JPEG is a processed copy, not the source)
    assert not (site / "assets/images/mitglieder/stadt-koeln-rathaus.jpg").exists()
    assert not list((site / "wissen/dokumentation").rglob("*.jpg"))


def test_credit_is_listed_on_the_impressum(camera_build):
    html = _page(camera_build["site"], "impressum")
    section = html.split('id="bildnachweise"', 1)[1]
    assert "Foto: Anna Beispiel, Lizenz: CC BY 4.0" in section
    assert "Foto: Max Muster" in section          # an event gallery photo
    assert "Foto: Beispielbild" in section          # the example photos
    entry = re.search(r"<li>Foto: Anna Beispiel, Lizenz: CC BY 4.0 – <a href=\"([^\"]+)\">", section)
    assert entry and entry.group(1) == "../" + DOC_URL


def test_event_gallery_is_rendered(camera_build):
    html = _page(camera_build["site"], f"veranstaltungen/{camera_build['event_id']}")
    gallery = re.search(r'<section class="bild-galerie".*?</section>', html, re.S).group(0)
    assert gallery.count("<figure") == 2 and "Foto: Max Muster" in gallery and "Gruppenarbeit" in gallery
    assert gallery.count('loading="lazy"') == 1     # the first image of the page loads at once


def test_warm_rebuild_processes_no_image_and_gives_the_same_bytes(camera_build):
    sources, processed, reused = _bilder_log(camera_build["cold"])
    assert (processed, reused) == (sources, 0) and sources >= 7   # 4 examples, camera, 2 event photos
    assert _bilder_log(camera_build["warm"]) == (sources, 0, sources)
    first, second = camera_build["site"] / "bilder", camera_build["site2"] / "bilder"
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_image_without_alt_text_stops_the_build_at_file_and_line(tmp_path):
    text, line = _with_image("![](bilder/kamera.jpg)")
    code, output, _ = build_site(tmp_path, data_overrides={
        DOC: text, "content/wissen/dokumentation/bilder/kamera.jpg": camera_jpeg((1600, 1200), orientation=1)},
        env=NO_SEARCH)
    assert code != 0
    assert f"{DOC}:{line} – Das Bild bilder/kamera.jpg hat keinen Alternativtext" in output, output
    assert "Traceback" not in output


def test_data_image_problems_are_reported_by_make_check(tmp_path):
    from engagiert.check import run
    from helpers import apply_overrides, copy_repo

    repo = copy_repo(tmp_path / "repo")
    members = (repo / "data/members.yaml").read_text(encoding="utf-8")
    members = members.replace(
        "    alt: Zeichnung eines Rathauses mit Turm, Satteldach und drei Fensterreihen vor blauem Himmel\n",
        '    alt: ""\n', 1)
    events = (repo / "data/events.yaml").read_text(encoding="utf-8")
    second = events.index("\n- id: ", events.index("\n- id: ") + 1) + 1
    third = events.index("\n- id: ", second) + 1
    # the GIF in another record: a schema error drops its record from the later checks
    events = events[:second] + ("  galerie:\n    - datei: veranstaltungen/klein.jpg\n"
                                "      alt: Ein zu kleines Foto vom Treffen\n") + events[second:third] \
        + ("  galerie:\n    - datei: veranstaltungen/bild.gif\n      alt: Ein Bild im GIF-Format\n") + events[third:]
    gif = io.BytesIO()
    Image.new("RGB", (900, 600)).save(gif, "GIF")
    apply_overrides(repo, {"data/members.yaml": members, "data/events.yaml": events,
                           "content/veranstaltungen/klein.jpg": gallery_photo(5, (600, 450)),
                           "content/veranstaltungen/bild.gif": gif.getvalue()})
    status, report = run(repo)
    assert status == 1
    lines = report.splitlines()
    alt = [l for l in lines if 'Feld "bild.alt"' in l]
    assert alt and alt[0].strip().startswith("data/members.yaml:") and "Alternativtext" in alt[0]
    small = [l for l in lines if 'Feld "galerie[1].datei"' in l]
    assert small and "600 Pixel breit" in small[0] and "mindestens 800" in small[0]
    gif_line = [l for l in lines if "bild.gif" in l]
    assert gif_line and 'Feld "galerie[1].datei"' in gif_line[0] and ".webp" in gif_line[0], report   # .gif: the schema allows only JPEG, PNG, WebP


# --------------------------------------------------------------------------- the real site

def test_member_photo_and_example_gallery(site_dir):
    member = _page(site_dir, "mitglieder/stadt-koeln")
    figure = re.search(r'<figure class="mb-image">.*?</figure>', member, re.S).group(0)
    assert "<picture>" in figure and 'loading="lazy"' not in figure and "Foto: Beispielbild" in figure
    # the JSON-LD names a published file (the source photo is not published)
    import json
    ld = json.loads(unescape(re.search(r'<script type="application/ld\+json">(.*?)</script>', member, re.S).group(1)))
    image = ld["image"]
    assert image.startswith("https://www.engagiert-in-nrw.de/bilder/stadt-koeln-rathaus-")
    assert (site_dir / image.split("/", 3)[3]).is_file()
    doc = _page(site_dir, EXAMPLE_DOC_URL)
    gallery = re.search(r'<section class="bild-galerie".*?</section>', doc, re.S).group(0)
    # every thumbnail links to the large file, which exists: the gallery works without JavaScript
    links = re.findall(r'<a class="bild-galerie__link" href="([^"]+)"', gallery)
    assert len(links) == 3
    for href in links:
        target = (site_dir / EXAMPLE_DOC_URL / href).resolve()
        assert target.is_file() and target.name.endswith("-1600.jpg"), href
    # the image in the text comes first and loads at once; all gallery thumbnails are lazy
    assert gallery.count('loading="lazy"') == 3
    first_img = re.search(r"<img [^>]*>", doc.split('<div class="md-content"', 1)[1]).group(0)
    assert 'loading="lazy"' not in first_img


@pytest.mark.browser
def test_gallery_viewer_with_the_keyboard(page, http_base, request_log):
    goto(page, http_base, EXAMPLE_DOC_URL)
    links = page.locator("[data-galerie-link]")
    assert links.count() == 3
    links.nth(0).focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.bild-viewer")
    dialog.wait_for(state="visible")
    assert dialog.evaluate("d => d.open")
    assert dialog.locator("h2").inner_text() == "Bild 1 von 3"
    assert page.evaluate("document.activeElement.textContent") == "Schließen"
    assert "Begrüßung im Plenum" in dialog.locator(".bild-viewer__text").inner_text()
    page.wait_for_function("() => { const i = document.querySelector('dialog.bild-viewer img');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    assert ".webp" in dialog.locator("img").evaluate("i => i.currentSrc")
    violations = run_axe(page, context="dialog.bild-viewer")
    assert not violations, format_violations(violations)
    page.keyboard.press("ArrowRight")
    assert dialog.locator("h2").inner_text() == "Bild 2 von 3"
    assert "Arbeitsgruppen" in dialog.locator(".bild-viewer__text").inner_text()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert dialog.locator("h2").inner_text() == "Bild 3 von 3"   # wraps around
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.bild-viewer').open")
    # the focus is back on the thumbnail of the photo shown last: the dialog's "close" event,
    # which moves it, is a task queued after the dialog closed, so the check waits for it
    last = links.nth(2).get_attribute("href")
    page.wait_for_function("href => document.activeElement && document.activeElement.getAttribute('href') === href",
                           arg=last, timeout=5000)
    assert page.evaluate("document.activeElement.getAttribute('href')") == last
    # the buttons work too
    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    dialog.get_by_role("button", name="Nächstes Bild").click()
    assert dialog.locator("h2").inner_text() == "Bild 1 von 3"
    dialog.get_by_role("button", name="Schließen").click()
    assert not dialog.evaluate("d => d.open")
    assert not request_log.page_errors and not request_log.failed and not request_log.blocked


@pytest.mark.browser
def test_gallery_page_is_accessible(page, http_base):
    goto(page, http_base, EXAMPLE_DOC_URL)
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.browser
def test_twelve_photo_gallery_stays_under_500_kb_at_390_px(tmp_path, browser):
    """A documentation page with 12 photos, loaded at 390 px: everything transferred before
    any interaction (HTML, CSS, scripts, images) stays under 500 KB."""
    text = (ROOT / DOC).read_text(encoding="utf-8")
    gallery = "galerie:\n" + "".join(
        f"  - datei: wissen/dokumentation/bilder/foto-{i:02d}.jpg\n"
        f"    alt: Foto {i} vom Netzwerktreffen mit Teilnehmenden\n"
        f"    unterschrift: Eindrücke vom Treffen, Bild {i}\n    foto: Beispielbild\n" for i in range(1, 13))
    text = text.replace("\n---\n", "\n" + gallery + "---\n", 1)
    overrides = {DOC: text}
    for i in range(1, 13):
        overrides[f"content/wissen/dokumentation/bilder/foto-{i:02d}.jpg"] = gallery_photo(i, (2400, 1800))
    code, output, site = build_site(tmp_path, data_overrides=overrides, env=NO_SEARCH)
    assert code == 0, output
    assert _page(site, DOC_URL).count('data-galerie-link') == 12
    server, base = serve(site)
    try:
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                      locale="de-DE", service_workers="block")
        pg = context.new_page()
        pg.goto(base + DOC_URL, wait_until="load")
        pg.wait_for_load_state("networkidle")
        pg.wait_for_timeout(500)
        entries = pg.evaluate("""() => [
            ...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')
        ].map(e => [e.name, e.transferSize || e.encodedBodySize])""")
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    total = sum(size for _, size in entries)
    images = [(name.rsplit("/", 1)[-1], size) for name, size in entries if "/bilder/" in name]
    assert images, entries
    assert all(name.endswith(".webp") for name, _ in images), images
    assert total < 500 * 1024, f"{total / 1024:.0f} KB transferred: {sorted(entries, key=lambda e: -e[1])[:15]}"
