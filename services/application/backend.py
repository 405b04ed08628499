"""What an HTTP process's request handlers share, the API's and the pages' alike: the store, its
read models, and the ranking slot.

FastAPI runs plain (sync) endpoints in a thread pool. The event store works across threads; the
read models are SQLite or PostgreSQL documents with a small connection pool each, caught up by the
reader before it reads, one thread at a time (services/application/readmodels.py `folded`).
Rankings read the matching index and run on worker threads, so that requests waiting for one wait
in the event loop and do not hold threads the others need.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import anyio

from projections.documents import Documents
from services.application.readmodels import folded
from services.infrastructure.store import Store

if TYPE_CHECKING:
    from services.bootstrap import Matchmaker

T = TypeVar("T")
THREADS = 4 * (os.cpu_count() or 1)  # other requests at once on worker threads


class Backend:
    """What the handlers of one HTTP process share: the application `bootstrap` built for the
    process (its store opened on first use: importing or building the app opens nothing)."""

    def __init__(self, app: Matchmaker) -> None:
        self.app = app
        self._following: threading.Event | None = None
        self._followers: list[threading.Thread] = []

    @property
    def store(self) -> Store:
        return self.app.store

    def read(self, name: str, fold: Callable[[Documents], T]) -> T:
        """Fold a read model, caught up to the log's head, into what a listing shows."""
        return folded(self.store, name, fold)

    async def rank(self, work: Callable[[], T]) -> T:
        """Run a ranking on a worker thread, in turn with every other request (one queue, first
        come first served: a shortlist waits behind the requests before it, not behind all)."""
        return await anyio.to_thread.run_sync(work)

    def start(self) -> None:
        """When the server starts: load the matching index on a thread, so that the first shortlist
        does not wait for it; on the embedded default (a SQLite store, no `project run` worker)
        also let the embeddings read model embed new profiles on a thread of this process."""
        warming = threading.Thread(target=self.app.shortlisting.warm_up, name="warm-up", daemon=True)
        warming.start()
        self._followers = [warming]
        if not self.app.configuration.embedded or self._following is not None:
            return
        self._following = threading.Event()
        self._followers += self.app.read_models(embeddings=True).follow(["embeddings"], self._following)

    def close(self) -> None:
        if self._following is not None:
            self._following.set()
            self._following = None
        for thread in self._followers:
            thread.join(timeout=60)
        self._followers = []
        self.app.close()
