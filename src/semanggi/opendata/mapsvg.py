"""The map, drawn on the server as accessible SVG: regency outlines filled by poverty rate
(a colour and a hatching per class, so never colour alone), and markers for partnerships
(circles) and open needs (diamonds) by region, each a link that the keyboard reaches.

No tiles, no script: it works offline and without JavaScript; the page puts a table with the
same figures beside it. Every text that goes into the SVG is escaped here.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from semanggi.opendata.portal import Cluster, MapData
from semanggi.regions.geo import Outline, outlines, project, viewbox

# Poverty rate classes (percent of people below the poverty line): lower bounds.
BREAKS = (Decimal(0), Decimal(5), Decimal(10), Decimal(15), Decimal(20))
# ColorBrewer "Oranges", five classes: sequential and safe for colour-blind readers.
FILLS = ("#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603")
NO_DATA = "#f4f4f4"


@dataclass(frozen=True)
class RateClass:
    index: int
    low: Decimal
    high: Decimal | None
    fill: str

    @property
    def label(self) -> str:
        if self.high is None:
            return f"≥ {self.low} %"
        return f"{self.low}–{self.high} %"


def rate_classes() -> list[RateClass]:
    return [
        RateClass(i, low, BREAKS[i + 1] if i + 1 < len(BREAKS) else None, FILLS[i])
        for i, low in enumerate(BREAKS)
    ]


def rate_class(rate: Decimal) -> int:
    return max(i for i, low in enumerate(BREAKS) if rate >= low)


def _hatch(index: int, size: float) -> str:
    """Hatching for class ``index``: none, one diagonal, denser diagonals, a cross, a dense
    cross. The density alone tells the classes apart, whatever colours the reader sees."""
    colour = "#ffffff" if index == len(BREAKS) - 1 else "#3b2a1a"  # visible on the darkest fill
    stroke = f'stroke="{colour}" stroke-width="{size * 0.12:.3f}"'
    s = size
    lines = {
        0: "",
        1: f'<path d="M0 {s}L{s} 0" {stroke}/>',
        2: f'<path d="M0 {s / 2}L{s / 2} 0M0 {s}L{s} 0M{s / 2} {s}L{s} {s / 2}" {stroke}/>',
        3: f'<path d="M0 {s}L{s} 0M0 0L{s} {s}" {stroke}/>',
        4: (
            f'<path d="M0 {s / 2}L{s / 2} 0M0 {s}L{s} 0M{s / 2} {s}L{s} {s / 2}'
            f'M0 {s / 2}L{s / 2} {s}M0 0L{s} {s}M{s / 2} 0L{s} {s / 2}" {stroke}/>'
        ),
    }
    return lines[index]


def pattern_defs(prefix: str, size: float) -> str:
    return "".join(
        f'<pattern id="{prefix}-rate-{c.index}" patternUnits="userSpaceOnUse" '
        f'width="{size:.3f}" height="{size:.3f}">'
        f'<rect width="{size:.3f}" height="{size:.3f}" fill="{c.fill}"/>{_hatch(c.index, size)}'
        "</pattern>"
        for c in rate_classes()
    )


def legend_swatch(index: int) -> str:
    """A small SVG square with the class's fill and hatching, for the legend."""
    return (
        '<svg class="swatch" width="18" height="18" viewBox="0 0 6 6" aria-hidden="true">'
        f"<defs>{pattern_defs('legend-' + str(index), 3)}</defs>"
        f'<rect width="6" height="6" fill="url(#legend-{index}-rate-{index})" stroke="#555" '
        'stroke-width=".3"/></svg>'
    )


def _shown(data: MapData) -> Sequence[Outline]:
    if data.area is None:
        return outlines(1.5)
    prefix = data.area.code[:5] if data.area.level >= 2 else data.area.code + "."
    fine = outlines(0.15)
    if data.area.level >= 2:
        return [o for o in fine if o.code == prefix]
    return [o for o in fine if o.code.startswith(prefix)]


def _box(shown: Sequence[Outline], data: MapData) -> tuple[float, float, float, float]:
    if data.area is None or not shown:
        width, height = viewbox()
        if data.area is not None and data.clusters:
            points = [
                project(float(c.point.longitude), float(c.point.latitude))
                for c in data.clusters
                if c.point
            ]
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                pad = 20.0
                return (
                    min(xs) - pad,
                    min(ys) - pad,
                    max(xs) - min(xs) + 2 * pad,
                    max(ys) - min(ys) + 2 * pad,
                )
        return 0.0, 0.0, width, height
    x0 = min(o.box[0] for o in shown)
    y0 = min(o.box[1] for o in shown)
    x1 = max(o.box[2] for o in shown)
    y1 = max(o.box[3] for o in shown)
    pad = max(x1 - x0, y1 - y0) * 0.05 + 0.5
    return x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad


