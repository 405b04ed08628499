"""What every aggregate of the programme shares: who acted, in which role, and when it happened.

Things are often recorded after they happened (a workshop held last Tuesday, a 2018 cooperation
recorded today). Every event therefore carries the business date it happened (`occurred_on`) next
to the library's `timestamp` (when it was recorded). Within one aggregate business dates never go
backwards, so "the state as of a date" is always a prefix of the aggregate's events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import InvalidValue, RuleViolation

#: Namespace of every identity this project derives from a natural key (see `identity`).
NAMESPACE = UUID("5d1c3f0e-7a52-4c55-9a3e-2f1e8c0b6a11")


@lru_cache(maxsize=65536)
def identity(kind: str, ref: str) -> UUID:
    """Derive an aggregate's id from its kind and its human reference.

    Deterministic ids make creation idempotent (a retried import finds the same id) and let two
    concurrent creators of the same thing collide in the store instead of making two of it.
    """
    return uuid5(NAMESPACE, f"{kind}:{ref}")


class Role(StrEnum):
    """The roles in which people and systems act on the programme."""

    MANAGER = "manager"
    STARTUP = "startup"
    AUDITOR = "auditor"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who asks for a change, recorded on every event it causes.

    `correlation_id` names what the actor was reacting to, when it is a system consumer reacting
    to a message (the message's event id); auditors follow such chains. `acts_for` names the
    startup (its ref) a person in the startup role speaks for: the access policy
    (services/application/access.py) then lets it change that startup's profile and applications only.
    """

    name: str
    role: Role
    correlation_id: str = ""
    acts_for: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidValue("actor", "must name who acts")
        if not isinstance(self.role, Role):
            object.__setattr__(self, "role", _role(self.role))


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidValue("role", f"{value!r} is not one of {', '.join(Role)}") from None


@dataclass(frozen=True)
class When:
    """The business date of a change and whether that date is known or only assumed."""

    on: date
    assumed: bool = False


class DomainAggregate(Aggregate):
    """Base of the project's aggregates: events carry actor, role and business date.

    Each aggregate is known by a readable `ref` (e.g. `smart-waste-hunter`) from which its id is
    derived, so creating the same thing twice finds the first instead of making a second.
    """

    KIND: ClassVar[str] = ""

    class Event(Aggregate.Event):
        occurred_on: date
        date_assumed: bool
        actor: str
        role: str
        correlation_id: str

        def mutate(self, aggregate: Any) -> Any:
            aggregate = super().mutate(aggregate)
            aggregate.last_occurred_on = self.occurred_on
            return aggregate

    class Created(Event, Aggregate.Created):
        def mutate(self, aggregate: Any) -> Any:
            aggregate = super().mutate(aggregate)
            aggregate.first_occurred_on = self.occurred_on
            return aggregate

    if TYPE_CHECKING:  # set by events; not class annotations, which the library would turn into a dataclass
        first_occurred_on: date
        last_occurred_on: date
        ref: str

    @classmethod
    def create_id(cls, ref: str) -> UUID:
        return identity(cls.KIND, ref)

    @classmethod
    def _start(cls, event_class: type[Any], by: Actor, when: When, **fields: Any) -> Any:
        """Create the aggregate with its first event."""
        return cls._create(event_class, **fields, **_stamp(by, when))

    def _record(self, event_class: type[Any], by: Actor, when: When, **fields: Any) -> None:
        """Trigger an event after checking that business time does not run backwards."""
        if when.on < self.last_occurred_on:
            raise RuleViolation(
                "occurred_on",
                f"{when.on.isoformat()} is before the last recorded event of this "
                f"{type(self).__name__.lower()} ({self.last_occurred_on.isoformat()})",
            )
        self.trigger_event(event_class, **fields, **_stamp(by, when))


def _stamp(by: Actor, when: When) -> dict[str, Any]:
    return {
        "occurred_on": when.on,
        "date_assumed": when.assumed,
        "actor": by.name,
        "role": str(by.role),
        "correlation_id": by.correlation_id,
    }


#: Fields every event has; what an event changed is everything else.
ENVELOPE_FIELDS = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "occurred_on",
        "date_assumed",
        "actor",
        "role",
        "correlation_id",
    }
)


def event_changes(event: Any) -> dict[str, Any]:
    """The fields an event carries beyond its envelope: what it says happened."""
    return {k: v for k, v in vars(event).items() if k not in ENVELOPE_FIELDS}


def event_classes(aggregate_class: type[DomainAggregate]) -> list[type[Any]]:
    """The event classes an aggregate class declares (each once, though `Created` names one twice)."""
    found = [
        value
        for value in vars(aggregate_class).values()
        if isinstance(value, type) and isinstance(vars(value).get("TOPIC"), str)
    ]
    return list(dict.fromkeys(found))


def status_only(aggregate_class: type[DomainAggregate], *carrying_more: type[Any]) -> list[type[Any]]:
    """The events of an aggregate that move it to a status and carry nothing a reader keeps
    besides (all but `carrying_more`): read models fold them alike, so a new lifecycle event
    reaches the board and the report without touching them."""
    return [
        cls
        for cls in event_classes(aggregate_class)
        if getattr(cls, "LEADS_TO", None) is not None and cls not in carrying_more
    ]


def leads_to(aggregate_class: type[DomainAggregate]) -> dict[str, StrEnum]:
    """The status each event of an aggregate leads to, keyed by the event's stored topic.

    Events declare it (`LEADS_TO`); events that leave the status as it was are not listed. Read
    models fold on this, so they neither repeat the lifecycle nor depend on the classes' names.
    """
    return {
        cls.TOPIC: cls.LEADS_TO
        for cls in event_classes(aggregate_class)
        if getattr(cls, "LEADS_TO", None) is not None
    }
