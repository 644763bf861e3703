"""Synthetic but realistic German data for benchmarks and scale tests.

One place for generated data: members come from ``tests/members_factory.py`` (the member
pages' own factory), events and knowledge-base articles are generated here, and
``make_project`` puts them into a copy of the project next to the real example data:

    from benchmarks.synthetic import SIZES, make_project
    make_project(Path("/tmp/x"), SIZES["M"])   # 1,000 members, 2,000 events, 1,000 articles

Everything is deterministic for a seed, valid against the project's schemas and cross-checks
(references resolve: hosts and members are member ids, documentation pages name their event
and the event names its page back), and never touches the real data. Generated ids start
with ``gen-``. Addresses use example.org (RFC 2606).

Articles have about 370 words of German text with compounds (``Ehrenamtskarte``,
``Quartiersbeirat`` …), headings and lists; ``plain_material_project`` writes a stock
Material site with the same number of pages of that length, the baseline of the benchmark.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterable

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

import members_factory  # noqa: E402  (tests/members_factory.py: the member generator)

# What a build of the project needs (the rest of the repository is not copied).
PROJECT_INPUTS = ("mkdocs.yml", "collections.yml", "content", "data", "hooks", "engagiert", "overrides", "schemas")

try:  # libyaml when available: 11,000 members and 20,000 events dump in seconds
    _Dumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Dumper = yaml.SafeDumper


@dataclass(frozen=True)
class Size:
    name: str
    members: int
    events: int
    articles: int
    posts: int = 0     # news posts below content/aktuelles/ (issue #14)


SIZES = {
    "S": Size("S", 100, 200, 300, 100),          # today's network with ten years of archive
    "M": Size("M", 1_000, 2_000, 1_000, 1_000),
    "L": Size("L", 11_000, 20_000, 5_000, 5_000),  # every German municipality
}

# --------------------------------------------------------------------------- German text

# Compound parts: a modifier (with its linking element) + a head noun of known gender.
MODIFIERS = [
    "Engagement", "Ehrenamts", "Bürger", "Vereins", "Quartiers", "Jugend", "Senioren", "Nachbarschafts",
    "Freiwilligen", "Stadtteil", "Sport", "Kultur", "Integrations", "Umwelt", "Feuerwehr", "Klima",
    "Familien", "Kinder", "Dorf", "Kirchen", "Verwaltungs", "Landes", "Kreis", "Gemeinde", "Bildungs",
    "Demokratie", "Heimat", "Katastrophenschutz", "Flüchtlings", "Patenschafts", "Gesundheits", "Musik",
    "Tafel", "Hospiz", "Schul", "Frauen", "Migranten", "Inklusions", "Digital", "Stiftungs",
]
HEADS = {  # head -> gender (f/m/n)
    "förderung": "f", "karte": "f", "agentur": "f", "büro": "n", "netzwerk": "n", "strategie": "f",
    "beirat": "m", "börse": "f", "preis": "m", "fonds": "m", "koordination": "f", "beteiligung": "f",
    "bündnis": "n", "projekt": "n", "arbeit": "f", "initiative": "f", "zentrum": "n", "konzept": "n",
    "tag": "m", "akademie": "f", "beratung": "f", "kultur": "f", "landschaft": "f", "struktur": "f",
    "politik": "f", "bericht": "m", "plattform": "f", "werkstatt": "f", "qualifizierung": "f",
    "verein": "m", "stelle": "f", "programm": "n", "kampagne": "f", "befragung": "f", "lotse": "m",
    "versicherung": "f", "nachweis": "m", "empfang": "m", "forum": "n", "handbuch": "n",
}
_ART = {  # case -> gender -> article
    "nom": {"f": "die", "m": "der", "n": "das"},
    "acc": {"f": "die", "m": "den", "n": "das"},
    "dat": {"f": "der", "m": "dem", "n": "dem"},
    "gen": {"f": "der", "m": "des", "n": "des"},
    "nom_i": {"f": "eine", "m": "ein", "n": "ein"},
    "acc_i": {"f": "eine", "m": "einen", "n": "ein"},
}
ACTORS = ["Vereine", "Initiativen", "Wohlfahrtsverbände", "Kirchengemeinden", "Schulen", "Unternehmen",
          "Stiftungen", "Sportvereine", "Feuerwehren", "Seniorenbeiräte", "Jugendverbände", "Bürgerstiftungen",
          "Migrantenorganisationen", "Freiwilligenagenturen", "Nachbarschaftsinitiativen", "Quartiersbüros"]
ROLES = ["Engagementbeauftragte", "Ehrenamtskoordinatorin", "Fachbereichsleitung", "Bürgermeisterin",
         "Quartiersmanager", "Sozialdezernentin", "Vereinsvorsitzende", "Freiwilligenkoordinator"]
SECTIONS = ["Ausgangslage", "Ziele", "Vorgehen", "Beteiligte", "Ergebnisse", "Erfahrungen", "Stolpersteine",
            "Finanzierung", "Wirkung", "Ausblick", "Tipps für die Praxis", "Zeitplan"]
_SENTENCES = [
    "{C1.nom} in {ort} ist seit {jahr} ein fester Bestandteil der kommunalen Engagementförderung.",
    "Gemeinsam mit {akteur1} und {akteur2} hat die Verwaltung {C1.acc_i} aufgebaut, die Engagierte berät und begleitet.",
    "Im Mittelpunkt stand die Frage, wie sich {C1.nom} dauerhaft mit {C2.dat} verbinden lässt.",
    "Rund {zahl} Engagierte haben sich an {C1.dat} beteiligt, deutlich mehr als im Vorjahr.",
    "Die {rolle} aus {ort} berichtete, dass {C1.nom} vor allem kleinen Vereinen ohne hauptamtliches Personal hilft.",
    "Entscheidend war, dass {akteur1} früh in die Planung {C1.gen} eingebunden wurden.",
    "Für {C1.acc} stellt die Kommune jährlich {zahl}.000 Euro aus dem Haushalt bereit.",
    "Viele Teilnehmende wünschten sich mehr Austausch über {C1.acc} und {C2.acc}.",
    "Die Erfahrungen zeigen: Ohne verlässliche Ansprechpersonen in der Verwaltung bleibt {C1.nom} ein Einzelprojekt.",
    "{C1.nom} wird inzwischen auch in {ort2} erprobt, dort mit dem Schwerpunkt {thema}.",
    "Ein Arbeitskreis – {akteur1}, {akteur2} und Verwaltung – begleitet {C1.acc} und wertet die Ergebnisse aus.",
    "Wer sich engagiert, erhält über {C1.acc} Zugang zu Fortbildungen, Versicherungsschutz und Beratung.",
    "Besonders bewährt hat sich die enge Zusammenarbeit mit {C1.dat} des Kreises.",
    "Die Auswertung nach {zahl} Monaten fiel positiv aus, auch wenn die Gewinnung neuer Engagierter Zeit braucht.",
    "Für die Öffentlichkeitsarbeit nutzt die Stadt Plakate, Lokalzeitung, Gemeindebrief und soziale Medien.",
    "Die Verwaltungsspitze unterstützt {C1.acc} sichtbar und lädt einmal im Jahr zum Austausch über {C2.acc} ein.",
    "{akteur1} bringen ihre Erfahrungen ein, die Kommune sorgt für Räume, Geld und eine klare Zuständigkeit.",
    "Im Workshop wurden Ideen gesammelt, wie {C1.nom} barrierefrei und mehrsprachig werden kann.",
    "Das Thema {thema} spielt dabei eine wichtige Rolle, weil es viele Fachbereiche der Verwaltung betrifft.",
    "Die Koordinierungsstelle vermittelt Freiwillige an {akteur1}, {akteur2} und Einrichtungen im Quartier.",
    "Ein jährlicher Bericht macht sichtbar, was {C1.nom} bewirkt und wo nachgesteuert werden muss.",
    "Nach der Pandemie und der Flutkatastrophe hat sich gezeigt, wie wichtig {C1.nom} für spontanes Engagement ist.",
    "Künftig sollen auch jüngere Menschen über digitale Angebote und {C1.acc} erreicht werden.",
    "Die Teilnehmenden aus {ort} und {ort2} vereinbarten, sich im Netzwerk regelmäßig auszutauschen.",
    "Eine Checkliste hilft anderen Kommunen, {C1.acc_i} mit überschaubarem Aufwand einzuführen.",
    "Die Landesförderung deckte die Anlaufkosten; inzwischen trägt die Kommune {C1.acc} aus eigenen Mitteln.",
]
_LIST_ITEMS = [
    "eine feste Ansprechperson in der Verwaltung", "klare Absprachen mit {akteur1}",
    "ein eigenes Budget für {C1.acc}", "regelmäßige Treffen im Quartier", "Fortbildungen für Engagierte",
    "eine gut auffindbare Internetseite", "Dank und Anerkennung, etwa beim Empfang im Rathaus",
    "Versicherungsschutz für alle Freiwilligen", "ein jährlicher Bericht an den Rat",
    "Kooperation mit {C1.dat}", "mehrsprachige Informationen",
]
_FIELD = re.compile(r"\{(\w+)(?:\.(\w+))?\}")


class Compound:
    def __init__(self, modifier: str, head: str):
        self.word = modifier + head
        self.gender = HEADS[head]

    def form(self, case: str | None) -> str:
        return self.word if case is None else f"{_ART[case][self.gender]} {self.word}"


class GermanText:
    """Sentences, paragraphs and articles of plausible German about civic engagement."""

    def __init__(self, rng: random.Random, places: list[str], topics: list[str]):
        self.rng = rng
        self.places = places or ["Musterstadt"]
        self.topics = topics or ["Engagementförderung"]

    def compound(self) -> Compound:
        return Compound(self.rng.choice(MODIFIERS), self.rng.choice(list(HEADS)))

    def _fill(self, template: str) -> str:
        rng = self.rng
        values: dict[str, object] = {
            "C1": self.compound(), "C2": self.compound(),
            "ort": rng.choice(self.places), "ort2": rng.choice(self.places),
            "akteur1": rng.choice(ACTORS), "akteur2": rng.choice(ACTORS),
            "rolle": rng.choice(ROLES), "thema": rng.choice(self.topics),
            "jahr": str(rng.randint(2012, 2025)), "zahl": str(rng.randint(3, 120)),
        }

        def sub(m: re.Match) -> str:
            value = values[m.group(1)]
            return value.form(m.group(2)) if isinstance(value, Compound) else str(value)

        text = _FIELD.sub(sub, template)
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self._fill(self.rng.choice(_SENTENCES))

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def summary(self) -> str:
        return self.sentence()

    def body(self, words: int = 370) -> str:
        """Markdown of about ``words`` words: sections with headings, paragraphs and a list."""
        parts: list[str] = []
        count = 0
        sections = self.rng.sample(SECTIONS, len(SECTIONS))
        while count < words:
            heading = sections[len(parts) % len(sections)]
            paragraph = self.paragraph(self.rng.randint(3, 5))
            block = f"## {heading}\n\n{paragraph}"
            if self.rng.random() < 0.3:
                items = self.rng.sample(_LIST_ITEMS, 3)
                block += "\n\n" + "\n".join("- " + self._fill(i) for i in items)
            parts.append(block)
            count += len(block.split())
        return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- helpers

def _slug(text: str) -> str:
    return members_factory._slug(text)


def _load_ids(text: str) -> list[dict]:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []


def _topic_ids_and_names(root: Path) -> tuple[list[str], list[str]]:
    topics = _load_ids((root / "data/topics.yaml").read_text(encoding="utf-8"))
    return [t["id"] for t in topics], [t["name"] for t in topics]


def _place_of(member: dict) -> str:
    name = member["name"]
    for prefix in ("Stadt ", "Gemeinde ", "Kreis ", "Bezirksregierung "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _stamp(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


def _dump(entries: list[dict]) -> str:
    return yaml.dump(entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


# --------------------------------------------------------------------------- events

EVENT_KINDS = [("workshop", 35), ("kurzformat", 30), ("netzwerktreffen", 15), ("sonstiges", 17), ("spitzentreffen", 3)]
FIRST_DAY = date(2016, 1, 1)    # ten years of archive …
LAST_DAY = date(2028, 12, 31)   # … and two years ahead of the pinned test date (2026-10-01)


def generate_events(count: int, members: list[dict], topic_ids: list[str], text: GermanText,
                    rng: random.Random) -> list[dict]:
    """``count`` event entries (German keys of data/events.yaml), hosted by ``members``."""
    kinds = [k for k, w in EVENT_KINDS for _ in range(w)]
    span = (LAST_DAY - FIRST_DAY).days
    events = []
    for i in range(count):
        kind = rng.choice(kinds)
        day = FIRST_DAY + timedelta(days=rng.randint(0, span))
        host = rng.choice(members) if members and rng.random() < 0.7 else None
        place = _place_of(host) if host else rng.choice(text.places)
        c = text.compound().word
        title = {
            "workshop": f"Workshop: {c} in der Praxis",
            "kurzformat": f"Digitales Kurzformat: {c}",
            "netzwerktreffen": f"Netzwerktreffen in {place}",
            "sonstiges": f"Fachtag {c}",
            "spitzentreffen": f"Kommunales Spitzentreffen {day.year}",
        }[kind]
        roll = rng.random()
        if roll < 0.04:      # whole day (sometimes several)
            start: date | datetime = day
            end: date | datetime = day + timedelta(days=rng.choice((0, 0, 1, 2)))
        else:
            hour = rng.randint(9, 17)
            start = datetime(day.year, day.month, day.day, hour, rng.choice((0, 30)))
            minutes = 90 if kind == "kurzformat" else 60 * rng.randint(2, 6)
            end = start + timedelta(minutes=minutes)
            if end.day != start.day:
                end = start.replace(hour=20, minute=0)
        entry: dict = {"id": f"gen-{kind}-{day.year}-{i:05d}", "titel": title, "art": kind,
                       "beginn": _stamp(start), "ende": _stamp(end)}
        online = kind == "kurzformat" or rng.random() < 0.1
        if not online or rng.random() < 0.2:
            entry["ort"] = {"name": f"Rathaus {place}",
                            "adresse": {"strasse": f"Marktplatz {rng.randint(1, 40)}",
                                        "plz": f"{rng.randint(32000, 59999)}", "ort": place}}
        status = rng.choices(["geplant", "abgesagt", "verschoben", "online-verlegt"], [90, 4, 3, 3])[0]
        if online or status == "online-verlegt":
            entry["online"] = {"plattform": rng.choice(["Webex", "BigBlueButton", "Zoom"]),
                               "link": f"https://meet.example.org/{entry['id']}"}
        entry["status"] = status
        if rng.random() < 0.1:
            entry["nur_mitglieder"] = True
        if host:
            entry["gastgeber"] = host["id"]
        entry["themen"] = rng.sample(topic_ids, min(len(topic_ids), rng.randint(1, 3)))
        if rng.random() < 0.6:
            entry["anmeldung"] = {"link": f"https://www.example.org/anmeldung/{entry['id']}",
                                  "frist": (day - timedelta(days=rng.randint(0, 14))).isoformat()}
        entry["beschreibung"] = text.paragraph(rng.randint(2, 4)) + "\n"
        updated = datetime(day.year, day.month, day.day, 9, 30) - timedelta(days=rng.randint(1, 90))
        entry["aktualisiert"] = _stamp(updated)
        entry["version"] = rng.choice((0, 0, 0, 1, 2))
        events.append(entry)
    return events


# --------------------------------------------------------------------------- articles

ARTICLE_KINDS = [("dokumentation", "dokumentation", 30), ("praxisbeispiel", "praxisbeispiele", 30),
                 ("publikation", "publikationen", 15), ("leitfaden", "leitfaeden", 13), ("methode", "methoden", 12)]
TODAY = date(2026, 10, 1)  # the date the tests and the benchmark pin (SOURCE_DATE_EPOCH)


@dataclass(frozen=True)
class Article:
    path: str          # below content/, e.g. "wissen/praxisbeispiele/gen-00012-….md"
    text: str          # Markdown with front matter


def _front_matter(meta: dict) -> str:
    return "---\n" + yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100) + "---\n"


def generate_articles(count: int, events: list[dict], members: list[dict], topic_ids: list[str],
                      text: GermanText, rng: random.Random, downloads: list[str] = ()) -> list[Article]:
    """``count`` knowledge-base pages; documentation pages name a past event of ``events``
    and that event's ``dokumentation`` is set to the page (the two always agree)."""
    kinds = [(k, d) for k, d, w in ARTICLE_KINDS for _ in range(w)]
    past = [e for e in events if e["beginn"][:10] < TODAY.isoformat() and e.get("status") != "abgesagt"
            and "dokumentation" not in e]
    rng.shuffle(past)
    articles = []
    for i in range(count):
        kind, folder = rng.choice(kinds)
        event = past.pop() if kind == "dokumentation" and past else None
        if kind == "dokumentation" and event is None:
            kind, folder = "praxisbeispiel", "praxisbeispiele"
        c = text.compound()
        place = rng.choice(text.places)
        if event is not None:
            title = f"Dokumentation: {event['titel']}"
            day = date.fromisoformat(event["beginn"][:10]) + timedelta(days=rng.randint(0, 14))
            day = min(day, TODAY - timedelta(days=1))
        else:
            title = {
                "praxisbeispiel": f"{c.word} in {place}",
                "publikation": f"{c.word}: Bericht {rng.randint(2014, 2026)}",
                "leitfaden": f"Leitfaden: {c.word} aufbauen",
                "methode": f"Methode: {c.word} gemeinsam planen",
            }[kind]
            day = date(2014, 1, 1) + timedelta(days=rng.randint(0, (TODAY - date(2014, 1, 1)).days - 1))
        meta: dict = {"title": title, "format": kind,
                      "themen": rng.sample(topic_ids, min(len(topic_ids), rng.randint(1, 3))),
                      "datum": day.isoformat()}
        named = []
        if event is not None and event.get("gastgeber"):
            named.append(event["gastgeber"])
        if members and rng.random() < 0.4:
            named.extend(m["id"] for m in rng.sample(members, min(len(members), rng.randint(1, 2))))
        if named:
            meta["mitglieder"] = list(dict.fromkeys(named))
        if event is not None:
            meta["veranstaltung"] = event["id"]
        meta["zusammenfassung"] = text.summary()
        if kind == "publikation" and downloads and rng.random() < 0.3:
            meta["downloads"] = [{"datei": rng.choice(downloads), "titel": f"{title} (PDF)"}]
        path = f"wissen/{folder}/gen-{i:05d}-{_slug(c.word)}.md"
        if event is not None:
            event["dokumentation"] = path
        body = f"# {title}\n\n{text.body(370)}"
        articles.append(Article(path, _front_matter(meta) + "\n" + body))
    return articles


