"""The hybrid matcher: dense + lexical + structured scores, fused, filtered, diversified, explained.

For a challenge it scores every startup in the pool (normalisation needs the whole pool, so
filters apply after scoring), ranks by the fused score (adjusted by the re-ranker once managers
have decided on candidates), and explains the top candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching import diversity, explain
from matching.filters import Filters
from matching.fusion import DEFAULT_WEIGHTS, Weights, fuse, langz
from matching.learning import Reranker
from matching.lexical import LexicalIndex, lexical_index
from matching.profiles import ChallengeSpec, Profile
from matching.structured import capability_scores, region_scores, sector_scores, stage_scores
from matching.vectors import CachedEmbedder

Progress = Callable[[int], None]
DIVERSITY_POOL = 5  # MMR chooses among this many times `top` best candidates


@dataclass(frozen=True)
class Settings:
    top: int = 10
    filters: Filters = field(default_factory=Filters)
    diverse: bool = False

    def as_record(self) -> dict[str, Any]:
        return {
            "top": self.top,
            "filters": self.filters.as_record(),
            "diverse": self.diverse,
            "diversity_lambda": diversity.LAMBDA if self.diverse else None,
        }


@dataclass(frozen=True)
class Ranked:
    profile: Profile
    rank: int
    score: float
    components: dict[str, float]
    reasons: dict[str, Any]


@dataclass
class Scores:
    """Every component for every startup of the pool, and what was needed to compute them."""

    components: dict[str, np.ndarray]
    challenge_vector: np.ndarray
    profile_vectors: np.ndarray
    lexical: LexicalIndex
    raw: dict[str, np.ndarray] = field(default_factory=dict)  # cosines before normalisation
    required_vectors: np.ndarray | None = None


class Matcher:
    def __init__(
        self,
        dense: Sequence[tuple[CachedEmbedder, float]],
        weights: Weights = DEFAULT_WEIGHTS,
        reranker: Reranker | None = None,
    ) -> None:
        if not dense:
            raise ValueError("the matcher needs at least one embedder")
        self.dense = list(dense)
        self.weights = weights
        self.reranker = reranker

    @property
    def primary(self) -> CachedEmbedder:
        """The embedder whose vectors also serve capabilities, sentences and diversity."""
        return self.dense[0][0]

    def identity(self) -> dict[str, Any]:
        """What a Shortlist-produced event records so that the ranking can be recomputed and compared."""
        return {
            "name": "hybrid",
            "models": [{"name": e.name, "fingerprint": e.fingerprint, "weight": w} for e, w in self.dense],
            "lexical": "tf-idf char_wb 3-5, sublinear tf, fitted on the pool",
            "normalisation": "z-score per challenge within each startup language (langz)",
            "weights": self.weights.as_dict(),
            "reranker": self.reranker.describe() if self.reranker else None,
        }

    def to_embed(self, challenge: ChallengeSpec, pool: Sequence[Profile]) -> int:
        """How many texts this ranking would have to embed first (for a progress bar)."""
        texts = [challenge.text, *(p.text for p in pool), *challenge.required_capabilities]
        texts += [c for p in pool for c in p.capabilities]
        return sum(embedder.missing(texts) for embedder, _ in self.dense[:1]) + sum(
            embedder.missing([challenge.text, *(p.text for p in pool)]) for embedder, _ in self.dense[1:]
        )

    def score(
        self, challenge: ChallengeSpec, pool: Sequence[Profile], progress: Progress | None = None
    ) -> Scores:
        languages = [p.language for p in pool]
        texts = [p.text for p in pool]
        dense = np.zeros(len(pool))
        raw: dict[str, np.ndarray] = {}
        primary_vectors = primary_query = None
        for i, (embedder, weight) in enumerate(self.dense):
            query = embedder.embed([challenge.text], progress)[0]
            vectors = embedder.embed(texts, progress)
            if primary_vectors is None:
                primary_vectors, primary_query = vectors, query
            raw[f"dense:{i}"] = vectors @ query if len(pool) else np.zeros(0)
            dense += weight * langz(raw[f"dense:{i}"], languages)
        lexical = lexical_index(texts)
        required = self.primary.embed(list(challenge.required_capabilities), progress)
        all_offered = self.primary.embed([c for p in pool for c in p.capabilities], progress)
        offered, start = [], 0
        for p in pool:
            offered.append(all_offered[start : start + len(p.capabilities)])
            start += len(p.capabilities)
        capabilities = capability_scores(required, offered)
        raw["lexical"] = lexical.scores(challenge.text)
        raw["capabilities"] = capabilities
        components = {
            "dense": dense,
            "lexical": langz(raw["lexical"], languages),
            "sector": sector_scores(challenge, pool),
            "capabilities": langz(capabilities, languages),
            "region": region_scores(challenge, pool),
            "stage": stage_scores(pool),
        }
        fused = fuse(components, self.weights)
        components["fused"] = fused
        nothing = np.zeros(len(pool))
        components["reranker"] = self.reranker.adjustment(components) if self.reranker else nothing
        components["feedback"] = (
            self.reranker.feedback_for(challenge.id, [p.id for p in pool], primary_vectors, languages)
            if self.reranker and len(pool)
            else nothing
        )
        components["final"] = fused + components["reranker"] + components["feedback"]
        assert primary_vectors is not None and primary_query is not None
        return Scores(components, primary_query, primary_vectors, lexical, raw, required)

    def rank(
        self,
        challenge: ChallengeSpec,
        pool: Sequence[Profile],
        settings: Settings = Settings(),
        progress: Progress | None = None,
        explain_top: bool = True,
    ) -> list[Ranked]:
        if not pool:
            return []
        scores = self.score(challenge, pool, progress)
        final = scores.components["final"]
        kept = np.flatnonzero(settings.filters.mask(pool))
        order = kept[np.argsort(-final[kept], kind="stable")]
        if settings.diverse:
            window = order[: settings.top * DIVERSITY_POOL]
            picked = diversity.mmr(final[window], scores.profile_vectors[window], settings.top)
            order = window[picked]
        chosen = order[: settings.top]
        return [
            self._ranked(challenge, pool[i], rank, scores, int(i), explain_top, progress)
            for rank, i in enumerate(chosen, start=1)
        ]

    def _ranked(
        self,
        challenge: ChallengeSpec,
        profile: Profile,
        rank: int,
        scores: Scores,
        index: int,
        with_reasons: bool,
        progress: Progress | None,
    ) -> Ranked:
        components = {name: float(values[index]) for name, values in scores.components.items()}
        reasons: dict[str, Any] = {"components": components}
        if with_reasons:
            reasons = explain.reasons(
                challenge,
                profile,
                lexical=scores.lexical,
                required_vectors=self.primary.embed(list(challenge.required_capabilities)),
                offered_vectors=self.primary.embed(list(profile.capabilities)),
                challenge_vector=scores.challenge_vector,
                sentence_vectors=self.primary.embed(explain.sentences(profile.description), progress),
                components=components,
            )
        return Ranked(profile, rank, components["final"], components, reasons)
