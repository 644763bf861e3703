"""Bar charts as data for templates: rows, the SVG geometry, the table and the CSV (issue #17).

Pure Python, no MkDocs: a ``Chart`` holds its numbers once; ``overrides/partials/chart.html``
draws the inline SVG from ``Chart.layout()`` and the table from ``Chart.table``, and
``engagiert/outputs/chart_files.py`` writes ``Chart.csv_bytes()``. So chart, table and
CSV cannot disagree.

Geometry: horizontal bars, one row per category, the category text on its own line
above the bar (long answers wrap instead of being cut off) and the value as text right
of the bar. The SVG scales with its ``viewBox``; at a 320 px wide screen the text stays
about the size of small body text. Why our own renderer and not a library: docs/charts.md.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

# Units of the viewBox (CSS pixels at scale 1).
WIDTH = 300
FONT = 14                  # font size of all chart text
CHAR = 8.0                 # assumed average character width at FONT (bold digits included)
LINE = 18                  # line height of category text above a bar
BAR = 18                   # bar height
GAP = 10                   # space below each bar
WRAP = 36                  # characters per line of category text (≈ WIDTH at FONT)
INLINE = 8                 # labels up to this length stand left of their bar (years)
LEGEND = 42                # height of the legend (two lines) when there is one
INK = "#1b2624"            # text: 15:1 on white
BAR_COLOUR = "#00594f"     # bars: 8.3:1 on white


@dataclass(frozen=True)
class Row:
    label: str                     # category: an answer, a year, a member type
    value: int                     # bar length
    value_text: str                # written right of the bar, e.g. "11 · 52,4 %"
    part: int | None = None        # stacked bars: the solid part; value - part is drawn hatched
    detail: str = ""               # appended to the category line, e.g. "3 neu"
    cells: tuple[str, ...] = ()    # table cells after the label (formatted German text)
    raw: tuple = ()                # CSV values after the label (numbers, not text)


@dataclass(frozen=True)
class Bar:
    """One row's geometry in viewBox units."""

    lines: tuple[tuple[float, float, str], ...]   # (x, baseline y, text) of the category text
    x: float                               # left end of the bar
    y: float                               # top of the bar
    solid: float                           # width of the solid part
    hatched: float                         # width of the hatched part (stacked bars)
    value_x: float
    value_y: float
    value_text: str


@dataclass(frozen=True)
class Layout:
    width: int
    height: float
    bars: tuple[Bar, ...]
    legend_y: float | None
    font: int = FONT
    ink: str = INK
    bar: str = BAR_COLOUR
    bar_height: int = BAR


@dataclass(frozen=True)
class Chart:
    id: str                        # unique on its page: element ids and the CSV file name
    title: str                     # the chart's name (heading text and accessible name)
    summary: str                   # one sentence: what the chart shows
    label_heading: str             # header of the category column, e.g. "Antwort"
    columns: tuple[str, ...]       # headers of the other table columns
    csv_columns: tuple[str, ...]   # headers of the CSV columns after the category
    rows: tuple[Row, ...]
    csv_path: str                  # site-relative path of the CSV file
    legend: tuple[str, str] | None = None   # (solid, hatched) meaning for stacked bars
    unit: str = ""                 # e.g. "Mitglieder": said in the table caption
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def csv_name(self) -> str:
        return self.csv_path.rsplit("/", 1)[-1]

    @property
    def maximum(self) -> int:
        return max((r.value for r in self.rows), default=0)

    @property
    def inline_labels(self) -> bool:
        return all(len(r.label) <= INLINE and not r.detail for r in self.rows)

    def layout(self) -> Layout:
        top = LEGEND if self.legend else 0
        label_w = (max((len(r.label) for r in self.rows), default=0) * CHAR + 8) if self.inline_labels else 0
        value_w = max((len(r.value_text) for r in self.rows), default=0) * CHAR + 8
        span = WIDTH - label_w - value_w
        scale = span / self.maximum if self.maximum else 0.0
        bars = []
        y = float(top)
        for row in self.rows:
            lines = []
            if not self.inline_labels:
                text = f"{row.label} – {row.detail}" if row.detail else row.label
                for line in wrap(text):
                    y += LINE
                    lines.append((0.0, y - 4, line))
                y += 2
            else:
                lines.append((0.0, y + BAR - 4, row.label))
            full = row.value * scale
            solid = full if row.part is None else row.part * scale
            bars.append(Bar(lines=tuple(lines), x=label_w, y=y, solid=round(solid, 2),
                            hatched=round(full - solid, 2), value_x=round(label_w + full + 6, 2),
                            value_y=y + BAR - 4, value_text=row.value_text))
            y += BAR + GAP
        return Layout(WIDTH, y - GAP + 2, tuple(bars), 14 if self.legend else None)

    @property
    def table(self) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """(header, rows) of the HTML table: the same numbers as the chart."""
        return (self.label_heading, *self.columns), tuple((r.label, *r.cells) for r in self.rows)

    def csv_bytes(self) -> bytes:
        """The numbers for spreadsheets: UTF-8 with BOM, ``;`` between fields, decimal comma,
        CRLF line ends – what Excel and LibreOffice in German settings open without asking."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow((self.label_heading, *self.csv_columns))
        for row in self.rows:
            writer.writerow((csv_text(row.label), *(csv_number(v) for v in row.raw)))
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Split text into lines of at most ``width`` characters at spaces (longer words stay whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def de_number(value: float, digits: int = 1) -> str:
    """German decimal: 52.38 -> "52,4"."""
    return f"{value:.{digits}f}".replace(".", ",")


def de_percent(value: float) -> str:
    return f"{de_number(value)}\u00a0%"


def csv_text(text: str) -> str:
    """Text a spreadsheet must not run as a formula ("=HYPERLINK(…)" in an answer): quoted with
    a leading apostrophe, as spreadsheets do themselves."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_number(value) -> str:
    if isinstance(value, float):
        return de_number(value)
    return str(value)
