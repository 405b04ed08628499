"""KafkaBus through faststream's in-memory TestKafkaBroker: no Kafka server can be installed here,
so these tests show our adapter's code paths, not Kafka's behaviour.

What the double models: the record each publish makes (topic, key, headers, body) handed to the
subscribers, one per consumer group. What it does not: partitions (every record is partition 0,
offset 0), committed offsets, redelivery after a nack (a seek), consumer groups sharing work. Here
a redelivery is the same record (same offset) handed to the subscriber again, as Kafka does after
the seek; everything else has never run against a real Kafka server.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from faststream.kafka import KafkaMessage, TestKafkaBroker
from faststream.kafka.testing import build_message

from domain import MatchSuggestion, Shortlist, Startup
from services.application.commands import (
    DraftChallenge,
    PublishChallenge,
    RegisterStartup,
    ReviseStartup,
    handle,
)
from services.application.consumers import Consumers
from services.application.shortlisting import Shortlisting
from services.entrypoints.bus.wiring import event_types, wire
from services.infrastructure.bus import brokers, messages
from services.infrastructure.bus.brokers import KafkaBus, bus_for
from services.infrastructure.bus.messages import DeadLetter, EventMessage, event_id
from services.infrastructure.bus.relay import Relay
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.bus.test_delivery import command
from tests.conftest import MANAGER, written
from tests.matching.fakes import cached_fake


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def history(sqlite_store: Store) -> Store:
    """Startups registered and revised (several events per aggregate), a published challenge."""
    store = sqlite_store
    for name in ("Einsatzlotse", "Kerbside Ops", "Binfolio"):
        handle(
            store,
            RegisterStartup(profile(name, description="Tourenplanung für Sperrmüll.", languages=["de"])),
            by=MANAGER,
        )
    for team_size in (5, 8):
        handle(store, ReviseStartup("kerbside-ops", {"team_size": team_size}), by=MANAGER)
    handle(store, DraftChallenge(challenge_details()), by=MANAGER)
    handle(store, PublishChallenge("smart-waste-hunter", date.today() + timedelta(days=30)), by=MANAGER)
    return store


class Flaky(Consumers):
    """Registers startups, but the store is 'busy' for the first `failures` attempts of each command."""

    def __init__(self, store: Store, failures: int) -> None:
        super().__init__(store, Shortlisting(store, dense=[(cached_fake(), 1.0)], inline=True))
        self.failures = failures
        self.calls: dict[str, int] = defaultdict(int)

    def register_startup(self, command: messages.RegisterStartup) -> Any:
        self.calls[command.name] += 1
        if self.calls[command.name] <= self.failures:
            raise RuntimeError("the store is busy")
        return super().register_startup(command)


def consumers(store: Store) -> Consumers:
    return Flaky(store, failures=0)


def test_the_url_names_every_bootstrap_server() -> None:
    bus = bus_for("kafka://kafka-1:9092,kafka-2:9092/ignored")
    assert bus.broker._connection_kwargs["bootstrap_servers"] == ["kafka-1:9092", "kafka-2:9092"]
    assert bus.broker._connection_kwargs["enable_idempotence"] is True  # a retried send is not doubled


@pytest.mark.anyio
async def test_the_relay_keys_every_event_by_its_aggregate_in_order_with_its_event_id(history: Store) -> None:
    """The key puts an aggregate's events on one partition, where Kafka keeps their order; the
    event id travels as `message_id` for the consumers' deduplication."""
    store = history
    bus = KafkaBus("kafka://localhost:9092", prefix="mm")
    received: list[tuple[str, bytes, str, EventMessage]] = []

    async def audit(body: EventMessage, msg: KafkaMessage) -> None:
        record = msg.raw_message
        received.append((record.topic, record.key, msg.headers["message_id"], body))

    bus.broker.subscriber(*(bus.subject(t) for t in event_types()), group_id="audit")(audit)
    async with TestKafkaBroker(bus.broker):
        assert await Relay(store, bus, page=4).run_once() == written(store)  # several pages
    assert sorted(m.position for *_, m in received) == list(range(1, written(store) + 1))  # each once
    versions: dict[bytes, list[int]] = defaultdict(list)
    for topic, key, message_id, message in received:
        assert topic == bus.subject(message.type)
        assert key == str(message.aggregate_id).encode()
        assert message_id == str(message.event_id)
        assert message.event_id == event_id(message.aggregate_id, message.aggregate_version)
        versions[key].append(message.aggregate_version)
    assert len(versions) == 4
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values()), versions  # in order
    assert max(len(v) for v in versions.values()) == 3  # the revised startup's three events


