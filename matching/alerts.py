"""Scoring one new profile against an open challenge, for match alerts.

Ranking the whole pool again for every startup that registers would cost a model pass per
challenge and startup. A `ChallengeLens` is prepared once per challenge from the pool: the
challenge's vectors, the fitted lexical index, and each component's mean and spread per language.
A new profile is then scored exactly as it would be inside the pool, and compared with the score
of the pool's N-th best startup: above it, the profile would make the challenge's top N.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.fusion import MIN_GROUP, fuse
from matching.lexical import LexicalIndex
from matching.matcher import Matcher
from matching.profiles import ChallengeSpec, Profile
from matching.structured import capability_scores, region_scores, sector_scores, stage_scores

TOP = 10


@dataclass
class ChallengeLens:
    challenge: ChallengeSpec
    matcher: Matcher
    queries: list[np.ndarray]
    required: np.ndarray
    lexical: LexicalIndex
    stats: dict[str, dict[str, tuple[float, float]]]  # component -> language ("*" for all) -> mean, std
    threshold: float  # the fused score of the pool's TOP-th best startup

    @classmethod
    def prepare(
        cls, matcher: Matcher, challenge: ChallengeSpec, pool: Sequence[Profile], top: int = TOP
    ) -> ChallengeLens:
        scores = matcher.score(challenge, pool)
        languages = np.array([p.language for p in pool])
        stats: dict[str, dict[str, tuple[float, float]]] = {}
        for name, values in scores.raw.items():
            groups = {"*": (float(values.mean()), float(values.std()))} if len(values) else {"*": (0.0, 1.0)}
            for language in np.unique(languages):
                members = values[languages == language]
                if len(members) >= MIN_GROUP:
                    groups[str(language)] = (float(members.mean()), float(members.std()))
            stats[name] = groups
        fused = np.sort(scores.components["fused"])[::-1]
        threshold = float(fused[min(top, len(fused)) - 1]) if len(fused) else 0.0
        queries = [embedder.embed([challenge.text])[0] for embedder, _ in matcher.dense]
        required = scores.required_vectors if scores.required_vectors is not None else np.zeros((0, 0))
        return cls(challenge, matcher, queries, required, scores.lexical, stats, threshold)

    def _z(self, name: str, value: float, language: str) -> float:
        groups = self.stats[name]
        mean, std = groups.get(language, groups["*"])
        return (value - mean) / (std + 1e-9)

    def score(self, profile: Profile) -> tuple[float, dict[str, float]]:
        """The fused score the profile would have in the pool, and its components."""
        dense = 0.0
        for i, ((embedder, weight), query) in enumerate(zip(self.matcher.dense, self.queries, strict=True)):
            vector = embedder.embed([profile.text])[0]
            dense += weight * self._z(f"dense:{i}", float(vector @ query), profile.language)
        offered = self.matcher.primary.embed(list(profile.capabilities))
        capabilities = float(capability_scores(self.required, [offered])[0])
        components: dict[str, Any] = {
            "dense": np.array([dense]),
            "lexical": np.array(
                [
                    self._z(
                        "lexical",
                        self.lexical.score_document(self.challenge.text, profile.text),
                        profile.language,
                    )
                ]
            ),
            "sector": sector_scores(self.challenge, [profile]),
            "capabilities": np.array([self._z("capabilities", capabilities, profile.language)]),
            "region": region_scores(self.challenge, [profile]),
            "stage": stage_scores([profile]),
        }
        fused = float(fuse(components, self.matcher.weights)[0])
        return fused, {k: round(float(v[0]), 4) for k, v in components.items()}
