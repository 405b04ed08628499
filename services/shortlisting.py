"""Ask the matcher for a shortlist of a challenge and record it as a Shortlist-produced event.

The pool is every startup known to the programme on the shortlist's business date, with its
profile as it was then (today: every active startup). Exclusions a manager asks for (startups
that applied, that were rejected for this challenge, named ones) are filters, so that the
normalisation still sees the whole pool. Decisions on earlier shortlists train the re-ranker.
The recorded event names the model and its fingerprint, the weights, the re-ranker's version, the
filters, the challenge version, every candidate's profile version, and the log position the pool
was read at.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast
from uuid import UUID

from domain import (
    Actor,
    Application,
    Candidate,
    Challenge,
    DomainAggregate,
    Shortlist,
    Startup,
    Verdict,
    When,
)
from domain.errors import InvalidValue
from domain.values import Region, Sector, Stage, choice
from matching.embedders import dense_spec, embedder_for
from matching.filters import Filters
from matching.fusion import Weights, configured_weights
from matching.learning import FEATURES, Example, Reranker
from matching.matcher import Matcher, Ranked, Settings
from matching.profiles import ChallengeSpec, Profile
from matching.vectors import CachedEmbedder, VectorStore, vectors_beside
from services.commands import shortlists
from services.commands.challenges import shortlists_of
from services.commands.common import check_may_write, occurrence
from services.store import Store

A = TypeVar("A", bound=DomainAggregate)

_embedders: dict[tuple[str, str], CachedEmbedder] = {}
_vector_stores: dict[str, VectorStore] = {}
#: One ranking at a time per process: the embedding model and its vector cache are shared by every
#: thread (the HTTP API serves requests from a thread pool), and ranking keeps both cores busy anyway.
RANKING = threading.Lock()


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


def cached_embedder(location: str, model: str) -> CachedEmbedder:
    """One embedder per model and store location per process: loading a model is the slow part,
    and the vectors live beside the event store."""
    key = (location, model)
    if key not in _embedders:
        if location not in _vector_stores:
            _vector_stores[location] = vectors_beside(location)
        _embedders[key] = CachedEmbedder(embedder_for(model), _vector_stores[location])
    return _embedders[key]


def dense_models(location: str, model: str | None = None) -> list[tuple[CachedEmbedder, float]]:
    return [(cached_embedder(location, name), weight) for name, weight in dense_spec(model)]


def matcher_for(
    store: Store,
    *,
    model: str | None = None,
    learn: bool = True,
    on: date | None = None,
    position: int | None = None,
    weights: Weights | None = None,
) -> Matcher:
    """The hybrid matcher with the configured model(s) and fusion weights, and a re-ranker trained
    on the decisions recorded by business date `on` (all of them when None) and log `position`."""
    dense = dense_models(store.location, model)
    reranker = Reranker.train(training_examples(store, on, position)) if learn else None
    return Matcher(dense, weights or configured_weights(), reranker=reranker)


def profile_of(startup: Startup) -> Profile:
    return Profile.from_record({**startup.profile, "id": str(startup.id)}, version=startup.version)


def spec_of(challenge: Challenge) -> ChallengeSpec:
    return ChallengeSpec.from_record(
        {**challenge.details, "id": str(challenge.id)}, version=challenge.version
    )


def at(store: Store, aggregate_class: type[A], position: int | None) -> Iterator[A]:
    """Every aggregate of a kind as a reader saw it at a log position (now, when None)."""
    if position is None:
        yield from store.every(aggregate_class)
        return
    for aggregate_id, version in store.versions_at(aggregate_class, position).items():
        yield cast(A, store.repository.get(aggregate_id, version=version))


def pool_as_of(store: Store, on: date, position: int | None = None) -> list[Profile]:
    """The startups known to the programme on a business date, with their profiles as they were
    then; with `position`, only what had been recorded by that point of the log (a shortlist
    records it, so that an auditor can recompute the same pool later)."""
    pool = []
    for startup in at(store, Startup, position):
        if startup.first_occurred_on > on:
            continue
        then = startup if startup.last_occurred_on <= on else store.as_of(startup.id, on, startup.version)
        if isinstance(then, Startup) and then.active:
            pool.append(profile_of(then))
    return pool


def training_examples(store: Store, until: date | None = None, position: int | None = None) -> list[Example]:
    """Every candidate shown on a ranked shortlist by `until` (and log `position`), labelled by
    the manager's decision then."""
    examples = []
    for shortlist in at(store, Shortlist, position):
        if until is not None and shortlist.first_occurred_on > until:
            continue
        for candidate in shortlist.candidates:
            if not all(name in candidate.components for name in FEATURES):
                continue  # hand-picked shortlists carry no scores to learn from
            decision = shortlist.decisions.get(candidate.startup_id)
            if decision is not None and until is not None and decision.on > until:
                decision = None
            label = None if decision is None else int(decision.verdict is Verdict.ACCEPTED)
            examples.append(
                Example(dict(candidate.components), label, f"{shortlist.ref}:{candidate.startup_id}")
            )
    return examples


