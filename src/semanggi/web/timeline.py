"""The activity timeline (planned against actual) drawn as a small, printable SVG."""

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Bar:
    label: str
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None
    percent: int


ROW, LABEL, WIDTH, TOP = 28, 270, 760, 34
LABEL_CHARS = 33


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def timeline_svg(bars: list[Bar], *, today: date, title: str, legend: tuple[str, str, str]) -> str:
    """An SVG with one row per activity: the planned bar (light), the actual bar (dark, up to
    today while unfinished) and the percent complete; a line marks today."""
    if not bars:
        return ""
    dates = [b.planned_start for b in bars] + [b.planned_end for b in bars]
    dates += [d for b in bars for d in (b.actual_start, b.actual_end) if d]
    first, last = min(dates), max(dates)
    # Today is drawn when it lies near the plan; a partnership of years ago keeps its scale.
    # Day numbers, not dates: a day before or after the plan may lie outside what date can
    # hold (a record dated in year 1 must not break the page).
    near = (last - first).days / 2 + 30
    show_today = first.toordinal() - near <= today.toordinal() <= last.toordinal() + near
    if show_today:
        first, last = min(first, today), max(last, today)
    span = max((last - first).days, 1)

    def x(day: date, after: int = 0) -> float:
        return LABEL + (WIDTH - LABEL - 48) * (day.toordinal() + after - first.toordinal()) / span

    height = TOP + ROW * len(bars) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" class="timeline" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{LABEL}" y="14" font-size="11">{first.isoformat()}</text>',
        f'<text x="{WIDTH - 10}" y="14" font-size="11" text-anchor="end">{last.isoformat()}</text>',
    ]
    for row, bar in enumerate(bars):
        y = TOP + row * ROW
        parts.append(
            f'<text x="4" y="{y + 14}" font-size="11">{escape(_short(bar.label))}'
            f"<title>{escape(bar.label)}</title></text>"
        )
        parts.append(
            f'<rect class="planned" x="{x(bar.planned_start):.1f}" y="{y + 2}" '
            f'width="{max(x(bar.planned_end, 1) - x(bar.planned_start), 2):.1f}" '
            f'height="10" fill="#cfe3d7">'
            f"<title>{bar.planned_start} – {bar.planned_end}</title></rect>"
        )
        if bar.actual_start:
            end = bar.actual_end or max(today, bar.actual_start)
            parts.append(
                f'<rect class="actual" x="{x(bar.actual_start):.1f}" y="{y + 13}" '
                f'width="{max(x(end, 1) - x(bar.actual_start), 2):.1f}" '
                f'height="8" fill="#1f6f43"><title>{bar.actual_start} – '
                f"{bar.actual_end or '…'}</title></rect>"
            )
        parts.append(
            f'<text x="{WIDTH - 6}" y="{y + 14}" font-size="11" text-anchor="end">'
            f"{bar.percent}%</text>"
        )
    if show_today:
        today_x = x(today)
        parts.append(
            f'<line x1="{today_x:.1f}" x2="{today_x:.1f}" y1="20" y2="{height - 24}" '
            'stroke="#a4161a" stroke-dasharray="3,3"/>'
        )
    planned, actual, now = (escape(text) for text in legend)
    legend_y = height - 8
    parts.append(
        f'<rect x="{LABEL}" y="{legend_y - 9}" width="14" height="8" fill="#cfe3d7"/>'
        f'<text x="{LABEL + 18}" y="{legend_y}" font-size="11">{planned}</text>'
        f'<rect x="{LABEL + 120}" y="{legend_y - 9}" width="14" height="8" fill="#1f6f43"/>'
        f'<text x="{LABEL + 138}" y="{legend_y}" font-size="11">{actual}</text>'
    )
    if show_today:
        parts.append(
            f'<line x1="{LABEL + 240}" x2="{LABEL + 254}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" stroke="#a4161a" stroke-dasharray="3,3"/>'
            f'<text x="{LABEL + 258}" y="{legend_y}" font-size="11">{now}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
