"""Scoring one new profile against an open challenge, for match alerts.

Ranking the whole pool again for every startup that registers would cost a pass over the pool
per challenge and startup. A `ChallengeLens` is prepared once per challenge from the pool index:
the challenge's vectors, the pool's BM25 statistics for the challenge's grams, and each
component's mean and spread per language. A new profile is then scored as it would be inside the
pool, and compared with the score of the pool's N-th best startup: above it, the profile would
make the challenge's top N.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from matching import lexical
from matching.fusion import MIN_GROUP, fuse
from matching.index import STAGE_MATURITY, UNKNOWN_MATURITY, Pool, PoolIndex
from matching.matcher import Matcher
from matching.profiles import ChallengeSpec, Profile
from matching.regions import in_region
from matching.sectors import OTHER_SECTOR

TOP = 10


@dataclass
class ChallengeLens:
    challenge: ChallengeSpec
    matcher: Matcher
    queries: list[np.ndarray]
    required: np.ndarray
    grams: np.ndarray  # the challenge's gram keys
    idf: np.ndarray  # per gram, over the pool
    average_length: float
    stats: dict[str, dict[str, tuple[float, float]]]  # component -> language ("*" for all) -> mean, std
    threshold: float  # the fused score of the pool's TOP-th best startup
    sector_affinity: dict[str, float]  # sector evidence: the pool's best-ranked startups decide it
    centre: np.ndarray  # the second query (pseudo-relevance feedback)

    @classmethod
    def prepare(
        cls,
        matcher: Matcher,
        challenge: ChallengeSpec,
        index: PoolIndex,
        pool: Pool,
        embedded: np.ndarray | None = None,
        top: int = TOP,
    ) -> ChallengeLens:
        scores = matcher.score_pool(challenge, index, pool, embedded)
        challenge = scores.challenge or challenge  # abbreviations spelt out, capabilities inferred
        languages = np.array([*index.languages, ""], dtype=object)[index.column("language")[pool.rows]]
        stats: dict[str, dict[str, tuple[float, float]]] = {}
        for name, values in scores.raw.items():
            valid = scores.embedded if name != "lexical" else np.ones(len(values), dtype=bool)
            values, langs = values[valid], languages[valid]
            groups = {"*": (float(values.mean()), float(values.std()))} if len(values) else {"*": (0.0, 1.0)}
            for language in set(langs.tolist()):
                members = values[langs == language]
                if len(members) >= MIN_GROUP:
                    groups[str(language)] = (float(members.mean()), float(members.std()))
            stats[name] = groups
        fused = np.sort(scores.components["fused"])[::-1]
        threshold = float(fused[min(top, len(fused)) - 1]) if len(fused) else 0.0
        queries = [embedder.embed([challenge.text])[0] for embedder, _ in matcher.dense]
        return cls(
            challenge,
            matcher,
            queries,
            scores.required_vectors,
            lexical.query_keys(challenge.text),
            scores.lexical.idf(),
            scores.lexical.average_length,
            stats,
            threshold,
            scores.sector_affinity,
            scores.centre if scores.centre is not None else np.zeros(0, dtype=np.float32),
        )

    def _z(self, name: str, value: float, language: str) -> float:
        groups = self.stats[name]
        mean, std = groups.get(language, groups["*"])
        return (value - mean) / (std + 1e-9)

    def _bm25(self, text: str) -> float:
        keys, counts = lexical.gram_keys(text)
        if not len(keys) or not self.average_length:
            return 0.0
        _, mine, theirs = np.intersect1d(self.grams, keys, assume_unique=True, return_indices=True)
        tf = counts[theirs].astype(np.float64)
        length = float(counts.astype(np.int64).sum())
        norm = lexical.K1 * (1.0 - lexical.B + lexical.B * length / self.average_length)
        return float((self.idf[mine] * tf * (lexical.K1 + 1.0) / (tf + norm)).sum())

    def score(self, profile: Profile) -> tuple[float, dict[str, float]]:
        """The fused score the profile would have in the pool, and its components."""
        dense = 0.0
        for i, ((embedder, weight), query) in enumerate(zip(self.matcher.dense, self.queries, strict=True)):
            vector = embedder.embed([profile.text])[0]
            dense += weight * self._z(f"dense:{i}", float(vector @ query), profile.language)
        capabilities = 0.0
        if len(self.required) and profile.capabilities:
            offered = self.matcher.primary.embed(list(profile.capabilities))
            capabilities = float((self.required @ offered.T).max(axis=1).mean())
        neighbours = 0.0
        if len(self.centre):
            vector = self.matcher.primary.embed([profile.text])[0]
            neighbours = self._z("neighbours", float(vector @ self.centre), profile.language)
        membership = {s: OTHER_SECTOR for s in profile.sectors[1:]} | dict.fromkeys(profile.sectors[:1], 1.0)
        components: dict[str, Any] = {
            "dense": np.array([dense]),
            "lexical": np.array([self._z("lexical", self._bm25(profile.text), profile.language)]),
            "sector": np.array([sum(self.sector_affinity.get(s, 0.0) * m for s, m in membership.items())]),
            "neighbours": np.array([neighbours]),
            "capabilities": np.array([self._z("capabilities", capabilities, profile.language)]),
            "region": np.array(
                [
                    1.0
                    if self.challenge.region_preference
                    and in_region(profile.city, self.challenge.region_preference)
                    else 0.0
                ]
            ),
            "stage": np.array([STAGE_MATURITY.get(profile.stage or "", UNKNOWN_MATURITY)]),
        }
        fused = float(fuse(components, self.matcher.weights)[0])
        return fused, {k: round(float(v[0]), 4) for k, v in components.items()}
