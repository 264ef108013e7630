"""Charts drawn on the server as accessible SVG: readable without JavaScript, named for
screen readers (role="img", title, description), values written beside each bar, series told
apart by pattern as well as colour, and the same numbers given as a table and as CSV."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

# Colour-blind-safe hues (Okabe-Ito) with a dash pattern each, so colour is never the only sign.
SERIES_STYLE = (
    ("#0072B2", ""),
    ("#E69F00", "url(#hatch-a)"),
    ("#009E73", "url(#hatch-b)"),
    ("#CC79A7", ""),
)
_DEFS = (
    "<defs>"
    '<pattern id="hatch-a" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#E69F00"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>'
    '<pattern id="hatch-b" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#009E73"/><circle cx="3" cy="3" r="1.2" fill="#fff"/>'
    "</pattern></defs>"
)


@dataclass(frozen=True)
class Chart:
    """One chart: rows of values, one value per series."""

    key: str
    title: str
    series: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Decimal, ...]], ...]
    kind: str = "bars"  # bars | line


def _fill(index: int) -> str:
    colour, pattern = SERIES_STYLE[index % len(SERIES_STYLE)]
    return pattern or colour


def bars_svg(chart: Chart, fmt: Callable[[Decimal], str], *, width: int = 400) -> str:
    """Horizontal bars, grouped by row; each bar carries its value as text."""
    label_w, bar_h, gap = 130, 14, 10
    group_h = bar_h * len(chart.series) + gap
    legend_h = 22
    height = legend_h + group_h * max(len(chart.rows), 1) + 6
    top = max((v for _label, values in chart.rows for v in values), default=Decimal(0))
    scale = (width - label_w - 125) / float(top) if top > 0 else 0.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart.key}-t {chart.key}-d" class="chart-svg">',
        f'<title id="{chart.key}-t">{escape(chart.title)}</title>',
        f'<desc id="{chart.key}-d">{escape(_describe(chart, fmt))}</desc>',
        _DEFS,
    ]
    x = 0
    for index, name in enumerate(chart.series):
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{_fill(index)}" stroke="#333"/>'
            f'<text x="{x + 16}" y="14" font-size="12">{escape(name)}</text>'
        )
        x += 24 + 7.5 * len(name)
    for row_index, (label, values) in enumerate(chart.rows):
        y = legend_h + row_index * group_h
        parts.append(
            f'<text x="0" y="{y + group_h / 2}" font-size="12" dominant-baseline="middle">'
            f"{escape(_short(label))}</text>"
        )
        for index, value in enumerate(values):
            bar_y = y + index * bar_h
            length = max(float(value) * scale, 0.0)
            parts.append(
                f'<rect x="{label_w}" y="{bar_y}" width="{length:.1f}" height="{bar_h - 2}" '
                f'fill="{_fill(index)}" stroke="#333" stroke-width="0.5"/>'
                f'<text x="{label_w + length + 4:.1f}" y="{bar_y + bar_h - 4}" '
                f'font-size="11">{escape(fmt(value))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def line_svg(chart: Chart, fmt: Callable[[Decimal], str], *, width: int = 400) -> str:
    """One line per series over the rows (days), with a marker and the last value labelled."""
    height, left, bottom, top_pad = 200, 40, 30, 24
    count = len(chart.rows)
    top = max((v for _label, values in chart.rows for v in values), default=Decimal(0))
    top = max(top, Decimal(1))
    step = (width - left - 60) / max(count - 1, 1)
    plot_h = height - bottom - top_pad

    def point(i: int, value: Decimal) -> tuple[float, float]:
        return left + i * step, top_pad + plot_h - float(value) / float(top) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart.key}-t {chart.key}-d" class="chart-svg">',
        f'<title id="{chart.key}-t">{escape(chart.title)}</title>',
        f'<desc id="{chart.key}-d">{escape(_describe(chart, fmt))}</desc>',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 50}" y2="{top_pad + plot_h}" '
        'stroke="#333"/>',
        f'<text x="0" y="{top_pad + 4}" font-size="11">{escape(fmt(top))}</text>',
        f'<text x="0" y="{top_pad + plot_h}" font-size="11">0</text>',
    ]
    dashes = ("", "6 3", "2 2", "8 2 2 2")
    x = left
    for index, name in enumerate(chart.series):
        colour = SERIES_STYLE[index % len(SERIES_STYLE)][0]
        parts.append(
            f'<line x1="{x}" y1="10" x2="{x + 20}" y2="10" stroke="{colour}" stroke-width="3" '
            f'stroke-dasharray="{dashes[index % 4]}"/>'
            f'<text x="{x + 24}" y="14" font-size="12">{escape(name)}</text>'
        )
        x += 40 + 7 * len(name)
        points = [point(i, values[index]) for i, (_label, values) in enumerate(chart.rows)]
        if points:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5" '
                f'stroke-dasharray="{dashes[index % 4]}"/>'
            )
            last_x, last_y = points[-1]
            parts.append(
                f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" fill="{colour}"/>'
                f'<text x="{last_x + 5:.1f}" y="{last_y + 4:.1f}" font-size="11">'
                f"{escape(fmt(chart.rows[-1][1][index]))}</text>"
            )
    if chart.rows:
        for i in (0, count - 1):
            px, _py = point(i, Decimal(0))
            anchor = "start" if i == 0 else "end"
            parts.append(
                f'<text x="{px:.1f}" y="{height - 8}" font-size="11" text-anchor="{anchor}">'
                f"{escape(chart.rows[i][0])}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 19) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _describe(chart: Chart, fmt: Callable[[Decimal], str]) -> str:
    rows = "; ".join(
        f"{label}: "
        + ", ".join(
            f"{name} {fmt(value)}" for name, value in zip(chart.series, values, strict=True)
        )
        for label, values in chart.rows[:12]
    )
    return rows or "—"


def chart_csv_rows(charts: Sequence[Chart]) -> list[list[object]]:
    """Every chart's numbers as rows of (chart, label, series, value), for the CSV export."""
    return [
        [chart.key, label, name, value]
        for chart in charts
        for label, values in chart.rows
        for name, value in zip(chart.series, values, strict=True)
    ]
