"""The hybrid matcher: dense + lexical + structured scores over a pool index, fused, filtered,
diversified, explained.

For a challenge it scores every startup in the pool (normalisation needs the whole pool, so
filters apply after scoring), ranks by the fused score (adjusted by the re-ranker once managers
have decided on candidates), and explains the top candidates. It reads a `PoolIndex` (the
matching read model keeps one current; `rank` builds one from a list of profiles), so a request
costs a few products over arrays, whatever happened to the profiles before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from matching import candidates, diversity, expansion, explain, lexical, sectors
from matching.filters import Filters
from matching.fusion import DEFAULT_WEIGHTS, Weights, fuse, langz_codes, langz_like
from matching.index import Pool, PoolIndex, from_profiles
from matching.learning import FEEDBACK_WEIGHT, Reranker
from matching.profiles import ChallengeSpec, Profile
from matching.structured import (
    capability_scores,
    capability_scores_of,
    region_scores,
    stage_scores,
)
from matching.vectors import CachedEmbedder

Progress = Callable[[int], None]
DIVERSITY_POOL = 5  # MMR chooses among this many times `top` best candidates
FILL = 4096  # vectors looked up in the vector store at a time
NORMALISATION = "z-score per challenge within each startup language (langz)"


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
    """Every component for every member of a pool, and what was needed to compute them."""

    index: PoolIndex
    pool: Pool
    components: dict[str, np.ndarray]
    raw: dict[str, np.ndarray]  # cosines and BM25 before normalisation
    embedded: np.ndarray  # per member: ranked with its vectors (False: on text alone)
    lexical: lexical.Statistics
    challenge_vector: np.ndarray
    required_vectors: np.ndarray
    mask: np.ndarray  # over the index's rows: the pool
    challenge: ChallengeSpec | None = None  # as ranked: abbreviations spelt out, capabilities inferred
    sector_affinity: dict[str, float] = field(default_factory=dict)  # what the texts and the manager say
    inferred_capabilities: tuple[str, ...] = ()  # when the challenge named none
    centre: np.ndarray | None = None  # the second query: the best-ranked members' centroid

    @property
    def profile_vectors(self) -> np.ndarray:
        """The primary model's vectors of the pool (evaluation: learning simulations)."""
        fingerprint = next(iter(self.index.vectors))
        return self.index.vectors[fingerprint].get(self.pool.rows)


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

    def identity(self, pool_size: int = 0) -> dict[str, Any]:
        """What a Shortlist-produced event records so that the ranking can be recomputed and compared."""
        return {
            "name": "hybrid",
            "models": [{"name": e.name, "fingerprint": e.fingerprint, "weight": w} for e, w in self.dense],
            "lexical": lexical.METHOD,
            "normalisation": NORMALISATION,
            "candidates": candidates.method() if pool_size > candidates.EXACT_LIMIT else {"name": "exact"},
            "weights": self.weights.as_dict(),
            "sectors": sectors.METHOD,
            "expansion": expansion.METHOD,
            "reranker": self.reranker.describe() if self.reranker else None,
        }

    def with_reranker(self, reranker: Reranker | None) -> Matcher:
        return Matcher(self.dense, self.weights, reranker)

    # Vectors ---------------------------------------------------------------------------------------

    def fill(self, index: PoolIndex, rows: np.ndarray, progress: Progress | None = None) -> int:
        """Give these rows (and their capabilities) the vectors of every dense model: from the
        vector store, or embedded now if nobody has embedded them yet. Returns how many texts
        were embedded."""
        embedded = 0
        rows = np.asarray(rows, dtype=np.int64)
        for number, (embedder, _) in enumerate(self.dense):
            blocks, capability_blocks = index.vectors_for(embedder.fingerprint)
            lacking = rows[~blocks.has(index.row_count)[rows]]
            embedded += _fill(
                embedder, blocks, lacking.tolist(), [index.digests[r] for r in lacking], index, progress
            )
            if number == 0:
                ids = index.capabilities_of(lacking)
                ids = ids[~capability_blocks.has(len(index.capabilities))[ids]].tolist()
                texts = {index.capability_digests[c]: index.capabilities[c] for c in ids}
                embedded += _fill(
                    embedder,
                    capability_blocks,
                    ids,
                    [index.capability_digests[c] for c in ids],
                    None,
                    progress,
                    texts,
                )
        return embedded

    # Scoring ---------------------------------------------------------------------------------------

    def score_pool(
        self,
        challenge: ChallengeSpec,
        index: PoolIndex,
        pool: Pool,
        embedded: np.ndarray | None = None,
        progress: Progress | None = None,
    ) -> Scores:
        """Every component for every pool member. `embedded` says which members rank with their
        vectors (default: all, embedding what is missing); the others rank on text alone."""
        if embedded is None:
            self.fill(index, pool.rows, progress)
            embedded = np.ones(len(pool), dtype=bool)
        challenge = replace(challenge, description=expansion.spelt_out(challenge.description))
        n = int(pool.rows.max()) + 1 if len(pool) else 0
        if len(pool) > candidates.EXACT_LIMIT:
            inverted = self._inverted_file(index, n)
            if inverted is not None:
                return self._score_candidates(challenge, index, pool, embedded, inverted, n, progress)
        rows = pool.rows
        codes = index.column("language", n)[rows].astype(np.int64)
        raw: dict[str, np.ndarray] = {}
        dense = np.zeros(len(pool))
        query_vector = np.zeros(0, dtype=np.float32)
        for i, (embedder, weight) in enumerate(self.dense):
            query = embedder.embed([challenge.text], progress)[0]
            if i == 0:
                query_vector = query
            blocks, _ = index.vectors_for(embedder.fingerprint)
            raw[f"dense:{i}"] = blocks.dot(query, n)[rows].astype(np.float64)
            dense += weight * langz_codes(raw[f"dense:{i}"], codes, embedded)
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        bm25, statistics = lexical.bm25(
            index.grams, lexical.query_keys(challenge.text), mask, index.column("length", n)
        )
        raw["lexical"] = bm25[rows]
        components = {"dense": dense, "lexical": langz_codes(raw["lexical"], codes)}
        blocks, capability_blocks = index.vectors_for(self.primary.fingerprint)
        evidence = self._evidence(challenge, index, pool, components, embedded, n)
        centre = self._centre(blocks, pool.rows, evidence.pop("first"), embedded)
        raw["neighbours"] = blocks.dot(centre, n)[rows].astype(np.float64)
        components["neighbours"] = langz_codes(raw["neighbours"], codes, embedded)
        challenge, required, inferred = self._required(challenge, index, rows, query_vector, progress)
        similarity = capability_blocks.dot(required, len(index.capabilities))
        ends = index.column("capability_end", n)
        raw["capabilities"] = capability_scores(similarity, index.capability_ids.values(), ends)[rows]
        components["capabilities"] = langz_codes(raw["capabilities"], codes, embedded)
        components.update(evidence.pop("components"))
        scores = self._finish(
            challenge, index, pool, components, raw, embedded, statistics, query_vector, required, mask, n
        )
        scores.sector_affinity, scores.inferred_capabilities = evidence["affinity"], inferred
        scores.centre = centre
        return scores

    def _evidence(
        self,
        challenge: ChallengeSpec,
        index: PoolIndex,
        pool: Pool,
        components: dict[str, np.ndarray],
        embedded: np.ndarray,
        n: int,
    ) -> dict[str, Any]:
        """Sector evidence (matching/sectors.py), region and stage; and the first-pass ranking
        (texts and sectors) whose best members make the second query."""
        rows = pool.rows
        base = components["dense"] + self.weights.lexical * components["lexical"]
        stated = [index.sectors.index(s) for s in challenge.sectors if s in index.sectors]
        sector, weights = sectors.sector_evidence(
            stated,
            base,
            index.column("main_sector", n)[rows],
            index.column("sectors", n)[rows],
            len(index.sectors),
            index.sectors,
        )
        affinity = {name: float(weights[i]) for i, name in enumerate(index.sectors) if weights[i] > 0}
        return {
            "components": {
                "sector": sector,
                "region": region_scores(challenge.region_preference, index.column("region", n)[rows]),
                "stage": stage_scores(index.column("stage", n)[rows], index.stages),
            },
            "affinity": affinity,
            "weights": weights,
            "first": np.where(embedded, base + self.weights.sector * sector, -np.inf),
        }

    @staticmethod
    def _centre(blocks: Any, rows: np.ndarray, first: np.ndarray, embedded: np.ndarray) -> np.ndarray:
        """The second query: the centroid of the best-ranked embedded members' vectors."""
        kept = np.flatnonzero(embedded)
        top = best(first, kept, expansion.NEIGHBOUR_DOCS) if len(kept) else kept
        return expansion.centroid(blocks.get(rows[top])) if len(top) else np.zeros(0, dtype=np.float32)

    def _required(
        self,
        challenge: ChallengeSpec,
        index: PoolIndex,
        rows: np.ndarray,
        query_vector: np.ndarray,
        progress: Progress | None,
    ) -> tuple[ChallengeSpec, np.ndarray, tuple[str, ...]]:
        """The challenge as ranked, its required capabilities' vectors, and those inferred: from
        the pool's own capabilities, the closest to the challenge's text, when it names none."""
        if challenge.required_capabilities:
            return challenge, self.primary.embed(list(challenge.required_capabilities), progress), ()
        _, capability_blocks = index.vectors_for(self.primary.fingerprint)
        ids = index.capabilities_of(rows) if len(rows) else np.zeros(0, dtype=np.int64)
        ids = ids[capability_blocks.has(len(index.capabilities))[ids]] if len(ids) else ids
        if not len(ids) or not len(query_vector):
            return challenge, np.zeros((0, len(query_vector)), dtype=np.float32), ()
        vectors = capability_blocks.get(ids)
        # element-wise, not BLAS: a capability's similarity must not depend on its place in `ids`
        similarity = (vectors * query_vector).sum(axis=1)
        picked = expansion.inferred_capabilities(similarity, [index.capabilities[i] for i in ids])
        inferred = tuple(index.capabilities[int(ids[i])] for i in picked)
        return replace(challenge, required_capabilities=inferred), vectors[picked], inferred

    def _finish(
        self,
        challenge: ChallengeSpec,
        index: PoolIndex,
        pool: Pool,
        components: dict[str, np.ndarray],
        raw: dict[str, np.ndarray],
        embedded: np.ndarray,
        statistics: lexical.Statistics,
        query_vector: np.ndarray,
        required: np.ndarray,
        mask: np.ndarray,
        n: int,
        sample: tuple[Pool, np.ndarray] | None = None,
    ) -> Scores:
        """Fuse the components, add what the re-ranker learnt, and keep what explanations need."""
        codes = index.column("language", n)[pool.rows].astype(np.int64)
        fused = fuse(components, self.weights)
        components["fused"] = fused
        components["reranker"] = (
            self.reranker.adjustment(components) if self.reranker else np.zeros(len(pool))
        )
        components["feedback"] = self._feedback(challenge, index, pool, codes, embedded, n, sample)
        components["final"] = fused + components["reranker"] + components["feedback"]
        return Scores(
            index, pool, components, raw, embedded, statistics, query_vector, required, mask, challenge
        )

    # Large pools: candidates first --------------------------------------------------------------------

    def _inverted_file(self, index: PoolIndex, n: int) -> candidates.InvertedFile | None:
        blocks, _ = index.vectors_for(self.primary.fingerprint)
        if not candidates.InvertedFile.ready(blocks, n):
            return None
        with index.lock:
            inverted = index.inverted.get(self.primary.fingerprint)
            if inverted is None:
                inverted = index.inverted[self.primary.fingerprint] = candidates.InvertedFile(blocks)
            inverted.assign(n)
        return inverted

    def _score_candidates(
        self,
        challenge: ChallengeSpec,
        index: PoolIndex,
        pool: Pool,
        embedded: np.ndarray,
        inverted: candidates.InvertedFile,
        n: int,
        progress: Progress | None,
    ) -> Scores:
        """Exact scores for the candidates of a large pool (see matching/candidates.py)."""
        codes = index.column("language", n)[pool.rows].astype(np.int64)
        mask = np.zeros(n, dtype=bool)
        mask[pool.rows] = True
        bm25, statistics = lexical.bm25(
            index.grams, lexical.query_keys(challenge.text), mask, index.column("length", n)
        )
        lexical_raw = bm25[pool.rows]
        lexical_z = langz_codes(lexical_raw, codes)
        query_vector = self.primary.embed([challenge.text], progress)[0]
        members = np.zeros(n, dtype=bool)
        members[pool.rows[embedded]] = True
        blocks, capability_blocks = index.vectors_for(self.primary.fingerprint)
        scanned = inverted.scan(query_vector, members)
        position = _positions(pool.rows, scanned)
        by_dense = position[
            best(blocks.get(scanned) @ query_vector, np.arange(len(scanned)), candidates.CANDIDATES)
        ]
        by_lexical = best(lexical_raw, np.arange(len(pool)), candidates.CANDIDATES)
        chosen = np.union1d(by_dense, by_lexical)
        step = max(1, len(pool) // candidates.SAMPLE)
        sampled = np.arange(0, len(pool), step)[: candidates.SAMPLE]
        sampled = sampled[embedded[sampled]]
        sample = _subset(pool, sampled)
        dense_scanned = (blocks.get(scanned) @ query_vector).astype(np.float64)
        reference_dense = (blocks.get(sample.rows) @ query_vector).astype(np.float64)
        for attempt in (1, 2):  # 2: with the members the sector evidence raises (see `_by_evidence`)
            sub = _subset(pool, chosen)
            raw: dict[str, np.ndarray] = {"lexical": lexical_raw[chosen]}
            dense = np.zeros(len(sub))
            for i, (embedder, weight) in enumerate(self.dense):
                query = query_vector if i == 0 else embedder.embed([challenge.text], progress)[0]
                vectors, _ = index.vectors_for(embedder.fingerprint)
                raw[f"dense:{i}"] = (vectors.get(sub.rows) @ query).astype(np.float64)
                reference = (vectors.get(sample.rows) @ query).astype(np.float64)
                dense += weight * langz_like(
                    raw[f"dense:{i}"], codes[chosen], reference, codes[sampled], embedded[chosen]
                )
            components = {"dense": dense, "lexical": lexical_z[chosen]}
            evidence = self._evidence(challenge, index, sub, components, embedded[chosen], n)
            centre = self._centre(blocks, sub.rows, evidence.pop("first"), embedded[chosen])
            raw["neighbours"] = (blocks.get(sub.rows) @ centre).astype(np.float64)
            components["neighbours"] = langz_like(
                raw["neighbours"],
                codes[chosen],
                (blocks.get(sample.rows) @ centre).astype(np.float64),
                codes[sampled],
                embedded[chosen],
            )
            ranked, required, inferred = self._required(challenge, index, sub.rows, query_vector, progress)
            similarity = capability_blocks.dot(required, len(index.capabilities))
            ends = index.column("capability_end", n)
            ids = index.capability_ids.values()
            raw["capabilities"] = capability_scores_of(similarity, ids, ends, sub.rows)
            reference = capability_scores_of(similarity, ids, ends, sample.rows)
            components["capabilities"] = langz_like(
                raw["capabilities"], codes[chosen], reference, codes[sampled], embedded[chosen]
            )
            components.update(evidence["components"])
            more = self._by_evidence(
                index, scanned, position, dense_scanned, reference_dense, lexical_z, evidence, n
            )
            if attempt == 2 or not len(np.setdiff1d(more, chosen)):
                break
            chosen = np.union1d(chosen, more)
        scores = self._finish(
            ranked,
            index,
            sub,
            components,
            raw,
            embedded[chosen],
            statistics,
            query_vector,
            required,
            mask,
            n,
            (sample, codes[sampled]),
        )
        scores.sector_affinity, scores.inferred_capabilities = evidence["affinity"], inferred
        scores.centre = centre
        return scores

    def _by_evidence(
        self,
        index: PoolIndex,
        scanned: np.ndarray,
        position: np.ndarray,
        dense: np.ndarray,
        reference: np.ndarray,
        lexical_z: np.ndarray,
        evidence: dict[str, Any],
        n: int,
    ) -> np.ndarray:
        """The best scanned members by text and sector evidence together: a large pool's first
        candidates are the best by text alone, and sector evidence can raise members just below
        them into the top; these join the candidates (positions in the pool)."""
        membership = sectors.memberships(
            index.column("main_sector", n)[scanned], index.column("sectors", n)[scanned], len(index.sectors)
        )
        text = (dense - reference.mean()) / (reference.std() + 1e-9)
        text += self.weights.lexical * lexical_z[position]
        score = text + self.weights.sector * sectors.weighted(membership, evidence["weights"], index.sectors)
        return position[best(score, np.arange(len(scanned)), candidates.CANDIDATES)]

    def _feedback(
        self,
        challenge: ChallengeSpec,
        index: PoolIndex,
        pool: Pool,
        codes: np.ndarray,
        embedded: np.ndarray,
        n: int,
        sample: tuple[Pool, np.ndarray] | None = None,
    ) -> np.ndarray:
        """The per-challenge model's contribution: resemblance to this challenge's accepted startups."""
        nothing = np.zeros(len(pool))
        if self.reranker is None or not len(pool):
            return nothing
        blocks, _ = index.vectors_for(self.primary.fingerprint)
        decided = {e.startup_id for e in self.reranker.feedback.get(challenge.id, [])}
        position = {}
        for startup in decided:
            number = index.startup_index.get(startup)
            at = int(np.searchsorted(pool.startups, number)) if number is not None else len(pool)
            if at < len(pool) and pool.startups[at] == number and embedded[at]:
                position[startup] = at
        model = self.reranker.feedback_model(challenge.id, position, lambda at: blocks.get(pool.rows[at]))
        if model is None:
            return nothing
        coefficients = model.coef_[0].astype(np.float32)
        intercept = float(model.intercept_[0])
        if sample is not None:  # a large pool's candidates: normalised like the sample
            decision = (blocks.get(pool.rows) @ coefficients).astype(np.float64) + intercept
            reference = (blocks.get(sample[0].rows) @ coefficients).astype(np.float64) + intercept
            return FEEDBACK_WEIGHT * langz_like(decision, codes, reference, sample[1], embedded)
        decision = blocks.dot(coefficients, n)[pool.rows].astype(np.float64) + intercept
        return FEEDBACK_WEIGHT * langz_codes(decision, codes, embedded)

    # Ranking ---------------------------------------------------------------------------------------

    def rank_pool(
        self,
        challenge: ChallengeSpec,
        index: PoolIndex,
        pool: Pool,
        settings: Settings = Settings(),
        embedded: np.ndarray | None = None,
        progress: Progress | None = None,
        explain_top: bool = True,
        seen: Callable[[Scores], None] | None = None,
    ) -> list[Ranked]:
        """The top of the pool with reasons; `seen` is shown the scores (what a record needs)."""
        if not len(pool):
            return []
        scores = self.score_pool(challenge, index, pool, embedded, progress)
        if seen is not None:
            seen(scores)
        pool = scores.pool  # a large pool's candidates
        final = scores.components["final"]
        kept = np.flatnonzero(settings.filters.pool_mask(index, pool))
        wanted = settings.top * DIVERSITY_POOL if settings.diverse else settings.top
        order = best(final, kept, wanted)
        if settings.diverse:
            blocks, _ = index.vectors_for(self.primary.fingerprint)
            picked = diversity.mmr(final[order], blocks.get(pool.rows[order]), settings.top)
            order = order[picked]
        chosen = order[: settings.top]
        return self._explained(challenge, scores, chosen, explain_top, progress)

    def rank(
        self,
        challenge: ChallengeSpec,
        pool: Sequence[Profile],
        settings: Settings = Settings(),
        progress: Progress | None = None,
        explain_top: bool = True,
    ) -> list[Ranked]:
        """Rank a list of profiles: an index is built for them first."""
        index = from_profiles(pool)
        return self.rank_pool(
            challenge, index, index.pool(), settings, progress=progress, explain_top=explain_top
        )

    def score(
        self, challenge: ChallengeSpec, pool: Sequence[Profile], progress: Progress | None = None
    ) -> Scores:
        index = from_profiles(pool)
        return self.score_pool(challenge, index, index.pool(), progress=progress)

    def _explained(
        self,
        challenge: ChallengeSpec,
        scores: Scores,
        chosen: np.ndarray,
        with_reasons: bool,
        progress: Progress | None,
    ) -> list[Ranked]:
        index, pool = scores.index, scores.pool
        challenge = scores.challenge or challenge
        pool_size = int(scores.mask.sum())  # the whole pool, not a large pool's candidates
        rows = [int(pool.rows[i]) for i in chosen]
        records = index.records_of(rows)
        profiles = [
            index.profile(row, records[row], int(pool.versions[i]))
            for row, i in zip(rows, chosen, strict=True)
        ]
        frequency: dict[str, int] = {}
        if with_reasons:
            words = lexical.content_words(challenge.text) + [
                w for p in profiles for w in lexical.content_words(p.text)
            ]
            frequency = lexical.word_frequencies(index.words, list(dict.fromkeys(words)), scores.mask)
        _, capability_blocks = index.vectors_for(self.primary.fingerprint)
        ranked = []
        for rank, (i, row, profile) in enumerate(zip(chosen, rows, profiles, strict=True), start=1):
            components = {name: float(values[i]) for name, values in scores.components.items()}
            reasons: dict[str, Any] = {"components": components}
            if with_reasons:
                embedded = bool(scores.embedded[i])
                reasons = explain.reasons(
                    challenge,
                    profile,
                    terms=lexical.matched_terms(
                        challenge.text, profile.text, lambda w: frequency.get(w.lower(), 0), pool_size
                    ),
                    required_vectors=scores.required_vectors,
                    offered_vectors=capability_blocks.get(index.row_capabilities(row)),
                    challenge_vector=scores.challenge_vector,
                    sentence_vectors=(
                        self.primary.embed(explain.sentences(profile.description), progress)
                        if embedded
                        else np.zeros((0, 0), dtype=np.float32)
                    ),
                    components=components,
                    embedded=embedded,
                    reranker=self.reranker,
                )
            ranked.append(Ranked(profile, rank, components["final"], components, reasons))
        return ranked


def _subset(pool: Pool, members: np.ndarray) -> Pool:
    return Pool(pool.startups[members], pool.rows[members], pool.versions[members])


def _positions(rows: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each of `wanted` (rows of the pool) stands in the pool."""
    order = np.argsort(rows, kind="stable")
    return order[np.searchsorted(rows[order], wanted)]


def best(scores: np.ndarray, kept: np.ndarray, top: int) -> np.ndarray:
    """The `top` kept members by score, highest first, ties in pool order: what a stable sort of
    every kept member would give, without sorting them all."""
    values = -scores[kept]
    if len(kept) > 4 * top:
        threshold = np.partition(values, top - 1)[top - 1]
        near = values <= threshold
        kept, values = kept[near], values[near]
    return kept[np.argsort(values, kind="stable")][:top]


def _fill(
    embedder: CachedEmbedder,
    blocks: Any,
    targets: list[int],
    keys: list[str],
    index: PoolIndex | None,
    progress: Progress | None,
    texts: dict[str, str] | None = None,
) -> int:
    """Put the vectors of `keys` into `blocks` at `targets`: found in the store, or embedded.

    A few thousand at a time, so that what the store hands over is never much more than a block."""
    embedded = 0
    for start in range(0, len(targets), FILL):
        part, part_keys = targets[start : start + FILL], keys[start : start + FILL]
        found = embedder.lookup(part_keys, remember=False)
        missing = [(t, k) for t, k in zip(part, part_keys, strict=True) if k not in found]
        if missing:
            if texts is None:
                assert index is not None
                records = index.records_of([t for t, _ in missing])
                wanted = {k: index.profile(t, records[t], 1).text for t, k in missing}
            else:
                wanted = {k: texts[k] for _, k in missing}
            found |= embedder.encode(wanted, progress)
            embedded += len(missing)
        blocks.put(part, np.stack([found[k] for k in part_keys]))
    return embedded
