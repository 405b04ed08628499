"""Ranking quality: nDCG@10 (gain 2^grade − 1), recall@20 (grade ≥ 1), and recall across languages."""

from __future__ import annotations

import math
from collections.abc import Sequence


def ndcg_at(ranking: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranking[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranking: Sequence[str], relevant: Sequence[str], k: int = 20) -> float | None:
    """Share of the relevant items in the top k; None when there is nothing relevant to find."""
    if not relevant:
        return None
    top = set(ranking[:k])
    return sum(1 for s in relevant if s in top) / len(relevant)


def mean(values: Sequence[float | None]) -> float:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else float("nan")
