"""Bar charts drawn by Semanggi itself: SVG for HTML and PDF, PNG for DOCX.

Both drawings carry every value as text beside its bar, and bars differ by pattern as well as
by shade, so that nothing is told by colour alone.
"""

import hashlib
import io
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from semanggi.reports.document import BarChart

if TYPE_CHECKING:
    from PIL import ImageFont

_WIDTH = 640
_ROW = 30
_LABEL = 190
_VALUE = 170


def _scale(chart: BarChart) -> Decimal:
    largest = max((bar.value for bar in chart.bars), default=Decimal(0))
    return largest if largest > 0 else Decimal(1)


def chart_svg(chart: BarChart) -> str:
    """An accessible SVG: ``role="img"``, a title and a description, text for every value.
    Its ids are unique to the chart, so that several charts can share one page."""
    key = "c" + hashlib.sha1(repr(chart).encode("utf-8")).hexdigest()[:10]
    largest = _scale(chart)
    span = _WIDTH - _LABEL - _VALUE
    height = _ROW * len(chart.bars) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_WIDTH} {height}" width="100%" aria-labelledby="{key}t {key}d">',
        f'<title id="{key}t">{escape(chart.title)}</title>',
        f'<desc id="{key}d">{escape(chart.description or chart.title)}</desc>',
        "<defs>"
        f'<pattern id="{key}h" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#d9e7f1"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1f5f8b" stroke-width="3"/></pattern>'
        f'<pattern id="{key}p" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#fbe9d0"/>'
        '<circle cx="3" cy="3" r="1.6" fill="#8a4b08"/></pattern>'
        "</defs>",
    ]
    for index, bar in enumerate(chart.bars):
        y = 5 + index * _ROW
        length = 0 if bar.value <= 0 else max(2, int(Decimal(span) * bar.value / largest))
        fill = {"hatched": f"url(#{key}h)", "dotted": f"url(#{key}p)"}.get(bar.pattern, "#1f5f8b")
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y + 18}" text-anchor="end" font-size="13">'
            f"{escape(bar.label)}</text>"
            f'<rect x="{_LABEL}" y="{y + 4}" width="{length}" height="20" fill="{fill}" '
            f'stroke="#1f3b4d" stroke-width="1"/>'
            f'<text x="{_LABEL + length + 6}" y="{y + 18}" font-size="13">'
            f"{escape(bar.shown)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _font(size: int) -> "ImageFont.FreeTypeFont | ImageFont.ImageFont":
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "LiberationSans-Regular.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def chart_png(chart: BarChart) -> bytes:
    """The same chart as a PNG (python-docx embeds raster images only)."""
    from PIL import Image, ImageDraw  # loaded when a PNG is drawn, not in every process

    scale = 2
    largest = _scale(chart)
    width, height = _WIDTH * scale, (_ROW * len(chart.bars) + 10) * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(13 * scale)
    span = (_WIDTH - _LABEL - _VALUE) * scale
    for index, bar in enumerate(chart.bars):
        y = (5 + index * _ROW) * scale
        length = 0 if bar.value <= 0 else max(4, int(Decimal(span) * bar.value / largest))
        x0 = _LABEL * scale
        label_width = draw.textlength(bar.label, font=font)
        draw.text((x0 - 8 * scale - label_width, y + 4 * scale), bar.label, fill="black", font=font)
        box = (x0, y + 4 * scale, x0 + length, y + 24 * scale)
        if bar.pattern == "hatched":
            draw.rectangle(box, fill="#d9e7f1", outline="#1f3b4d")
            for dx in range(2 * scale, length, 6 * scale):
                draw.line((x0 + dx, box[1], x0 + dx, box[3]), fill="#1f5f8b", width=3)
        elif bar.pattern == "dotted":
            draw.rectangle(box, fill="#fbe9d0", outline="#1f3b4d")
            for dx in range(3 * scale, length, 6 * scale):
                for dy in range(3 * scale, 20 * scale, 6 * scale):
                    draw.ellipse(
                        (x0 + dx - 2, box[1] + dy - 2, x0 + dx + 2, box[1] + dy + 2),
                        fill="#8a4b08",
                    )
        else:
            draw.rectangle(box, fill="#1f5f8b", outline="#1f3b4d")
        draw.text((x0 + length + 6 * scale, y + 4 * scale), bar.shown, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
