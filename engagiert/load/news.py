"""News posts ("Aktuelles", issue #14): the record, its builder and its cross-checks.

A post is a Markdown page ``content/aktuelles/<id>.md``; its front matter (schemas/news.schema.json)
becomes a ``Post``. The builder is registered in ``engagiert.load.loader.BUILDERS["news"]``; the
checks across records (references, files, unique Informations-E-Mail numbers) run from
``engagiert.load.crosscheck``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from engagiert.load.models import GroupKey, Image, LabelledEnum, Location

if TYPE_CHECKING:
    from engagiert.load.builders import Context

FOLDER = "aktuelles/"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class NewsKind(LabelledEnum):
    NEWS = "meldung"
    NEWSLETTER = "informations-e-mail"
    PRESS_RELEASE = "pressemitteilung"
    REVIEW = "rueckblick"


NewsKind.LABELS = {
    "meldung": "Meldung",
    "informations-e-mail": "Informations-E-Mail",
    "pressemitteilung": "Pressemitteilung",
    "rueckblick": "Rückblick",
}
# Plural labels for headings of the per-kind pages.
NewsKind.PLURALS = {
    "meldung": "Meldungen",
    "informations-e-mail": "Informations-E-Mails",
    "pressemitteilung": "Pressemitteilungen",
    "rueckblick": "Rückblicke",
}


@dataclass(frozen=True)
class Post:
    """One news post (Markdown page below content/aktuelles/)."""

    id: str                       # the file name without .md: aktuelles/<id>/
    src_uri: str                  # "aktuelles/<id>.md"
    title: str
    date: date                    # publication day; a later day than the build's waits (scheduling)
    kind: NewsKind
    number: int | None            # Informations-E-Mail number
    topics: tuple[str, ...]
    members: tuple[str, ...]      # member ids
    events: tuple[str, ...]       # event ids
    articles: tuple[str, ...]     # knowledge-base article ids ("wissen/methoden/world-cafe")
    summary: str
    image: Image | None
    draft: bool
    updated: datetime             # aware; last significant change (Atom "updated")
    source: Location

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def kind_group(self) -> GroupKey:
        """The kind as a group key with the plural label: the page aktuelles/art/<art>/."""
        return GroupKey(self.kind.value, NewsKind.PLURALS[self.kind.value])

    @property
    def label(self) -> str:
        """"Informations-E-Mail Nr. 12" or the kind's label."""
        if self.number is not None:
            return f"{self.kind.label} Nr. {self.number}"
        return self.kind.label


def build_post(data: dict, location: Location, ctx: "Context") -> Post | None:
    from engagiert.load.builders import BERLIN, Invalid, article_id

    assert ctx.src_uri is not None
    stem = article_id(ctx.src_uri)
    post_id = stem[len(FOLDER):] if stem.startswith(FOLDER) else stem
    if "/" in post_id:
        ctx.problem((), f"Beiträge liegen direkt im Ordner content/aktuelles/, nicht in Unterordnern: Bitte "
                        f"die Datei nach content/aktuelles/{post_id.rsplit('/', 1)[-1]}.md verschieben.")
        raise Invalid
    if not _ID.match(post_id) or post_id.isdigit():
        ctx.problem((), f"Der Dateiname „{post_id}.md“ passt nicht: Er wird Teil der Adresse "
                        "(aktuelles/<name>/) und darf nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche "
                        "enthalten, mindestens einen Buchstaben (nur Ziffern sind für die Jahresarchive "
                        "reserviert), z. B. 2026-09-neue-mitglieder.md.")
        raise Invalid
    day = ctx.date(data["datum"], ("datum",))
    kind = NewsKind(data["art"])
    number = data.get("nummer")
    if number is not None and kind is not NewsKind.NEWSLETTER:
        ctx.problem(("nummer",), f"Eine Nummer haben nur Informations-E-Mails, dieser Beitrag ist eine "
                                 f"{kind.label}: Bitte die Zeile „nummer:“ löschen oder "
                                 "„art: informations-e-mail“ eintragen.")
    updated: Any = data.get("aktualisiert")
    if updated is None:
        stamp = datetime(day.year, day.month, day.day, tzinfo=BERLIN)
    else:
        when = ctx.when(updated, ("aktualisiert",))
        stamp = when if isinstance(when, datetime) else datetime(when.year, when.month, when.day, tzinfo=BERLIN)
        if stamp.date() < day:
            ctx.problem(("aktualisiert",), f"„aktualisiert“ ({stamp:%d.%m.%Y}) liegt vor dem Datum des "
                                           f"Beitrags ({day:%d.%m.%Y}). Bitte das Datum der letzten "
                                           "Änderung eintragen (frühestens den Tag des Beitrags) oder die "
                                           "Zeile löschen.")
    image = data.get("bild")
    return Post(
        id=post_id,
        src_uri=ctx.src_uri,
        title=data["titel"],
        date=day,
        kind=kind,
        number=number,
        topics=tuple(data.get("themen") or ()),
        members=tuple(data.get("mitglieder") or ()),
        events=tuple(data.get("veranstaltungen") or ()),
        articles=tuple(data.get("artikel") or ()),
        summary=data["zusammenfassung"],
        image=None if image is None else Image(src=image["datei"], alt=image["alt"], credit=image.get("quelle")),
        draft=bool(data.get("entwurf", False)),
        updated=stamp,
        source=location,
    )


def check_posts(checker) -> None:
    """Cross-checks of every post (``engagiert.load.crosscheck._Checker``): references to members,
    events and knowledge articles, the image file, one post per Informations-E-Mail number."""
    numbers: dict[int, list] = {}
    for entry in checker.entries:
        post = entry.record
        if not isinstance(post, Post):
            continue
        for i, member in enumerate(post.members):
            checker.ref(entry, ("mitglieder", i), member, "member", "Das Mitglied", "data/members.yaml")
        for i, event in enumerate(post.events):
            checker.ref(entry, ("veranstaltungen", i), event, "event", "Die Veranstaltung", "data/events.yaml")
        for i, article in enumerate(post.articles):
            checker.ref(entry, ("artikel", i), article, "article", "Der Wissensbeitrag",
                        "content/wissen/ (anzugeben ist der Pfad ohne „.md“, z. B. wissen/methoden/world-cafe)")
        if post.image is not None:
            checker.file(entry, ("bild", "datei"), post.image.src, "Die Bilddatei")
        if post.number is not None:
            numbers.setdefault(post.number, []).append(entry)
    for number, entries in sorted(numbers.items()):
        if len(entries) < 2:
            continue
        for entry in entries:
            others = ", ".join(o.doc.file for o in entries if o is not entry)
            checker.add(entry, ("nummer",), f"Die Informations-E-Mail Nr. {number} gibt es mehrfach (auch in "
                                            f"{others}). Bitte die Nummern prüfen: Jede Nummer nur einmal.")
