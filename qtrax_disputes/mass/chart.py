"""The fee forecast as a chart: what the business pays as more cases go on, per stage reached.

Pure: points and axis ticks for an SVG drawn by the page's template (no script, no CDN).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import fees

WIDTH, HEIGHT = 640, 260
LEFT, BOTTOM, TOP, RIGHT = 90, 36, 12, 16
STEPS = 20


@dataclass(frozen=True)
class Series:
    reach: str
    label: str
    points: str  # "x,y x,y …" for <polyline>
    last_cents: int


@dataclass(frozen=True)
class Chart:
    series: tuple[Series, ...]
    y_ticks: tuple[tuple[float, str], ...]  # (y, "$2.5M")
    x_ticks: tuple[tuple[float, int], ...]  # (x, cases)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = HEIGHT - BOTTOM


def _nice(cents: int) -> int:
    """A round top for the axis at or above ``cents``."""
    if cents <= 0:
        return 100
    magnitude = 10 ** (len(str(cents)) - 1)
    for step in (1, 2, 5, 10):
        if step * magnitude >= cents:
            return step * magnitude
    return 10 * magnitude


def short_dollars(cents: int) -> str:
    """An axis label: $0, $750, $12.5K, $3M."""
    dollars = cents / 100
    for limit, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if dollars >= limit:
            return f"${dollars / limit:,.1f}".rstrip("0").rstrip(".") + suffix
    return f"${dollars:,.0f}"


def forecast_chart(schedule: fees.MassFeeSchedule, cases: int) -> Chart:
    counts = sorted({round(cases * i / STEPS) for i in range(STEPS + 1)})
    totals = {reach: [fees.forecast(schedule, n, reach).total() for n in counts]
              for reach in fees.REACHES}
    top = _nice(max(max(v) for v in totals.values()))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(n: int) -> float:
        return LEFT + (plot_w * n / cases if cases else 0)

    def y(cents: int) -> float:
        return TOP + plot_h * (1 - cents / top)

    series = tuple(
        Series(reach, fees.REACH_LABELS[reach],
               " ".join(f"{x(n):.1f},{y(c):.1f}" for n, c in zip(counts, values, strict=True)),
               values[-1])
        for reach, values in totals.items())
    y_ticks = tuple((y(top * i // 4), short_dollars(top * i // 4)) for i in range(5))
    x_ticks = tuple((x(n), n) for n in sorted({0, cases // 2, cases}))
    return Chart(series, y_ticks, x_ticks)
