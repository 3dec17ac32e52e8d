"""Charts drawn on the server as SVG: readable without JavaScript, printable by WeasyPrint.

Pure: takes numbers and labels, returns SVG markup with every label escaped.
"""

from __future__ import annotations

from html import escape

WIDTH = 640
BAR_COLOURS = ("#1f5f99", "#c4661f", "#4f8a3c", "#8c4f9e")


def _money(cents: int) -> str:
    return f"${cents / 100:,.0f}"


def column_chart(title: str, points: list[tuple[str, int]], *, height: int = 220) -> str:
    """Vertical bars, one per point (e.g. filings per week)."""
    top, bottom, left = 44, 40, 36  # room above the tallest bar for its value
    plot_h = height - top - bottom
    peak = max((v for _, v in points), default=0) or 1
    step = (WIDTH - left - 10) / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_h * value / peak
        x = left + i * step + step * 0.15
        y = top + plot_h - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{BAR_COLOURS[0]}"><title>{escape(label)}: {value}</title></rect>'
            f'<text x="{x + step * 0.35:.1f}" y="{y - 4:.1f}" font-size="11" '
            f'text-anchor="middle">{value}</text>'
            f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 14}" font-size="10" '
            f'text-anchor="middle">{escape(label[-3:])}</text>')
    return _frame(title, height, "".join(bars), left, top, plot_h)


def bar_chart(title: str, points: list[tuple[str, int]]) -> str:
    """Horizontal bars with their labels (e.g. open cases by stage)."""
    row, top, left = 22, 28, 230
    height = top + row * max(len(points), 1) + 10
    peak = max((v for _, v in points), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(points):
        y = top + i * row
        w = (WIDTH - left - 50) * value / peak
        bars.append(
            f'<text x="{left - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
            f'{escape(label)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{BAR_COLOURS[0]}"><title>{escape(label)}: {value}</title></rect>'
            f'<text x="{left + w + 6:.1f}" y="{y + 15}" font-size="12">{value}</text>')
    if not points:
        bars.append(f'<text x="{left}" y="{top + 15}" font-size="12">None</text>')
    return _svg(title, height, "".join(bars))


def stacked_money_chart(title: str, rows: list[tuple[str, int, int]],
                        legend: tuple[str, str]) -> str:
    """One horizontal bar per row, split in two parts (e.g. costs by stage and party)."""
    row, top, left = 26, 46, 110
    height = top + row * max(len(rows), 1) + 10
    peak = max((a + b for _, a, b in rows), default=0) or 1
    parts = [
        f'<rect x="{left}" y="22" width="12" height="12" fill="{BAR_COLOURS[0]}"/>'
        f'<text x="{left + 16}" y="32" font-size="12">{escape(legend[0])}</text>'
        f'<rect x="{left + 200}" y="22" width="12" height="12" fill="{BAR_COLOURS[1]}"/>'
        f'<text x="{left + 216}" y="32" font-size="12">{escape(legend[1])}</text>'
    ]
    for i, (label, first, second) in enumerate(rows):
        y = top + i * row
        scale = (WIDTH - left - 110) / peak
        w1, w2 = first * scale, second * scale
        parts.append(
            f'<text x="{left - 6}" y="{y + 16}" font-size="12" text-anchor="end">'
            f'{escape(label)}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{w1:.1f}" height="{row - 8}" '
            f'fill="{BAR_COLOURS[0]}"><title>{escape(legend[0])}: {_money(first)}</title></rect>'
            f'<rect x="{left + w1:.1f}" y="{y + 4}" width="{w2:.1f}" height="{row - 8}" '
            f'fill="{BAR_COLOURS[1]}"><title>{escape(legend[1])}: {_money(second)}</title>'
            f'</rect><text x="{left + w1 + w2 + 6:.1f}" y="{y + 16}" font-size="12">'
            f'{_money(first + second)}</text>')
    if not rows:
        parts.append(f'<text x="{left}" y="{top + 16}" font-size="12">None</text>')
    return _svg(title, height, "".join(parts))


def _frame(title: str, height: int, body: str, left: int, top: int, plot_h: int) -> str:
    axis = (f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - 10}" y2="{top + plot_h}" '
            f'stroke="#777"/>')
    return _svg(title, height, axis + body)


def _svg(title: str, height: int, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
            f'<title>{escape(title)}</title>'
            f'<text x="4" y="16" font-size="13" font-weight="bold">{escape(title)}</text>'
            f'{body}</svg>')
