"""All read models of one event store: catch them up, follow, rebuild without downtime, report status."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventsourcing.application import Application

from projections.board import ChallengeBoard
from projections.calendar import WorkshopCalendar
from projections.catalog import catalog_at
from projections.chain import AuditChain
from projections.directory import StartupDirectory
from projections.documents import Documents
from projections.readmodel import ReadModel
from projections.report import ProgrammeReport
from projections.runner import Progress, Runner
from projections.shortlists import Shortlists

if TYPE_CHECKING:  # numpy and the matcher: imported when these read models are first used
    from projections.matching import MatchingIndex, MatchingRunner

#: Every read model by name: its class, or where it lives (`module:Class`) for the two that load
#: numpy and the matcher, imported on first use so that reading the board or the directory (a
#: command line's `challenge list`) starts without them.
READ_MODELS: dict[str, type[ReadModel] | str] = {
    **{
        model.name: model
        for model in (ChallengeBoard, StartupDirectory, Shortlists, WorkshopCalendar, ProgrammeReport)
    },
    "embeddings": "projections.embeddings:EmbeddingIndex",
    "matching": "projections.matching:MatchingIndex",
}
#: Read models that need more than the event store (the embedding index needs a model).
NEEDS_DEPENDENCIES = {"embeddings"}


def model_class(name: str) -> type[ReadModel] | type[MatchingIndex]:
    """A read model's class by its name, imported now if it is one of the heavy ones."""
    found = READ_MODELS[name]
    if isinstance(found, str):
        module, _, attribute = found.partition(":")
        return getattr(importlib.import_module(module), attribute)  # type: ignore[no-any-return]
    return found


class Runners(Mapping[str, "Runner | MatchingRunner"]):
    """The runners of the read models by name, each made when first asked for."""

    def __init__(self, make: Callable[[str], Runner | MatchingRunner]) -> None:
        self._make = make
        self._made: dict[str, Runner | MatchingRunner] = {}

    def __getitem__(self, name: str) -> Runner | MatchingRunner:
        if name not in READ_MODELS:
            raise KeyError(name)
        if name not in self._made:
            self._made[name] = self._make(name)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(READ_MODELS)

    def __len__(self) -> int:
        return len(READ_MODELS)

    def made(self) -> list[Runner | MatchingRunner]:
        """The runners made so far (closing the rest would make them first)."""
        return list(self._made.values())


@dataclass(frozen=True)
class Status:
    name: str
    generation: int
    position: int
    head: int
    documents: int

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)


@dataclass(frozen=True)
class Rebuilt:
    name: str
    generation: int
    events: int
    seconds: float


class ReadModels:
    def __init__(
        self, app: Application[Any], location: str, dependencies: dict[str, dict[str, Any]] | None = None
    ) -> None:
        self.app = app
        self.location = location
        self.catalog = catalog_at(location)
        dependencies = dependencies or {}
        self._chain: AuditChain | None = None
        # Every read model has a runner (its position and status can be read), made when first
        # asked for; those that need more than the store run only once their dependencies are
        # given (`enable`).
        self.runners = Runners(self._runner)
        self._dependencies = dependencies

    def _runner(self, name: str) -> Runner | MatchingRunner:
        model = model_class(name)
        if name == "matching":
            from projections.matching import MatchingRunner

            return MatchingRunner(self.app, self.location, self.catalog)
        return Runner(self.app, model, self.location, self.catalog, self._dependencies.get(name))  # type: ignore[arg-type]

    def runs(self, name: str) -> bool:
        """Whether this read model can be caught up here (the embedding index needs an embedder)."""
        return name not in NEEDS_DEPENDENCIES or bool(self.runners[name].dependencies)

    def enable(self, name: str, dependencies: dict[str, Any]) -> None:
        """Give a read model what it needs to run (models opened before are opened again)."""
        runner = self.runners[name]
        if runner.dependencies != dependencies:
            runner.dependencies = dependencies
            for generation in list(runner._models):
                runner.forget(generation)

    def names(self, names: Iterable[str] | None = None) -> list[str]:
        chosen = list(names or [n for n in self.runners if self.runs(n)])
        unknown = [n for n in chosen if n not in READ_MODELS]
        if unknown:
            raise KeyError(f"no read model named {', '.join(unknown)}; there are {', '.join(READ_MODELS)}")
        missing = [n for n in chosen if not self.runs(n)]
        if missing:
            raise KeyError(f"{', '.join(missing)} needs an embedder; it runs where the matcher is configured")
        return chosen

    @property
    def chain(self) -> AuditChain:
        """The audit chain over the log: not a read model (it is never rebuilt), but kept the same way."""
        if self._chain is None:
            self._chain = AuditChain(self.app, self.location)
        return self._chain

    def catch_up(
        self, names: Iterable[str] | None = None, progress: Callable[[str, int, int], None] | None = None
    ) -> dict[str, int]:
        """Catch up the named read models; with no names, all of them and the audit chain."""
        applied = {}
        for name in self.names(names):
            report: Progress | None = (lambda p, h, n=name: progress(n, p, h)) if progress else None  # type: ignore[misc]
            applied[name] = self.runners[name].catch_up(progress=report)
        if names is None:
            report = (lambda p, h: progress(AuditChain.name, p, h)) if progress else None
            applied[AuditChain.name] = self.chain.catch_up(report)
        return applied

    def view(self, name: str, *, current: bool = True) -> Documents:
        """The active generation of a read model; caught up first unless told otherwise."""
        if current:
            self.runners[name].catch_up()
        return self.runners[name].model().view

    def follow(self, names: Iterable[str] | None, stop: threading.Event) -> list[threading.Thread]:
        """Follow the named read models in threads; with no names, all of them and the audit chain."""
        threads = [
            threading.Thread(
                target=self.runners[name].follow, args=(stop,), name=f"read-model-{name}", daemon=True
            )
            for name in self.names(names)
        ]
        if names is None:
            threads.append(
                threading.Thread(target=self.chain.follow, args=(stop,), name=AuditChain.name, daemon=True)
            )
        for thread in threads:
            thread.start()
        return threads

    def rebuild(self, name: str, progress: Progress | None = None) -> Rebuilt:
        """Fill a fresh generation from the first event while the active one serves, then swap."""
        runner = self.runners[self.names([name])[0]]
        old = self.catalog.active(name)
        new = old + 1
        runner.forget(new)
        runner.drop(new)  # leftovers of an interrupted rebuild
        started = time.perf_counter()
        events = runner.catch_up(generation=new, progress=progress)
        self.catalog.activate(name, new)
        events += runner.catch_up(generation=new)  # what arrived while swapping
        seconds = time.perf_counter() - started
        runner.forget(old)
        runner.drop(old)
        return Rebuilt(name, new, events, seconds)

    def status(self) -> list[Status]:
        head = self.app.recorder.max_notification_id() or 0
        return [
            *(
                Status(name, self.catalog.active(name), runner.position(), head, runner.model().view.count())
                for name, runner in self.runners.items()
            ),
            Status(AuditChain.name, 1, self.chain.position(), head, self.chain.recorder.count()),
        ]

    def close(self) -> None:
        for runner in self.runners.made():
            runner.close()
        if self._chain is not None:
            self._chain.close()