# --------------------------------------------------------------------------- news posts

POST_KINDS = [("meldung", 50), ("informations-e-mail", 15), ("pressemitteilung", 15), ("rueckblick", 20)]
NEWS_START = date(2012, 12, 5)   # the first signing of the Gemeinsame Erklärung


def generate_posts(count: int, events: list[dict], members: list[dict], topic_ids: list[str],
                   text: GermanText, rng: random.Random, first_number: int = 1) -> list[Article]:
    """``count`` news posts (content/aktuelles/), dated from the network's start to the day
    before ``TODAY``; the Informations-E-Mails numbered in date order from ``first_number``."""
    kinds = [k for k, w in POST_KINDS for _ in range(w)]
    past = [e for e in events if e["beginn"][:10] < TODAY.isoformat()]
    span = (TODAY - NEWS_START).days
    drafts = []
    for i in range(count):
        day = NEWS_START + timedelta(days=rng.randint(0, span - 1))
        drafts.append((day, i, rng.choice(kinds)))
    drafts.sort()
    number = first_number
    posts = []
    for day, i, kind in drafts:
        c = text.compound()
        meta: dict = {}
        if kind == "informations-e-mail":
            meta["titel"] = f"Informations-E-Mail Nr. {number}: {c.word}"
        elif kind == "rueckblick":
            meta["titel"] = f"Rückblick: {c.word} in {rng.choice(text.places)}"
        else:
            meta["titel"] = f"{c.word} in {rng.choice(text.places)}"
        meta["datum"] = day.isoformat()
        meta["art"] = kind
        if kind == "informations-e-mail":
            meta["nummer"] = number
            number += 1
        meta["themen"] = rng.sample(topic_ids, min(len(topic_ids), rng.randint(1, 2)))
        if members and rng.random() < 0.3:
            meta["mitglieder"] = [m["id"] for m in rng.sample(members, min(len(members), rng.randint(1, 2)))]
        if past and rng.random() < 0.2:
            meta["veranstaltungen"] = [rng.choice(past)["id"]]
        meta["zusammenfassung"] = text.summary()
        path = f"aktuelles/{day.isoformat()}-gen-{i:05d}.md"
        posts.append(Article(path, _front_matter(meta) + "\n" + text.body(250)))
    return posts


