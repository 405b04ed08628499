"""Fault test: 10,000 events; the broker is stopped in the middle (events are written while it is
away) and the relay process is killed once, while it publishes. After recovery every event is in
the stream exactly once, an auditing consumer received every one, and each consumer's effect
happened exactly once: one shortlist per published challenge, one processed record per startup
message.

Every wait is for a condition with a generous limit (a recorded position, a processed message,
the broker's consumers with nothing pending or unacknowledged), never for time: on a busy machine
the steps take longer, they do not happen differently. The outage alone lasts a fixed time: it is
the fault, and nothing checked depends on its length."""

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
from nats.js.api import ConsumerInfo

from domain import Actor, Challenge, Shortlist, Startup, When, Workshop
from services.infrastructure.bus.embedded import EmbeddedNats, free_port
from services.infrastructure.bus.messages import event_id, message_key
from services.infrastructure.data import data_file
from services.infrastructure.store import Store

ROOT = Path(__file__).resolve().parents[2]
ACTOR = Actor("fault test", "manager")
CHALLENGES = 10
STARTUPS = 80  # the consumers' work: few enough to be quick, enough to be busy when the relay dies
OUTAGE = 3.0  # seconds the broker is away after the events written during the outage are stored
PATIENCE = 300.0  # seconds any step may take on a busy machine


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


def serve(store: Store, url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MATCHMAKER_STORE": store.location, "MATCHMAKER_BROKER_URL": url}
    with log.open("ab") as errors:
        return subprocess.Popen(
            [sys.executable, "-m", "services.entrypoints.cli.main", "serve", "--no-read-models"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )


def wait(condition, what: str, log: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            said = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise AssertionError(f"timed out after {PATIENCE} s waiting for {what}; serve said: {said}")
        time.sleep(0.1)


async def consumers(url: str) -> list[ConsumerInfo]:
    connection = await nats.connect(url)
    try:
        return list(await connection.jetstream().consumers_info("MATCHMAKER"))
    finally:
        await connection.close()


def settled(url: str) -> bool:
    """Every durable consumer has handled everything delivered to it: nothing waiting, nothing
    unacknowledged (a wrongly repeated delivery would be one or the other until handled)."""
    infos = asyncio.run(consumers(url))
    return bool(infos) and all(i.num_pending == 0 and i.num_ack_pending == 0 for i in infos)


async def stream_contents(url: str) -> tuple[int, list[str]]:
    """How many messages the stream holds, and the Nats-Msg-Ids an auditing consumer reads."""
    connection = await nats.connect(url)
    js = connection.jetstream()
    info = await js.stream_info("MATCHMAKER")
    subscription = await js.pull_subscribe("matchmaker.>", durable="fault-audit")
    ids: list[str] = []
    deadline = time.monotonic() + PATIENCE
    while len(ids) < info.state.messages and time.monotonic() < deadline:
        try:
            messages = await subscription.fetch(500, timeout=5)
        except TimeoutError:  # nats-py raises its own and asyncio's: both are TimeoutError
            continue
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
    log = tmp_path / "serve.log"
    half = STARTUPS // 2
    write(store, 1000, 0, challenges=True, startups=slice(0, half))
    process = serve(store, brokers[-1].url, log)
    started.append(process)
    wait(lambda: store.position_of("relay") > 0, "the relay to start", log)
    brokers[-1].stop()  # the broker goes away while the relay and the consumers work
    write(store, 1000, 1000, startups=slice(half, STARTUPS))  # events the relay cannot publish yet
    time.sleep(OUTAGE)
    brokers.append(EmbeddedNats(tmp_path / "nats", port).start())
    before = store.recorder.max_notification_id()
    write(store, (10_000 - before + 2) // 3, 2000)  # workshops of three events each, up to 10,000
    head = store.recorder.max_notification_id()
    assert head >= 10_000
    wait(lambda: store.position_of("relay") > before, "the relay to publish after the outage", log)
    process.send_signal(signal.SIGKILL)  # the relay dies mid-work (unless it was done already)
    process.wait()
    process = serve(store, brokers[-1].url, log)
    started.append(process)
    challenges = [message_key(event_id(c.id, 2)) for c in store.every(Challenge)]  # challenge.published
    startups = [message_key(event_id(s.id, 1)) for s in store.every(Startup)]  # startup.registered
    assert (len(challenges), len(startups)) == (CHALLENGES, STARTUPS)
    wait(lambda: store.position_of("relay") >= head, "the relay to catch up", log)
    wait(lambda: _all_processed(store, "auto-shortlister", challenges), "the shortlists", log)
    wait(lambda: _all_processed(store, "match-alerts", startups), "the match alerts", log)
    wait(lambda: settled(brokers[-1].url), "the consumers to settle", log)
    wait(
        lambda: store.position_of("relay") == store.recorder.max_notification_id(),
        "the effects to be relayed",
        log,
    )
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=PATIENCE)
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


def _all_processed(store: Store, consumer: str, keys: list[int]) -> bool:
    """Whether `consumer` recorded every key; the keys it recorded are dropped from the list, so
    that each look asks only about the rest."""
    keys[:] = [key for key in keys if not store.processed(consumer, key)]
    return not keys
