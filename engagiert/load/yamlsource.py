"""Parse YAML written by editors, keeping the line of every key and list item.

PyYAML composes the node graph; this module builds the Python values itself so that
nothing an editor wrote is silently dropped, overwritten or misread:

- duplicate keys are an error (PyYAML would keep the last one);
- plain scalars resolve like the YAML 1.2 core schema, stricter where a value could be
  misread: only ``true``/``false`` are booleans (not ``yes``/``no``/``on``/``off``), numbers
  with leading zeros (phone numbers, postal codes) stay text, no octal, hexadecimal or
  sexagesimal numbers, and dates and times stay strings (the schema checks their pattern,
  the builders parse them);
- explicit tags other than ``!!str``, anchors/aliases and ``<<`` merge keys are errors;
- YAML syntax errors become a German ``Problem`` with the line and what to do.

The result is plain JSON-like data (dict, list, str, int, float, bool, None) plus a map
from each value's path to its line, so JSON Schema errors can point at the right line.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..base import yamlguard
from ..base.problems import Problem

Path_ = tuple  # a path into the data: keys (str) and list indexes (int)

_CORE = "tag:yaml.org,2002:"
_PLAIN = "engagiert:plain"  # marker tag for untagged plain scalars (resolved here, not by PyYAML)

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"\A[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(
    r"\A[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?[eE][-+]?[0-9]+"
    r"|\.[0-9]+[eE][-+]?[0-9]+)\Z"
)
_MAX_DEPTH = 60


def _make_loader(base):
    class Loader(base):  # type: ignore[misc, valid-type]
        """Composes nodes only; marks untagged plain scalars for our own resolution."""

        def resolve(self, kind, value, implicit):
            if kind is ScalarNode and implicit[0]:
                return _PLAIN
            return super().resolve(kind, value, implicit)

    return Loader


_PyLoader = _make_loader(yaml.SafeLoader)
_FastLoader = _make_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass
class Parsed:
    """A parsed YAML document: its value, where each part was written, and problems."""

    file: str
    value: Any = None
    ok: bool = True                                    # False: syntax error, ``value`` unusable
    lines: dict[Path_, int] = field(default_factory=dict)   # path -> 1-based line
    raw: dict[Path_, str] = field(default_factory=dict)     # path -> source text of non-string scalars
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Path_) -> int | None:
        """Line of the value at ``path``, or of its closest written ancestor."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class ParseMemo:
    """Parsed documents by their input, while a build loads: the file policy and the loader
    read the same front matter, and a preview (``mkdocs serve``) keeps the previous build's
    documents so that only edited files are parsed again. Nobody changes a parsed document."""

    def __init__(self) -> None:
        self._now: dict[tuple, Parsed] = {}
        self._before: dict[tuple, Parsed] = {}

    def next_build(self) -> None:
        """Keep what this build parsed for the next one; forget the rest."""
        self._before, self._now = self._now, {}

    def parse(self, text: str, file: str, line_offset: int, records: bool) -> Parsed:
        key = (text, file, line_offset, records)
        doc = self._now.get(key) or self._before.get(key)
        if doc is None:
            doc = _parse(text, file, line_offset, records)
        self._now[key] = doc
        return doc


_memo: ParseMemo | None = None


@contextmanager
def memo(store: ParseMemo | None = None) -> Iterator[ParseMemo]:
    """Within the block, ``parse`` answers the same input from ``store`` (a new one if None)."""
    global _memo
    outer, _memo = _memo, store if store is not None else ParseMemo()
    try:
        yield _memo
    finally:
        _memo = outer


def parse(text: str, file: str, *, line_offset: int = 0, records: bool = False) -> Parsed:
    """Parse one YAML document. ``line_offset`` shifts lines (front matter inside a file);
    ``records``: the document is a list of records, field names in problems start below it."""
    if _memo is not None:
        return _memo.parse(text, file, line_offset, records)
    return _parse(text, file, line_offset, records)


