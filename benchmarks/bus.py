"""The message bus on the embedded NATS: relay throughput and end-to-end latency.

Baseline, measured in the same run on the same server: a bare nats-py loop publishing the same
messages (the relay's own JSON, each with its Nats-Msg-Id) to JetStream, awaiting every PubAck.
The relay also reads the events from the store, decodes them and records its position.
Latency: from a startup's Registered event being stored to the match-alerts consumer having
recorded its effect (the processed-message row committed with it).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import threading
import time
from pathlib import Path

import nats

from benchmarks.runner import Figure, benchmark, stopwatch
from benchmarks.workload import grow
from domain import Actor
from services.application.commands import RegisterStartup, handle
from services.bootstrap import Matchmaker
from services.entrypoints.bus.runtime import run
from services.infrastructure.bus.brokers import NatsBus
from services.infrastructure.bus.embedded import EmbeddedNats
from services.infrastructure.bus.messages import event_id, message_key, to_message
from services.infrastructure.bus.relay import Relay
from services.infrastructure.store import Store

EVENTS = 20_000


async def relay_rate(store: Store, url: str, prefix: str) -> float:
    bus = NatsBus(url, prefix)
    bus.document_publishers([bus.subject("startup.registered")])  # declares the stream on start
    await bus.start()
    relay = Relay(store, bus, name=f"bench-{prefix}")
    with stopwatch() as elapsed:
        published = await relay.run_once()
    await bus.stop()
    return published / elapsed()


async def bare_rate(store: Store, url: str, prefix: str) -> float:
    messages = [
        to_message(store.mapper.to_domain_event(n), n.id)
        for n in store.recorder.select_notifications(start=1, limit=EVENTS)
    ]
    payloads = [(f"{prefix}.{m.type}", m.model_dump_json().encode(), str(m.event_id)) for m in messages]
    connection = await nats.connect(url)
    js = connection.jetstream()
    await js.add_stream(name=prefix.upper(), subjects=[f"{prefix}.>"])
    with stopwatch() as elapsed:
        for subject, data, identity in payloads:
            await js.publish(subject, data, headers={"Nats-Msg-Id": identity}, stream=prefix.upper())
    await connection.close()
    return len(payloads) / elapsed()


def latencies(store: Store, url: str, samples: int = 60) -> list[float]:
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready = asyncio.Event()

    def serve() -> None:
        loop.run_until_complete(
            run(
                Matchmaker.over(store),
                url=url,
                prefix="latency",
                consumers={"match-alerts"},
                stop=stop,
                ready=ready,
            )
        )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    while not ready.is_set():
        time.sleep(0.05)
    actor = Actor("bench", "manager")
    results = []
    for i in range(samples):
        startup = handle(
            store, RegisterStartup({"name": f"Latency {i}", "description": "d"}), by=actor
        ).aggregate
        stored = time.perf_counter()
        key = message_key(event_id(startup.id, 1))
        while not store.processed("match-alerts", key):
            time.sleep(0.001)
        results.append(time.perf_counter() - stored)
        time.sleep(0.02)
    loop.call_soon_threadsafe(stop.set)
    thread.join(timeout=30)
    return results


@benchmark("bus", "relay throughput and end-to-end latency on the embedded NATS")
def bus(scale: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "store.db"))
        grow(store, EVENTS * scale)
        with EmbeddedNats(Path(folder) / "nats") as server:
            rates = [
                (
                    asyncio.run(relay_rate(store, server.url, f"relay{i}")),
                    asyncio.run(bare_rate(store, server.url, f"bare{i}")),
                )
                for i in range(2)
            ]
            relay, bare = max(r for r, _ in rates), max(b for _, b in rates)
            fresh = Store(str(Path(folder) / "latency.db"))  # latency on a store with no backlog to relay
            samples = sorted(latencies(fresh, server.url))
            fresh.close()
        store.close()
    p50, p99 = statistics.median(samples), samples[int(0.99 * (len(samples) - 1))]
    return [
        Figure("relay to embedded NATS", relay, "bare nats-py JetStream publish loop", bare, "events/s", 0.5),
        Figure("relay to embedded NATS", relay, "the 3,000 events/s target", 3000, "events/s", 1.0),
        Figure("stored → effect recorded, p50", p50 * 1000, "1 s", 1000, "ms", higher_is_better=False),
        Figure("stored → effect recorded, p99", p99 * 1000, "1 s", 1000, "ms", higher_is_better=False),
    ]
