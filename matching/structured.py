"""Structured scores: sector, required capabilities, region preference, stage, over index columns.

Each is a number in [0, 1] per row; the fusion weights (tuned on the dev set) decide how much
each counts. Region and stage count for nothing in the tuned fusion (they lowered nDCG on dev at
every weight tried) but are kept, shown, and available as filters. Everything here is a few
numpy operations over the pool, whatever its size.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.index import STAGE_MATURITY, UNKNOWN_MATURITY
from matching.regions import REGIONS


def sector_scores(code: int | None, main: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """1 when the challenge's sector is the startup's main sector, 0.5 when one of its others.

    `code` is the sector's place in the index's vocabulary (None: the challenge names no sector,
    or one no startup has).
    """
    if code is None:
        return np.zeros(len(main))
    others = (masks & np.uint64(1 << code)) != 0
    return np.where(main == code, 1.0, np.where(others, 0.5, 0.0))


def region_scores(region: str | None, levels: np.ndarray) -> np.ndarray:
    """1 when the startup sits in the preferred region; 0 otherwise or when its city is unknown."""
    if not region or region not in REGIONS:
        return np.zeros(len(levels))
    return ((levels >= 0) & (levels <= REGIONS.index(region))).astype(float)


def stage_scores(codes: np.ndarray, stages: Sequence[str]) -> np.ndarray:
    """Maturity from idea (0) to growth (1); unknown counts as seed."""
    maturity = np.array([STAGE_MATURITY.get(s, UNKNOWN_MATURITY) for s in stages] + [UNKNOWN_MATURITY])
    return maturity[np.where(codes >= 0, codes, len(stages))]


def capability_scores(similarity: np.ndarray, ids: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Mean over required capabilities of the best cosine to one of the startup's capabilities.

    `similarity` holds every known capability's cosine to each required one (capabilities × k),
    `ids` the rows' capabilities one after another, `ends[i]` where row i's end; a row without
    capabilities scores 0. One gather and one `maximum.reduceat`, not a loop over startups.
    """
    rows = len(ends)
    if similarity.shape[1] == 0 or rows == 0:
        return np.zeros(rows)
    begins = np.r_[0, ends[:-1]]
    has = ends > begins
    out = np.zeros(rows)
    if has.any():
        offered = ids[: int(ends[-1])]
        total = np.zeros(int(np.count_nonzero(has)))
        for column in np.ascontiguousarray(similarity.T):  # one required capability at a time
            total += np.maximum.reduceat(column[offered], begins[has])
        out[has] = total / similarity.shape[1]
    return out


def capability_scores_of(
    similarity: np.ndarray, ids: np.ndarray, ends: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """`capability_scores` of some rows only (a large pool's candidates and sample)."""
    rows = np.asarray(rows, dtype=np.int64)
    begins = np.where(rows > 0, ends[np.maximum(rows - 1, 0)], 0)
    lengths = ends[rows] - begins
    total = int(lengths.sum())
    offsets = np.repeat(begins - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
    return capability_scores(similarity, ids[offsets], np.cumsum(lengths))


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
