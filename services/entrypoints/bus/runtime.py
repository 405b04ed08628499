"""The processes of the bus: `serve` (relay, consumers and read models in one process) and
`worker` (consumers only; run several and they share the work)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path

from services.entrypoints.bus.brokers import Bus, bus_for
from services.entrypoints.bus.consumers import Consumers
from services.entrypoints.bus.embedded import EmbeddedNats
from services.entrypoints.bus.relay import Relay
from services.entrypoints.bus.wiring import wire
from services.infrastructure.store import Store, is_postgres

log = logging.getLogger(__name__)


def embedded_paths(store: Store) -> tuple[Path, Path]:
    """Where the embedded NATS keeps its data, and the file that tells workers its URL."""
    base = Path("var") if is_postgres(store.location) else Path(store.location).parent
    return base / "nats", base / "nats.url"


def configured_url(store: Store) -> str | None:
    """MATCHMAKER_BROKER_URL, or the URL of the embedded NATS a running `serve` wrote down."""
    url = os.environ.get("MATCHMAKER_BROKER_URL")
    if url:
        return url
    url_file = embedded_paths(store)[1]
    return url_file.read_text().strip() if url_file.exists() else None


async def run(
    store: Store,
    *,
    url: str | None,
    relay: bool = True,
    consumers: set[str] | None = None,
    read_models: bool = False,
    stop: asyncio.Event | None = None,
    ready: asyncio.Event | None = None,
    make_consumers: Callable[[Store], Consumers] = Consumers,
    prefix: str | None = None,
) -> None:
    """Run until `stop` is set (or SIGINT/SIGTERM): the relay, the consumers, the read models."""
    stop = stop or _stopped_by_signals()
    async with AsyncExitStack() as stack:
        if url is None:
            data, url_file = embedded_paths(store)
            nats = stack.enter_context(EmbeddedNats(data))
            url_file.write_text(nats.url)
            stack.callback(url_file.unlink, missing_ok=True)
            log.info("embedded NATS with JetStream on %s", nats.url)
            url = nats.url
        bus: Bus = bus_for(url, prefix)
        wire(bus, make_consumers(store) if consumers != set() else None, consumers)
        await bus.start()
        stack.push_async_callback(bus.stop)
        tasks = []
        if relay:
            tasks.append(asyncio.create_task(Relay(store, bus).run(stop)))
        if read_models:
            from services.application.readmodels import read_models as models_of

            halt = threading.Event()
            threads = models_of(store, embeddings=True).follow(None, halt)
            stack.callback(lambda: [halt.set(), *(t.join(timeout=10) for t in threads)])
        if ready:
            ready.set()
        await stop.wait()
        for task in tasks:
            await task


def _stopped_by_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
