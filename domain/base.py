"""What every aggregate of the programme shares: who acted, in which role, and when it happened.

Things are often recorded after they happened (a workshop held last Tuesday, a 2018 cooperation
recorded today). Every event therefore carries the business date it happened (`occurred_on`) next
to the library's `timestamp` (when it was recorded). Within one aggregate business dates never go
backwards, so "the state as of a date" is always a prefix of the aggregate's events.

A wrongly dated event is never edited: a `DateCorrected` event names it (by version) and gives the
date it should have had, within the dates of its neighbours, so the order still holds. The
correction is about the record, not the business: its own date takes no part in that order.
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


#: No business date of the programme lies before this day (the oldest thing the city records is
#: its 2018 programme; a 1990 floor leaves room and catches 0001-01-01 or 2000 typed for 2020).
EARLIEST = date(1990, 1, 1)


def check_not_before_earliest(field: str, on: date) -> None:
    if on < EARLIEST:
        raise InvalidValue(
            field, f"{on.isoformat()} is before {EARLIEST.isoformat()}, the earliest date recorded here"
        )


def check_not_before(field: str, on: date, bound: date | None, what: str) -> None:
    """One bound of business time, as a one-line error naming the field and the conflicting date."""
    if bound is not None and on < bound:
        raise RuleViolation(field, f"{on.isoformat()} is before {what} ({bound.isoformat()})")


@dataclass(frozen=True)
class When:
    """The business date of a change and whether that date is known or only assumed.

    Dates in the future are refused where today is known (the service layer); the floor here."""

    on: date
    assumed: bool = False

    def __post_init__(self) -> None:
        check_not_before_earliest("occurred_on", self.on)


class DomainAggregate(Aggregate):
    """Base of the project's aggregates: events carry actor, role and business date.

    Each aggregate is known by a readable `ref` (e.g. `smart-waste-hunter`) from which its id is
    derived, so creating the same thing twice finds the first instead of making a second.
    """

    KIND: ClassVar[str] = ""
    #: Whether wrongly dated events of this kind may be corrected (see `correct_date`).
    DATES_CORRECTED: ClassVar[bool] = True

    class Event(Aggregate.Event):
        occurred_on: date
        date_assumed: bool
        actor: str
        role: str
        correlation_id: str

        def mutate(self, aggregate: Any) -> Any:
            aggregate = super().mutate(aggregate)
            aggregate.__dict__.setdefault("dates", {})[self.originator_version] = self.occurred_on
            aggregate.__dict__.setdefault("topics", {})[self.originator_version] = type(self).TOPIC
            aggregate.last_occurred_on = self.occurred_on
            return aggregate

    class Created(Event, Aggregate.Created):
        def mutate(self, aggregate: Any) -> Any:
            aggregate = super().mutate(aggregate)
            aggregate.first_occurred_on = self.occurred_on
            return aggregate

    class DateCorrected(Event):
        """An earlier event's business date was wrong: it names the event (`corrects`, its version,
        and `event`, its topic), the date it had and the date it should have had. Each aggregate
        declares its own (with its topic); read models move the event to its new date."""

        corrects: int
        event: str
        was: date
        now: date
        reason: str

        def mutate(self, aggregate: Any) -> Any:
            # Past the base Event's mutate: the correction's own date takes no part in the order.
            aggregate = super(DomainAggregate.Event, self).mutate(aggregate)
            aggregate.dates[self.corrects] = self.now
            aggregate.last_occurred_on = max(aggregate.dates.values())
            if self.corrects == 1:
                aggregate.first_occurred_on = self.now
            aggregate.redated(self.corrects, self.now)
            return aggregate

    if TYPE_CHECKING:  # set by events; not class annotations, which the library would turn into a dataclass
        first_occurred_on: date
        last_occurred_on: date
        #: The business date and the topic of each event by version, as corrected (corrections
        #: themselves are not in them).
        dates: dict[int, date]
        topics: dict[int, str]
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
        check_not_before(
            "occurred_on", when.on, self.last_occurred_on, f"the last recorded event of this {self.KIND}"
        )
        self.trigger_event(event_class, **fields, **_stamp(by, when))

    def correct_date(self, version: int, now: date, reason: str, *, by: Actor, when: When) -> None:
        """Give an earlier event the date it should have had, between its neighbours' dates.

        The first event is not re-dated (other things were checked against it: a challenge's
        programme, an application's challenge); nor is a date moved after the day of the correction.
        """
        from domain.values import text  # values imports errors only; kept local to show the one use

        reason = text("reason", reason, max_length=2000)
        if not self.DATES_CORRECTED:
            raise RuleViolation("event", f"the dates of a {self.KIND} are not corrected here")
        if version not in self.dates:
            raise InvalidValue(
                "event", f"this {self.KIND} has no event {version} to correct (events 2–{self.version})"
            )
        if version == 1:
            raise RuleViolation(
                "event", f"the first event of a {self.KIND} keeps its date; correct later ones"
            )
        check_not_before_earliest("now", now)
        if now > when.on:
            raise RuleViolation("now", f"{now.isoformat()} is after the day of the correction ({when.on})")
        versions = sorted(self.dates)
        at = versions.index(version)
        was = self.dates[version]
        if now == was:
            raise RuleViolation("now", f"event {version} is already dated {was.isoformat()}")
        check_not_before(
            "now", now, self.dates[versions[at - 1]], f"the event before it (event {versions[at - 1]})"
        )
        if at + 1 < len(versions) and now > (after := self.dates[versions[at + 1]]):
            raise RuleViolation(
                "now",
                f"{now.isoformat()} is after the event that follows it (event {versions[at + 1]}, {after})",
            )
        event = self.topics[version]
        self.check_redate(version, now)
        self.trigger_event(
            self.DateCorrected,
            corrects=version,
            event=event,
            was=was,
            now=now,
            reason=reason,
            **_stamp(by, when),
        )

    def check_redate(self, version: int, on: date) -> None:
        """Refuse a new date that breaks a rule of the aggregate beyond the order of its events."""

    def redated(self, version: int, on: date) -> None:
        """Keep what the aggregate derived from an event's date (`awarded_on`, …) as corrected."""

    def is_latest(self, version: int, *event_classes: type[Any]) -> bool:
        """Whether the event at `version` is the latest of these kinds (whose date the state keeps)."""
        topics = {cls.TOPIC for cls in event_classes}
        return self.topics[version] in topics and not any(
            t in topics for v, t in self.topics.items() if v > version
        )


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