def _parse(text: str, file: str, line_offset: int, records: bool) -> Parsed:
    result = Parsed(file=file)
    # Depth first, on the event stream: composing a deeply nested document would crash.
    breach = yamlguard.scan(text, allow_aliases=True)
    if breach is not None:
        result.ok = False
        result.problems.append(Problem(file, breach.line + line_offset, None, yamlguard.message(breach)))
        return result
    try:
        node = _compose(text, _FastLoader)
    except RecursionError:
        result.ok = False
        result.problems.append(Problem(file, None, None,
                               "Die Daten sind zu tief verschachtelt. Bitte die Einrückung prüfen."))
        return result
    except yaml.YAMLError as fast_exc:
        result.ok = False
        # Re-parse with the pure-Python parser: its messages are the ones we translate.
        try:
            _compose(text, _PyLoader)
        except yaml.YAMLError as exc:
            result.problems.append(explain_error(exc, text, file, line_offset))
        except RecursionError:
            result.problems.append(Problem(file, None, None,
                                   "Die Daten sind zu tief verschachtelt. Bitte die Einrückung prüfen."))
        else:  # libyaml is stricter than PyYAML in a few corners: explain its error
            result.problems.append(explain_error(fast_exc, text, file, line_offset))
        return result
    if node is None:
        return result
    builder = _Builder(result, line_offset, 1 if records else 0)
    result.lines[()] = builder.line_of(node)
    result.value = builder.build(node, (), 0)
    return result


