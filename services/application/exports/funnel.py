"""The geometry of a programme's funnel chart (challenges → applications → shortlisted → accepted
→ awarded), drawn as inline SVG by the report document's template.

It lives beside the report's exports rather than with the web pages because the PDF (rendered
from the application layer, for the CLI too) and the web page draw the same chart: one bar per
step, centred so that the narrowing reads as a funnel, each as long as its count relative to the
largest step, with the step's name on the left and its count on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.application.reporting import Funnel, cell_text

WIDTH = 640
ROW = 34  # height of one step
BAR = 24  # height of a bar
LABEL = 150  # width of the labels' column
COUNT = 56  # width of the counts' column
TOP = 8


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    count: int
    shown: str  # the count as the language writes it
    x: float
    y: float
    width: float
    height: float
    text_y: float


@dataclass(frozen=True)
class FunnelChart:
    caption: str
    width: int
    height: int
    label_x: int
    count_x: int
    bars: list[Bar]

    @property
    def description(self) -> str:
        """Every step and its count in words, for readers who cannot see the chart."""
        return "; ".join(f"{b.label}: {b.shown}" for b in self.bars)


def funnel_chart(funnel: Funnel, language: str) -> FunnelChart:
    """Bars of a funnel, each as wide as its count relative to the largest (a zero count: a
    hairline, so the step is still seen)."""
    left, right = LABEL + 8, WIDTH - COUNT - 8
    span = right - left
    centre = left + span / 2
    largest = max((count for _, _, count in funnel.steps), default=0) or 1
    bars = []
    for i, (key, label, count) in enumerate(funnel.steps):
        width = max(2.0, round(span * count / largest, 1))
        y = TOP + i * ROW
        bars.append(
            Bar(
                key,
                label,
                count,
                cell_text(count, language),
                round(centre - width / 2, 1),
                y,
                width,
                BAR,
                y + BAR / 2 + 5,
            )
        )
    height = TOP * 2 + ROW * len(funnel.steps)
    return FunnelChart(funnel.caption, WIDTH, height, LABEL, WIDTH - 8, bars)
