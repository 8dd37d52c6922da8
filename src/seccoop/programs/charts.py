"""The execution-against-plan chart of a program page, drawn as SVG on the server.

The chart is a picture of the table printed under it (the same months and
amounts), so a screen reader user reads the table and the SVG only names
what it shows. No script is needed.
"""

from __future__ import annotations

from decimal import Decimal

WIDTH = 640
HEIGHT = 260
LEFT = 70
RIGHT = 16
TOP = 16
BOTTOM = 40

SERIES = (
    # key, label, CSS class of the line
    ("planned_obligations", "Planned obligations", "seccoop-chart__plan"),
    ("committed", "Committed", "seccoop-chart__committed"),
    ("obligated", "Obligated", "seccoop-chart__obligated"),
    ("expended", "Expended", "seccoop-chart__expended"),
)


def _money(value: Decimal) -> str:
    return f"${value:,.0f}"


def execution_chart(series: dict) -> dict | None:
    """Coordinates of each line and axis label; None when nothing is reported yet."""
    months = series["months"]
    if not months:
        return None
    planned_total = series["planned_total"]
    values = [planned_total]
    for month in months:
        values += [getattr(month, key) or Decimal(0) for key, _, _ in SERIES]
    top = max(values) or Decimal(1)
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(months) - 1, 1)

    def x(index: int) -> float:
        return round(LEFT + index * step, 1)

    def y(value: Decimal) -> float:
        return round(TOP + inner_h - float(value / top) * inner_h, 1)

    lines = []
    for key, label, css in SERIES:
        points = [
            f"{x(i)},{y(getattr(m, key))}"
            for i, m in enumerate(months)
            if getattr(m, key) is not None
        ]
        if points:
            lines.append({"label": label, "css": css, "points": " ".join(points)})
    ticks = [
        {"y": y(top * Decimal(f) / 4), "label": _money(top * Decimal(f) / 4)} for f in range(5)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "lines": lines,
        "ticks": ticks,
        "plan_y": y(planned_total) if planned_total else None,
        "plan_label": _money(planned_total),
        "months": [{"x": x(i), "label": m.month.strftime("%b %y")} for i, m in enumerate(months)],
        "last": months[-1],
    }
