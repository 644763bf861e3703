"""Site content on the built site: German, legal pages in every footer, contact links,
the member count from the data, marked placeholders, a German 404 page.

Uses the session-wide ``site_dir`` fixture (tests/conftest.py): the real site built once
with ``mkdocs build --strict``.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from helpers import ROOT, html_files, url_path

LEGAL_PAGES = {
    "Impressum": "impressum/",
    "Datenschutz": "datenschutz/",
    "Barrierefreiheit": "barrierefreiheit/",
    "Leichte Sprache": "leichte-sprache/",
    "Kontakt": "kontakt/",
}

CONTENT_PAGES = [
    "index.html",
    "netzwerk/index.html",
    "angebote/index.html",
    "angebote/netzwerktreffen/index.html",
    "angebote/workshops/index.html",
    "angebote/informationen-und-kurzformate/index.html",
    "angebote/wissensmanagement/index.html",
    "angebote/spitzentreffen/index.html",
    "mitmachen/index.html",
    "kontakt/index.html",
    "impressum/index.html",
    "datenschutz/index.html",
    "barrierefreiheit/index.html",
    "leichte-sprache/index.html",
]

BASE = "https://example.invalid/"


class _Page(html.parser.HTMLParser):
    """Collects what these tests look at, with nesting where it matters."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title = ""
        self.links: list[str] = []
        self.legal_links: list[tuple[str, str]] = []   # (href, text) inside <nav aria-label=Rechtliches>
        self.legal_navs = 0
        self.h1: list[str] = []
        self.text: list[str] = []                       # visible text (no script/style)
        self.article: list[str] = []                    # text of the main <article>
        self.placeholders: list[str] = []               # text inside class="platzhalter"
        self.classes_seen: set[str] = set()
        self.stylesheets: list[str] = []
        self._stack: list[tuple[str, dict]] = []
        self._in_title = False
        self._in_h1 = False
        self._link: list | None = None
        self._legal_depth: int | None = None
        self._placeholder_depth: int | None = None
        self._skip = 0
        self._article_depth: int | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "link" and "stylesheet" in a.get("rel", ""):
            self.stylesheets.append(a.get("href", ""))
        if tag in ("meta", "link", "img", "br", "input", "hr", "source"):
            return
        self._stack.append((tag, a))
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "article" and self._article_depth is None:
            self._article_depth = len(self._stack)
        self.classes_seen.update(a.get("class", "").split())
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        if tag == "nav" and a.get("aria-label") == "Rechtliches":
            self.legal_navs += 1
            self._legal_depth = len(self._stack)
        if "platzhalter" in a.get("class", "").split() and self._placeholder_depth is None:
            self._placeholder_depth = len(self._stack)
            self.placeholders.append("")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            self._link = [a["href"], ""]

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _ = self._stack.pop()
            depth = len(self._stack) + 1
            if open_tag in ("script", "style"):
                self._skip -= 1
            if self._article_depth == depth:
                self._article_depth = None
            if self._legal_depth == depth:
                self._legal_depth = None
            if self._placeholder_depth == depth:
                self._placeholder_depth = None
            if open_tag == "a" and self._link is not None:
                if self._legal_depth is not None:
                    self.legal_links.append((self._link[0], self._link[1].strip()))
                self._link = None
            if open_tag == tag:
                break
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._article_depth is not None:
            self.article.append(data)
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.h1[-1] += data
        if self._link is not None:
            self._link[1] += data
        if self._placeholder_depth is not None:
            self.placeholders[-1] += data


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def resolve(site_dir: Path, html_file: Path, href: str) -> str:
    """Site-relative path ("impressum/") an href on ``html_file`` points to."""
    here = urljoin(BASE, url_path(site_dir, html_file))
    if html_file.name == "404.html":
        # Served for any unknown path, so its links must work from the site root.
        here = BASE
    target = urlsplit(urljoin(here, href))
    if target.netloc != urlsplit(BASE).netloc:
        return href
    return unquote(target.path)[len(urlsplit(BASE).path):]