def cluster_label(cluster: Cluster) -> str:
    parts = [
        ngettext("%(n)d partnership", "%(n)d partnerships", cluster.partnerships)
        % {"n": cluster.partnerships},
        ngettext("%(n)d open need", "%(n)d open needs", cluster.needs) % {"n": cluster.needs},
    ]
    return f"{cluster.name}: {', '.join(parts)}"


def _positions(clusters: Sequence[Cluster], unit: float) -> dict[str, tuple[float, float]]:
    """Where each marker goes. Districts and villages have no geometry of their own and share
    their regency's point: markers that share a point are set on a ring around it, in code
    order, so that each stays visible and selectable (the table gives the exact figures)."""
    by_point: dict[tuple[float, float], list[Cluster]] = {}
    for cluster in clusters:
        if cluster.point is not None:
            at = project(float(cluster.point.longitude), float(cluster.point.latitude))
            by_point.setdefault(at, []).append(cluster)
    positions: dict[str, tuple[float, float]] = {}
    for (x, y), group in by_point.items():
        if len(group) == 1:
            positions[group[0].code] = (x, y)
            continue
        radius = unit * (4 + len(group) * 0.9)
        for i, cluster in enumerate(group):
            angle = 2 * math.pi * i / len(group) - math.pi / 2
            positions[cluster.code] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return positions


def _marker(cluster: Cluster, unit: float, at: tuple[float, float] | None) -> str:
    if at is None:
        return ""
    x, y = at
    label = escape(cluster_label(cluster))
    href = escape(reverse("region-detail", args=[cluster.code])) if cluster.code else "#map-table"
    shapes = []
    if cluster.partnerships:
        r = unit * (1.6 + math.sqrt(cluster.partnerships))
        cx = x - (r * 0.9 if cluster.needs else 0)
        shapes.append(
            f'<circle class="m-partnership" cx="{cx:.2f}" cy="{y:.2f}" r="{r:.2f}"/>'
            f'<text x="{cx:.2f}" y="{y + unit * 0.9:.2f}" font-size="{unit * 2.4:.2f}">'
            f"{cluster.partnerships}</text>"
        )
    if cluster.needs:
        r = unit * (1.6 + math.sqrt(cluster.needs))
        cx = x + (r * 0.9 if cluster.partnerships else 0)
        shapes.append(
            f'<path class="m-need" d="M{cx:.2f} {y - r:.2f}L{cx + r:.2f} {y:.2f}'
            f'L{cx:.2f} {y + r:.2f}L{cx - r:.2f} {y:.2f}Z"/>'
            f'<text x="{cx:.2f}" y="{y + unit * 0.9:.2f}" font-size="{unit * 2.4:.2f}">'
            f"{cluster.needs}</text>"
        )
    return (
        f'<a href="{href}" class="m-cluster" data-region="{escape(cluster.code)}">'
        f"<title>{label}</title>{''.join(shapes)}</a>"
    )


def map_svg(data: MapData, *, title: str) -> str:
    """The map as one ``<svg>`` element (safe to insert: every text is escaped)."""
    shown = _shown(data)
    x, y, width, height = _box(shown, data)
    unit = max(width, height) / 170
    rates = data.rates
    paths = []
    for outline in shown:
        rate = rates.get(outline.code)
        if rate is None:
            # Regencies without a figure take the group's fill and carry no title: the
            # country map stays small on a phone; the table lists what the map counts.
            paths.append(f'<path d="{outline.path}" data-code="{outline.code}"/>')
            continue
        tip = _("%(name)s: poverty rate %(rate)s %% (%(year)s)") % {
            "name": outline.name,
            "rate": f"{rate:.2f}",
            "year": data.rate_years.get(outline.code, ""),
        }
        paths.append(
            f'<path d="{outline.path}" fill="url(#map-rate-{rate_class(rate)})" '
            f'data-code="{outline.code}"><title>{escape(tip)}</title></path>'
        )
    clusters = list(data.clusters) + ([data.elsewhere] if data.elsewhere is not None else [])
    positions = _positions(clusters, unit)
    markers = [_marker(c, unit, positions.get(c.code)) for c in clusters]
    return (
        f'<svg class="region-map" viewBox="{x:.2f} {y:.2f} {width:.2f} {height:.2f}" '
        'role="group" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="map-title">{escape(title)}</title>'
        f"<defs>{pattern_defs('map', unit * 1.6)}</defs>"
        f'<rect class="sea" x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}"/>'
        f'<g class="outlines" fill="{NO_DATA}" stroke-width="{unit * 0.12:.3f}">'
        f"{''.join(paths)}</g>"
        f'<g class="markers" stroke-width="{unit * 0.25:.3f}">{"".join(markers)}</g>'
        "</svg>"
    )
