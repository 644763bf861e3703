"""JSON Schema (Draft 2020-12) validation with German messages for editors.

Each validator keyword has its own message that says what is wrong and what to do.
Schemas can help with German texts of their own, per (sub)schema:

- ``title`` / ``description``: what the field is (also the editor's tooltip);
- ``examples``: shown as "Beispiel: …";
- ``patternErrorMessage`` (also shown by VS Code's YAML extension) or ``x-hint``:
  replaces the generic "wrong format" explanation;
- ``x-message``: the whole message for errors raised by this subschema (``then``, ``not`` …).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..base.problems import Problem
from ..base.usercache import user_cache_dir
from .yamlsource import Parsed, format_path

_TYPES = {
    "string": "Text",
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
    "boolean": "true oder false",
    "array": "eine Liste",
    "object": "eine Gruppe von Feldern",
    "null": "nichts",
}


_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples"}


class SchemaCheck:
    """A schema ready to validate: jsonschema (Draft 2020-12) for the messages, plus an
    optional compiled fast pre-check (fastjsonschema) that only says valid or not.

    Records the fast check accepts skip jsonschema (ten times slower); anything it rejects
    is validated again by jsonschema, whose errors become the messages. The test suite
    checks that both agree on valid and mutated example data.
    """

    def __init__(self, schema: dict):
        _check_schema(schema)
        fmt = Draft202012Validator.FORMAT_CHECKER
        self.schema = schema
        self.full = Draft202012Validator(schema, format_checker=fmt)
        plain_list = (schema.get("type") == "array" and isinstance(schema.get("items"), dict)
                      and set(schema) - _ANNOTATIONS <= {"type", "items"})
        self.item = Draft202012Validator(schema["items"], format_checker=fmt) if plain_list else None
        self.fast_item = _compile_fast(schema["items"]) if plain_list else None
        self.fast_doc = None if plain_list else _compile_fast(schema)

    def iter_errors(self, instance):
        return self.full.iter_errors(instance)


def _check_schema(schema: dict) -> None:
    """``Draft202012Validator.check_schema`` (raises SchemaError), skipped for a schema that
    passed it before on this machine with this jsonschema: a marker file per checksum in the
    user's cache folder (outside the repository, like the compiled templates)."""
    from importlib.metadata import version

    text = json.dumps(schema, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{version('jsonschema')}\0{text}".encode("utf-8")).hexdigest()
    marker = user_cache_dir() / "schemas" / key
    if marker.is_file():
        return
    Draft202012Validator.check_schema(schema)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # no cache folder: check again next time


def _is_date(value) -> bool:
    """The "date" format as jsonschema checks it: YYYY-MM-DD and a day that exists."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _compile_fast(schema: dict):
    """A fastjsonschema function for ``schema`` or None (not installed, unsupported schema)."""
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - optional speed-up
        return None
    definition = dict(schema)
    definition["$schema"] = "http://json-schema.org/draft-07/schema#"   # same keywords as used here
    try:
        check = fastjsonschema.compile(definition, use_default=False, formats={"date": _is_date})
    except Exception:  # pragma: no cover - fall back to jsonschema alone
        return None

    def is_valid(instance) -> bool:
        try:
            check(instance)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


@lru_cache(maxsize=None)
def _load_schema_cached(path: str, mtime: float) -> SchemaCheck:
    return SchemaCheck(json.loads(Path(path).read_text(encoding="utf-8")))


def load_validator(path: Path) -> SchemaCheck:
    """The validator for a schema file (cached while the file is unchanged)."""
    return _load_schema_cached(str(path), path.stat().st_mtime)


def describe_value(value: Any, raw: str | None = None) -> str:
    """German description (nominative) of what an editor wrote: 'die Zahl 48143', 'der Text „abc“'."""
    if value is None:
        return "kein Wert"
    if isinstance(value, bool):
        return f"der Wahrheitswert {raw or str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"die Zahl {raw or value}"
    if isinstance(value, str):
        return f"der Text „{_short(value)}“"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Gruppe von Feldern"
    return repr(value)  # pragma: no cover


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _yamlish(value: Any) -> str:
    """An example value the way an editor writes it in YAML (flow style)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yamlish(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_yamlish(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and (value == "" or value[0] in "0123456789\"'[]{}&*!|>%@`" or ": " in value):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _example(schema: dict) -> str:
    examples = schema.get("examples")
    if examples:
        return f" Beispiel: {_yamlish(examples[0])}."
    return ""


def _what(schema: dict) -> str:
    title = schema.get("title")
    return f" ({title})" if title else ""


def _closest(word: str, options: Iterable[str]) -> str | None:
    """The allowed value an editor most likely meant (typo, case, extra words)."""
    options = [str(o) for o in options]
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches:
        lowered = {o.lower(): o for o in options}
        matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        matches = [lowered[m] for m in matches]
    if not matches:
        folded = word.lower().replace(" ", "-")
        contained = [o for o in options if len(o) >= 3 and (o.lower() in word.lower() or o.lower() in folded)]
        if len(contained) == 1:
            matches = contained
    return matches[0] if matches else None


def _join(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


_YES_NO = {"ja": "true", "yes": "true", "on": "true", "wahr": "true", "y": "true", "j": "true",
           "nein": "false", "no": "false", "off": "false", "falsch": "false", "n": "false"}


class Messages:
    """Turns one jsonschema error into German problems (file, line, field, message)."""

    def __init__(self, doc: Parsed, skip: int):
        self.doc = doc
        self.skip = skip   # path parts not shown in field names (record index of list files)
        self.prefix: tuple = ()   # path of the validated instance inside the document

    def field(self, path: tuple) -> str | None:
        return format_path(path[self.skip:]) or None

    def problem(self, path: tuple, message: str, line_path: tuple | None = None) -> Problem:
        line = self.doc.line(line_path if line_path is not None else path)
        return Problem(self.doc.file, line, self.field(path), message)

    def convert(self, error: ValidationError) -> list[Problem]:
        path = self.prefix + tuple(error.absolute_path)
        schema = error.schema if isinstance(error.schema, dict) else {}
        kind = error.validator
        if "x-message" in schema and kind not in ("type", "enum", "pattern", "additionalProperties"):
            target = path + (schema["x-field"],) if schema.get("x-field") else path
            return [self.problem(target, schema["x-message"])]
        handler = getattr(self, "_" + str(kind).replace("-", "_"), None)
        if handler is None:
            return [self.problem(path, f"Der Wert ist hier nicht zulässig ({error.message}).")]
        result = handler(error, path, schema)
        return result if isinstance(result, list) else [result]

    # --- keywords -------------------------------------------------------------------
    def _required(self, error, path, schema):
        problems = []
        present = error.instance if isinstance(error.instance, dict) else {}
        for name in error.validator_value:
            if name in present:
                continue
            sub = schema.get("properties", {}).get(name, {})
            title = sub.get("title")
            hint = f" – {title}" if title else ""
            desc = sub.get("description")
            detail = f" {desc}" if desc and len(desc) < 160 else ""
            problems.append(self.problem(
                path + (name,),
                f"Pflichtangabe fehlt: Bitte die Zeile „{name}: …“ ergänzen{hint}.{detail}{_example(sub)}",
                line_path=path,
            ))
        return problems

    def _additionalProperties(self, error, path, schema):
        allowed = list(schema.get("properties", {}))
        problems = []
        instance = error.instance if isinstance(error.instance, dict) else {}
        for key in instance:
            if key in allowed:
                continue
            suggestion = _closest(key, allowed)
            guess = f" Meinten Sie „{suggestion}“?" if suggestion else ""
            if key.isdigit():
                guess = (" Steht davor eine Dezimalzahl mit Komma? Zahlen bitte mit Punkt schreiben, "
                         "z. B. 51.96 statt 51,96.")
            problems.append(self.problem(
                path + (key,),
                f"Unbekanntes Feld „{key}“.{guess} Erlaubt sind hier: {_join(allowed)}. "
                "Unbekannte Felder würden nirgends angezeigt; bitte umbenennen oder löschen.",
            ))
        return problems

    def _type(self, error, path, schema):
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        want = " oder ".join(_TYPES.get(t, t) for t in expected)
        value = error.instance
        raw = self.doc.raw.get(path)
        if value is None:
            return self.problem(path, f"Das Feld ist leer{_what(schema)}. Bitte einen Wert eintragen "
                                      f"oder die ganze Zeile löschen.{_example(schema)}")
        got = describe_value(value, raw)
        msg = f"Erwartet wird {want}{_what(schema)}, gefunden wurde {got}."
        if "string" in expected and not isinstance(value, (list, dict)):
            text = raw if raw is not None else str(value)
            return self.problem(path, msg + f" Bitte in Anführungszeichen setzen: \"{text}\".")
        elif ("number" in expected or "integer" in expected) and isinstance(value, str) \
                and re.fullmatch(r"-?[0-9]+,[0-9]+", value.strip()):
            return self.problem(path, msg + f" Dezimalzahlen bitte mit Punkt schreiben: {value.strip().replace(',', '.')}.")
        elif "boolean" in expected and isinstance(value, str) and value.lower() in _YES_NO:
            return self.problem(path, msg + f" Bitte {_YES_NO[value.lower()]} schreiben (nur true oder false).")
        elif "array" in expected and not isinstance(value, dict):
            msg += " Eine Liste schreiben Sie als [eintrag-1, eintrag-2] oder je Eintrag eine Zeile „- eintrag“."
        elif "object" in expected and isinstance(value, str):
            if ":" in value and not value.startswith("http"):
                msg += " Fehlt nach einem Doppelpunkt ein Leerzeichen? Bitte „feldname: Wert“ schreiben."
            else:
                msg += " Bitte die Angaben als eingerückte Zeilen „feldname: Wert“ darunter schreiben."
        if not path and "array" in expected:
            msg = ("Die Datei muss eine Liste von Einträgen sein: Jeder Eintrag beginnt mit „- “ am "
                   f"Zeilenanfang, gefunden wurde {got}.")
        if len(path) == 1 and self.skip == 1 and "object" in expected:
            msg = (f"Jeder Eintrag der Liste besteht aus Feldern („- id: …“ und darunter eingerückt "
                   f"„name: …“), gefunden wurde {got}.")
            if isinstance(value, str) and ":" in value:
                msg += " Fehlt nach einem Doppelpunkt ein Leerzeichen?"
        return self.problem(path, msg + _example(schema) if "Beispiel" not in msg else msg)

    def _enum(self, error, path, schema):
        allowed = error.validator_value
        value = error.instance
        guess = ""
        if isinstance(value, str):
            suggestion = _closest(value, [str(a) for a in allowed])
            if suggestion:
                guess = f" Meinten Sie „{suggestion}“?"
        labels = schema.get("enumDescriptions") or schema.get("x-enum-labels")
        if labels and len(labels) == len(allowed):
            options = "; ".join(f"{a} ({lab})" for a, lab in zip(allowed, labels))
        else:
            options = _join(allowed)
        got = describe_value(value, self.doc.raw.get(path))
        return self.problem(path, f"„{_short(str(value))}“ ist hier nicht erlaubt{_what(schema)}.{guess} "
                                  f"Erlaubt sind: {options}." if isinstance(value, str) else
                                  f"Gefunden wurde {got}{_what(schema)}. Erlaubt sind: {options}.")

    def _const(self, error, path, schema):
        return self.problem(path, f"Erlaubt ist hier nur „{error.validator_value}“.")

    def _pattern(self, error, path, schema):
        hint = schema.get("patternErrorMessage") or schema.get("x-hint") or "Der Wert hat nicht das erwartete Format."
        example = "" if "Beispiel" in hint or "z. B." in hint else _example(schema)
        return self.problem(path, f"„{_short(str(error.instance))}“ passt nicht{_what(schema)}: {hint}{example}")

    def _format(self, error, path, schema):
        pattern = schema.get("pattern")
        if pattern and isinstance(error.instance, str) and not re.search(pattern, error.instance):
            return []  # the pattern error says it already
        if error.validator_value == "date":
            return self.problem(path, f"Das Datum „{error.instance}“ gibt es nicht{_what(schema)}. Bitte Tag und "
                                      "Monat prüfen (Format JJJJ-MM-TT, z. B. 2026-03-12).")
        hint = schema.get("patternErrorMessage") or schema.get("x-hint") or f"Erwartet wird das Format {error.validator_value}."
        return self.problem(path, f"„{_short(str(error.instance))}“ passt nicht{_what(schema)}: {hint}{_example(schema)}")

    def _minLength(self, error, path, schema):
        if error.validator_value <= 1:
            return self.problem(path, f"Das Feld ist leer{_what(schema)}. Bitte einen Text eintragen oder die Zeile löschen.")
        return self.problem(path, f"Der Text ist zu kurz{_what(schema)}: mindestens {error.validator_value} Zeichen.")

    def _maxLength(self, error, path, schema):
        return self.problem(path, f"Der Text ist zu lang{_what(schema)}: höchstens {error.validator_value} Zeichen, "
                                  f"es sind {len(error.instance)}. Bitte kürzen.")

    def _minItems(self, error, path, schema):
        n = error.validator_value
        need = "mindestens einen Eintrag" if n == 1 else f"mindestens {n} Einträge"
        return self.problem(path, f"Die Liste{_what(schema)} braucht {need}.{_example(schema)}")

    def _maxItems(self, error, path, schema):
        return self.problem(path, f"Die Liste{_what(schema)} hat zu viele Einträge: höchstens {error.validator_value}.")

    def _uniqueItems(self, error, path, schema):
        seen, dupes = [], []
        for item in error.instance:
            (dupes if item in seen else seen).append(item)
        what = _join(f"„{d}“" for d in dupes) if dupes else "ein Eintrag"
        return self.problem(path, f"Die Liste{_what(schema)} enthält {what} mehrfach. Bitte doppelte Einträge löschen.")

    def _minimum(self, error, path, schema):
        return self.problem(path, f"Der Wert {error.instance}{_what(schema)} ist zu klein: mindestens {error.validator_value}.")

    def _maximum(self, error, path, schema):
        return self.problem(path, f"Der Wert {error.instance}{_what(schema)} ist zu groß: höchstens {error.validator_value}.")

    def _exclusiveMinimum(self, error, path, schema):
        return self.problem(path, f"Der Wert {error.instance}{_what(schema)} muss größer als {error.validator_value} sein.")

    def _exclusiveMaximum(self, error, path, schema):
        return self.problem(path, f"Der Wert {error.instance}{_what(schema)} muss kleiner als {error.validator_value} sein.")

    def _minProperties(self, error, path, schema):
        return self.problem(path, f"Der Abschnitt{_what(schema)} ist leer. Bitte Angaben eintragen oder den Abschnitt löschen.")

    def _not(self, error, path, schema):
        return self.problem(path, f"Diese Angabe ist hier nicht zulässig{_what(schema)}.")

    def _anyOf(self, error, path, schema):
        return self._alternatives(error, path, schema)

    def _oneOf(self, error, path, schema):
        return self._alternatives(error, path, schema)

    def _alternatives(self, error, path, schema):
        # Report the alternative that came closest (its errors), not a summary of all.
        best = None
        for sub in error.context or ():
            if best is None or len(sub.absolute_path) > len(best.absolute_path):
                best = sub
        if best is not None:
            return self.convert(best)
        return self.problem(path, f"Der Wert passt auf keine der erlaubten Formen{_what(schema)}.")


def validate(doc: Parsed, validator: SchemaCheck, *, records: bool) -> tuple[list[Problem], set]:
    """Validate a parsed document. Returns the problems and the set of invalid record indexes
    (``records``: a list file; ``{()}`` marks the whole document invalid otherwise)."""
    messages = Messages(doc, 1 if records else 0)
    problems: list[Problem] = []
    bad: set = set()
    value = doc.value
    if records and isinstance(value, list) and validator.item is not None:
        fast = validator.fast_item
        for index, item in enumerate(value):
            if fast is not None and fast(item):
                continue
            messages.prefix = (index,)
            for error in validator.item.iter_errors(item):
                bad.add(index)
                problems.extend(messages.convert(error))
        return problems, bad
    if validator.fast_doc is not None and validator.fast_doc(value):
        return problems, bad
    for error in validator.iter_errors(value):
        path = tuple(error.absolute_path)
        if records and path:
            bad.add(path[0])
        else:
            bad.add(())
        problems.extend(messages.convert(error))
    return problems, bad
