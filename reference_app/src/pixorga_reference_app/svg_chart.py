"""A horizontal bar chart as inline SVG, drawn on the server (no script, no library).

Accessible as the W3C's SVG guidance describes: ``role="img"`` named by its ``<title>`` and
described by its ``<desc>`` (which lists every value), each bar carries its value as text, so
the chart reads without colour; the page puts the same data in a table next to it. Every text
is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: Geometry, in SVG user units.
ROW_HEIGHT = 34
BAR_HEIGHT = 20
LABEL_WIDTH = 330
BAR_WIDTH = 300
VALUE_WIDTH = 60
MAX_LABEL = 48


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart_svg(
    bars: Sequence[tuple[str, int]], *, title: str, chart_id: str, unit: str = " %"
) -> str:
    """One bar per ``(label, value)``, ``value`` from 0 to 100."""
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = max(1, len(bars)) * ROW_HEIGHT + 10
    described = " ; ".join(f"{label} : {value}{unit}" for label, value in bars) or "Aucune donnée"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-titre {chart_id}-desc">',
        f'<title id="{chart_id}-titre">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        y = index * ROW_HEIGHT + 5
        shown = max(0, min(100, value))
        text_y = y + BAR_HEIGHT - 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" class="bar-label">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'class="bar-track"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH * shown / 100:.1f}" '
            f'height="{BAR_HEIGHT}" class="bar-value"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{text_y}" class="bar-number">'
            f"{value}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
