"""Delivery against the real brokers: the embedded NATS, and NATS JetStream, RabbitMQ and Redis on
loopback. The relay publishes the stored history; consumers act once per message even when it is
delivered twice; poison goes to the dead letters; two workers share one consumer's messages."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from domain import Shortlist, Startup
from services.application.commands import DraftChallenge, PublishChallenge, RegisterStartup, handle
from services.application.consumers import Consumers
from services.application.shortlisting import Shortlisting
from services.bootstrap import Matchmaker
from services.entrypoints.bus.runtime import run
from services.infrastructure.bus import messages
from services.infrastructure.bus.brokers import bus_for
from services.infrastructure.bus.messages import DeadLetter
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import MANAGER, on
from tests.matching.fakes import cached_fake

PATIENCE = 120.0  # seconds any step may take on a busy machine


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def fake_consumers(counter: list[str] | None = None) -> Callable[[Store], Consumers]:
    class Counting(Consumers):
        def register_startup(self, command: messages.RegisterStartup) -> Any:
            outcome = super().register_startup(command)  # counted once handled, whatever the outcome
            if counter is not None:
                counter.append(str(command.command_id))
            return outcome

    return lambda store: Counting(store, Shortlisting(store, dense=[(cached_fake(), 1.0)], inline=True))


async def until(condition: Callable[[], bool], seconds: float = PATIENCE) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {seconds} s"
        await asyncio.sleep(0.05)


def command(name: str, **values: Any) -> messages.RegisterStartup:
    return messages.RegisterStartup(
        command_id=uuid.uuid4(),
        source="business-portal",
        actor="clerk",
        name=name,
        description="Sperrmüll-App",
        sectors=["waste"],
        **values,
    )


@pytest.mark.anyio
async def test_relay_consumers_and_dead_letters_on_a_real_broker(
    broker: tuple[str, str, str], sqlite_store: Store
) -> None:
    _kind, url, prefix = broker
    store = sqlite_store
    for name in ("Einsatzlotse", "Kerbside Ops", "Binfolio"):
        handle(
            store,
            RegisterStartup(profile(name, description="Tourenplanung für Sperrmüll.", languages=["de"])),
            by=MANAGER,
        )
    handle(store, DraftChallenge(challenge_details()), by=MANAGER)
    handle(store, PublishChallenge("smart-waste-hunter", date.today() + timedelta(days=30)), by=MANAGER)

    stop, ready = asyncio.Event(), asyncio.Event()
    handled: list[str] = []
    serving = asyncio.create_task(
        run(
            Matchmaker.over(store),
            url=url,
            prefix=prefix,
            stop=stop,
            ready=ready,
            make_consumers=fake_consumers(handled),
        )
    )
    await asyncio.wait_for(ready.wait(), PATIENCE)
    letters: list[DeadLetter] = []
    sender = bus_for(url, prefix)
    sender.watch(sender.dead_letters("inbound"), DeadLetter, letters.append, "watch-dead-letters")
    await sender.start()
    try:
        await until(lambda: len(list(store.every(Shortlist))) == 1)  # the relayed challenge.published
        twice = command("Neu GmbH")
        subject = sender.subject("commands.register_startup")
        await sender.send_command(twice, subject)
        await sender.send_command(twice, subject)  # the same command again: one effect
        await sender.publish_raw(b"{not json", subject, str(uuid.uuid4()))
        await sender.send_command(command("Mailbad", contact_email="nope"), subject)
        await until(lambda: len(letters) == 2)
        await until(lambda: handled.count(str(twice.command_id)) == 2)  # both deliveries handled
        assert [s.name for s in store.every(Startup)].count("Neu GmbH") == 1
        assert len(list(store.every(Shortlist))) == 1
        assert sorted(letter.error for letter in letters) == ["malformed", "validation"]
        assert any("contact_email" in letter.reason for letter in letters)
        await until(lambda: store.position_of("relay") == store.recorder.max_notification_id())  # all relayed
    finally:
        stop.set()
        await serving
        await sender.stop()


@pytest.mark.anyio
async def test_two_workers_share_a_consumer(broker: tuple[str, str, str], sqlite_store: Store) -> None:
    _kind, url, prefix = broker
    store = sqlite_store
    stop = asyncio.Event()
    handled: list[list[str]] = [[], []]
    workers = []
    for counter in handled:
        ready = asyncio.Event()
        workers.append(
            asyncio.create_task(
                run(
                    Matchmaker.over(store),
                    url=url,
                    prefix=prefix,
                    relay=False,
                    consumers={"inbound"},
                    stop=stop,
                    ready=ready,
                    make_consumers=fake_consumers(counter),
                )
            )
        )
        await asyncio.wait_for(ready.wait(), PATIENCE)
    sender = bus_for(url, prefix)
    await sender.broker.connect()
    try:
        sent = [command(f"Startup {i}") for i in range(40)]
        for c in sent:
            await sender.send_command(c, sender.subject("commands.register_startup"))
        await until(lambda: len(handled[0]) + len(handled[1]) >= 40)  # every command handled
        assert len(list(store.every(Startup))) == 40
        assert all(handled), f"one worker handled nothing: {[len(h) for h in handled]}"
        assert sorted(handled[0] + handled[1]) == sorted(str(c.command_id) for c in sent)  # each once
    finally:
        stop.set()
        for worker in workers:
            await worker
        await sender.stop()


@pytest.mark.anyio
async def test_corrections_are_relayed_like_every_event(tmp_path: Any, sqlite_store: Store) -> None:
    """Other city services learn of an early close, a reopening, a revoked award and a corrected
    date as they learn of everything else: each its own message on its own subject."""
    from services.application.commands import CloseChallenge, CorrectDate, ReopenChallenge, RevokeAward
    from services.infrastructure.bus.embedded import EmbeddedNats
    from tests.herne import SMART_WASTE_HUNTER, Herne

    store = sqlite_store
    herne = Herne(store).tendered("Einsatzlotse")
    herne.applied("einsatzlotse")
    handle(store, CloseChallenge(SMART_WASTE_HUNTER, "genug"), by=MANAGER, when=on(2019, 4, 20))
    handle(store, ReopenChallenge(SMART_WASTE_HUNTER, "zu früh"), by=MANAGER, when=on(2019, 4, 21))
    herne.closed()
    herne.awarded("einsatzlotse")
    awarded = handle(store, RevokeAward(SMART_WASTE_HUNTER, "Versehen"), by=MANAGER, when=on(2019, 7, 2))
    handle(
        store,
        CorrectDate(
            "challenge", SMART_WASTE_HUNTER, awarded.aggregate.version - 1, date(2019, 6, 30), "Tippfehler"
        ),
        by=MANAGER,
    )
    wanted = ("closed_early", "reopened", "award_revoked", "date_corrected")
    seen: dict[str, messages.EventMessage] = {}
    with EmbeddedNats(tmp_path / "nats") as nats:
        prefix = f"mmtest{uuid.uuid4().hex[:8]}"
        stop, ready = asyncio.Event(), asyncio.Event()
        serving = asyncio.create_task(
            run(
                Matchmaker.over(store),
                url=nats.url,
                prefix=prefix,
                stop=stop,
                ready=ready,
                make_consumers=fake_consumers(),
            )
        )
        await asyncio.wait_for(ready.wait(), 30)
        watcher = bus_for(nats.url, prefix)
        for name in wanted:
            subject = watcher.subject(f"challenge.{name}")
            watcher.watch(
                subject, messages.EventMessage, lambda m, n=name: seen.setdefault(n, m), f"watch-{name}"
            )
        await watcher.start()
        try:
            await until(lambda: set(seen) == set(wanted), 60)
        finally:
            stop.set()
            await serving
            await watcher.stop()
    assert seen["award_revoked"].payload["reason"] == "Versehen"
    corrected = seen["date_corrected"].payload
    assert (corrected["event"], corrected["was"], corrected["now"]) == (
        "matchmaker:Challenge.Awarded@1",
        "2019-07-01",
        "2019-06-30",
    )
    assert seen["closed_early"].payload["deadline"] == "2019-04-30"
