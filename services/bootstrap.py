"""The composition root: what one process runs on, built once from the configuration.

Every entry point calls `bootstrap()` once — the CLI per command, the HTTP app per process (and
per `--workers` process), `serve` and `worker` per process — and hands the `Matchmaker` down:
the store, its read models, the shortlisting service (index, matcher, models) and the bus's
broker are made here and nowhere else, lazily, so that a command that needs none of them
opens none of them. Importing a module builds nothing.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from services.infrastructure.store import Store, is_postgres, store_location

if TYPE_CHECKING:  # the matcher and the read models load numpy, models and drivers: on first use only
    from projections.manager import ReadModels
    from services.application.shortlisting import Shortlisting
    from services.infrastructure.bus.brokers import Bus


@dataclass(frozen=True)
class Configuration:
    """Where things are; every field from the environment unless given."""

    store: str = field(default_factory=store_location)  # MATCHMAKER_STORE
    broker_url: str | None = field(default_factory=lambda: os.environ.get("MATCHMAKER_BROKER_URL") or None)
    bus_prefix: str | None = field(default_factory=lambda: os.environ.get("MATCHMAKER_BUS_PREFIX") or None)

    @property
    def embedded(self) -> bool:
        """The embedded default: a SQLite store, no `project run` worker, so the processes that
        serve requests also keep the embeddings current."""
        return not is_postgres(self.store)

    @property
    def var(self) -> Path:
        """Where the embedded broker keeps its data: beside a SQLite store, else ./var."""
        return Path("var") if is_postgres(self.store) else Path(self.store).parent


class Matchmaker:
    """One process's application, built by `bootstrap`: everything made on first use, once."""

    def __init__(self, configuration: Configuration, store: Store | None = None) -> None:
        self.configuration = configuration
        self._store = store
        self._opening = threading.Lock()

    @classmethod
    def over(cls, store: Store) -> Matchmaker:
        """The application around a store that is open already (tests keep using theirs)."""
        return cls(Configuration(store=store.location), store)

    @property
    def store(self) -> Store:
        with self._opening:
            if self._store is None:
                self._store = Store(self.configuration.store)
            return self._store

    @property
    def opened(self) -> bool:
        """Whether anything was opened (a command that failed on its input opened nothing)."""
        return self._store is not None

    def read_models(self, *, embeddings: bool = False) -> ReadModels:
        from services.application.readmodels import read_models

        return read_models(self.store, embeddings=embeddings)

    @property
    def shortlisting(self) -> Shortlisting:
        from services.application.shortlisting import shortlisting_for

        return shortlisting_for(self.store)

    def broker_url(self) -> str | None:
        """MATCHMAKER_BROKER_URL, or the URL of the embedded NATS a running `serve` wrote down."""
        if self.configuration.broker_url:
            return self.configuration.broker_url
        url_file = self.configuration.var / "nats.url"
        return url_file.read_text().strip() if url_file.exists() else None

    def bus(self, url: str, prefix: str | None = None) -> Bus:
        """The broker adapter for a URL (its scheme chooses NATS, RabbitMQ, Redis or Kafka)."""
        from services.infrastructure.bus.brokers import bus_for

        return bus_for(url, prefix or self.configuration.bus_prefix)

    def close(self) -> None:
        with self._opening:
            store, self._store = self._store, None
        if store is not None:
            from services.application.readmodels import close_read_models

            close_read_models(store)
            store.close()


def bootstrap(store: str | None = None, **settings: str | None) -> Matchmaker:
    """The application of this process, from the environment and what the entry point was told
    (`--store`, …); nothing is opened until it is used."""
    given = {"store": store, **settings}
    return Matchmaker(Configuration(**{k: v for k, v in given.items() if v is not None}))  # type: ignore[arg-type]