def _compose(text: str, loader_class):
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, result: Parsed, offset: int, skip: int):
        self.result = result
        self.skip = skip  # leading path parts not shown in field names (the record index)
        self.offset = offset
        self.seen: dict[int, int] = {}  # id(node) -> line: a node met twice comes from an alias

    def field(self, path: Path_) -> str | None:
        return format_path(path[self.skip:]) or None

    def line_of(self, node: Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def problem(self, line: int | None, field_: str | None, message: str) -> None:
        self.result.problems.append(Problem(self.result.file, line, field_, message))

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        line = self.line_of(node)
        if depth > _MAX_DEPTH:
            self.problem(line, None, "Die Daten sind hier zu tief verschachtelt. Bitte die Einrückung prüfen.")
            return None
        if id(node) in self.seen:
            self.problem(self.result.lines.get(path, line), self.field(path),
                         "Anker und Verweise („&name“ / „*name“) werden nicht unterstützt: "
                         "Bitte den Wert an jeder Stelle ausschreiben.")
            return None
        self.seen[id(node)] = line
        if isinstance(node, ScalarNode):
            return self.scalar(node, path, line)
        if isinstance(node, SequenceNode):
            if node.tag not in (_CORE + "seq",):
                self.bad_tag(node, path, line)
            items = []
            for index, item in enumerate(node.value):
                item_path = path + (index,)
                self.result.lines[item_path] = self.line_of(item)
                items.append(self.build(item, item_path, depth + 1))
            return items
        if isinstance(node, MappingNode):
            if node.tag not in (_CORE + "map",):
                self.bad_tag(node, path, line)
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key_line = self.line_of(key_node)
                if not isinstance(key_node, ScalarNode):
                    self.problem(key_line, self.field(path),
                                 "Ein Feldname muss ein einfacher Text sein, keine Liste oder Zuordnung. "
                                 "Bitte die Zeile als „feldname: Wert“ schreiben.")
                    continue
                key = key_node.value
                if key == "<<" and key_node.tag == _PLAIN:
                    self.problem(key_line, self.field(path),
                                 "Zusammenführen mit „<<“ wird nicht unterstützt: Bitte alle Felder ausschreiben.")
                    continue
                if key.strip() == "":
                    self.problem(key_line, self.field(path),
                                 "Vor dem Doppelpunkt fehlt der Feldname. Bitte als „feldname: Wert“ schreiben.")
                    continue
                key_path = path + (key,)
                if key in mapping:
                    first = self.result.lines.get(key_path)
                    self.problem(key_line, self.field(key_path),
                                 f"Das Feld „{key}“ steht in diesem Eintrag doppelt (zuerst in Zeile {first}). "
                                 "Jedes Feld darf nur einmal vorkommen: Löschen Sie eine der beiden Zeilen "
                                 "oder führen Sie die Angaben zusammen.")
                    continue
                self.result.lines[key_path] = key_line
                mapping[key] = self.build(value_node, key_path, depth + 1)
            return mapping
        raise TypeError(f"unknown node {node!r}")  # pragma: no cover - PyYAML has only three kinds

    def bad_tag(self, node: Node, path: Path_, line: int) -> None:
        self.problem(line, self.field(path),
                     f"Typangaben wie „{_short_tag(node.tag)}“ werden nicht unterstützt. "
                     "Bitte die Angabe entfernen; Text, der wie eine Zahl oder ein Datum aussieht, "
                     "setzen Sie in Anführungszeichen.")

    def scalar(self, node: ScalarNode, path: Path_, line: int) -> Any:
        text = node.value
        if node.tag == _PLAIN:
            value = resolve_plain(text)
            if not isinstance(value, str):
                self.result.raw[path] = text
            return value
        if node.tag != _CORE + "str":
            self.bad_tag(node, path, line)
        return text


def resolve_plain(text: str) -> Any:
    """Value of an untagged plain scalar: YAML 1.2 core schema, minus anything misreadable."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if len(text) > 30:
        return text  # a number this long is a typo; as text the schema says what it expects
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and not re.match(r"[-+]?0[0-9]", text):
        return float(text)
    return text


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def format_path(path: Path_) -> str:
    """("ansprechpersonen", 1, "email") -> "ansprechpersonen[2].email" (list positions count from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# --------------------------------------------------------------------------- syntax errors

def explain_error(exc: yaml.YAMLError, text: str, file: str, offset: int = 0) -> Problem:
    """A German problem for a YAML syntax error, with the line and what to do."""
    lines = text.splitlines()
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + offset
        char = exc.character
        code = f"U+{char if isinstance(char, int) else ord(char):04X}" if char not in (None, "") else "?"
        return Problem(file, line, None,
                       f"Die Zeile enthält ein unzulässiges Steuerzeichen ({code}). "
                       "Bitte das Zeichen löschen (oft stammt es aus kopiertem Text).")
    problem = (getattr(exc, "problem", None) or "").strip()
    context = (getattr(exc, "context", None) or "").strip()
    pmark = getattr(exc, "problem_mark", None)
    cmark = getattr(exc, "context_mark", None)
    mark = pmark or cmark
    line0 = mark.line if mark is not None else None

    def src(i: int | None) -> str:
        return lines[i] if i is not None and 0 <= i < len(lines) else ""

    def at(i: int | None) -> int | None:
        return None if i is None else i + 1 + offset

    # Tabs anywhere near the error: the most common cause when copying text.
    for i in (line0, None if line0 is None else line0 - 1):
        s = src(i)
        if "\t" in s[: len(s) - len(s.lstrip(" \t"))] or ("\t" in s and "'\\t'" in problem):
            return Problem(file, at(i), None,
                           "Die Zeile enthält ein Tabulatorzeichen. YAML erlaubt zum Einrücken nur "
                           "Leerzeichen: Bitte den Tabulator durch Leerzeichen ersetzen.")
    if "'\\t'" in problem:
        return Problem(file, at(line0), None,
                       "Die Zeile enthält ein Tabulatorzeichen. YAML erlaubt hier nur Leerzeichen: "
                       "Bitte den Tabulator durch Leerzeichen ersetzen.")
    unclosed = ("Ein Anführungszeichen wird nicht geschlossen. Bitte den Text am Ende der "
                "Angabe mit demselben Anführungszeichen (\" oder ') abschließen.")
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        return Problem(file, at(cmark.line if cmark else line0), None, unclosed)
    # A quoted value left open swallows the following lines; YAML notices only later.
    opened = _unclosed_quote_before(lines, line0)
    if opened is not None:
        return Problem(file, at(opened), None, unclosed)
    if "unknown escape character" in problem:
        return Problem(file, at(line0), None,
                       "In doppelten Anführungszeichen hat der Backslash „\\“ eine Sonderbedeutung. "
                       "Bitte einfache Anführungszeichen verwenden ('…') oder „\\\\“ schreiben.")
    if "expected a single document" in problem or "another document" in problem:
        return Problem(file, at(line0), None,
                       "Die Zeile „---“ beginnt ein zweites Dokument; die Datei darf nur eines enthalten. "
                       "Bitte die Zeile löschen.")
    if "undefined alias" in problem or "anchor" in problem:
        return Problem(file, at(line0), None,
                       "Verweise mit „*“ und Anker mit „&“ werden nicht unterstützt. Text, der mit * oder & "
                       "beginnt, bitte in Anführungszeichen setzen.")
    m = re.search(r"found character '(.)' that cannot start any token", problem)
    if m:
        char = m.group(1)
        return Problem(file, at(line0), None,
                       f"Ein Wert darf nicht mit „{char}“ beginnen. Bitte den ganzen Wert in "
                       f"Anführungszeichen setzen, z. B. \"{char}…\".")
    if "could not find expected ':'" in problem or (
            "simple key" in context and "':'" in problem):
        i = cmark.line if cmark is not None else line0
        if _missing_space(src(i)):
            return Problem(file, at(i), None,
                           "Nach dem Doppelpunkt fehlt ein Leerzeichen. Bitte als „feldname: Wert“ "
                           "schreiben (mit Leerzeichen nach dem Doppelpunkt).")
        return Problem(file, at(i), None,
                       "Hier fehlt ein Doppelpunkt, oder die Einrückung stimmt nicht. Jede Zeile eines "
                       "Eintrags hat die Form „feldname: Wert“; Text über mehrere Zeilen bitte mit „|“ "
                       "einleiten.")
    for i in (line0, None if line0 is None else line0 - 1):
        if re.match(r"^\s*-[^\s-]", src(i)):
            return Problem(file, at(i), None,
                           "Nach dem Bindestrich eines Listeneintrags fehlt ein Leerzeichen: "
                           "Bitte „- feldname: Wert“ schreiben.")
    if "mapping values are not allowed" in problem:
        s = src(line0)
        if _missing_space(src(line0 - 1 if line0 else None)):
            return Problem(file, at(line0 - 1), None,
                           "Nach dem Doppelpunkt fehlt ein Leerzeichen. Bitte als „feldname: Wert“ schreiben.")
        german = re.match(r"^\s*(?:-\s+)?([\w-]+):\s*([„“‚»«].*?)\s*$", s)
        if german:
            # German quotation marks are text to YAML, not quotes: the value only looks quoted.
            key, value = german.groups()
            return Problem(file, at(line0), None,
                           "Der Wert enthält „: “ (Doppelpunkt mit Leerzeichen). Deutsche Anführungszeichen "
                           "„…“ zählen in YAML nicht als Anführungszeichen: Bitte den ganzen Wert zusätzlich in "
                           f"gerade Anführungszeichen \" setzen: {key}: \"{value}\"")
        if re.search(r":\s.*:\s", s.split("#")[0]):
            return Problem(file, at(line0), None,
                           "Der Wert enthält „: “ (Doppelpunkt mit Leerzeichen). Bitte den ganzen Wert in "
                           "Anführungszeichen setzen, z. B. titel: \"Workshop: Engagement\".")
        return Problem(file, at(line0), None,
                       "Unerwarteter Doppelpunkt: Vermutlich stimmt die Einrückung nicht, oder ein Wert "
                       "mit „: “ muss in Anführungszeichen stehen. Felder eines Eintrags stehen genau "
                       "untereinander.")
    if "expected <block end>" in problem or "did not find expected key" in problem \
            or "did not find expected '-'" in problem or "expected <document start>" in problem:
        return Problem(file, at(line0), None,
                       "Die Einrückung passt hier nicht. Felder desselben Eintrags müssen genau "
                       "untereinander stehen, Listeneinträge („- “) ebenfalls. Bitte mit Leerzeichen "
                       "ausrichten, wie in den Einträgen darüber.")
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem \
            or ("flow" in context and "end of stream" in problem):
        return Problem(file, at(cmark.line if cmark else line0), None,
                       "Eine Liste in eckigen Klammern [ … ] oder eine Angabe in geschweiften Klammern "
                       "{ … } ist nicht richtig geschlossen, oder ein Eintrag darin enthält ein Komma oder "
                       "einen Doppelpunkt ohne Anführungszeichen.")
    if "block scalar" in context or "block scalar" in problem:
        return Problem(file, at(line0), None,
                       "Nach „|“ oder „>“ muss der Text in einer neuen, weiter eingerückten Zeile beginnen.")
    if "sequence entries are not allowed" in problem:
        return Problem(file, at(line0), None,
                       "Ein Listeneintrag „- …“ steht hier an unerwarteter Stelle: Vermutlich stimmt die "
                       "Einrückung nicht. Beginnt ein Text mit „- “, bitte den Text in Anführungszeichen setzen.")
    if "expected the node content" in problem and "<stream end>" in problem:
        return Problem(file, at(line0), None,
                       "Die Datei endet mitten in einer Angabe: Bitte prüfen, ob alle Klammern [ ] { } und "
                       "Anführungszeichen geschlossen sind und die letzte Angabe vollständig ist.")
    if ("expected the node content" in problem or "mapping keys are not allowed" in problem
            or "expected alphabetic or numeric character" in problem or "expected URI" in problem
            or "expected '<document start>'" in problem or "while scanning a directive" in context
            or "while scanning a tag" in context or "while scanning an anchor" in context
            or "while scanning an alias" in context):
        return Problem(file, at(line0), None,
                       "Hier steht ein Zeichen mit Sonderbedeutung an unerwarteter Stelle. Die Zeichen "
                       "[ ] { } , & * ! | > ? % @ ` und Anführungszeichen haben in YAML eine besondere "
                       "Bedeutung: Text, der mit ihnen beginnt oder sie enthält, bitte in Anführungszeichen "
                       "setzen, z. B. name: \"Wert & mehr\".")
    detail = problem or context or str(exc).splitlines()[0]
    return Problem(file, at(line0), None,
                   f"Die Datei ist hier kein gültiges YAML (technisch: {detail}). Bitte Einrückung, "
                   "Doppelpunkte und Anführungszeichen prüfen.")


_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?[\w-]+:\s+(["'])(.*)$""")


def _unclosed_quote_before(lines: list[str], line0: int | None, reach: int = 40) -> int | None:
    """Index of a line shortly before ``line0`` whose quoted value is never closed on it."""
    if line0 is None:
        return None
    for i in range(min(line0, len(lines)) - 1, max(-1, line0 - reach - 1), -1):
        m = _OPEN_QUOTE.match(lines[i])
        if not m:
            continue
        quote, rest = m.groups()
        rest = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return i
    return None


_KEY_NO_SPACE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_äöüÄÖÜß][\w-]*:[^\s:/]")


def _missing_space(line: str) -> bool:
    return bool(_KEY_NO_SPACE.match(line))


# --------------------------------------------------------------------------- files

def decode(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    """Bytes of a data file to text; not UTF-8 becomes a German problem with the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem(file, line, None,
                             "Die Datei ist nicht im Format UTF-8 gespeichert (ungültiges Zeichen in dieser "
                             "Zeile). Bitte im Editor als „UTF-8“ speichern und Umlaute prüfen.")
    if text.startswith("\ufeff"):
        text = text[1:]
    # One spelling of every name (issue #13): „Mülheim“ typed as u + combining diaeresis (NFD)
    # and as ü (NFC) are the same text for the site, its search and its duplicate checks.
    return unicodedata.normalize("NFC", text), None

