"""Sector as evidence, not a gate: what the texts say about a challenge's sectors, with what the
manager stated.

A manager picks a sector from a list in a hurry, and real challenges span several. So the sector
score does not ask "is this startup in the stated sector?" but "how much does this startup share
the sectors this challenge is about?". Which sectors that is, the catalogue itself says: the
sectors of the startups the texts alone rank best (pseudo-relevance feedback over sectors, the
best `FEEDBACK_DOCS` weighted by a softmax of their score) give an affinity per sector, the
strongest 1. A stated sector adds to that affinity only as far as the texts make it plausible
(its share is `STATED_SHARE` times its inferred affinity): a wrong click costs little, a right
one confirms. A startup's sector score is its membership (1 main sector, 0.5 another) weighted
by the affinities.

Measured on ../shared/eval/dev (nDCG@10, hybrid): with the stated sector as a gate the ranking
fell from 0.904 to 0.817 when each challenge named a neighbouring sector, and to 0.873 with none;
with sector evidence it stays at 0.90-0.91 on both (see README, "Ranking quality").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FEEDBACK_DOCS = 5  # best-ranked startups whose sectors say what the challenge is about
STATED_SHARE = 0.25  # how much a stated (and plausible) sector adds to the inferred affinity
OTHER_SECTOR = 0.5  # membership of a startup's sector other than its main one
METHOD = {
    "name": "sector evidence",
    "feedback_docs": FEEDBACK_DOCS,
    "stated_share": STATED_SHARE,
    "other_sector": OTHER_SECTOR,
}


def memberships(main: np.ndarray, masks: np.ndarray, count: int) -> np.ndarray:
    """Rows × sectors: 1 for a row's main sector, `OTHER_SECTOR` for its others, 0 else."""
    out = np.zeros((len(main), count))
    for code in range(count):
        out[:, code] = np.where((masks & np.uint64(1 << code)) != 0, OTHER_SECTOR, 0.0)
    has = main >= 0
    out[np.flatnonzero(has), main[has].astype(np.int64)] = 1.0
    return out


def inferred_affinity(base: np.ndarray, membership: np.ndarray, docs: int = FEEDBACK_DOCS) -> np.ndarray:
    """Per sector, how much the best-ranked rows by `base` belong to it; the strongest is 1."""
    if not len(base) or not membership.shape[1]:
        return np.zeros(membership.shape[1])
    top = np.argsort(-base, kind="stable")[:docs]
    weights = np.exp(base[top] - base[top].max())
    # Row by row, not `weights @ membership[top]`: BLAS sums a column differently depending on
    # where it stands and how many columns there are, and two indexes of one pool may know a
    # different number of sectors in another order; element-wise steps give identical bits.
    affinity = np.zeros(membership.shape[1])
    for weight, row in zip(weights, membership[top], strict=True):
        affinity += weight * row
    strongest = affinity.max()
    return affinity / strongest if strongest > 0 else affinity


def affinity(stated: Sequence[int], inferred: np.ndarray) -> np.ndarray:
    """The inferred affinity, plus each stated sector as far as the texts make it plausible."""
    combined = (1.0 - STATED_SHARE) * inferred
    for code in stated:
        combined[code] += STATED_SHARE * inferred[code]
    return combined


def sector_evidence(
    stated: Sequence[int],
    base: np.ndarray,
    main: np.ndarray,
    masks: np.ndarray,
    count: int,
    names: Sequence[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(score per row, affinity per sector) for a challenge whose text-only scores are `base`."""
    membership = memberships(main, masks, count)
    weights = affinity(stated, inferred_affinity(base, membership))
    return weighted(membership, weights, names), weights


def weighted(membership: np.ndarray, weights: np.ndarray, names: Sequence[str] | None) -> np.ndarray:
    """Membership times affinity, summed sector by sector in the order of their names: an index
    that met the sectors in another order gives bit-identical scores."""
    order = sorted(range(len(weights)), key=lambda c: names[c]) if names is not None else range(len(weights))
    total = np.zeros(len(membership))
    for code in order:
        if weights[code]:
            total += membership[:, code] * weights[code]
    return total


def strongest(weights: np.ndarray, names: Sequence[str], limit: int = 3, floor: float = 0.3) -> list[str]:
    """The sectors a challenge is most about, by affinity: what its explanation names."""
    order = np.argsort(-weights, kind="stable")[:limit]
    return [names[i] for i in order if weights[i] >= floor * max(float(weights.max()), 1e-9)]
