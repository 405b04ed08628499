"""Events written per second through the service layer, against bare eventsourcing aggregates.

Both sides write the same events (a startup registered, then its profile revised) to a fresh
SQLite file in the same run:
- single commands: the service layer resolves, loads, checks rules and saves one command at a
  time; the bare side constructs or loads a plain aggregate and saves it, also one at a time;
- bulk: the catalogue import (parsing, validation, idempotency, batched saves) against bare
  aggregates saved in batches of the same size.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from benchmarks.runner import Figure, benchmark, paired, stopwatch
from domain import Actor, When
from services.application.commands import RegisterStartup, ReviseStartup, handle
from services.application.imports import BATCH_SIZE, import_startups
from services.infrastructure.store import DateAsISO, Store, persistence_env

ACTOR = Actor("Benchmark", "manager")
WHEN = When(date(2024, 1, 1))


class BareStartup(Aggregate):
    """The same events as Startup, with no rules: the floor the service layer is compared to."""

    @event("Registered")
    def __init__(
        self,
        ref: str,
        profile: dict[str, Any],
        source: str,
        occurred_on: date,
        date_assumed: bool,
        actor: str,
        role: str,
    ) -> None:
        self.ref = ref
        self.profile = profile

    @event("ProfileRevised")
    def revise(
        self, changes: dict[str, Any], occurred_on: date, date_assumed: bool, actor: str, role: str
    ) -> None:
        self.profile = {**self.profile, **changes}


class BareApp(Application):
    name = "Bare"

    def register_transcodings(self, transcoder: Any) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


def profiles(count: int) -> list[dict[str, Any]]:
    return [
        {
            "name": f"Startup {i:06d}",
            "description": "Route planning and mobile job documentation for municipal waste services.",
            "capabilities": ["route planning", "mobile documentation", "citizen app"],
            "sectors": ["waste", "mobility"],
            "stage": "seed",
            "city": "Bochum",
            "founded": 2019,
            "team_size": 12,
            "languages": ["de", "en"],
            "website": None,
            "contact_name": "Kim Muster",
            "contact_email": f"kim{i}@example.org",
        }
        for i in range(count)
    ]


def _stamp() -> dict[str, Any]:
    return {"occurred_on": WHEN.on, "date_assumed": False, "actor": ACTOR.name, "role": str(ACTOR.role)}


def single_service(rows: list[dict[str, Any]]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "service.db"))
        with stopwatch() as elapsed:
            for profile in rows:
                startup = handle(store, RegisterStartup(profile), by=ACTOR, when=WHEN).aggregate
                handle(store, ReviseStartup(startup.ref, {"team_size": 13}), by=ACTOR, when=WHEN)
        store.close()
        return 2 * len(rows) / elapsed()


def single_bare(rows: list[dict[str, Any]]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        app = BareApp(env=persistence_env(str(Path(folder) / "bare.db"), "Bare"))
        with stopwatch() as elapsed:
            for profile in rows:
                startup = BareStartup(ref=profile["name"], profile=profile, source="", **_stamp())
                app.save(startup)
                loaded = app.repository.get(startup.id)
                loaded.revise(changes={"team_size": 13}, **_stamp())
                app.save(loaded)
        app.close()
        return 2 * len(rows) / elapsed()


def bulk_service(rows: list[dict[str, Any]]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "service.db"))
        numbered = list(enumerate(rows, start=1))
        with stopwatch() as elapsed:
            report = import_startups(store, Path("benchmark.jsonl"), rows=numbered, by=ACTOR, when=WHEN)
        assert report.imported == len(rows), report.summary()
        store.close()
        return len(rows) / elapsed()


def bulk_bare(rows: list[dict[str, Any]]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        app = BareApp(env=persistence_env(str(Path(folder) / "bare.db"), "Bare"))
        with stopwatch() as elapsed:
            for start in range(0, len(rows), BATCH_SIZE):
                batch = [
                    BareStartup(ref=p["name"], profile=p, source="benchmark.jsonl", **_stamp())
                    for p in rows[start : start + BATCH_SIZE]
                ]
                app.save(*batch)
        app.close()
        return len(rows) / elapsed()


@benchmark("store-writes", "events/s through the service layer vs bare eventsourcing aggregates (SQLite)")
def store_writes(scale: int) -> list[Figure]:
    single = profiles(1000 * scale)
    bulk = profiles(20_000 * scale)
    single_rate, single_baseline = paired(5, lambda: single_service(single), lambda: single_bare(single))
    bulk_rate, bulk_baseline = paired(5, lambda: bulk_service(bulk), lambda: bulk_bare(bulk))
    return [
        Figure(
            "single commands (service layer)",
            single_rate,
            "bare aggregates, one save per event",
            single_baseline,
            "events/s",
            0.8,
        ),
        Figure(
            "bulk import (service layer)",
            bulk_rate,
            f"bare aggregates, saves of {BATCH_SIZE}",
            bulk_baseline,
            "events/s",
            0.8,
        ),
    ]
