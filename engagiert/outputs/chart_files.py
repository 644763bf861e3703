"""CSV downloads of the charts (issue #17): one file per chart, beside its page.

The numbers come from ``engagiert.views.figures.Figures``, the same object the pages use.
"""

from __future__ import annotations

from pathlib import Path


def write_chart_files(build, site_dir: Path) -> None:
    from ..views.figures import Figures

    for chart in Figures(build).all_charts():
        target = Path(site_dir) / chart.csv_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(chart.csv_bytes())


def register() -> None:
    """Add ``write_chart_files`` to ``engagiert.site.OUTPUT_WRITERS`` (once)."""
    from .. import site

    if write_chart_files not in site.OUTPUT_WRITERS:
        write_chart_files.independent = True  # writes only its .csv files: may run beside the others
        site.OUTPUT_WRITERS.append(write_chart_files)