@pytest.mark.anyio
async def test_consumers_act_once_when_the_relay_publishes_the_log_again(history: Store) -> None:
    """Kafka drops no repeated message (idempotence covers one producer's retries only): a relay
    that crashed before recording its position publishes again, and the consumers ignore it."""
    store = history
    bus = KafkaBus("kafka://localhost:9092", prefix="mm")
    wire(bus, consumers(store))
    async with TestKafkaBroker(bus.broker):
        await Relay(store, bus).run_once()
        assert len(list(store.every(Shortlist))) == 1
        suggestions = len(list(store.every(MatchSuggestion)))
        effects = written(store)
        assert await Relay(store, bus, name="relay-after-a-crash").run_once() == effects
    assert written(store) == effects  # no effect twice
    assert len(list(store.every(Shortlist))) == 1
    assert len(list(store.every(MatchSuggestion))) == suggestions
    assert not bus.attempts


async def deliver_until_settled(bus: KafkaBus, subscriber: Any, record: Any, limit: int = 10) -> int:
    """Hand the record to the subscriber again while the bus keeps counting its attempts (it
    nacked: Kafka would seek back and deliver it again); how many deliveries it took."""
    key = (record.topic, record.partition, record.offset)
    for delivery in range(1, limit + 1):
        await subscriber.process_message(record)
        if key not in bus.attempts:
            return delivery
    raise AssertionError(f"still retrying after {limit} deliveries")


async def record_of(bus: KafkaBus, body: messages.RegisterStartup, offset: int) -> Any:
    record = await build_message(
        message=body.model_dump_json().encode(),  # as another system sends it (Bus.send_command)
        topic=bus.subject(messages.REGISTER_STARTUP),
        headers={"message_id": str(body.command_id)},
        serializer=None,
    )
    return dataclasses.replace(record, offset=offset)


@pytest.mark.anyio
@pytest.mark.parametrize("failures", [2, 99])
async def test_a_failing_message_is_retried_with_growing_delays_then_dead_lettered(
    sqlite_store: Store, failures: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = sqlite_store
    growing = [brokers.retry_delay(attempt) for attempt in range(1, brokers.MAX_ATTEMPTS)]
    assert growing == sorted(set(growing))
    delays: list[int] = []  # the attempts a delay was asked for; the test waits none of them
    monkeypatch.setattr(brokers, "retry_delay", lambda attempt: delays.append(attempt) or 0.0)
    bus = KafkaBus("kafka://localhost:9092", prefix="mm")
    flaky = Flaky(store, failures)
    wire(bus, flaky, {"inbound"})
    letters: list[DeadLetter] = []
    bus.watch(bus.dead_letters("inbound"), DeadLetter, letters.append, "watch-dead-letters")
    async with TestKafkaBroker(bus.broker):
        [subscriber] = [s for s in bus.broker.subscribers if s.topics[0].name.endswith("register_startup")]
        first = await record_of(bus, command("Neu GmbH"), offset=7)
        await subscriber.process_message(first)  # fails; meanwhile the next offset goes through
        assert bus.attempts == {(first.topic, 0, 7): 1}
        assert await deliver_until_settled(bus, subscriber, await record_of(bus, command("Zweit"), 8)) == (
            min(failures, brokers.MAX_ATTEMPTS - 1) + 1
        )
        deliveries = 1 + await deliver_until_settled(bus, subscriber, first)
    names = sorted(s.name for s in store.every(Startup))
    if failures < brokers.MAX_ATTEMPTS:
        assert deliveries == failures + 1 and flaky.calls["Neu GmbH"] == failures + 1
        assert names == ["Neu GmbH", "Zweit"] and letters == []
    else:  # given up after MAX_ATTEMPTS, each attempt after a longer delay than the one before
        assert deliveries == brokers.MAX_ATTEMPTS
        assert names == [] and len(letters) == 2
        assert {(letter.consumer, letter.error) for letter in letters} == {("inbound", "retries exhausted")}
        assert letters[0].reason == "RuntimeError: the store is busy"
        assert messages.RegisterStartup.model_validate_json(letters[1].body).name == "Neu GmbH"
    retried = range(1, min(failures, brokers.MAX_ATTEMPTS - 1) + 1)
    assert Counter(delays) == {attempt: 2 for attempt in retried}  # a delay before each new attempt
    assert not bus.attempts  # nothing left counting


@pytest.mark.anyio
async def test_two_workers_in_one_consumer_group_handle_each_command_once(sqlite_store: Store) -> None:
    """The double hands each record to one member of a group (Kafka shares the partitions among
    them; that sharing is not modelled)."""
    store = sqlite_store
    workers = [KafkaBus("kafka://localhost:9092", prefix="mm") for _ in range(2)]
    flaky = [Flaky(store, failures=0) for _ in workers]
    for bus, worker in zip(workers, flaky, strict=True):
        wire(bus, worker, {"inbound"})
    sent = [command(f"Startup {i}") for i in range(10)]
    async with TestKafkaBroker(*(bus.broker for bus in workers)) as (sender, _):
        for c in sent:
            await sender.publish(c, workers[0].subject(messages.REGISTER_STARTUP))
            await sender.publish(c, workers[0].subject(messages.REGISTER_STARTUP))  # delivered twice
    assert sorted(s.name for s in store.every(Startup)) == sorted(c.name for c in sent)
    assert sum(sum(f.calls.values()) for f in flaky) == 2 * len(sent)  # each delivery handled once
