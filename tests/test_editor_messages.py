"""Messages an editor meets in the pull request (issue #15): the root cause first, no
suggestion of an invalid value, German quotes, content/ prefixes, documentation boxes."""

from __future__ import annotations

from pathlib import Path

from engagiert.plan.crosslinks import build_links
from engagiert.base.problems import DataError

from test_data_support import MEMBERS, Repo


def test_german_quotes_around_a_value_with_colon(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/events.yaml", "  titel: Werkstatt", "  titel: „Kurzformat: Ehrenamt“")
    problem = repo.only_problem()
    assert problem.line == 20
    assert "Deutsche Anführungszeichen „…“ zählen in YAML nicht als Anführungszeichen" in problem.message
    assert problem.message.endswith('titel: "„Kurzformat: Ehrenamt“"')


def test_german_quotes_inside_plain_quotes_are_text(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/events.yaml", "  titel: Werkstatt", '  titel: "„Kurzformat: Ehrenamt“"')
    result = repo.load()
    assert result.problems == []
    assert {e.title for e in result.data.records["events"]} >= {"„Kurzformat: Ehrenamt“"}


def test_invalid_member_id_comes_first_and_is_never_suggested(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/members.yaml", "- id: stadt-muenster", "- id: stadt-münster")
    problems = DataError(repo.problems()).problems
    assert (problems[0].file, problems[0].line, problems[0].field) == ("data/members.yaml", 2, "id")
    rest = problems[1:]
    assert rest and all("Dort ist die id als „stadt-münster“ geschrieben (Zeile 2), und diese id ist ungültig"
                        in p.message for p in rest)
    assert not any("Meinten Sie „stadt-münster“" in p.message for p in problems)


def test_no_suggestion_is_an_invalid_id(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/members.yaml", "- id: gemeinde-nottuln", "- id: gemeinde_nottuln")
    repo.replace("data/events.yaml", "  gastgeber: stadt-muenster", "  gastgeber: gemeinde-nottul")
    texts = [p.message for p in repo.problems()]
    assert not any("Meinten Sie „gemeinde_nottuln“" in t for t in texts)


def test_commented_out_member_is_named_as_the_cause(tmp_path):
    repo = Repo(tmp_path)
    head, tail = MEMBERS.split("- id: gemeinde-nottuln")
    repo.write("data/members.yaml", head + "".join(f"# {line}\n" for line in ("- id: gemeinde-nottuln" + tail).splitlines()))
    repo.replace("data/events.yaml", "  gastgeber: stadt-muenster", "  gastgeber: gemeinde-nottuln")
    problem = repo.only_problem()
    assert (problem.file, problem.line, problem.field) == ("data/events.yaml", 11, "gastgeber")
    assert "auskommentiert (Zeile 29 beginnt mit „#“)" in problem.message
    assert "Meinten Sie" not in problem.message


def test_content_prefix_in_a_download_path(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("content/wissen/doku.md", "datei: wissen/downloads/bericht.pdf",
                 "datei: content/wissen/downloads/bericht.pdf")
    problem = repo.only_problem()
    assert problem.field == "downloads[1].datei"
    assert "Bitte „content/“ am Anfang weglassen: wissen/downloads/bericht.pdf" in problem.message


def test_documentation_named_only_by_the_event_gets_its_box(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("content/wissen/doku.md", "veranstaltung: netzwerktreffen-2025-1\n", "")
    result = repo.load()
    assert result.problems == []
    docs = build_links(result.data).documentation_of("netzwerktreffen-2025-1")
    assert [a.src_uri for a in docs] == ["wissen/doku.md"]


def test_article_named_only_by_the_event_shows_the_event_box(tmp_path):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from helpers import build_site

    root = Path(__file__).resolve().parent.parent
    events = (root / "data/events.yaml").read_text(encoding="utf-8")
    doc = next(p for p in (root / "content/wissen/dokumentation").glob("*.md")
               if "veranstaltung:" in p.read_text(encoding="utf-8"))
    text = doc.read_text(encoding="utf-8")
    event_id = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("veranstaltung:"))
    rel = doc.relative_to(root / "content").as_posix()
    assert f"  dokumentation: {rel}\n" in events, "the example event names its documentation"
    stripped = "".join(line + "\n" for line in text.splitlines() if not line.startswith("veranstaltung:"))
    code, output, site = build_site(tmp_path, data_overrides={f"content/{rel}": stripped},
                                    env={"ENGAGIERT_SEARCH": "0"})
    assert code == 0, output
    html = (site / rel[:-3] / "index.html").read_text(encoding="utf-8")
    assert f"../../../veranstaltungen/{event_id}/" in html
