"""Fusion of component scores into one ranking score, with weights tuned on the dev set.

Dense and lexical cosines are z-scored per challenge *within each startup language* ("langz")
before they are weighted. The multilingual embedder gives every startup in the challenge's own
language a bonus of similarity; z-scoring German and English startups separately removes it, so a
German challenge ranks its best English startups beside its best German ones. On the dev set this
alone lifts e5 from nDCG@10 0.68 to 0.83 and cross-language recall@20 from 0.35 to 0.83.
The assumption behind it: relevance does not depend on the language a profile is written in.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

MIN_GROUP = 10  # a language with fewer startups is z-scored with all of them


@dataclass(frozen=True)
class Weights:
    """How much each component counts (dense fixed at 1). Tuned on ../shared/eval/dev by grid
    search with leave-one-challenge-out cross-validation (`matchmaker evaluate DIR --tune`)."""

    dense: float = 1.0
    lexical: float = 0.25
    sector: float = 2.0
    neighbours: float = 0.5
    capabilities: float = 0.0
    region: float = 0.0
    stage: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, float]) -> Weights:
        """Weights as a shortlist recorded them; a component added since counted for nothing then."""
        return cls(**{name: float(record.get(name, 0.0)) for name in cls.__dataclass_fields__})


DEFAULT_WEIGHTS = Weights()
WEIGHTS_VARIABLE = "MATCHMAKER_FUSION_WEIGHTS"


def configured_weights(setting: str | None = None) -> Weights:
    """The tuned defaults, overridden by MATCHMAKER_FUSION_WEIGHTS (e.g. `lexical=0.5,sector=1`).

    A shortlist records the weights it was made with; `audit verify-shortlist` tells when the
    configured ones differ.
    """
    setting = os.environ.get(WEIGHTS_VARIABLE, "") if setting is None else setting
    values = DEFAULT_WEIGHTS.as_dict()
    for part in filter(None, (p.strip() for p in setting.split(","))):
        name, _, number = part.partition("=")
        name = name.strip()
        if name not in values:
            raise ValueError(f"{WEIGHTS_VARIABLE}: {name!r} is not a component; use {', '.join(values)}")
        try:
            values[name] = float(number)
        except ValueError:
            raise ValueError(f"{WEIGHTS_VARIABLE}: {name}={number!r} is not a number") from None
    return Weights(**values)


#: Cosines, z-scored per language; the rest are in [0, 1].
NORMALISED = ("dense", "lexical", "neighbours", "capabilities")


def langz(scores: np.ndarray, languages: Sequence[str], min_group: int = MIN_GROUP) -> np.ndarray:
    """Z-score within each language group of the pool (all of it when a group is small)."""
    _, codes = np.unique(np.asarray(languages, dtype=object).astype(str), return_inverse=True)
    return langz_codes(np.asarray(scores, dtype=float), codes, None, min_group)


def langz_codes(
    scores: np.ndarray, codes: np.ndarray, valid: np.ndarray | None = None, min_group: int = MIN_GROUP
) -> np.ndarray:
    """`langz` over language codes; members outside `valid` (profiles not embedded yet, for a
    dense score) are left out of the statistics and score 0, the mean."""
    scores = np.asarray(scores, dtype=float)
    out = np.zeros(len(scores))
    members = np.ones(len(scores), dtype=bool) if valid is None else np.asarray(valid, dtype=bool)
    out[members] = _z(scores[members])
    for code in np.flatnonzero(np.bincount(codes[members])) if members.any() else ():
        group = members & (codes == code)
        if np.count_nonzero(group) >= min_group:
            out[group] = _z(scores[group])
    return out


def langz_like(
    values: np.ndarray,
    codes: np.ndarray,
    reference: np.ndarray,
    reference_codes: np.ndarray,
    valid: np.ndarray | None = None,
    min_group: int = MIN_GROUP,
) -> np.ndarray:
    """`langz` of some members of a pool with the statistics of a sample of it (`reference`):
    what a large pool's candidates are normalised with. Members outside `valid` score 0."""
    values = np.asarray(values, dtype=float)
    out = np.zeros(len(values))
    members = np.ones(len(values), dtype=bool) if valid is None else np.asarray(valid, dtype=bool)
    overall = (reference.mean(), reference.std()) if len(reference) else (0.0, 1.0)
    groups = {
        int(code): (reference[reference_codes == code].mean(), reference[reference_codes == code].std())
        for code in np.unique(reference_codes)
        if np.count_nonzero(reference_codes == code) >= min_group
    }
    for code in np.unique(codes[members]):
        mean, std = groups.get(int(code), overall)
        group = members & (codes == code)
        out[group] = (values[group] - mean) / (std + 1e-9)
    return out


def _z(values: np.ndarray) -> np.ndarray:
    if len(values) == 0:
        return values.copy()
    return (values - values.mean()) / (values.std() + 1e-9)


def fuse(components: dict[str, np.ndarray], weights: Weights) -> np.ndarray:
    total = np.zeros(len(next(iter(components.values()))))
    for name, weight in weights.as_dict().items():
        if weight and name in components:
            total += weight * components[name]
    return total