def _max_newsletter_number(content: Path) -> int:
    numbers = [0]
    for path in (content / "aktuelles").glob("*.md"):
        m = re.search(r"^nummer: (\d+)$", path.read_text(encoding="utf-8"), re.M)
        if m:
            numbers.append(int(m.group(1)))
    return max(numbers)


# --------------------------------------------------------------------------- projects

def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """Copy what a build needs (``PROJECT_INPUTS``) from ``root`` to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_INPUTS:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore, dirs_exist_ok=True)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


@dataclass(frozen=True)
class Dataset:
    members: int       # records in total (the real example data included)
    events: int
    articles: int
    member_ids: tuple[str, ...]   # generated member ids, in file order
    posts: int = 0                # news posts in total (the real example posts included)


def write_dataset(repo: Path, size: Size, seed: int = 7) -> Dataset:
    """Fill ``repo`` (a copy of the project) up to ``size``: the real example data stays and
    generated records are added to data/members.yaml, data/events.yaml and content/wissen/."""
    rng = random.Random(seed)
    topic_ids, topic_names = _topic_ids_and_names(repo)

    members_path = repo / "data/members.yaml"
    real_members_text = members_path.read_text(encoding="utf-8")
    real_members = _load_ids(real_members_text)
    generated = members_factory.generate_members(max(0, size.members - len(real_members)), seed=seed,
                                                 topic_ids=topic_ids,
                                                 taken=frozenset(str(m["name"]) for m in real_members))
    members_path.write_text(real_members_text.rstrip("\n") + "\n\n# --- generated by benchmarks/synthetic.py ---\n"
                            + _dump(generated), encoding="utf-8")
    all_members = real_members + generated

    text = GermanText(rng, [_place_of(m) for m in all_members], topic_names)

    events_path = repo / "data/events.yaml"
    real_events_text = events_path.read_text(encoding="utf-8")
    real_events = _load_ids(real_events_text)
    events = generate_events(max(0, size.events - len(real_events)), all_members, topic_ids, text, rng)

    content = repo / "content"
    # the articles collection's own pages (collections.yml: source and exclude)
    spec = yaml.safe_load((repo / "collections.yml").read_text(encoding="utf-8"))["articles"]
    excluded = {repo / p for p in spec.get("exclude", ())}
    real_articles = [p for p in sorted(repo.glob(spec["source"])) if p not in excluded]
    downloads = sorted(p.relative_to(content).as_posix() for p in (content / "wissen/downloads").glob("*.pdf")) \
        if (content / "wissen/downloads").is_dir() else []
    articles = generate_articles(max(0, size.articles - len(real_articles)), events, all_members, topic_ids,
                                 text, rng, downloads)
    for article in articles:
        target = content / article.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article.text, encoding="utf-8")
    real_posts = [p for p in (content / "aktuelles").glob("*.md") if p.name != "index.md"] \
        if (content / "aktuelles").is_dir() else []
    posts = generate_posts(max(0, size.posts - len(real_posts)), events, all_members, topic_ids, text, rng,
                           first_number=_max_newsletter_number(content) + 1)
    for post in posts:
        target = content / post.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(post.text, encoding="utf-8")
    # events last: generating the articles set their "dokumentation"
    events_path.write_text(real_events_text.rstrip("\n") + "\n\n# --- generated by benchmarks/synthetic.py ---\n"
                           + _dump(events), encoding="utf-8")
    return Dataset(len(all_members), len(real_events) + len(events), len(real_articles) + len(articles),
                   tuple(m["id"] for m in generated), len(real_posts) + len(posts))


def make_project(dest: Path, size: Size, seed: int = 7, root: Path = ROOT) -> Dataset:
    """A copy of the project in ``dest`` with data of ``size``."""
    copy_project(dest, root)
    return write_dataset(dest, size, seed)


# --------------------------------------------------------------------------- plain Material site

PLAIN_CONFIG = """\
# A stock Material for MkDocs site: the baseline the benchmark compares the project with.
site_name: Vergleichsseite
site_url: https://www.example.org/
docs_dir: docs
theme:
  name: material
  language: de