def member_count() -> int:
    path = ROOT / "data" / "members.yaml"
    if not path.is_file():
        return 0
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):  # tolerate a wrapper key
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return len(data)


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[Path, _Page]:
    return {f: parse(f) for f in html_files(site_dir)}


# --------------------------------------------------------------------------- pages exist

@pytest.mark.parametrize("rel", CONTENT_PAGES)
def test_content_page_is_built_in_german(site_dir, rel):
    path = site_dir / rel
    assert path.is_file(), f"{rel} was not built"
    page = parse(path)
    assert page.lang == "de"
    assert page.h1 and page.h1[0].strip(), f"{rel} has no <h1>"
    body = " ".join(page.text)
    assert "TODO" not in body, f"{rel} still says TODO"


def test_every_page_is_german(pages):
    wrong = [str(p) for p, page in pages.items() if page.lang != "de"]
    assert pages and not wrong, wrong[:10]


# --------------------------------------------------------------------------- footer

def test_legal_links_in_the_footer_of_every_page(site_dir, pages):
    missing = []
    for path, page in pages.items():
        if page.legal_navs != 1:
            missing.append(f"{url_path(site_dir, path)}: {page.legal_navs} legal navs")
            continue
        targets = {text: resolve(site_dir, path, href) for href, text in page.legal_links}
        for text, target in LEGAL_PAGES.items():
            if targets.get(text) != target:
                missing.append(f"{url_path(site_dir, path)}: {text} -> {targets.get(text)!r}")
    assert not missing, "\n".join(missing[:20])


@pytest.mark.parametrize("target", sorted(LEGAL_PAGES.values()))
def test_legal_link_targets_exist(site_dir, target):
    assert (site_dir / target / "index.html").is_file()


def test_footer_has_no_material_credit_and_no_source_widget(pages):
    for path, page in pages.items():
        assert "md-source" not in page.classes_seen, f"{path}: Material's repository widget"
        assert not any("squidfunk.github.io" in link for link in page.links), path


# --------------------------------------------------------------------------- legal texts

def _text(site_dir, rel) -> str:
    return re.sub(r"\s+", " ", " ".join(parse(site_dir / rel).article))


def test_impressum_names_its_legal_bases(site_dir):
    text = _text(site_dir, "impressum/index.html")
    assert "§ 5" in text and "DDG" in text
    assert "§ 18 Abs. 2" in text and "MStV" in text


def test_datenschutz_covers_article_13(site_dir):
    text = _text(site_dir, "datenschutz/index.html")
    for phrase in ("Artikel 13", "Art. 6 Abs. 1 Buchst. e DSGVO", "DSG NRW", "Server-Logdateien",
                   "GitHub Pages", "keine Cookies", "Art. 15", "Art. 21",
                   "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",
                   "Kavalleriestraße 2–4", "40213 Düsseldorf"):
        assert phrase in text, f"Datenschutzerklärung lacks {phrase!r}"


def test_barrierefreiheit_statement_is_complete(site_dir):
    text = _text(site_dir, "barrierefreiheit/index.html")
    for phrase in ("§ 10b", "BITVNRW", "WCAG 2.1", "teilweise vereinbar", "Nicht barrierefreie Inhalte",
                   "Selbstbewertung", "Ombudsstelle für barrierefreie Informationstechnik",
                   "E-Mail"):
        assert phrase in text, f"Erklärung zur Barrierefreiheit lacks {phrase!r}"


def test_leichte_sprache_uses_short_sentences(site_dir):
    page = parse(site_dir / "leichte-sprache/index.html")
    text = re.sub(r"\s+", " ", " ".join(page.article))
    start = text.index("Hier erklären wir")
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text[start:]) if s.strip()]
    long = [s for s in sentences if len(s.split()) > 15]
    assert len(sentences) > 30
    assert not long, long
    assert "barrierefreiheit/" in " ".join(page.links)


