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
