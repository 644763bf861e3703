"""The network in figures (issue #17): signatories of the Gemeinsame Erklärung, growth,
counts by member type and Regierungsbezirk, and one chart per survey question.

``figures`` (a template global) answers what ``overrides/erklaerung.html``,
``overrides/about.html`` and ``overrides/collections/survey.html`` show; the CSV writer
(``engagiert/outputs/chart_files.py``) asks the same object for every chart, so pages and
files always carry the same numbers. Everything comes from the data, computed once per
build.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from ..load.models import District, Download, Member, MemberType
from .charts import Chart, Row, de_percent

if TYPE_CHECKING:
    from ..plan.build import Build

# The Gemeinsame Erklärung was first signed on this day by the ten pilot municipalities.
FIRST_SIGNING = date(2012, 12, 5)
PILOT_MUNICIPALITIES = ("Bonn", "Burbach", "Emsdetten", "Hemer", "Kamp-Lintfort", "Lemgo",
                        "Mönchengladbach", "Oberhausen", "Solingen", "Kreis Lippe")

# Up to this many members the declaration page lists every signatory itself; above, it links
# one page per year (collections.yml, members, join_year) so that no page grows without bound.
SIGNATORIES_INLINE = 500

DECLARATION_URL = "netzwerk/gemeinsame-erklaerung/"
GROWTH_CSV = DECLARATION_URL + "mitglieder-je-jahr.csv"
TYPES_CSV = DECLARATION_URL + "mitglieder-nach-art.csv"
DISTRICTS_CSV = DECLARATION_URL + "mitglieder-nach-regierungsbezirk.csv"


def is_pilot_name(name: str) -> bool:
    """"Bundesstadt Bonn", "Stadt Hemer", "Kreis Lippe" are pilots; "Kreis Soest" is not."""
    for pilot in PILOT_MUNICIPALITIES:
        if name == pilot or (not pilot.startswith("Kreis ") and name.endswith(" " + pilot)
                             and not name.startswith("Kreis ")):
            return True
    return False


@dataclass(frozen=True)
class SignatoryYear:
    year: int
    members: tuple[Member, ...]     # in order of signing, then by name


def _count_text(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _and(items) -> str:
    """„A“, „B“ und „C“ – German enumeration."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def _tops(items, key):
    """Every item with the highest key (ties are named together, never one at random)."""
    best = max(key(i) for i in items)
    return [i for i in items if key(i) == best]


