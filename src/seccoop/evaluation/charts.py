"""Charts drawn on the server as SVG: the geometry here, the markup in the templates.

Every chart comes with a table of the same figures beside it, so nothing is
shown only as a picture.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from seccoop.evaluation.services import Standing, Trend

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 620, 16, 224


@dataclass(frozen=True)
class TrendChart:
    id: int
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    ticks: list[dict]
    plan: dict
    target_y: int
    target_label: str
    line: str
    points: list[dict]
    start_label: str
    end_label: str


def trend_chart(trend: Trend) -> TrendChart:
    """The SVG geometry of an indicator's measurements against its planned course."""
    indicator = trend.indicator
    days = [indicator.baseline_on, indicator.target_on] + [p.measured_on for p in trend.points]
    values = [indicator.baseline_value, indicator.target_value] + [p.value for p in trend.points]
    first, last = min(days), max(days)
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    span_days = max((last - first).days, 1)

    def x(day: datetime.date) -> int:
        return round(LEFT + (RIGHT - LEFT) * (day - first).days / span_days)

    def y(value: Decimal) -> int:
        return round(BOTTOM - (BOTTOM - TOP) * float((value - low) / (high - low)))

    points = [
        {"x": x(p.measured_on), "y": y(p.value), "behind": p.standing == Standing.BEHIND}
        for p in trend.points
    ]
    ticks = [
        {"y": y(value) + 4, "label": f"{value:g}"}
        for value in sorted({low, high, indicator.baseline_value, indicator.target_value})
    ]
    latest = trend.latest
    described = (
        f"{len(trend.points)} measurements; the latest, {latest.value} {indicator.unit} on "
        f"{latest.measured_on:%d %b %Y}, is {trend.standing_label.lower()}."
        if latest
        else "No measurement yet."
    )
    return TrendChart(
        id=indicator.pk,
        title=f"{indicator.name}: measurements against the target",
        description=(
            f"From a baseline of {indicator.baseline_value} on {indicator.baseline_on:%d %b %Y} "
            f"to a target of {indicator.target_value} by {indicator.target_on:%d %b %Y}. "
            + described
        ),
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        ticks=ticks,
        plan={
            "x1": x(indicator.baseline_on),
            "y1": y(indicator.baseline_value),
            "x2": x(indicator.target_on),
            "y2": y(indicator.target_value),
        },
        target_y=y(indicator.target_value),
        target_label=f"{indicator.target_value:g}",
        line=" ".join(f"{p['x']},{p['y']}" for p in points),
        points=points,
        start_label=f"{first:%b %Y}",
        end_label=f"{last:%b %Y}",
    )


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    width_percent: int
    url: str | None


def bars(rows: list[tuple[str, int, str | None]]) -> list[Bar]:
    """Horizontal bars scaled to the largest count (as HTML widths, so they reflow)."""
    top = max((count for _, count, _ in rows), default=0) or 1
    return [Bar(label, count, round(count * 100 / top), url) for label, count, url in rows]
