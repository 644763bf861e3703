"""``make check BASE=<git ref>``: events whose date, time, place, online link or status
changed against BASE while ``version`` stayed the same (issue #15).

Calendar programs that subscribed to the feed take a changed event only when its
SEQUENCE (our ``version``) grows; otherwise they keep the old time. The comparison reads
both versions of the events file as YAML (no build), so it also runs when other data is
broken.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from ..base.problems import Problem
from ..load.yamlsource import parse

# field -> German name used in the message
WATCHED = {"beginn": "Beginn", "ende": "Ende", "ort": "Ort", "online.link": "Online-Link", "status": "Status"}


def git_show(root: Path, ref: str, rel: str) -> str | None:
    """The file ``rel`` at ``ref``; None when it did not exist there. Raises ``LookupError``
    when ``ref`` is unknown."""
    verify = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                            capture_output=True, text=True)
    if verify.returncode != 0:
        raise LookupError(ref)
    shown = subprocess.run(["git", "-C", str(root), "show", f"{ref}:{rel}"], capture_output=True)
    if shown.returncode != 0:
        return None
    return shown.stdout.decode("utf-8", "replace").replace("\r\n", "\n")


def _get(record: dict, dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _norm(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _version(record: dict) -> int | None:
    value = record.get("version", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_versions(root: Path, base: str, rel: str = "data/events.yaml") -> list[Problem]:
    try:
        old_text = git_show(root, base, rel)
    except (LookupError, OSError):
        return [Problem(rel, None, None, f"Der Vergleichsstand „{base}“ ist in git nicht bekannt (make check "
                                         f"BASE=…). Bitte einen vorhandenen Branch oder Commit angeben, z. B. "
                                         f"BASE=origin/main.")]
    if old_text is None:
        return []
    try:
        new_text = (root / rel).read_text(encoding="utf-8").replace("\r\n", "\n")
    except OSError:
        return []  # the normal check reports the missing file
    old, new = parse(old_text, rel, records=True), parse(new_text, rel, records=True)
    if not (old.ok and new.ok and isinstance(old.value, list) and isinstance(new.value, list)):
        return []
    before = {r["id"]: r for r in old.value if isinstance(r, dict) and isinstance(r.get("id"), str)}
    problems = []
    for index, record in enumerate(new.value):
        if not isinstance(record, dict) or record.get("id") not in before:
            continue
        previous = before[record["id"]]
        changed = [label for key, label in WATCHED.items() if _norm(_get(record, key)) != _norm(_get(previous, key))]
        if not changed:
            continue
        was, now = _version(previous), _version(record)
        if was is None or now is None or now > was:
            continue
        line = new.line((index, "version")) if "version" in record else new.line((index,))
        what = ", ".join(changed[:-1]) + (" und " if len(changed) > 1 else "") + changed[-1]
        verb = "haben" if len(changed) > 1 else "hat"
        fix = (f"version: von {was} auf {was + 1} erhöhen" if "version" in record
               else f"eine Zeile „version: {was + 1}“ ergänzen")
        problems.append(Problem(rel, line, "version",
                                f"{what} {verb} sich gegenüber {base} geändert, aber „version“ ist gleich geblieben "
                                f"({now}). Abonnierte Kalender übernehmen die Änderung sonst nicht. Bitte "
                                f"{fix} und „aktualisiert“ auf den Zeitpunkt der Änderung setzen."))
    return problems
