"""Checks of the fields added for editors in issue #15: ``sichtbar`` (members) and
``neuer_termin`` (events). German problems at the line of the field concerned."""

from __future__ import annotations

import difflib

from ..load.crosscheck import Entry
from ..load.models import Article, Event, EventStatus, Member
from ..base.problems import Problem
from ..load.yamlsource import format_path


def hidden_members(entries: list[Entry]) -> dict[str, Entry]:
    return {e.record.id: e for e in entries if isinstance(e.record, Member) and not e.record.visible}


def check_editor_fields(entries: list[Entry]) -> list[Problem]:
    hidden = hidden_members(entries)
    events = {e.id for e in entries if e.model == "event" and e.id is not None}
    problems: list[Problem] = []

    def add(e: Entry, rel: tuple, message: str) -> None:
        problems.append(Problem(e.doc.file, e.line(*rel), format_path(rel) or None, message))

    def hidden_ref(e: Entry, rel: tuple, member_id: str) -> None:
        source = hidden[member_id]
        add(e, rel, f"Das Mitglied „{member_id}“ ist ausgeblendet (sichtbar: false in {source.doc.file}, Zeile "
                    f"{source.line('sichtbar')}). Bitte den Verweis entfernen, solange es ausgeblendet ist, oder "
                    "das Mitglied wieder einblenden.")

    for e in entries:
        rec = e.record
        if isinstance(rec, Event):
            if rec.host in hidden:
                hidden_ref(e, ("gastgeber",), rec.host)
            if rec.new_date is not None:
                if rec.new_date == rec.id:
                    add(e, ("neuer_termin",), "„neuer_termin“ nennt die Veranstaltung selbst. Bitte die id des "
                                              "Eintrags mit dem neuen Termin angeben.")
                elif rec.new_date not in events:
                    close = difflib.get_close_matches(rec.new_date, sorted(events), n=1, cutoff=0.6)
                    hint = f" Meinten Sie „{close[0]}“?" if close else ""
                    add(e, ("neuer_termin",), f"Die Veranstaltung „{rec.new_date}“ gibt es nicht in "
                                              f"data/events.yaml.{hint} Bitte zuerst den neuen Termin als eigenen "
                                              "Eintrag anlegen und dessen id hier angeben.")
                if rec.status not in (EventStatus.POSTPONED, EventStatus.CANCELLED):
                    add(e, ("status",), "Mit „neuer_termin“ ist dieser Termin verschoben: Bitte „status: verschoben“ "
                                        "setzen (und version um eins erhöhen).")
        elif isinstance(rec, Article):
            for i, member in enumerate(rec.members):
                if member in hidden:
                    hidden_ref(e, ("mitglieder", i), member)
    return problems
