"""Charts drawn on the server, so a page shows them without JavaScript.

- **Score components** as small bars, one per component of a candidate's score. Dense, lexical
  and capability scores are z-scores (they can be negative), sector, region and stage lie in 0..1:
  each component is drawn on one scale for the whole shortlist (at least 0..1), from a zero line
  in the middle when some candidate scores below zero, so bars compare across candidates.

The report's charts (its funnel per programme, challenges and applications over time) are drawn by
the application layer (services/application/exports/funnel.py, timeline.py), because the PDF the
command line prints shows them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