def filters_for(store: Store, challenge: Challenge, request: Request) -> Filters:
    excluded: dict[str, str] = {}
    if request.exclude_applied:
        for application in store.every(Application):
            if application.challenge_id == challenge.id and application.active:
                excluded[str(application.startup_id)] = "applied"
    if request.exclude_rejected:
        for shortlist in shortlists_of(store, challenge):
            for startup_id, decision in shortlist.decisions.items():
                if decision.verdict is Verdict.REJECTED:
                    excluded[str(startup_id)] = f"rejected on {shortlist.ref}"
    for reference in request.exclude:
        excluded[str(store.find(Startup, reference).id)] = "excluded by name (conflict of interest)"
    return Filters(
        sectors=tuple(choice("sector", s, Sector).value for s in request.sectors),
        stages=tuple(choice("stage", s, Stage).value for s in request.stages),
        region=choice("region", request.region, Region).value if request.region else None,
        exclude=tuple(excluded),
        exclusion_reasons=tuple(excluded.items()),
    )


@dataclass(frozen=True)
class Ranking:
    """A ranking ready to be recorded as a shortlist: candidates, matcher identity and settings."""

    candidates: list[Candidate]
    matcher: dict[str, Any]
    settings: dict[str, Any]
    ranked: list[Ranked]


def rank_for(
    store: Store,
    challenge: str,
    request: Request,
    *,
    when: When,
    matcher: Matcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Ranking:
    """Rank the pool of the business date for a challenge; nothing is written."""
    the_challenge = store.find(Challenge, challenge)
    the_challenge.check_can_be_shortlisted()  # before the costly ranking
    if not 1 <= request.top <= 100:
        raise InvalidValue("top", f"{request.top} is outside 1..100")
    position = store.recorder.max_notification_id() or 0
    pool = pool_as_of(store, when.on, position)
    filters = filters_for(store, the_challenge, request)
    matcher = matcher or matcher_for(store, on=when.on, position=position)
    spec = spec_of(the_challenge)
    settings = Settings(top=request.top, filters=filters, diverse=request.diverse)
    total = matcher.to_embed(spec, pool)
    done = [0]

    def advance(count: int) -> None:
        done[0] += count
        if progress:
            progress(done[0], max(total, done[0]))

    ranked = matcher.rank(spec, pool, settings, advance)
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
    }
    return Ranking(candidates, matcher.identity(), record, ranked)


def request_shortlist(
    store: Store,
    challenge: str,
    request: Request,
    *,
    by: Actor,
    when: When | None = None,
    matcher: Matcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Shortlist, list[Ranked]]:
    """Rank, then record the shortlist; `progress(done, total)` follows any embedding needed."""
    check_may_write(by, Shortlist)
    when = occurrence(when)
    with RANKING:
        ranking = rank_for(store, challenge, request, when=when, matcher=matcher, progress=progress)
    shortlist = shortlists.produce(
        store,
        challenge,
        ranking.candidates,
        matcher=ranking.matcher,
        settings=ranking.settings,
        by=by,
        when=when,
    )
    return shortlist, ranking.ranked
