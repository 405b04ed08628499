"""The relay: every stored domain event onto the broker, in order, at least once.

It reads the notification log after its recorded position, publishes a page of events (each with
its event id as the broker's deduplication id), waits until the broker has confirmed every one,
and only then records the new position. A crash between publishing and recording means the page
is published again on restart: the broker's duplicate window (NATS JetStream) or the consumers'
processed-message records make the repeats no-ops. Pages keep the log's order, so each
aggregate's events arrive in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from services.infrastructure.bus.messages import EventMessage, to_message
from services.infrastructure.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

PAGE = 500
IDLE = 0.02  # seconds between looks at the log when there is nothing new
BACKOFF = (0.1, 0.2, 0.5, 1.0, 2.0)


class Publisher(Protocol):
    async def publish_events(self, messages: Sequence[EventMessage]) -> None:
        """Publish in order; return only when the broker confirmed all of them, else raise."""


class Relay:
    def __init__(self, store: Store, publisher: Publisher, name: str = "relay", page: int = PAGE) -> None:
        self.store = store
        self.publisher = publisher
        self.name = name
        self.page = page
        self.published = 0
        # Its own thread for the database: the default executor may be busy with consumers' long
        # work in the same process, and the relay must not wait behind it.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{name}-db")

    async def _off(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    def _read(self, position: int) -> list[EventMessage]:
        notifications = self.store.recorder.select_notifications(
            start=position, limit=self.page, inclusive_of_start=False
        )
        return [to_message(self.store.mapper.to_domain_event(n), n.id) for n in notifications]

    async def run_once(self) -> int:
        """Publish everything recorded so far; return how many events were published."""
        count = 0
        position = await self._off(self.store.position_of, self.name)
        while messages := await self._off(self._read, position):
            await self.publisher.publish_events(messages)
            position = messages[-1].position
            await self._off(self._record, position)
            count += len(messages)
            self.published += len(messages)
        return count

    def _record(self, position: int) -> None:
        try:
            self.store.record_position(self.name, position)
        except Exception:  # another relay recorded it first: the same position, nothing lost
            if self.store.position_of(self.name) < position:
                raise

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until stopped; broker or database failures are retried with backoff."""
        failures = 0
        try:
            while not stop.is_set():
                try:
                    published = await self.run_once()
                    failures = 0
                except Exception as error:  # the broker is away, the database locked: try again
                    delay = BACKOFF[min(failures, len(BACKOFF) - 1)]
                    failures += 1
                    log.warning("relay: %s; retrying in %.1f s", error, delay)
                    await _wait(stop, delay)
                    continue
                if not published:
                    await _wait(stop, IDLE)
        finally:
            self._executor.shutdown(wait=False)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
