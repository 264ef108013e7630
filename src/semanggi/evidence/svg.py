"""The snowball referral graph and the source timeline, drawn as small printable SVG from
plain rows (no Django): every text placed in the drawing is escaped here."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr


class GraphNode(Protocol):
    @property
    def pk(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def sampling(self) -> str: ...
    @property
    def referred_by(self) -> int | None: ...
    @property
    def withdrawn(self) -> bool: ...


class TimelineItem(Protocol):
    @property
    def pk(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def on(self) -> date | None: ...
    @property
    def withdrawn(self) -> bool: ...


SAMPLING_FILL = {"purposive": "#e6f2eb", "snowball": "#fde9c8", "accidental": "#e2e8f0"}
KIND_COLOUR = {
    "interview": "#2b6cb0",
    "document": "#975a16",
    "observation": "#2f855a",
    "field_note": "#6b46c1",
}
BOX_W, BOX_H, COLUMN, ROW, TOP = 190, 28, 230, 40, 36


def _open(width: int, height: int, title: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width: {width}px" class={quoteattr(css_class)} '
        f"aria-label={quoteattr(title)}>",
        f"<title>{escape(title)}</title>",
    ]


def referral_svg(
    nodes: Sequence[GraphNode],
    *,
    title: str,
    sampling_labels: Mapping[str, str],
    withdrawn_label: str,
    link: str = "",
) -> str:
    """Informants as boxes in columns by how far down a referral chain they are; an arrow
    runs from each referrer to the informant she referred. ``link`` (with ``{pk}``) makes
    each box a link."""
    by_pk = {n.pk: n for n in nodes}
    children: dict[int | None, list[GraphNode]] = defaultdict(list)
    for node in nodes:
        parent = node.referred_by if node.referred_by in by_pk else None
        children[parent].append(node)
    place: dict[int, tuple[int, int]] = {}
    row = 0

    def visit(node: GraphNode, depth: int) -> None:
        nonlocal row
        if node.pk in place:
            return
        place[node.pk] = (depth, row)
        row += 1
        for child in children.get(node.pk, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    for node in nodes:  # anything in a cycle, which the forms prevent
        visit(node, 0)

    depth = max((d for d, _ in place.values()), default=0)
    width = max(COLUMN * (depth + 1) + 20, 560)
    height = TOP + ROW * max(row, 1) + 40
    parts = _open(width, height, title, "referrals")
    parts.append(
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#5b6661"/></marker></defs>'
    )

    def corner(pk: int) -> tuple[int, int]:
        d, r = place[pk]
        return 10 + d * COLUMN, TOP + r * ROW

    for node in nodes:
        if node.referred_by in by_pk:
            x1, y1 = corner(node.referred_by)  # type: ignore[arg-type]
            x2, y2 = corner(node.pk)
            parts.append(
                f'<path class="referral" d="M {x1 + BOX_W} {y1 + BOX_H // 2} C {x1 + BOX_W + 20} '
                f'{y1 + BOX_H // 2}, {x2 - 20} {y2 + BOX_H // 2}, {x2} {y2 + BOX_H // 2}" '
                'fill="none" stroke="#5b6661" marker-end="url(#arrow)"/>'
            )
    for node in nodes:
        x, y = corner(node.pk)
        label = node.label if len(node.label) <= 28 else node.label[:27] + "…"
        tooltip = f"{node.label} · {sampling_labels.get(node.sampling, node.sampling)}"
        if node.withdrawn:
            tooltip += f" · {withdrawn_label}"
        dash = ' stroke-dasharray="4,3"' if node.withdrawn else ""
        colour = "#8a9590" if node.withdrawn else "#1d2421"
        box = (
            f'<g class="informant" data-informant="{node.pk}"><title>{escape(tooltip)}</title>'
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" '
            f'fill="{SAMPLING_FILL.get(node.sampling, "#fff")}" stroke="#5b6661"{dash}/>'
            f'<text x="{x + 8}" y="{y + 18}" font-size="12" fill="{colour}">{escape(label)}</text>'
            "</g>"
        )
        if link:
            box = f"<a href={quoteattr(link.format(pk=node.pk))}>{box}</a>"
        parts.append(box)
    legend_y = height - 14
    x = 10
    for sampling, fill in SAMPLING_FILL.items():
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="14" height="12" fill="{fill}" '
            f'stroke="#5b6661"/><text x="{x + 18}" y="{legend_y}" font-size="11">'
            f"{escape(sampling_labels.get(sampling, sampling))}</text>"
        )
        x += 130
    parts.append(
        f'<rect x="{x}" y="{legend_y - 10}" width="14" height="12" fill="#fff" stroke="#5b6661" '
        f'stroke-dasharray="4,3"/><text x="{x + 18}" y="{legend_y}" font-size="11">'
        f"{escape(withdrawn_label)}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(
    items: Sequence[TimelineItem],
    *,
    title: str,
    kind_labels: Mapping[str, str],
    undated_label: str,
    link: str = "",
) -> str:
    """Sources on a time axis, one row per kind of source; undated sources are counted."""
    dated = [i for i in items if i.on is not None]
    undated = len(items) - len(dated)
    kinds = list(KIND_COLOUR)
    label_w, width = 170, 760
    height = TOP + ROW * len(kinds) + 36
    parts = _open(width, height, title, "source-timeline")
    if dated:
        first = min(i.on for i in dated)  # type: ignore[type-var]
        last = max(i.on for i in dated)  # type: ignore[type-var]
        span = max((last - first).days, 1)  # type: ignore[operator]
        parts.append(f'<text x="{label_w}" y="16" font-size="11">{first.isoformat()}</text>')  # type: ignore[union-attr]
        parts.append(
            f'<text x="{width - 10}" y="16" font-size="11" text-anchor="end">'
            f"{last.isoformat()}</text>"  # type: ignore[union-attr]
        )
    for number, kind in enumerate(kinds):
        y = TOP + number * ROW
        parts.append(
            f'<text x="4" y="{y + 14}" font-size="12">{escape(kind_labels.get(kind, kind))}</text>'
            f'<line x1="{label_w}" x2="{width - 10}" y1="{y + 10}" y2="{y + 10}" '
            'stroke="#d5dcd8"/>'
        )
    for item in dated:
        y = TOP + kinds.index(item.kind) * ROW if item.kind in kinds else TOP
        x = label_w + (width - label_w - 20) * (item.on - first).days / span  # type: ignore[operator]
        fill = "#fff" if item.withdrawn else KIND_COLOUR.get(item.kind, "#1d2421")
        circle = (
            f'<circle class="source" data-source="{item.pk}" cx="{x:.1f}" cy="{y + 10}" r="6" '
            f'fill="{fill}" stroke="{KIND_COLOUR.get(item.kind, "#1d2421")}">'
            f"<title>{escape(item.title)} · {item.on.isoformat()}</title></circle>"  # type: ignore[union-attr]
        )
        if link:
            circle = f"<a href={quoteattr(link.format(pk=item.pk))}>{circle}</a>"
        parts.append(circle)
    if undated:
        parts.append(
            f'<text x="4" y="{height - 10}" font-size="11">{escape(undated_label)}: '
            f"{undated}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
