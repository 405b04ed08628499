"""Property test of the matching read model: whatever startups do, and whenever the index and the
embeddings catch up, the live index equals one rebuilt from the log, and a shortlist from it
equals one computed from aggregates reconstructed afresh (the way shortlists were made before
the index existed)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch
from uuid import UUID

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import Challenge, Startup, When
from matching.matcher import Matcher, Settings
from matching.profiles import Profile
from projections import matching
from projections.manager import ReadModels
from projections.matching import MatchingRunner
from services.application.commands import (
    DraftChallenge,
    ErasePersonalData,
    PublishChallenge,
    RegisterStartup,
    ReviseStartup,
    WithdrawStartup,
    handle,
)
from services.application.shortlisting import Request, Shortlisting, spec_of
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import MANAGER
from tests.matching.fakes import cached_fake

TEXTS = [
    ("Tourenplanung für Sperrmüll und Müllabfuhr, Aufträge aus Bürgerportalen.", ["Tourenplanung"], "de"),
    ("Mobile app for collection crews replacing paper route sheets.", ["route sheets"], "en"),
    ("Bürger melden Sperrmüll per App an und wählen einen Abholtermin.", ["Online-Anmeldung"], "de"),
    ("Fill-level sensors for waste containers and smart collection.", ["sensors", "IoT"], "en"),
    ("Wir verkaufen Blumen im Internet und liefern am selben Tag.", ["Versand"], "de"),
    ("Energy monitoring for municipal buildings with automatic reports.", ["energy reports"], "en"),
]
SECTORS = ["waste", "energy", "retail", "mobility"]
START = date(2019, 1, 1)

register = st.tuples(
    st.just("register"), st.integers(0, len(TEXTS) - 1), st.sampled_from(SECTORS), st.integers(0, 20)
)
operation = st.one_of(
    register,
    register,
    register,
    st.tuples(st.just("revise"), st.integers(0, 99), st.integers(0, len(TEXTS) - 1), st.integers(0, 20)),
    st.tuples(st.just("website"), st.integers(0, 99), st.integers(0, 9), st.integers(0, 20)),
    st.tuples(st.just("withdraw"), st.integers(0, 99), st.just(0), st.integers(0, 20)),
    st.tuples(st.just("erase"), st.integers(0, 99), st.just(0), st.integers(0, 20)),
    st.tuples(st.just("index"), st.integers(1, 7), st.just(0), st.just(0)),
    st.tuples(st.just("embed"), st.just(0), st.just(0), st.just(0)),
)


def reference_pool(store: Store, on: date, position: int) -> list[Profile]:
    """The pool as shortlists read it before the index: every startup's aggregate at the log
    position, as of the business date, in the order the startups were recorded."""
    pool = []
    for startup_id, version in store.versions_at(Startup, position).items():
        startup = store.repository.get(startup_id, version=version)
        if startup.first_occurred_on > on:
            continue
        then = startup if startup.last_occurred_on <= on else store.as_of(startup.id, on, startup.version)
        if isinstance(then, Startup) and then.active:
            pool.append(Profile.from_record({**then.profile, "id": str(then.id)}, version=then.version))
    return pool


def apply(
    store: Store, operations: list[tuple[str, int, Any, int]], index: MatchingRunner, models: ReadModels
) -> date:
    """Record the operations; return the business date of the last."""
    day = START
    names: list[str] = []
    for kind, a, b, later in operations:
        day += timedelta(days=later)
        when = When(min(day, date.today()))
        active = [n for n in names if store.find(Startup, n).active]
        if kind == "register":
            text, capabilities, language = TEXTS[a]
            name = f"Startup {len(names)}"
            handle(
                store,
                RegisterStartup(
                    profile(
                        name, description=text, capabilities=capabilities, sectors=[b], languages=[language]
                    )
                ),
                by=MANAGER,
                when=when,
            )
            names.append(name)
        elif kind in ("revise", "website") and active:
            name = active[a % len(active)]
            changes = (
                {"description": TEXTS[b][0], "capabilities": TEXTS[b][1]}
                if kind == "revise"
                else {"website": f"https://example.org/{b}"}
            )
            handle(store, ReviseStartup(name, changes), by=MANAGER, when=when)
        elif kind == "withdraw" and active:
            handle(store, WithdrawStartup(active[a % len(active)], "gave up"), by=MANAGER, when=when)
        elif kind == "erase" and names:
            handle(store, ErasePersonalData(names[a % len(names)], "asked"), by=MANAGER, when=when)
        elif kind == "index":
            index.page = a
            index.catch_up()
        elif kind == "embed":
            models.catch_up(["embeddings"])
    return day


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.lists(register, min_size=2, max_size=12),
    operations=st.lists(operation, max_size=40),
    day=st.integers(-60, 10),
)
def test_the_live_index_is_what_the_log_says(
    first: list[tuple[str, int, Any, int]], operations: list[tuple[str, int, Any, int]], day: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, patch.object(matching, "COMPACT_ROWS", 3):
        store = Store(str(Path(folder) / "store.db"))
        embedder = cached_fake()
        models = ReadModels(store, store.location, {"embeddings": {"embedder": embedder}})
        store.attach("read models", models)  # the service ranks on the index built here, page by page
        live = models.runners["matching"]
        assert isinstance(live, MatchingRunner)
        # drafted before any day ranked below (START - 60 days): no shortlist before its challenge
        handle(store, DraftChallenge(challenge_details()), by=MANAGER, when=When(date(2018, 10, 1)))
        handle(
            store,
            PublishChallenge("smart-waste-hunter", date(2030, 1, 1)),
            by=MANAGER,
            when=When(date(2018, 10, 2)),
        )
        last = apply(store, first + operations, live, models)
        live.catch_up()
        position = store.recorder.max_notification_id() or 0

        rebuilt = MatchingRunner(store, str(Path(folder) / "again.db"), models.catalog, page=1000)
        rebuilt.catch_up()
        assert live.model().view.items() == rebuilt.model().view.items()
        a, b = live.model().refresh(), rebuilt.model().refresh()
        assert a.digests == b.digests and a.startups == b.startups and a.capabilities == b.capabilities
        for name in a.entries:
            assert np.array_equal(a.entries[name].values(), b.entries[name].values()), name

        service = Shortlisting(store, dense=[(embedder, 1.0)], inline=True)
        on = min(last + timedelta(days=day), date.today())
        ranking = service.rank("smart-waste-hunter", Request(top=5), when=When(on))
        pool = reference_pool(store, on, position)
        assert ranking.pool_size == len(pool)
        challenge = store.find(Challenge, "smart-waste-hunter")
        reference = Matcher([(embedder, 1.0)]).rank(spec_of(challenge), pool, Settings(top=5))
        assert [r.profile.id for r in ranking.ranked] == [r.profile.id for r in reference]
        assert [r.profile.version for r in ranking.ranked] == [r.profile.version for r in reference]
        for mine, theirs in zip(ranking.ranked, reference, strict=True):
            assert mine.score == theirs.score and mine.components == theirs.components
            assert mine.reasons == theirs.reasons
        assert all(UUID(r.profile.id) for r in ranking.ranked)
        models.close()
        rebuilt.close()
        store.close()
