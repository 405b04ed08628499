"""Commands as data: what someone asks of one aggregate, written once whichever entry point asks.

A command names the aggregate it creates or changes and the domain method that does it; all else
(the access check, the business date, idempotent creation, the expected version, retries) the
dispatcher does the same way for every command (services/application/commands/dispatch.py). The
CLI, the API, the web pages, the bus, the demo and the importer build commands and hand them over.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Generic, TypeVar

from domain import Actor, DomainAggregate, When
from services.infrastructure.store import Store

A = TypeVar("A", bound=DomainAggregate)


class Command(ABC, Generic[A]):
    """A request to record something about one aggregate of a kind (frozen dataclasses below)."""

    #: The kind of aggregate the command creates or changes; the access policy asks about its KIND.
    aggregate: ClassVar[type[Any]]


class Create(Command[A]):
    """A command that creates an aggregate, once: its ref is derived from what is asked, so asking
    again (users and importers retry) finds the first instead of making a second."""

    @abstractmethod
    def make(self, store: Store, by: Actor, when: When) -> A:
        """The new aggregate, validated by the domain (nothing is saved yet)."""

    @abstractmethod
    def same(self, existing: A, made: A) -> bool:
        """Whether an aggregate already recorded under the ref is what this command asks for."""


class Change(Command[A]):
    """A command that changes an existing aggregate: the field named after the aggregate's kind
    (`workshop`, `challenge`, …) says which, by ref, name or UUID, as a person would type it."""

    @property
    def reference(self) -> str:
        return str(getattr(self, self.aggregate.KIND))

    def naming(self, reference: str) -> Change[A]:
        """The same command for the aggregate named otherwise (an entry point that resolved it)."""
        return replace(self, **{self.aggregate.KIND: reference})  # type: ignore[type-var]

    @abstractmethod
    def apply(self, aggregate: A, by: Actor, when: When, store: Store) -> None:
        """Call the domain; it records events or refuses. `store` is there for the few commands
        that need another aggregate's facts (the grounds of an award)."""


@dataclass(frozen=True)
class Done(Generic[A]):
    """What a command did: the aggregate as it is now, whether it recorded an event, and whether
    it created the aggregate (an API answers 201, the CLI says "already …; nothing changed")."""

    aggregate: A
    changed: bool
    created: bool = False
