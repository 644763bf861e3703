"""One policy for everything a pull request can change besides code: files and page heads.

``site.Build.load`` (the build, in ``on_config``) and ``engagiert.check`` (``make check``)
both run ``check_repository`` before they read any data.
"""

from __future__ import annotations

from pathlib import Path

from engagiert.base import yamlguard
from engagiert.load.files import check_files
from engagiert.load.frontmatter import check_pages
from engagiert.base.problems import Problem


def check_repository(root: Path) -> list[Problem]:
    problems = check_files(root) + check_mkdocs_config(root)
    if problems:
        # Links and unsafe names first: reading pages through them is what must not happen.
        return problems
    return check_pages(root)


def check_mkdocs_config(root: Path, name: str = "mkdocs.yml") -> list[Problem]:
    """MkDocs reads its configuration itself, with a loader that expands aliases; ``make check``
    (run by CI before the build) refuses aliases and deep nesting in it first."""
    path = Path(root) / name
    if path.is_symlink():
        return [Problem(name, None, None, "Die Konfiguration darf keine symbolische Verknüpfung sein.")]
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return []
    except UnicodeDecodeError:
        return [Problem(name, None, None, "Die Konfiguration ist nicht im Format UTF-8 gespeichert.")]
    breach = yamlguard.scan(text)
    if breach is None:
        return []
    return [Problem(name, breach.line, None, yamlguard.message(breach))]
