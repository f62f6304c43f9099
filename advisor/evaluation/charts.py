"""Inline SVG charts that read on their own: a labelled 0-1 axis, the value on every bar, bin
edges under a histogram. No script and no external file, so report.html works offline."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

COLOURS = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2"]
AXIS_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)
PLOT_HEIGHT = 200  # pixels for the 0-1 range
AXIS_WIDTH = 36  # room for the tick labels left of the plot
BAR_WIDTH = 26  # wide enough for a "0.80" label above the bar
GAP = 18  # between metric groups
TOP = 16  # room for the value above a full bar
HISTOGRAM_BINS = 10


def _text(x: float, y: float, label: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="11"{extra}>{html.escape(label)}</text>'


def _axis(width: float) -> list[str]:
    """Gridlines and labels for 0, 0.25, 0.5, 0.75 and 1."""
    parts = []
    for tick in AXIS_TICKS:
        y = TOP + PLOT_HEIGHT * (1 - tick)
        parts.append(
            f'<line x1="{AXIS_WIDTH}" x2="{width:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
        )
        parts.append(_text(AXIS_WIDTH - 4, y + 4, f"{tick:g}", text_anchor="end"))
    return parts


def rate_chart(groups: dict[str, dict[str, Any]], metrics: Sequence[tuple[str, str]]) -> str:
    """Grouped bars of 0-1 metrics, one colour per group (a test-set type, a language, or
    the two runs of a comparison), each bar labelled with its value ("n/a" when absent)."""
    if not groups or not metrics:
        return "<p>No data.</p>"
    slot = BAR_WIDTH * len(groups) + GAP
    width = AXIS_WIDTH + slot * len(metrics) + GAP
    legend_y = TOP + PLOT_HEIGHT + 34
    parts = [f'<svg width="{width:.0f}" height="{legend_y + 10}" role="img">', *_axis(width)]
    for i, (metric, label) in enumerate(metrics):
        x0 = AXIS_WIDTH + GAP + i * slot
        for j, (name, values) in enumerate(groups.items()):
            value = values.get(metric)
            x = x0 + j * BAR_WIDTH
            if value is None:
                parts.append(_text(x + 2, TOP + PLOT_HEIGHT - 3, "n/a", fill="#9ca3af"))
                continue
            h = max(0.0, min(float(value), 1.0)) * PLOT_HEIGHT
            y = TOP + PLOT_HEIGHT - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{BAR_WIDTH - 3}" height="{h:.1f}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"><title>{html.escape(name)} '
                f"{html.escape(label)}: {float(value):.3f}</title></rect>"
            )
            parts.append(
                _text(x + (BAR_WIDTH - 3) / 2, y - 3, f"{value:.2f}", text_anchor="middle")
            )
        parts.append(_text(x0, TOP + PLOT_HEIGHT + 15, label))
    x = AXIS_WIDTH
    for j, name in enumerate(groups):
        parts.append(_text(x, legend_y, f"■ {name}", fill=COLOURS[j % len(COLOURS)]))
        x += 14 + 7 * len(name) + 20
    return "".join(parts) + "</svg>"


def histogram_bins(
    values: Sequence[float], bins: int = HISTOGRAM_BINS
) -> list[tuple[float, float, int]]:
    """(low, high, count) per equal-width bin from 0 to the largest value; the last bin
    includes its upper edge."""
    top = max(max(values, default=0.0), 1e-9)
    width = top / bins
    counts = [0] * bins
    for v in values:
        counts[min(int(v / width), bins - 1)] += 1
    return [(i * width, (i + 1) * width, c) for i, c in enumerate(counts)]


def histogram(values: Sequence[float], unit: str = "s") -> str:
    """Bars with their count on top and every bin edge labelled on the axis."""
    if not values:
        return "<p>No timings.</p>"
    bins = histogram_bins(values)
    bar, height = 48, 140
    most = max(c for _, _, c in bins)
    parts = [f'<svg width="{bar * len(bins) + 40}" height="{height + TOP + 34}" role="img">']
    for i, (low, high, count) in enumerate(bins):
        h = count / most * height
        x, y = 10 + i * bar, TOP + height - h
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{bar - 3}" height="{h:.1f}" fill="#64748b">'
            f"<title>{low:.1f}-{high:.1f} {unit}: {count}</title></rect>"
        )
        parts.append(_text(x + (bar - 3) / 2, y - 3, str(count), text_anchor="middle"))
        parts.append(_text(x, TOP + height + 14, f"{low:.1f}", text_anchor="middle"))
    last = 10 + len(bins) * bar
    parts.append(_text(last, TOP + height + 14, f"{bins[-1][1]:.1f}", text_anchor="middle"))
    parts.append(_text(10, TOP + height + 30, f"answer time ({unit}); bar = questions"))
    return "".join(parts) + "</svg>"
