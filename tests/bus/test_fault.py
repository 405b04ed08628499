"""Fault test: 10,000 events; the broker is stopped for 5 s in the middle and the relay process is
killed once. After recovery every event is in the stream exactly once, an auditing consumer received
every one, and each consumer's effect happened exactly once: one shortlist per published challenge,
one processed record per startup message."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import nats

from domain import Actor, Challenge, Shortlist, Startup, When, Workshop
from services.infrastructure.bus.embedded import EmbeddedNats, free_port
from services.infrastructure.bus.messages import event_id
from services.infrastructure.data import data_file
from services.infrastructure.store import Store

ROOT = Path(__file__).resolve().parents[2]
ACTOR = Actor("fault test", "manager")
CHALLENGES = 20


def write(
    store: Store, workshops: int, start: int, *, challenges: bool = False, startups: slice | None = None
) -> None:
    """Open challenges, startups from the dev catalogue, and workshops as the bulk of the events."""
    today = When(date.today())
    batch: list[object] = []
    if challenges:
        for i in range(CHALLENGES):
            challenge = Challenge.draft(
                ref=f"fault-{i}",
                programme_id=None,
                by=ACTOR,
                when=today,
                details={
                    "title": f"Challenge {i}: Sperrmüll und Energie",
                    "owner": "Stadt Herne",
                    "sector": "waste",
                    "description": "Touren für Sperrmüll planen und Energie im Quartier steuern.",
                    "required_capabilities": ["Tourenplanung", "Energiemanagement"],
                },
            )
            challenge.publish(date.today() + timedelta(days=60), by=ACTOR, when=today)
            batch.append(challenge)
    if startups is not None:
        rows = [json.loads(line) for line in data_file("eval-dev/startups.jsonl").read_text().splitlines()]
        for row in rows[startups]:
            batch.append(
                Startup.register(
                    ref=f"fault-{row['id']}",
                    by=ACTOR,
                    when=today,
                    profile={
                        "name": row["name"],
                        "description": row["description"],
                        "capabilities": row["capabilities"],
                        "sectors": row["sectors"],
                        "languages": [row["language"]],
                        "city": row["city"],
                    },
                )
            )
    for i in range(start, start + workshops):
        workshop = Workshop.plan(
            ref=f"fault-workshop-{i}",
            theme=f"Workshop {i}",
            organisers=["Stadt"],
            programme_id=None,
            by=ACTOR,
            when=today,
        )
        workshop.schedule(date.today(), "Herne", by=ACTOR, when=today)
        workshop.hold(["Stadt"], "", by=ACTOR, when=today)
        batch.append(workshop)
    for offset in range(0, len(batch), 500):
        store.save(*batch[offset : offset + 500])  # type: ignore[arg-type]


def serve(store: Store, url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MATCHMAKER_STORE": store.location, "MATCHMAKER_BROKER_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "services.entrypoints.cli.main", "serve", "--no-read-models"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


async def stream_contents(url: str) -> tuple[int, list[str]]:
    """How many messages the stream holds, and the Nats-Msg-Ids an auditing consumer reads."""
    connection = await nats.connect(url)
    js = connection.jetstream()
    info = await js.stream_info("MATCHMAKER")
    subscription = await js.pull_subscribe("matchmaker.>", durable="fault-audit")
    ids: list[str] = []
    while True:
        try:
            messages = await subscription.fetch(500, timeout=2)
        except nats.errors.TimeoutError:
            break
        for message in messages:
            ids.append(message.headers.get("Nats-Msg-Id", "") if message.headers else "")
            await message.ack()
    await connection.close()
    return info.state.messages, ids


def test_broker_outage_and_a_killed_relay_lose_nothing_and_repeat_no_effect(tmp_path: Path) -> None:
    port = free_port()
    started: list[subprocess.Popen[bytes]] = []
    brokers = [EmbeddedNats(tmp_path / "nats", port).start()]
    try:
        check_outage_and_kill(tmp_path, port, started, brokers)
    finally:  # whatever failed, leave no server or broker running behind the test
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait()
        for broker in brokers:
            broker.stop()


def check_outage_and_kill(
    tmp_path: Path, port: int, started: list[subprocess.Popen[bytes]], brokers: list[EmbeddedNats]
) -> None:
    store = Store(str(tmp_path / "store.db"))
    write(store, 1000, 0, challenges=True, startups=slice(0, 120))
    process = serve(store, brokers[-1].url)
    started.append(process)
    wait(lambda: store.position_of("relay") > 0, 120, "the relay to start")
    write(store, 1000, 1000, startups=slice(120, 240))
    brokers[-1].stop()  # the broker is away for 5 s while the relay and the consumers work
    time.sleep(5)
    brokers.append(EmbeddedNats(tmp_path / "nats", port).start())
    write(store, 1240, 2000)
    time.sleep(1.0)
    process.send_signal(signal.SIGKILL)  # the relay dies mid-work
    process.wait()
    head = store.recorder.max_notification_id()
    assert head >= 10_000
    process = serve(store, brokers[-1].url)
    started.append(process)
    wait(
        lambda: store.position_of("relay") == store.recorder.max_notification_id(),
        300,
        "the relay to finish",
    )
    wait(lambda: len(list(store.every(Shortlist))) >= CHALLENGES, 300, "the shortlists")
    wait(
        lambda: all(store.processed("match-alerts", _key(s)) for s in store.every(Startup)),
        300,
        "the match alerts",
    )
    time.sleep(2.0)  # time for a wrongly repeated effect to show
    wait(lambda: store.position_of("relay") == store.recorder.max_notification_id(), 60, "the last effects")
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    head = store.recorder.max_notification_id()
    stored, received = asyncio.run(stream_contents(brokers[-1].url))
    expected = {
        str(event_id(n.originator_id, n.originator_version))
        for n in store.recorder.select_notifications(start=1, limit=head + 1)
    }
    assert len(expected) == head
    assert stored == head, f"the stream holds {stored} messages for {head} events"  # no duplicates, none lost
    assert sorted(received) == sorted(expected)  # every event delivered, once
    shortlists = list(store.every(Shortlist))
    assert sorted(s.challenge_id for s in shortlists) == sorted(
        c.id for c in store.every(Challenge)
    )  # once each


def _key(startup: Startup) -> int:
    return event_id(startup.id, startup.version).int >> 65