# --------------------------------------------------------------------------- contact

def test_contact_page_has_working_mail_and_phone_links(site_dir):
    page = parse(site_dir / "kontakt/index.html")
    mail = {h for h in page.links if h.startswith("mailto:")}
    tel = {h for h in page.links if h.startswith("tel:")}
    assert mail == {"mailto:mareike.einfeld@stk.nrw.de", "mailto:m.hornbostel@isi-innovation.de"}
    assert tel == {"tel:+492118371632", "tel:+4921115936182"}


def test_every_tel_link_is_e164(pages):
    bad = [(str(p), h) for p, page in pages.items() for h in page.links
           if h.startswith("tel:") and not re.fullmatch(r"tel:\+[1-9]\d{6,14}", h)]
    assert not bad, bad[:10]


# --------------------------------------------------------------------------- placeholders

def test_placeholders_are_marked_for_editors(pages):
    unmarked = []
    marked = 0
    for path, page in pages.items():
        in_text = " ".join(page.text).count("[Platzhalter")
        in_marks = sum(p.count("[Platzhalter") for p in page.placeholders)
        marked += in_marks
        if in_text != in_marks:
            unmarked.append(f"{path}: {in_text - in_marks} unmarked placeholder(s)")
    assert not unmarked, unmarked
    assert marked > 0, "the legal pages are expected to carry marked placeholders"


# --------------------------------------------------------------------------- data-driven counts

def test_home_page_states_the_member_count_from_the_data(site_dir):
    text = _text(site_dir, "index.html")
    count = member_count()
    if count == 0:
        assert "mehr als 90 Mitglieder" in text
    else:
        expected = f"{count} Mitglied" if count == 1 else f"{count} Mitglieder"
        assert expected in text, f"home page does not say {expected!r}"
        assert "mehr als 90" not in text


def test_about_page_has_a_facts_box_with_the_member_count(site_dir):
    page = parse(site_dir / "netzwerk/index.html")
    assert "facts" in page.classes_seen
    text = re.sub(r"\s+", " ", " ".join(page.text))
    count = member_count()
    assert re.search(r"Mitglieder (\d+|mehr als 90)", text)
    assert (f"Mitglieder {count}" if count else "Mitglieder mehr als 90") in text
    assert "Andrea Milz" in text and "2. Februar 2021" in text


def test_home_page_links_to_the_main_sections(site_dir):
    page = parse(site_dir / "index.html")
    targets = {resolve(site_dir, site_dir / "index.html", h) for h in page.links}
    for section in ("angebote/", "mitglieder/", "veranstaltungen/", "mitmachen/", "wissen/"):
        assert section in targets, f"home page does not link to {section}"


# --------------------------------------------------------------------------- 404

def test_404_page_is_german_and_helps(site_dir):
    path = site_dir / "404.html"
    page = parse(path)
    assert page.lang == "de"
    assert "Seite nicht gefunden" in page.title
    assert page.h1 == ["Diese Seite gibt es leider nicht"]
    text = " ".join(page.text)
    assert "Not found" not in text and "404 - Not found" not in text
    assert "Suche" in text
    targets = {resolve(site_dir, path, h) for h in page.links}
    for target in ("", "mitglieder/", "veranstaltungen/", "kontakt/"):
        assert target in targets, f"404 page does not link to /{target}"
    for href in page.links:
        if href.startswith(("http", "mailto:", "tel:", "#")):
            continue
        assert href.startswith("/"), f"404 link {href!r} breaks below the site root"


# --------------------------------------------------------------------------- fonts

def test_no_google_fonts_and_system_font_stack(site_dir, pages):
    for path, page in pages.items():
        assert not any("fonts.g" in h for h in page.stylesheets + page.links), path
    css = (site_dir / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "--md-text-font-family: system-ui" in css
    assert "@import" not in css and "url(http" not in css