class Figures:
    def __init__(self, build: "Build"):
        self.build = build

    # ------------------------------------------------------------------ signatories
    @cached_property
    def members(self) -> tuple[Member, ...]:
        return tuple(sorted(self.build.data.records.get("members", ()),
                            key=lambda m: (m.joined, m.sort_key)))

    @cached_property
    def signatories(self) -> tuple[SignatoryYear, ...]:
        years: dict[int, list[Member]] = {}
        for m in self.members:
            years.setdefault(m.joined.year, []).append(m)
        return tuple(SignatoryYear(y, tuple(ms)) for y, ms in sorted(years.items()))

    @property
    def signatories_inline(self) -> bool:
        return len(self.members) <= SIGNATORIES_INLINE

    @cached_property
    def _year_urls(self) -> dict[str, str]:
        return {p.group.key: p.url for p in self.build.plan.pages
                if p.group is not None and p.collection == "members" and p.group.field == "join_year"}

    def year_url(self, year: int) -> str | None:
        """URL of the signatories page of one year."""
        return self._year_urls.get(str(year))

    def year_members(self, group) -> tuple[Member, ...]:
        """The members of a year page, in order of signing."""
        return tuple(sorted(group.records, key=lambda m: (m.joined, m.sort_key)))

    def is_first_signing(self, member: Member) -> bool:
        return member.joined == FIRST_SIGNING

    @cached_property
    def first_signers(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.joined == FIRST_SIGNING)

    def download(self, src: str | None, title: str | None) -> Download | None:
        """A file below content/ as a download, or None while it is not there (the declaration's PDF)."""
        if not src:
            return None
        path = self.build.root / "content" / src
        if not path.is_file():
            return None
        suffix = path.suffix.lstrip(".").upper() or None
        return Download(src=src, title=title or path.name, size=path.stat().st_size, file_format=suffix)

    # ------------------------------------------------------------------ growth
    @cached_property
    def growth_rows(self) -> tuple[tuple[int, int, int], ...]:
        """(year, new members, members at the end of the year), every year from the first
        signing to the latest one, years without new members included."""
        if not self.members:
            return ()
        new = Counter(m.joined.year for m in self.members)
        total = 0
        rows = []
        for year in range(min(new), max(new) + 1):
            total += new[year]
            rows.append((year, new[year], total))
        return tuple(rows)

    @cached_property
    def growth(self) -> Chart | None:
        rows = self.growth_rows
        if not rows:
            return None
        first, last = rows[0], rows[-1]
        busiest = _tops(rows, lambda r: r[1])
        new = _count_text(busiest[0][1], "neues Mitglied", "neue Mitglieder")
        summary = (f"Die Zahl der Mitglieder ist von {first[2]} im Jahr {first[0]} auf {last[2]} im Jahr "
                   f"{last[0]} gestiegen; die meisten kamen {_and([str(r[0]) for r in busiest])} hinzu "
                   f"({'je ' if len(busiest) > 1 else ''}{new}).")
        return Chart(
            id="wachstum",
            title="Mitglieder des Netzwerks je Jahr",
            summary=summary,
            label_heading="Jahr",
            columns=("Neu beigetreten", "Mitglieder insgesamt (Jahresende)"),
            csv_columns=("Neu beigetreten", "Mitglieder insgesamt"),
            rows=tuple(Row(label=str(y), value=total, part=total - n, value_text=f"{total} ({n} neu)",
                           cells=(str(n), str(total)), raw=(n, total))
                       for y, n, total in rows),
            csv_path=GROWTH_CSV,
            legend=("bereits Mitglied", "im Jahr neu beigetreten"),
        )

    # ------------------------------------------------------------------ counts
    def _share_rows(self, counts: Counter, keys) -> tuple[Row, ...]:
        total = sum(counts.values()) or 1
        return tuple(Row(label=k.label, value=counts[k], value_text=str(counts[k]),
                         cells=(str(counts[k]), de_percent(100 * counts[k] / total)),
                         raw=(counts[k], round(100 * counts[k] / total, 1)))
                     for k in keys)

    @cached_property
    def by_type(self) -> Chart | None:
        if not self.members:
            return None
        counts = Counter(m.type for m in self.members)
        top = _tops(tuple(MemberType), lambda t: counts[t])
        return Chart(
            id="nach-art", title="Mitglieder nach Art der Kommune",
            summary=f"Von {len(self.members)} Mitgliedern sind die meisten vom Typ "
                    f"{_and([f'„{t.label}“' for t in top])} ({'je ' if len(top) > 1 else ''}{counts[top[0]]}).",
            label_heading="Art", columns=("Mitglieder", "Anteil"), csv_columns=("Mitglieder", "Anteil in Prozent"),
            rows=self._share_rows(counts, tuple(MemberType)), csv_path=TYPES_CSV,
        )

    @cached_property
    def by_district(self) -> Chart | None:
        if not self.members:
            return None
        counts = Counter(m.district for m in self.members)
        top = _tops(tuple(District), lambda d: counts[d])
        where = (f"im Regierungsbezirk {top[0].label}" if len(top) == 1
                 else f"in den Regierungsbezirken {_and([d.label for d in top])}")
        return Chart(
            id="nach-bezirk", title="Mitglieder nach Regierungsbezirk",
            summary=f"Von {len(self.members)} Mitgliedern liegen die meisten {where} "
                    f"({'je ' if len(top) > 1 else ''}{counts[top[0]]}).",
            label_heading="Regierungsbezirk", columns=("Mitglieder", "Anteil"),
            csv_columns=("Mitglieder", "Anteil in Prozent"),
            rows=self._share_rows(counts, tuple(District)), csv_path=DISTRICTS_CSV,
        )

    # ------------------------------------------------------------------ surveys
    @cached_property
    def surveys(self) -> tuple:
        """Newest first, then by title."""
        return tuple(sorted(self.build.data.records.get("surveys", ()),
                            key=lambda s: (-s.year, s.title.casefold(), s.id)))

    def surveys_on(self, topic_id: str) -> tuple:
        return tuple(s for s in self.surveys if topic_id in s.topics)

    def survey_years(self) -> tuple[tuple[int, tuple], ...]:
        years: dict[int, list] = {}
        for s in self.surveys:
            years.setdefault(s.year, []).append(s)
        return tuple((y, tuple(ss)) for y, ss in sorted(years.items(), reverse=True))

    def question_chart(self, survey, question) -> Chart:
        base = self.build.url_of("surveys", survey.id) or f"wissen/befragungen/{survey.id}/"
        rows = tuple(Row(label=o.label, value=o.count,
                         value_text=f"{o.count} · {de_percent(question.share(o.count))}",
                         cells=(str(o.count), de_percent(question.share(o.count))),
                         raw=(o.count, round(question.share(o.count), 1)))
                     for o in question.options)
        return Chart(
            id=f"frage-{question.number}", title=question.text, summary=_question_summary(question),
            label_heading="Antwort", columns=("Anzahl", "Anteil"), csv_columns=("Anzahl", "Anteil in Prozent"),
            rows=rows, csv_path=f"{base}frage-{question.number}.csv", notes=_question_notes(survey, question),
        )

    def survey_charts(self, survey) -> tuple[Chart, ...]:
        return tuple(self.question_chart(survey, q) for q in survey.questions)

    # ------------------------------------------------------------------ every chart
    def all_charts(self) -> tuple[Chart, ...]:
        charts = [c for c in (self.growth, self.by_type, self.by_district) if c is not None]
        for survey in self.surveys:
            charts.extend(self.survey_charts(survey))
        return tuple(charts)


