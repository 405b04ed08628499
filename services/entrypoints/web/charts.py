"""Charts drawn on the server, so a page shows them without JavaScript.

- **Score components** as small bars, one per component of a candidate's score. Dense, lexical
  and capability scores are z-scores (they can be negative), sector, region and stage lie in 0..1:
  each component is drawn on one scale for the whole shortlist (at least 0..1), from a zero line
  in the middle when some candidate scores below zero, so bars compare across candidates.
- **Challenges and applications over time** for the programme report: the counts are those of the
  council report itself (services/application/queries/report.py `activity`), evaluated on every
  business date on which a challenge or an application changed, and drawn as steps in an inline SVG;
  dates on its axis as the visitor's language writes them.

The report's funnel per programme is drawn by the application layer
(services/application/exports/funnel.py), because the PDF the command line prints shows it too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.application.queries.report import Point
from services.application.translations import day

#: The components a bar is drawn for, in this order; the learnt ones only when they moved a score.
COMPONENTS = ("dense", "lexical", "neighbours", "sector", "capabilities", "region", "stage")
LEARNT = ("reranker", "feedback")


@dataclass(frozen=True)
class Bar:
    component: str
    value: float
    left: float  # where the bar starts, percent of the track
    width: float  # percent of the track
    negative: bool


def component_bars(candidates: list[dict[str, Any]]) -> dict[str, list[Bar]]:
    """Bars by candidate ref, every component on one scale across the shortlist."""
    shown = [
        name
        for name in (*COMPONENTS, *LEARNT)
        if any(name in c["components"] for c in candidates)
        and (name in COMPONENTS or any(c["components"].get(name) for c in candidates))
    ]
    scale = {n: max(1.0, *(abs(c["components"].get(n, 0.0)) for c in candidates)) for n in shown}
    diverging = {n: any(c["components"].get(n, 0.0) < 0 for c in candidates) for n in shown}
    bars: dict[str, list[Bar]] = {}
    for candidate in candidates:
        row = []
        for name in shown:
            value = float(candidate["components"].get(name, 0.0))
            share = min(1.0, abs(value) / scale[name])
            if diverging[name]:
                width = 50 * share
                left = 50 - width if value < 0 else 50
            else:
                width, left = 100 * share, 0.0
            row.append(Bar(name, value, round(left, 2), round(width, 2), value < 0))
        bars[candidate["startup"]] = row
    return bars


def marked(description: str, sentence: str) -> tuple[str, str, str]:
    """The description split around its best-matching sentence: (before, sentence, after). If the
    profile changed since and the sentence is no longer in it, the sentence stands alone."""
    if not sentence:
        return description, "", ""
    at = description.find(sentence)
    if at < 0:
        return "", sentence, ""
    return description[:at], sentence, description[at + len(sentence) :]


# The report's chart ----------------------------------------------------------------------------------


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
