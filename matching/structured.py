"""Structured scores: sector, required capabilities, region preference, stage.

Each is a number in [0, 1] per startup; the fusion weights (tuned on the dev set) decide how much
each counts. Region and stage count for nothing in the tuned fusion (they lowered nDCG on dev at
every weight tried) but are kept, shown, and available as filters.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.profiles import ChallengeSpec, Profile
from matching.regions import in_region

STAGE_MATURITY = {"idea": 0.0, "pre-seed": 0.25, "seed": 0.5, "series-a": 0.75, "growth": 1.0}


def sector_scores(challenge: ChallengeSpec, profiles: Sequence[Profile]) -> np.ndarray:
    """1 when the challenge's sector is the startup's main sector, 0.5 when one of its others."""
    sector = challenge.sector
    return np.array(
        [1.0 if p.sectors[:1] == (sector,) else 0.5 if sector in p.sectors else 0.0 for p in profiles]
        if sector
        else [0.0] * len(profiles)
    )


def region_scores(challenge: ChallengeSpec, profiles: Sequence[Profile]) -> np.ndarray:
    """1 when the startup sits in the preferred region; 0 otherwise or when its city is unknown."""
    region = challenge.region_preference
    if not region:
        return np.zeros(len(profiles))
    return np.array([1.0 if in_region(p.city, region) else 0.0 for p in profiles])


def stage_scores(profiles: Sequence[Profile]) -> np.ndarray:
    """Maturity from idea (0) to growth (1); unknown counts as seed."""
    return np.array([STAGE_MATURITY.get(p.stage or "", 0.5) for p in profiles])


def capability_scores(required: np.ndarray, offered: Sequence[np.ndarray]) -> np.ndarray:
    """Mean over required capabilities of the best cosine to one of the startup's capabilities.

    `required` holds the challenge's capability vectors (k × d); `offered[i]` startup i's (m_i × d).
    """
    if len(required) == 0:
        return np.zeros(len(offered))
    return np.array([float((required @ o.T).max(axis=1).mean()) if len(o) else 0.0 for o in offered])


def capability_matches(
    required: Sequence[str],
    required_vectors: np.ndarray,
    offered: Sequence[str],
    offered_vectors: np.ndarray,
    threshold: float,
) -> list[tuple[str, str, float]]:
    """Pairs (required capability, the startup's closest capability, cosine) at or above a threshold."""
    if not len(required) or not len(offered):
        return []
    similarity = required_vectors @ offered_vectors.T
    pairs = []
    for i, need in enumerate(required):
        j = int(similarity[i].argmax())
        if similarity[i, j] >= threshold:
            pairs.append((need, offered[j], round(float(similarity[i, j]), 3)))
    return pairs
