"""The processes of the bus: `serve` (relay, consumers and read models in one process) and
`worker` (consumers only; run several and they share the work)."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING

from services.bootstrap import Matchmaker
from services.entrypoints.bus.wiring import wire
from services.infrastructure.bus.embedded import EmbeddedNats, EmbeddedNatsRunning
from services.infrastructure.bus.relay import Relay

if TYPE_CHECKING:
    from services.application.consumers import Consumers
    from services.infrastructure.store import Store

log = logging.getLogger(__name__)


async def run(
    app: Matchmaker,
    *,
    url: str | None,
    relay: bool = True,
    consumers: set[str] | None = None,
    read_models: bool = False,
    stop: asyncio.Event | None = None,
    ready: asyncio.Event | None = None,
    make_consumers: Callable[[Store], Consumers] | None = None,
    prefix: str | None = None,
) -> None:
    """Run until `stop` is set (or SIGINT/SIGTERM): the relay, the consumers, the read models."""
    stop = stop or _stopped_by_signals()
    async with AsyncExitStack() as stack:
        if url is None:
            try:
                nats = stack.enter_context(EmbeddedNats(app.configuration.var / "nats"))
            except EmbeddedNatsRunning as running:  # never a second server on one store folder
                raise SystemExit(f"error: {running}") from None
            url_file = app.configuration.var / "nats.url"
            url_file.write_text(nats.url)
            stack.callback(url_file.unlink, missing_ok=True)
            log.info("embedded NATS with JetStream on %s", nats.url)
            url = nats.url
        bus = app.bus(url, prefix)
        if consumers == set():
            wire(bus, None, consumers)
        else:
            if make_consumers is None:
                from services.application.consumers import Consumers as make_consumers
            wire(bus, make_consumers(app.store), consumers)
        await bus.start()
        stack.push_async_callback(bus.stop)
        tasks = []
        if relay:
            tasks.append(asyncio.create_task(Relay(app.store, bus).run(stop)))
        if read_models:
            halt = threading.Event()
            threads = app.read_models(embeddings=True).follow(None, halt)
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
