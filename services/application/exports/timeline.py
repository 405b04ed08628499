"""The report's chart of challenges and applications over time, drawn on the server as steps in
an inline SVG, so the web page and the PDF printed from the report document show the same chart.

The counts are those of the council report itself (services/application/queries/report.py
`activity`), evaluated on every business date on which a challenge or an application changed;
the dates on its axis are written as the reader's language writes them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from services.application.queries.report import Point
from services.application.translations import N_, day, label, number


@dataclass(frozen=True)
class Series:
    name: str
    points: str  # SVG polyline points
    last: int
    last_x: float
    last_y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    series: list[Series]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]


def step_chart(
    points: list[Point], as_of: date, lang: str = "de", width: int = 900, height: int = 280
) -> Chart | None:
    """The geometry of a step chart of both counts from the first point to `as_of`."""
    if not points:
        return None
    left, right, top, bottom = 44, width - 170, 16, height - 32
    first = points[0].day.toordinal()
    span = max(1, as_of.toordinal() - first)
    highest = max(max(p.challenges, p.applications) for p in points)
    step = max(1, math.ceil(highest / 4))
    ceiling = step * max(1, math.ceil(highest / step))

    def x(day: date) -> float:
        return round(left + (right - left) * (day.toordinal() - first) / span, 1)

    def y(count: int) -> float:
        return round(bottom - (bottom - top) * count / ceiling, 1)

    series = []
    for name in ("challenges", "applications"):
        coordinates: list[str] = []
        previous = 0
        for p in points:
            count = getattr(p, name)
            coordinates += [f"{x(p.day)},{y(previous)}", f"{x(p.day)},{y(count)}"]
            previous = count
        coordinates.append(f"{x(as_of)},{y(previous)}")
        series.append(Series(name, " ".join(coordinates), previous, x(as_of), y(previous)))
    years = range(points[0].day.year + 1, as_of.year + 1)
    x_ticks = [(x(date(year, 1, 1)), str(year)) for year in years]
    start = (x(points[0].day), day(points[0].day, lang))
    if len(x_ticks) < 2:
        x_ticks = [start, (x(as_of), day(as_of, lang))]
    elif x_ticks[0][0] - start[0] > 80:  # the first date, where it does not crowd the first year
        x_ticks.insert(0, start)
    y_ticks = [(y(count), count) for count in range(0, ceiling + 1, step)]
    return Chart(width, height, left, top, right, bottom, series, x_ticks, y_ticks)


def timeline(points: list[Point], as_of: date, language: str, templates: Any) -> Markup:
    """The chart with its title and its values as a table (for readers who do not see it)."""
    words = {
        key: label(key, language)
        for key in (
            N_("report_chart"),
            N_("as_of"),
            N_("on"),
            N_("none"),
            N_("chart_table"),
            N_("chart_challenges"),
            N_("chart_applications"),
        )
    }
    rows = [
        (day(p.day, language), number(p.challenges, language), number(p.applications, language))
        for p in points
    ]
    body = templates.get_template("_timeline.html").render(
        chart=step_chart(points, as_of, language),
        rows=rows,
        words=words,
        as_of=day(as_of, language),
        last={
            "challenges": number(points[-1].challenges, language) if points else "0",
            "applications": number(points[-1].applications, language) if points else "0",
        },
    )
    return Markup(body)