def _question_notes(survey, q) -> tuple[str, ...]:
    answered = (f"beantwortet von allen {q.answered} Teilnehmenden" if q.answered == survey.participants
                else f"beantwortet von {q.answered} der {survey.participants} Teilnehmenden")
    kind = {"einfach": "eine Antwort je Person", "mehrfach": "mehrere Antworten möglich",
            "skala": "eine Stufe je Person"}[q.kind.value]
    notes = [f"{q.kind.label} ({kind}), {answered}; Anteile bezogen auf diese {q.answered}."]
    if q.note:
        notes.append(q.note)
    return tuple(notes)


def _question_summary(q) -> str:
    if not q.options or q.answered == 0:
        return "Diese Frage hat niemand beantwortet."
    tops = _tops(q.options, lambda o: o.count)
    names = _and([f"„{o.label}“" for o in tops])
    of = f"{'je ' if len(tops) > 1 else ''}{tops[0].count} von {q.answered}, {de_percent(q.share(tops[0].count))}"
    if q.kind.value == "mehrfach":
        verb = "wurde" if len(tops) == 1 else "wurden"
        return f"Am häufigsten genannt {verb} {names} ({of}); mehrere Antworten waren möglich."
    if q.kind.value == "skala":
        return (f"Auf der Skala von „{q.options[0].label}“ bis „{q.options[-1].label}“ wählten die meisten "
                f"{names} ({of}).")
    if len(tops) > 1:
        return f"Am häufigsten geantwortet wurde {names} ({of})."
    return f"Die häufigste Antwort war {names} ({of})."


def install(env, build: "Build") -> None:
    env.globals["figures"] = Figures(build)
