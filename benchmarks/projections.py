"""Read models: catch-up rate of each projection against reading the log, follow latency, 1M rebuild.

Baselines, measured in the same run on the same SQLite file:
- "decoded read": the notification log read in pages of 2,000 and decoded into domain events by
  the application's mapper, the least any projection must do with each event;
- "undecoded read": the same pages as rows, not decoded (shown for reference: decoding alone runs
  at about a third of it on this machine).
A projection's rate counts the events of the whole log it covers per second (it selects only its
own event types from the database, and skips the rest).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from benchmarks.runner import Figure, benchmark, stopwatch
from benchmarks.workload import grow
from domain import Actor, Startup
from projections.manager import ReadModels
from services.application.commands import RegisterStartup, handle
from services.infrastructure.store import Store

PLAIN = ["board", "directory", "shortlists", "calendar", "report"]
PAGE = 2000


def read_rate(store: Store, decode: bool) -> float:
    with stopwatch() as elapsed:
        position, count = 0, 0
        while page := store.recorder.select_notifications(
            start=position, limit=PAGE, inclusive_of_start=False
        ):
            if decode:
                for notification in page:
                    store.mapper.to_domain_event(notification)
            position, count = page[-1].id, count + len(page)
    return count / elapsed()


def catch_up_rate(store: Store, name: str) -> float:
    """Rebuild into a fresh generation: the same catch-up a new read model does."""
    models = ReadModels(store, store.location)
    result = models.rebuild(name)
    models.close()
    return (store.recorder.max_notification_id() or 0) / result.seconds


def follow_latency(store: Store, samples: int = 40) -> list[float]:
    """Seconds from a command's save to the new startup showing in the directory read model."""
    models = ReadModels(store, store.location)
    stop = threading.Event()
    threads = models.follow(["directory"], stop)
    view = models.runners["directory"].model().view
    latencies = []
    try:
        for i in range(samples):
            handle(
                store,
                RegisterStartup({"name": f"Latency {i}", "description": "d"}),
                by=Actor("Bench", "manager"),
            )
            saved = time.perf_counter()
            key = str(Startup.create_id(f"latency-{i}"))
            while not view.load([key]):
                time.sleep(0.002)
            latencies.append(time.perf_counter() - saved)
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        models.close()
    return latencies


@benchmark("projections", "read-model catch-up rate against reading the log, and follow latency (SQLite)")
def projections(scale: int) -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "store.db"))
        grow(store, 50_000 * scale)
        decoded = max(read_rate(store, decode=True) for _ in range(3))
        undecoded = max(read_rate(store, decode=False) for _ in range(3))
        for name in PLAIN:
            rate = max(catch_up_rate(store, name) for _ in range(2))
            figures.append(
                Figure(f"catch-up {name}", rate, "decoded read of the log", decoded, "events/s", 0.3)
            )
        figures.append(
            Figure("decoded read (reference)", decoded, "undecoded read of the log", undecoded, "events/s")
        )
        figures += latency_figures("SQLite", store)
        store.close()
    postgres = postgres_store()
    if postgres is not None:
        figures += latency_figures("PostgreSQL", postgres)
        drop_schema(postgres)
    return figures


def latency_figures(label: str, store: Store) -> list[Figure]:
    latencies = sorted(follow_latency(store))
    p50, p99 = statistics.median(latencies), latencies[int(0.99 * (len(latencies) - 1))]
    return [
        Figure(
            f"follow latency p50, {label}", p50 * 1000, "1 s target", 1000, "ms", 1.0, higher_is_better=False
        ),
        Figure(
            f"follow latency p99, {label}", p99 * 1000, "1 s target", 1000, "ms", 1.0, higher_is_better=False
        ),
    ]


def postgres_store() -> Store | None:
    """A store in a fresh schema of the PostgreSQL on loopback, or None when it is not running."""
    url = os.environ.get("MATCHMAKER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        return Store(f"{url}?schema=mm_bench_{uuid.uuid4().hex[:8]}")
    except Exception as error:  # no server here: say so and go on with SQLite only
        print(f"  PostgreSQL not measured: {str(error).splitlines()[0]}", file=sys.stderr)
        return None


def drop_schema(store: Store) -> None:
    import psycopg
    from psycopg import sql

    from projections.storage import PostgresLocation

    schema = PostgresLocation.parse(store.location).schema
    store.close()
    with psycopg.connect(store.location.split("?", 1)[0], autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@benchmark("rebuild-1m", "rebuild time of each read model over 1,000,000 events (SQLite)")
def rebuild_million(scale: int) -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "store.db"))
        with stopwatch() as grown:
            events = grow(store, 1_000_000 * scale)
        print(f"  grew {events:,} events in {grown():.0f} s")
        decoded = read_rate(store, decode=True)
        for name in PLAIN:
            models = ReadModels(store, store.location)
            result = models.rebuild(name)
            models.close()
            figures.append(
                Figure(
                    f"rebuild {name} ({events:,} events)",
                    result.seconds,
                    "decoded read of the log",
                    events / decoded,
                    "s",
                    0.3,
                    higher_is_better=False,
                )
            )
        store.close()
    return figures
