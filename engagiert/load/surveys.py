"""Survey results (Online-Befragungen, issue #17): the typed record and its builder.

One YAML file per survey (``data/befragungen/<id>.yaml``, a glob source in
``collections.yml``); the id is the file name. The schema checks shapes and that counts
are whole numbers ≥ 0; the builder checks what depends on other fields: no count above
the number who answered, single-choice and scale answers summing to at most that number,
the period in order. Percentages are never written by editors; ``Question.share`` computes
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .models import LabelledEnum, Location


class QuestionKind(LabelledEnum):
    SINGLE = "einfach"
    MULTIPLE = "mehrfach"
    SCALE = "skala"


QuestionKind.LABELS = {
    "einfach": "Einfachauswahl",
    "mehrfach": "Mehrfachauswahl",
    "skala": "Skala",
}


@dataclass(frozen=True)
class AnswerOption:
    label: str
    count: int


@dataclass(frozen=True)
class Question:
    number: int                  # 1-based position in the survey
    text: str
    kind: QuestionKind
    answered: int                # the base of the percentages: who answered this question
    options: tuple[AnswerOption, ...]
    note: str | None

    def share(self, count: int) -> float:
        """Percentage of those who answered (0–100); 0 when nobody answered."""
        return 100.0 * count / self.answered if self.answered else 0.0

    @property
    def total(self) -> int:
        return sum(o.count for o in self.options)


@dataclass(frozen=True)
class Survey:
    id: str                      # the file name without .yaml: URL wissen/befragungen/<id>/
    title: str
    year: int
    start: date
    end: date
    method: str
    participants: int
    example: bool                # example data: the page says so
    summary: str
    topics: tuple[str, ...]
    notes: str                   # Markdown
    questions: tuple[Question, ...]
    source: Location


def build_survey(data: dict, location: Location, ctx) -> Survey:
    participants = int(data["teilnehmende"])
    start = ctx.date(data["zeitraum"]["von"], ("zeitraum", "von"))
    end = ctx.date(data["zeitraum"]["bis"], ("zeitraum", "bis"))
    if end < start:
        ctx.problem(("zeitraum", "bis"), f"Das Ende der Befragung ({end:%d.%m.%Y}) liegt vor ihrem Beginn "
                                         f"({start:%d.%m.%Y}). Bitte die Daten unter „zeitraum:“ prüfen.")
    year = int(data["jahr"])
    if year not in (start.year, end.year):
        ctx.problem(("jahr",), f"Das Jahr {year} passt nicht zum Zeitraum ({start:%d.%m.%Y} bis {end:%d.%m.%Y}). "
                               f"Bitte „jahr: {start.year}“ eintragen oder den Zeitraum prüfen.")
    questions = tuple(_question(i, raw, participants, ctx) for i, raw in enumerate(data["fragen"]))
    return Survey(
        id=Path(ctx.doc.file).stem,
        title=data["titel"],
        year=year,
        start=start,
        end=end,
        method=data["methode"],
        participants=participants,
        example=bool(data.get("beispieldaten", False)),
        summary=data.get("zusammenfassung") or "",
        topics=tuple(data["themen"]),
        notes=data.get("hinweise") or "",
        questions=questions,
        source=location,
    )


def _question(index: int, raw: dict, participants: int, ctx) -> Question:
    at = ("fragen", index)
    kind = QuestionKind(raw["art"])
    answered = int(raw.get("beantwortet", participants))
    if answered > participants:
        ctx.problem(at + ("beantwortet",),
                    f"Die Frage haben laut „beantwortet“ {answered} beantwortet, an der Befragung haben aber nur "
                    f"{participants} teilgenommen („teilnehmende“). Bitte eine der beiden Zahlen korrigieren.")
    base_name = "beantwortet" if "beantwortet" in raw else "teilnehmende"
    options = []
    seen: set[str] = set()
    for j, opt in enumerate(raw["optionen"]):
        count = int(opt["anzahl"])
        if count > answered:
            ctx.problem(at + ("optionen", j, "anzahl"),
                        f"Die Anzahl {count} für „{opt['antwort']}“ ist größer als die Zahl derer, die die Frage "
                        f"beantwortet haben ({answered}, Feld „{base_name}“). Keine Antwort kann öfter gegeben "
                        "werden, als Personen geantwortet haben: Bitte die Anzahl prüfen.")
        if opt["antwort"] in seen:
            ctx.problem(at + ("optionen", j, "antwort"),
                        f"Die Antwort „{opt['antwort']}“ steht zweimal in dieser Frage. Bitte die Einträge "
                        "zusammenfassen oder unterschiedlich benennen.")
        seen.add(opt["antwort"])
        options.append(AnswerOption(label=opt["antwort"], count=count))
    total = sum(o.count for o in options)
    if kind is not QuestionKind.MULTIPLE and total > answered:
        ctx.problem(at + ("optionen",),
                    f"Die Anzahlen dieser {kind.label} ergeben zusammen {total}, geantwortet haben aber nur "
                    f"{answered} (Feld „{base_name}“). Bei einer Einfachauswahl oder Skala gibt jede Person "
                    "höchstens eine Antwort: Bitte die Anzahlen prüfen – oder „art: mehrfach“ eintragen, wenn "
                    "mehrere Antworten möglich waren.")
    return Question(number=index + 1, text=raw["frage"], kind=kind, answered=answered,
                    options=tuple(options), note=raw.get("hinweis"))
