"""GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``.

The runner turns these lines of a job's output into annotations shown at the line in a
pull request's "Files changed" view. It reads ``%``, CR and LF as escapes in the
message, and additionally ``,`` and ``:`` in the properties (they separate them), so
those characters are written as percent escapes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


def escape_data(text: str) -> str:
    """The message part (after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (``file=``, ``title=``): also ``,`` and ``:``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, *, file: str | None = None, line: int | None = None,
            title: str | None = None) -> str:
    """One workflow command line; ``kind`` is ``error``, ``warning`` or ``notice``."""
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
    if line:
        props.append(f"line={int(line)}")
    if title:
        props.append(f"title={escape_property(title)}")
    head = f"::{kind}" + (" " + ",".join(props) if props else "")
    return f"{head}::{escape_data(message)}"


def in_github_actions(environ: Mapping[str, str] | None = None) -> bool:
    """True in a GitHub Actions job (the runner sets ``GITHUB_ACTIONS=true``)."""
    env = os.environ if environ is None else environ
    return env.get("GITHUB_ACTIONS") == "true"
