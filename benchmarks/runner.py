"""The benchmark runner: each benchmark measures a figure and its baseline in the same run.

Figures are printed with their ratio to the baseline and the target ratio, because this machine is
shared and noisy: absolute numbers vary from run to run, ratios much less. Timed assertions have no
place in tests; targets live here.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    name: str
    value: float
    baseline_name: str
    baseline: float
    unit: str
    target_ratio: float | None = None
    higher_is_better: bool = True
    limit: float | None = None  # an absolute target besides the ratio (at most this, or at least)

    @property
    def ratio(self) -> float:
        if self.higher_is_better:
            return self.value / self.baseline if self.baseline else float("nan")
        return self.baseline / self.value if self.value else float("nan")

    @property
    def meets_target(self) -> bool | None:
        checks = []
        if self.target_ratio is not None:
            checks.append(self.ratio >= self.target_ratio)
        if self.limit is not None:
            checks.append(self.value <= self.limit if not self.higher_is_better else self.value >= self.limit)
        return all(checks) if checks else None

    @property
    def target(self) -> str:
        parts = []
        if self.target_ratio is not None:
            parts.append(f"ratio ≥ {self.target_ratio}")
        if self.limit is not None:
            parts.append(f"{'≤' if not self.higher_is_better else '≥'} {self.limit:,.0f} {self.unit}")
        return ", ".join(parts) or "-"


Benchmark = Callable[[int], list[Figure]]
BENCHMARKS: dict[str, tuple[Benchmark, str]] = {}


def benchmark(name: str, description: str) -> Callable[[Benchmark], Benchmark]:
    def register(func: Benchmark) -> Benchmark:
        BENCHMARKS[name] = (func, description)
        return func

    return register


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def paired(repeats: int, measure: Callable[[], float], baseline: Callable[[], float]) -> tuple[float, float]:
    """Best rates of a measurement and its baseline, run alternately so that both see the same machine.

    The best of several runs is the one least disturbed by other work on this shared machine.
    """
    values, baselines = [], []
    for _ in range(repeats):
        values.append(measure())
        baselines.append(baseline())
    return max(values), max(baselines)


def to_json(figures: list[Figure]) -> str:
    return json.dumps(
        [{**asdict(f), "ratio": f.ratio, "meets_target": f.meets_target} for f in figures], indent=2
    )