plugins:
  - search
not_in_nav: |
  /seiten/
"""


def _nav_like(nav: list, pages: list[str]) -> list:
    """A navigation with the shape of ``nav`` (titles kept) whose entries are ``pages``."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), = item.items()
            out.append({title: _nav_like(value, pages) if isinstance(value, list) else pages.pop(0)})
        else:
            out.append(pages.pop(0))
    return out


def project_nav(root: Path = ROOT) -> list:
    """The ``nav`` of the project's mkdocs.yml."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    return config.get("nav") or []


def plain_material_project(dest: Path, pages: int, seed: int = 11, words: int = 370,
                           nav: list | None = None) -> Path:
    """A stock Material site with ``pages`` Markdown pages in all (index included) of about
    ``words`` words each, no hooks, the stock search plugin. The navigation has the shape of
    ``nav`` (by default the project's: as many entries, the same sections); every other page is
    not in the navigation, like the project's generated pages."""
    rng = random.Random(seed)
    text = GermanText(rng, [f"{s}{x}" for s in members_factory._STEMS for x in members_factory._SUFFIXES],
                      ["Engagementförderung", "Digitalisierung", "Netzwerkmanagement", "Anerkennungskultur"])
    docs = dest / "docs"
    (docs / "seiten").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Vergleichsseite\n\n" + text.body(words), encoding="utf-8")
    names = []
    for i in range(max(0, pages - 1)):
        c = text.compound().word
        name = f"seiten/{i:05d}-{_slug(c)}.md"
        (docs / name).write_text(f"# {c}\n\n" + text.body(words), encoding="utf-8")
        names.append(name)
    shape = project_nav() if nav is None else nav
    leaves = ["index.md"] + names
    config = PLAIN_CONFIG
    try:
        plain_nav = _nav_like(shape, leaves)
    except IndexError:  # fewer pages than navigation entries
        plain_nav = ["index.md"]
    config += yaml.dump({"nav": plain_nav}, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def word_count(markdown: str) -> int:
    return len(markdown.split())


__all__ = ["SIZES", "Size", "Dataset", "GermanText", "generate_events", "generate_articles", "generate_posts", "copy_project",
           "write_dataset", "make_project", "plain_material_project", "PROJECT_INPUTS"]
