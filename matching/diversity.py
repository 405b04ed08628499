"""Maximal marginal relevance: a shortlist that is not five copies of the same idea."""

from __future__ import annotations

import numpy as np

LAMBDA = 0.7  # share of relevance against novelty


def mmr(scores: np.ndarray, vectors: np.ndarray, top: int, lam: float = LAMBDA) -> list[int]:
    """Pick `top` indices, each maximising lam·relevance − (1−lam)·similarity to those already picked.

    Relevance is the score rescaled to [0, 1] over the candidates, so that lam weighs like for like.
    """
    if len(scores) == 0:
        return []
    span = scores.max() - scores.min()
    relevance = (scores - scores.min()) / span if span > 0 else np.ones_like(scores)
    chosen: list[int] = [int(np.argmax(relevance))]
    similarity = vectors @ vectors.T
    while len(chosen) < min(top, len(scores)):
        redundancy = similarity[:, chosen].max(axis=1)
        value = lam * relevance - (1 - lam) * redundancy
        value[chosen] = -np.inf
        chosen.append(int(np.argmax(value)))
    return chosen
