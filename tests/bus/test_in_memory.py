"""The consumers' wiring with faststream's in-memory test brokers: what each message leads to.

These doubles do not model acks, redelivery or deduplication; tests/bus/test_delivery.py runs
the same against the real brokers, except Kafka (no server here: tests/bus/test_kafka.py goes as
far as its double allows).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
from faststream.kafka import TestKafkaBroker
from faststream.nats import TestNatsBroker
from faststream.rabbit import TestRabbitBroker
from faststream.redis import TestRedisBroker

from domain import Shortlist, Startup
from services.application.commands import DraftChallenge, PublishChallenge, RegisterStartup, handle
from services.application.consumers import Consumers
from services.application.shortlisting import Shortlisting
from services.entrypoints.bus.wiring import wire
from services.infrastructure.bus import messages
from services.infrastructure.bus.brokers import Bus, KafkaBus, NatsBus, RabbitBus, RedisBus
from services.infrastructure.bus.messages import to_message
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import MANAGER
from tests.matching.fakes import cached_fake

BROKERS = {
    "nats": (NatsBus, "nats://localhost:4222", TestNatsBroker),
    "rabbit": (RabbitBus, "amqp://guest:guest@localhost:5672/", TestRabbitBroker),
    "redis": (RedisBus, "redis://localhost:6379", TestRedisBroker),
    "kafka": (KafkaBus, "kafka://localhost:9092", TestKafkaBroker),  # tests/bus/test_kafka.py: more
}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def published_challenge(store: Store) -> None:
    for name in ("Einsatzlotse", "Kerbside Ops", "Binfolio"):
        handle(
            store,
            RegisterStartup(profile(name, description="Tourenplanung für Sperrmüll.", languages=["de"])),
            by=MANAGER,
        )
    handle(store, DraftChallenge(challenge_details()), by=MANAGER)
    handle(store, PublishChallenge("smart-waste-hunter", date.today() + timedelta(days=30)), by=MANAGER)


def wired(kind: str, store: Store) -> tuple[Bus, object, list[dict]]:
    bus_class, url, test_broker = BROKERS[kind]
    bus = bus_class(url, prefix="mm")
    if isinstance(bus, RedisBus):
        bus.reclaim = False  # the double would hand every message to the reclaiming reader as well
    wire(bus, Consumers(store, Shortlisting(store, dense=[(cached_fake(), 1.0)], inline=True)))
    letters: list[dict] = []
    subject = "mm.dead_letter.auto-shortlister"
    if kind == "redis":
        bus.broker.subscriber(stream=subject)(lambda body: letters.append(body))
    elif kind == "kafka":
        bus.broker.subscriber(subject)(lambda body: letters.append(body))
    elif kind == "rabbit":
        from faststream.rabbit import RabbitQueue

        bus.broker.subscriber(RabbitQueue("letters", routing_key="mm.dead_letter.*"), bus.exchange)(
            lambda body: letters.append(body)
        )
    else:
        bus.broker.subscriber(subject, stream=bus.stream)(lambda body: letters.append(body))
    return bus, test_broker, letters


async def send(kind: str, broker: object, body: object, subject: str) -> None:
    if kind == "nats":
        await broker.publish(body, subject, stream="MM")  # type: ignore[attr-defined]
    elif kind == "redis":
        await broker.publish(body, stream=subject)  # type: ignore[attr-defined]
    elif kind == "kafka":
        await broker.publish(body, subject)  # type: ignore[attr-defined]
    elif kind == "rabbit":
        await broker.publish(body, exchange="mm", routing_key=subject)  # type: ignore[attr-defined]


@pytest.mark.anyio
@pytest.mark.parametrize("kind", list(BROKERS))
async def test_a_published_challenge_is_shortlisted_once_and_poison_goes_to_dead_letters(
    kind: str, sqlite_store: Store
) -> None:
    store = sqlite_store
    published_challenge(store)
    published = [
        to_message(store.mapper.to_domain_event(n), n.id)
        for n in store.recorder.select_notifications(start=1, limit=100)
    ][-1]
    bus, test_broker, letters = wired(kind, store)
    async with test_broker(bus.broker) as broker:
        await send(kind, broker, published, "mm.challenge.published")
        await send(kind, broker, published, "mm.challenge.published")  # a redelivery
        await send(kind, broker, b"{not json", "mm.challenge.published")
        await send(
            kind,
            broker,
            json.dumps({**published.model_dump(mode="json"), "type": "challenge.closed"}),
            "mm.challenge.published",
        )
    assert len(list(store.every(Shortlist))) == 1
    assert [letter["error"] for letter in letters] == ["malformed", "unknown type"], letters
    assert all(letter["consumer"] == "auto-shortlister" for letter in letters)


@pytest.mark.anyio
@pytest.mark.parametrize("kind", list(BROKERS))
async def test_inbound_commands_register_once_and_invalid_ones_are_dead_letters(
    kind: str, sqlite_store: Store
) -> None:
    store = sqlite_store
    bus, test_broker, _ = wired(kind, store)
    inbound_letters: list[dict] = []
    if kind == "redis":
        bus.broker.subscriber(stream="mm.dead_letter.inbound")(lambda body: inbound_letters.append(body))
    elif kind == "kafka":
        bus.broker.subscriber("mm.dead_letter.inbound")(lambda body: inbound_letters.append(body))
    elif kind == "rabbit":
        from faststream.rabbit import RabbitQueue

        bus.broker.subscriber(
            RabbitQueue("inbound-letters", routing_key="mm.dead_letter.inbound"), bus.exchange
        )(lambda body: inbound_letters.append(body))
    else:
        bus.broker.subscriber("mm.dead_letter.inbound", stream=bus.stream)(
            lambda body: inbound_letters.append(body)
        )
    command = messages.RegisterStartup(
        command_id=uuid.uuid4(),
        source="business-portal",
        actor="clerk",
        name="Neu GmbH",
        description="Sperrmüll-App",
        sectors=["waste"],
    )
    async with test_broker(bus.broker) as broker:
        await send(kind, broker, command, "mm.commands.register_startup")
        await send(kind, broker, command, "mm.commands.register_startup")
        bad = command.model_copy(update={"command_id": uuid.uuid4(), "contact_email": "nope"})
        await send(kind, broker, bad, "mm.commands.register_startup")
        await send(
            kind, broker, json.dumps({"command_id": str(uuid.uuid4())}), "mm.commands.register_startup"
        )
    assert [s.name for s in store.every(Startup)] == ["Neu GmbH"]
    assert [(letter["error"], letter["reason"].split(":")[0]) for letter in inbound_letters] == [
        ("validation", "contact_email"),
        ("validation", "source"),
    ]
