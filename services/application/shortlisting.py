"""The shortlisting service: rank the pool of a business date for a challenge, and record it.

One service per store owns what ranking needs: the matching read model (the pool index), the
dense models, the re-rankers learnt from decisions, and the numbering of shortlists. The CLI, the
HTTP API, the web pages, the bus's auto-shortlister and match alerts, and the audit's
recomputation all go through it, so they rank the same way.

- **The pool** is every startup known on the shortlist's business date, with its profile as it
  was then, read from the index's versioned entries at the log position the index has reached
  (recorded, so that an auditor gets the same pool). No aggregate is reconstructed.
- **Vectors** come from the embeddings read model, which embeds new profiles off the request
  path. Profiles it has not reached yet are ranked on their text alone; the shortlist records how
  many, and up to which log position profiles were embedded, so that a recomputation treats
  the same ones alike. `Request(wait=True)` waits for the embeddings instead.
- **Concurrency**: rankings read an index that only grows and run side by side; the short
  catch-up before them is serialised per process.

Exclusions a manager asks for (startups that applied, that were rejected for this challenge,
named ones) are filters, so that the normalisation still sees the whole pool. Decisions on
earlier shortlists train the re-ranker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import numpy as np

from domain import Actor, Candidate, Challenge, Shortlist, Startup, When
from domain.errors import InvalidValue
from domain.values import Region, Sector, Stage, choice
from matching.embedders import dense_spec, embedder_for
from matching.filters import Filters
from matching.fusion import Weights, configured_weights
from matching.index import Pool, PoolIndex, StaleSegment
from matching.learning import Reranker, checkpoint, examples_from
from matching.matcher import Matcher, Ranked, Settings
from matching.profiles import ChallengeSpec, Profile
from matching.vectors import CachedEmbedder, VectorStore, vectors_beside
from services.application.commands import ProduceShortlist, handle
from services.application.commands.common import check_may_write, occurrence
from services.application.readmodels import read_models
from services.infrastructure.store import Store

_embedders: dict[tuple[str, str], CachedEmbedder] = {}
_vector_stores: dict[str, VectorStore] = {}
_opening = threading.Lock()
KEEP_RERANKERS = 8


@dataclass(frozen=True)
class Request:
    """What a manager asks for."""

    top: int = 10
    sectors: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    region: str | None = None
    exclude_applied: bool = False
    exclude_rejected: bool = False
    exclude: tuple[str, ...] = field(default=())  # startup references (conflicts of interest)
    diverse: bool = False
    wait: bool = False  # wait for every profile of the pool to be embedded


@dataclass(frozen=True)
class Ranking:
    """A ranking ready to be recorded as a shortlist: candidates, matcher identity and settings."""

    candidates: list[Candidate]
    matcher: dict[str, Any]
    settings: dict[str, Any]
    ranked: list[Ranked]

    @property
    def pool_size(self) -> int:
        return int(self.settings["pool_size"])

    @property
    def not_embedded(self) -> int:
        return int(self.settings.get("not_embedded", 0))


def cached_embedder(location: str, model: str) -> CachedEmbedder:
    """One embedder per model and store location per process: loading a model is the slow part,
    and the vectors live beside the event store."""
    key = (location, model)
    with _opening:
        if key not in _embedders:
            if location not in _vector_stores:
                _vector_stores[location] = vectors_beside(location)
            _embedders[key] = CachedEmbedder(embedder_for(model), _vector_stores[location])
        return _embedders[key]


def dense_models(location: str, model: str | None = None) -> list[tuple[CachedEmbedder, float]]:
    return [(cached_embedder(location, name), weight) for name, weight in dense_spec(model)]


def profile_of(startup: Startup) -> Profile:
    return Profile.from_record({**startup.profile, "id": str(startup.id)}, version=startup.version)


def spec_of(challenge: Challenge) -> ChallengeSpec:
    return ChallengeSpec.from_record(
        {**challenge.details, "id": str(challenge.id)}, version=challenge.version
    )


def request_and_view(
    store: Store, challenge: str, request: Request, *, by: Actor, when: When | None = None
) -> dict[str, Any]:
    """Rank and record a challenge's next shortlist as the API and the pages ask for it, and
    answer with the shortlist as its readers see it (names, scores, reasons)."""
    from services.application.queries.shortlists import view

    shortlist, ranking = shortlisting_for(store).request(challenge, request, by=by, when=when)
    return view(store, shortlist, {r.profile.id: r.profile.name for r in ranking.ranked})


@dataclass(frozen=True)
class Preparing:
    """Who hears the work a ranking does before it ranks, which a first ranking after an import
    makes long: `indexing(position, head)` while the matching index takes in the new profiles,
    `embedding(texts)` for each batch of texts embedded because no vector was kept for them."""

    indexing: Callable[[int, int], None] | None = None
    embedding: Callable[[int], None] | None = None


def shortlisting_for(store: Store) -> Shortlisting:
    """The shortlisting service of a store (one per store, kept with it)."""
    return store.attached("shortlisting", lambda: Shortlisting(store))


def use(store: Store, service: Shortlisting) -> Shortlisting:
    """Make `service` the one every entry point finds for this store (tests give fake models)."""
    return store.attach("shortlisting", service)


class Shortlisting:
    def __init__(
        self,
        store: Store,
        *,
        model: str | None = None,
        weights: Weights | None = None,
        dense: list[tuple[CachedEmbedder, float]] | None = None,
        inline: bool = False,
    ) -> None:
        """`dense` replaces the configured models; `inline` embeds what is missing on the
        request path instead of leaving it to the embeddings read model (tests, evaluations)."""
        self.store = store
        self.model_spec = model
        self.weights = weights
        self.dense = dense
        self.inline = inline
        self._rerankers: OrderedDict[tuple[int, int, int | None], Reranker | None] = OrderedDict()
        self._preparing = threading.Lock()

    # What ranking reads ---------------------------------------------------------------------------

    def matcher(
        self,
        index: PoolIndex | None = None,
        on: date | None = None,
        position: int | None = None,
        challenge: str | None = None,
    ) -> Matcher:
        """The hybrid matcher with the configured models and weights, and the re-ranker trained on
        the decisions recorded by business date `on` and log `position` (none without an index)."""
        dense = self.dense or dense_models(self.store.location, self.model_spec)
        matcher = Matcher(dense, self.weights or configured_weights())
        if index is None:
            return matcher
        return matcher.with_reranker(self.reranker(index, on, position, challenge))

    def reranker(
        self, index: PoolIndex, on: date | None, position: int | None, challenge: str | None = None
    ) -> Reranker | None:
        """Learnt from the decisions of that moment: the cross-challenge model as of the last
        checkpoint (trained once, then kept), and this challenge's own decisions up to now."""
        through = checkpoint(index, position)
        shown, decided = index.decisions_until(through)
        latest = max(
            [s.day for s in index.shown[:shown]] + [v.day for v in index.verdicts[:decided]], default=0
        )
        day = on.toordinal() if on is not None and on.toordinal() < latest else None
        key = (shown, decided, day)
        with self._preparing:
            known = key in self._rerankers
            if known:
                self._rerankers.move_to_end(key)
                base = self._rerankers[key]
        if not known:
            base = Reranker.train(examples_from(index, on, through))
            with self._preparing:
                self._rerankers[key] = base
                while len(self._rerankers) > KEEP_RERANKERS:
                    self._rerankers.popitem(last=False)
        own = examples_from(index, on, position, challenge) if challenge else []
        if not any(e.label is not None for e in own):
            return base.with_feedback(challenge, [], through) if base and challenge else base
        return (base or Reranker(None, 0, "rr-none")).with_feedback(challenge or "", own, through)

    def current(self, indexing: Callable[[int, int], None] | None = None) -> tuple[PoolIndex, int]:
        """The pool index caught up with the log, and the log position it reflects; `indexing`
        hears (position, head) while profiles recorded since the last ranking are indexed."""
        runner = read_models(self.store).runners["matching"]
        if indexing:  # where it starts from, so that the count is of what is new
            with suppress(StaleSegment):  # an index of another version: built anew, counted from page one
                indexing(runner.position(), runner.head())
        runner.catch_up(progress=indexing)
        model = runner.model()  # type: ignore[union-attr]
        position = model.position(self.store.name)  # read before loading: the index holds at least this
        return model.refresh(), position

    def wait_for_embeddings(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Embed what the embeddings read model has not reached yet, here and now."""
        models = read_models(self.store, embeddings=True)
        if progress:  # where it starts from, so that the count is of what is new
            progress(models.runners["embeddings"].position(), models.runners["embeddings"].head())
        return models.catch_up(["embeddings"], (lambda _, p, h: progress(p, h)) if progress else None)[
            "embeddings"
        ]

    def not_embedded(self, on: date | None = None) -> int:
        """How many startups of today's pool (or the pool of `on`) rank on their text alone now."""
        index, position = self.current()
        pool = index.pool(on, position)
        return int(np.count_nonzero(index.column("position")[pool.rows] > self._through(position)))

    def _through(self, position: int) -> int:
        """Up to which log position the embeddings read model has embedded the profiles."""
        if self.inline:
            return position
        return min(read_models(self.store).runners["embeddings"].position(), position)

    def warm_up(self) -> tuple[PoolIndex, Pool]:
        """Load the index and look up the vectors of today's pool: what a new process does before
        its first shortlist (the API does it on a thread when it starts)."""
        index, position = self.current()
        pool = index.pool(None, position)
        self._embedded(self.matcher(index, None, position), index, pool, self._through(position))
        return index, pool

    def _embedded(
        self,
        matcher: Matcher,
        index: PoolIndex,
        pool: Pool,
        through: int,
        embedding: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Which pool members rank with their vectors (made up to log position `through`); their
        vectors are looked up in the vector store once per process, and what is not there is
        embedded now (`embedding` hears how many texts each batch embedded)."""
        embedded = index.column("position")[pool.rows] <= through
        with self._preparing:
            matcher.fill(index, pool.rows[embedded], embedding)
        return embedded

    # Ranking ----------------------------------------------------------------------------------------

    def rank(
        self,
        challenge: str,
        request: Request,
        *,
        when: When,
        progress: Callable[[int, int], None] | None = None,
        preparing: Preparing | None = None,
    ) -> Ranking:
        """Rank the pool of the business date for a challenge; nothing is written. `progress`
        hears the embeddings waited for (`Request.wait`), `preparing` the work before ranking
        that a first ranking after an import does: indexing new profiles, embedding missing texts."""
        the_challenge = self.store.find(Challenge, challenge)
        the_challenge.check_can_be_shortlisted(when.on)  # before any work
        if not 1 <= request.top <= 100:
            raise InvalidValue("top", f"{request.top} is outside 1..100")
        filters = self.filters(the_challenge, request)
        if request.wait and not self.inline:
            self.wait_for_embeddings(progress)
        index, position = self.current(preparing.indexing if preparing else None)
        through = self._through(position)
        pool = index.pool(when.on, position)
        matcher = self.matcher(index, when.on, position, str(the_challenge.id))
        settings = Settings(top=request.top, filters=filters, diverse=request.diverse)
        embedded = self._embedded(matcher, index, pool, through, preparing.embedding if preparing else None)
        lexical: dict[str, Any] = {}
        ranked = matcher.rank_pool(
            spec_of(the_challenge),
            index,
            pool,
            settings,
            embedded,
            seen=lambda scores: lexical.update(scores.lexical.as_record()),
        )
        candidates = [
            Candidate(
                startup_id=UUID(r.profile.id),
                rank=r.rank,
                score=round(r.score, 6),
                profile_version=r.profile.version,
                components={k: round(v, 6) for k, v in r.components.items()},
                reasons={k: v for k, v in r.reasons.items() if k != "components"},
            )
            for r in ranked
        ]
        record: dict[str, Any] = {
            **settings.as_record(),
            "log_position": position,
            "pool_as_of": when.on.isoformat(),
            "pool_size": len(pool),
            "embedded_through": through,
            "not_embedded": int(np.count_nonzero(~embedded)),
            "lexical_statistics": lexical,  # BM25's view of the pool: a recomputation compares
        }
        return Ranking(candidates, matcher.identity(len(pool)), record, ranked)

    def request(
        self,
        challenge: str,
        request: Request,
        *,
        by: Actor,
        when: When | None = None,
        progress: Callable[[int, int], None] | None = None,
        preparing: Preparing | None = None,
    ) -> tuple[Shortlist, Ranking]:
        """Rank, then record the shortlist as the challenge's next one."""
        check_may_write(by, Shortlist)
        when = occurrence(when, by)
        ranking = self.rank(challenge, request, when=when, progress=progress, preparing=preparing)
        shortlist = handle(
            self.store,
            ProduceShortlist(
                challenge, ranking.candidates, matcher=ranking.matcher, settings=ranking.settings
            ),
            by=by,
            when=when,
        ).aggregate
        return shortlist, ranking

    def recompute(
        self, shortlist: Shortlist, weights: Weights | None = None, seen: Callable[[Any], None] | None = None
    ) -> tuple[list[Ranked], int, Matcher]:
        """A recorded ranking made again from what it depended on: the pool and decisions at its
        log position and business date, the embeddings it had, its filters; with the matcher as
        configured now (or the given weights)."""
        settings = shortlist.settings
        on = date.fromisoformat(settings["pool_as_of"])
        position = int(settings["log_position"])
        through = int(settings.get("embedded_through", position))  # before: everything was embedded
        index, _ = self.current()
        pool = index.pool(on, position)
        matcher = self.matcher(index, on, position, str(shortlist.challenge_id))
        if weights is not None:
            matcher = Matcher(matcher.dense, weights, matcher.reranker)
        challenge = self.store.repository.get(shortlist.challenge_id, version=shortlist.challenge_version)
        assert isinstance(challenge, Challenge)
        chosen = Settings(
            top=int(settings["top"]),
            filters=Filters.from_record(settings.get("filters") or {}),
            diverse=bool(settings.get("diverse")),
        )
        embedded = self._embedded(matcher, index, pool, through)
        ranked = matcher.rank_pool(
            spec_of(challenge), index, pool, chosen, embedded, explain_top=False, seen=seen
        )
        return ranked, len(pool), matcher

    def identity(self, shortlist: Shortlist, matcher: Matcher) -> dict[str, Any]:
        """The identity a recomputation of this shortlist ranks with."""
        return matcher.identity(int(shortlist.settings.get("pool_size", 0)))

    def scores_now(self) -> tuple[Matcher, PoolIndex, Pool, np.ndarray]:
        """What match alerts score a new profile against: today's pool and its vectors."""
        index, position = self.current()
        pool = index.pool(None, position)
        matcher = self.matcher(index, None, position)
        return matcher, index, pool, self._embedded(matcher, index, pool, self._through(position))

    # Filters ------------------------------------------------------------------------------------------

    def filters(self, challenge: Challenge, request: Request) -> Filters:
        """The manager's filters, with the startups to leave out and why (from the board)."""
        excluded: dict[str, str] = {}
        if request.exclude_applied or request.exclude_rejected:
            board = read_models(self.store).view("board")
            if request.exclude_applied:
                for application in board.all("application"):
                    if application["challenge_id"] == str(challenge.id) and application["active"]:
                        excluded[application["startup_id"]] = "applied"
            if request.exclude_rejected:
                for shortlist in sorted(board.all("shortlist"), key=lambda s: s["ref"]):
                    if shortlist["challenge_id"] == str(challenge.id):
                        for startup_id, verdict in shortlist["verdicts"].items():
                            if verdict == "rejected":
                                excluded[startup_id] = f"rejected on {shortlist['ref']}"
        for reference in request.exclude:
            excluded[str(self.store.find(Startup, reference).id)] = "excluded by name (conflict of interest)"
        return Filters(
            sectors=tuple(choice("sector", s, Sector).value for s in request.sectors),
            stages=tuple(choice("stage", s, Stage).value for s in request.stages),
            region=choice("region", request.region, Region).value if request.region else None,
            exclude=tuple(excluded),
            exclusion_reasons=tuple(excluded.items()),
        )


def request_shortlist(
    store: Store,
    challenge: str,
    request: Request,
    *,
    by: Actor,
    when: When | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Shortlist, list[Ranked]]:
    """Rank, then record the shortlist (the store's shortlisting service)."""
    shortlist, ranking = shortlisting_for(store).request(
        challenge, request, by=by, when=when, progress=progress
    )
    return shortlist, ranking.ranked
