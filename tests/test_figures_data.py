"""Surveys as data (issue #17): the glob-of-YAML-files source, the schema and the count checks,
and the figures computed from the data (signatories, growth, CSV bytes). No MkDocs build."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from engagiert.load.collections import load_specs
from engagiert.load.surveys import QuestionKind
from engagiert.load.loader import load_site
from engagiert.views.charts import Chart, Row, wrap
from engagiert.views.figures import FIRST_SIGNING, PILOT_MUNICIPALITIES, Figures, is_pilot_name
from test_data_support import COLLECTIONS, Repo, line_of

ROOT = Path(__file__).resolve().parent.parent

SURVEYS_SPEC = """
surveys:
  source: data/befragungen/*.yaml
  schema: schemas/survey.schema.json
  model: survey
  url: wissen/befragungen/{id}/
  template: collections/survey.html
  title: "{title}"
"""

# Line numbers matter: tests assert them.
SURVEY = """\
# yaml-language-server: $schema=../../schemas/survey.schema.json
titel: Testbefragung
jahr: 2025
zeitraum: {von: 2025-06-02, bis: 2025-07-11}
methode: Online-Fragebogen.
teilnehmende: 20
themen: [digitalisierung]
fragen:
  - frage: Eine Antwort?
    art: einfach
    optionen:
      - {antwort: Ja, anzahl: 12}
      - {antwort: Nein, anzahl: 8}
  - frage: Mehrere Antworten?
    art: mehrfach
    optionen:
      - {antwort: A, anzahl: 20}
      - {antwort: B, anzahl: 15}
  - frage: Wie zufrieden?
    art: skala
    beantwortet: 18
    optionen:
      - {antwort: Sehr, anzahl: 10}
      - {antwort: Etwas, anzahl: 5}
      - {antwort: Gar nicht, anzahl: 3}
"""
FILE = "data/befragungen/test-2025.yaml"


@pytest.fixture
def repo(tmp_path):
    r = Repo(tmp_path)
    r.write("collections.yml", COLLECTIONS + SURVEYS_SPEC)
    r.write(FILE, SURVEY)
    return r


# --------------------------------------------------------------------------- loading

def test_a_file_becomes_one_typed_survey(repo):
    result = repo.load()
    assert result.problems == []
    (survey,) = result.data.surveys
    assert survey.id == "test-2025" and survey.title == "Testbefragung" and survey.participants == 20
    assert survey.source.file == FILE
    assert [q.kind for q in survey.questions] == [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE]
    scale = survey.questions[2]
    assert scale.answered == 18 and [o.count for o in scale.options] == [10, 5, 3]
    assert scale.share(9) == 50.0
    assert FILE in result.files


def test_each_file_of_the_glob_is_a_record(repo):
    repo.write("data/befragungen/zweite-2026.yaml",
               SURVEY.replace("titel: Testbefragung", "titel: Zweite").replace("jahr: 2025", "jahr: 2026")
               .replace("2025-06-02", "2026-06-02").replace("2025-07-11", "2026-07-11"))
    data = repo.load().data
    assert sorted(s.id for s in data.surveys) == ["test-2025", "zweite-2026"]


def test_no_survey_files_is_no_error(repo):
    (repo.root / FILE).unlink()
    result = repo.load()
    assert result.problems == [] and result.data.surveys == ()


def test_count_above_participants_is_a_located_german_error(repo):
    repo.replace(FILE, "{antwort: A, anzahl: 20}", "{antwort: A, anzahl: 21}")
    p = repo.only_problem()
    assert (p.file, p.line, p.field) == (FILE, line_of(SURVEY, "{antwort: A,"), "fragen[2].optionen[1].anzahl")
    assert "Die Anzahl 21 für „A“ ist größer als die Zahl derer, die die Frage beantwortet haben (20" in p.message
    assert str(p).startswith(f"{FILE}:{p.line} – Feld \"fragen[2].optionen[1].anzahl\": ")


def test_single_choice_sum_above_participants(repo):
    repo.replace(FILE, "{antwort: Nein, anzahl: 8}", "{antwort: Nein, anzahl: 9}")
    p = repo.only_problem()
    assert (p.line, p.field) == (line_of(SURVEY, "    optionen:"), "fragen[1].optionen")
    assert "ergeben zusammen 21, geantwortet haben aber nur 20" in p.message


def test_scale_sum_counts_against_those_who_answered(repo):
    repo.replace(FILE, "{antwort: Gar nicht, anzahl: 3}", "{antwort: Gar nicht, anzahl: 4}")
    p = repo.only_problem()
    assert p.field == "fragen[3].optionen" and "ergeben zusammen 19, geantwortet haben aber nur 18" in p.message
    assert "„beantwortet“" in p.message


def test_multiple_choice_may_sum_above_participants(repo):
    # 20 + 15 > 20 participants, but each count is within: no problem (see the fixture)
    assert repo.problems() == []


def test_answered_above_participants(repo):
    repo.replace(FILE, "beantwortet: 18", "beantwortet: 25")
    problems = repo.problems()
    assert [(p.line, p.field) for p in problems][0] == (line_of(SURVEY, "beantwortet:"), "fragen[3].beantwortet")


@pytest.mark.parametrize("value, expected", [
    ("12.5", "eine ganze Zahl"),
    ("-1", "zu klein: mindestens 0"),
    ('"12"', "eine ganze Zahl"),
])
def test_counts_are_whole_numbers_from_zero(repo, value, expected):
    repo.replace(FILE, "{antwort: Ja, anzahl: 12}", "{antwort: Ja, anzahl: %s}" % value)
    p = repo.only_problem()
    assert (p.line, p.field) == (line_of(SURVEY, "{antwort: Ja,"), "fragen[1].optionen[1].anzahl")
    assert expected in p.message


def test_percentages_cannot_be_typed(repo):
    repo.replace(FILE, "{antwort: Ja, anzahl: 12}", "{antwort: Ja, anzahl: 12, prozent: 60}")
    p = repo.only_problem()
    assert p.field == "fragen[1].optionen[1].prozent" and "Unbekanntes Feld „prozent“" in p.message


def test_period_in_order_and_year_matching(repo):
    repo.replace(FILE, "bis: 2025-07-11", "bis: 2025-05-11")
    repo.replace(FILE, "jahr: 2025", "jahr: 2024")
    fields = {p.field: p.message for p in repo.problems()}
    assert "liegt vor ihrem Beginn" in fields["zeitraum.bis"]
    assert "Bitte „jahr: 2025“ eintragen" in fields["jahr"]


def test_unknown_topic_is_reported(repo):
    repo.replace(FILE, "themen: [digitalisierung]", "themen: [digitalisierunk]")
    p = repo.only_problem()
    assert p.field == "themen[1]" and "Meinten Sie „digitalisierung“" in p.message


def test_file_name_must_be_a_slug(repo):
    repo.write("data/befragungen/Umfrage 2025.yaml", SURVEY)
    problems = [p for p in repo.problems() if "Umfrage" in p.file]
    assert len(problems) == 1 and "Dateiname „Umfrage 2025.yaml“" in problems[0].message


def test_a_list_instead_of_one_record(repo):
    repo.write(FILE, "- titel: A\n- titel: B\n")
    p = repo.only_problem()
    assert (p.file, p.line) == (FILE, 1) and "genau einen Eintrag" in p.message


def test_yaml_syntax_error_is_located(repo):
    repo.replace(FILE, "methode: Online-Fragebogen.", "methode: Fragebogen: online")
    p = repo.only_problem()
    assert p.file == FILE and p.line == line_of(SURVEY, "methode:")


# --------------------------------------------------------------------------- the example data

@pytest.fixture(scope="module")
def example():
    return load_site(ROOT, load_specs(ROOT / "collections.yml", ROOT))


class _Build:
    """What Figures needs of a build: data, root and the page URLs."""

    def __init__(self, data):
        self.data, self.root = data, ROOT

    def url_of(self, collection, record_id):
        return f"wissen/befragungen/{record_id}/" if collection == "surveys" else None


def test_example_survey_is_marked_and_covers_all_kinds(example):
    (survey,) = [s for s in example.surveys if s.id == "mitgliederbefragung-2025"]
    assert survey.example is True
    assert 5 <= len(survey.questions) <= 8
    assert {q.kind for q in survey.questions} == set(QuestionKind)


def test_pilot_municipalities_signed_first(example):
    """The example data is consistent with the history: pilots in the data carry the first
    signing date, and nobody signed before it."""
    pilots = [m for m in example.members if is_pilot_name(m.name)]
    assert pilots, "no pilot municipality in the example data"
    assert all(m.joined == FIRST_SIGNING for m in pilots), [(m.name, m.joined) for m in pilots]
    assert all(m.joined >= FIRST_SIGNING for m in example.members)
    assert {m.id for m in example.members if m.joined == FIRST_SIGNING} == {m.id for m in pilots}


def test_pilot_names():
    assert len(PILOT_MUNICIPALITIES) == 10
    assert is_pilot_name("Bundesstadt Bonn") and is_pilot_name("Kreis Lippe") and is_pilot_name("Stadt Hemer")
    assert not is_pilot_name("Kreis Soest") and not is_pilot_name("Stadt Bonnheim")


def test_growth_is_cumulative_and_complete(example):
    figures = Figures(_Build(example))
    rows = figures.growth_rows
    years = [y for y, _, _ in rows]
    assert years == list(range(min(m.joined.year for m in example.members),
                               max(m.joined.year for m in example.members) + 1))
    for year, new, total in rows:
        assert new == sum(1 for m in example.members if m.joined.year == year)
        assert total == sum(1 for m in example.members if m.joined.year <= year)
    assert rows[-1][2] == len(example.members)
    chart = figures.growth
    assert [r.value for r in chart.rows] == [t for _, _, t in rows]
    assert [r.value - r.part for r in chart.rows] == [n for _, n, _ in rows]


def test_signatories_are_every_member_once_by_year(example):
    figures = Figures(_Build(example))
    listed = [m.id for g in figures.signatories for m in g.members]
    assert sorted(listed) == sorted(m.id for m in example.members)
    for group in figures.signatories:
        assert all(m.joined.year == group.year for m in group.members)
        assert [m.joined for m in group.members] == sorted(m.joined for m in group.members)
    assert sum(r.value for r in figures.by_type.rows) == len(example.members)
    assert sum(r.value for r in figures.by_district.rows) == len(example.members)


def test_csv_bytes_parse_as_german_spreadsheet_csv(example):
    figures = Figures(_Build(example))
    survey = example.get("surveys", "mitgliederbefragung-2025")
    chart = figures.question_chart(survey, survey.questions[0])
    data = chart.csv_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Antwort", "Anzahl", "Anteil in Prozent"]
    q = survey.questions[0]
    assert [r[0] for r in rows[1:]] == [o.label for o in q.options]
    assert [int(r[1]) for r in rows[1:]] == [o.count for o in q.options]
    assert [float(r[2].replace(",", ".")) for r in rows[1:]] == [round(q.share(o.count), 1) for o in q.options]
    assert all("," in r[2] and "." not in r[2] for r in rows[1:])


def test_csv_quotes_a_semicolon_in_a_label():
    chart = Chart(id="x", title="T", summary="S", label_heading="Antwort", columns=("Anzahl",),
                  csv_columns=("Anzahl",), rows=(Row("Ja; sicher", 3, "3", raw=(3,)),), csv_path="x.csv")
    rows = list(csv.reader(io.StringIO(chart.csv_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["Antwort", "Anzahl"], ["Ja; sicher", "3"]]


def test_layout_bars_are_proportional_and_fit():
    chart = Chart(id="x", title="T", summary="S", label_heading="Jahr", columns=(), csv_columns=(),
                  rows=(Row("2020", 10, "10"), Row("2021", 5, "5"), Row("2022", 0, "0")), csv_path="x.csv")
    layout = chart.layout()
    widths = [b.solid for b in layout.bars]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0
    assert all(b.x + b.solid + b.hatched <= layout.width for b in layout.bars)
    assert all(b.value_x + len(b.value_text) * 8 <= layout.width for b in layout.bars)


def test_long_labels_wrap():
    lines = wrap("Praxisbeispiele aus anderen Kommunen und noch etwas mehr Text", 36)
    assert len(lines) == 2 and all(len(line) <= 36 for line in lines)


def test_summaries_name_ties_together(repo):
    repo.replace(FILE, "{antwort: Ja, anzahl: 12}", "{antwort: Ja, anzahl: 8}")
    data = repo.load().data
    (survey,) = data.surveys
    chart = Figures(_Build(data)).question_chart(survey, survey.questions[0])
    assert chart.summary == "Am häufigsten geantwortet wurde „Ja“ und „Nein“ (je 8 von 20, 40,0\u00a0%)."
    multiple = Figures(_Build(data)).question_chart(survey, survey.questions[1])
    assert multiple.summary.startswith("Am häufigsten genannt wurde „A“ (20 von 20, 100,0\u00a0%)")


def test_download_only_when_the_file_is_there():
    figures = Figures(_Build(None))
    assert figures.download(None, "x") is None
    assert figures.download("netzwerk/gibt-es-nicht.pdf", "x") is None
    pdf = figures.download("wissen/downloads/mitgliederbefragung-2025.pdf", "Bericht")
    assert pdf.title == "Bericht" and pdf.file_format == "PDF" and pdf.size > 0


def test_a_survey_above_its_participants_stops_check_and_build(tmp_path):
    """The editor's view: `make check` and the strict build both stop with the located German
    message, no traceback."""
    import os
    import subprocess
    import sys

    from helpers import build_site

    survey = (ROOT / "data/befragungen/mitgliederbefragung-2025.yaml").read_text(encoding="utf-8")
    broken = survey.replace("{antwort: Nein, anzahl: 1}", "{antwort: Nein, anzahl: 30}", 1)
    assert broken != survey
    line = line_of(broken, "{antwort: Nein, anzahl: 30}")
    expected = (f"data/befragungen/mitgliederbefragung-2025.yaml:{line} – Feld \"fragen[1].optionen[4].anzahl\": "
                "Die Anzahl 30 für „Nein“ ist größer als die Zahl derer")
    code, output, site = build_site(tmp_path / "build",
                                    data_overrides={"data/befragungen/mitgliederbefragung-2025.yaml": broken})
    assert code != 0 and expected in output and "Traceback" not in output
    assert not (site / "index.html").exists()
    repo = tmp_path / "build" / "repo"
    proc = subprocess.run([sys.executable, "-m", "engagiert.check", "--root", str(repo)], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and expected in out and "Traceback" not in out


def test_csv_does_not_hand_formulas_to_spreadsheets():
    chart = Chart(id="x", title="T", summary="S", label_heading="Antwort", columns=("Anzahl",),
                  csv_columns=("Anzahl",), rows=(Row('=HYPERLINK("http://x.example")', 1, "1", raw=(1,)),
                                                 Row("Ja", 2, "2", raw=(2,))), csv_path="x.csv")
    rows = list(csv.reader(io.StringIO(chart.csv_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1][0] == "'=HYPERLINK(\"http://x.example\")" and rows[2][0] == "Ja"
