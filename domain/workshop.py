"""A workshop of the programme: planned, scheduled, postponed (e.g. because of Corona), held or cancelled."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from domain.base import Actor, DomainAggregate, When, check_not_before
from domain.errors import RuleViolation
from domain.values import tags, text


class WorkshopStatus(StrEnum):
    """Where a workshop stands; the values are what read models and pages store and show.

    Which event leads to which status is said once, by the event class (`LEADS_TO`).
    """

    PLANNED = "planned"
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    HELD = "held"
    CANCELLED = "cancelled"


#: A workshop still to come: it may be scheduled, postponed, held or cancelled.
UPCOMING = frozenset({WorkshopStatus.PLANNED, WorkshopStatus.SCHEDULED, WorkshopStatus.POSTPONED})


class Workshop(DomainAggregate):
    TOPIC = "matchmaker:Workshop@1"
    KIND = "workshop"

    class Event(DomainAggregate.Event):
        #: The status the workshop is in after this event.
        LEADS_TO: ClassVar[WorkshopStatus]

    class Planned(Event, DomainAggregate.Created):
        TOPIC = "matchmaker:Workshop.Planned@1"
        LEADS_TO = WorkshopStatus.PLANNED
        ref: str
        theme: str
        organisers: list[str]
        programme_id: UUID | None
        description: str

    Created = Planned

    class Scheduled(Event):
        TOPIC = "matchmaker:Workshop.Scheduled@1"
        LEADS_TO = WorkshopStatus.SCHEDULED
        takes_place_on: date
        place: str

        def apply(self, workshop: Workshop) -> None:
            workshop.status = self.LEADS_TO
            workshop.takes_place_on = self.takes_place_on
            workshop.place = self.place

    class Postponed(Event):
        TOPIC = "matchmaker:Workshop.Postponed@1"
        LEADS_TO = WorkshopStatus.POSTPONED
        reason: str

        def apply(self, workshop: Workshop) -> None:
            workshop.status = self.LEADS_TO
            workshop.takes_place_on = None
            workshop.postponement_reason = self.reason

    class Held(Event):
        TOPIC = "matchmaker:Workshop.Held@1"
        LEADS_TO = WorkshopStatus.HELD
        participants: list[str]
        outcomes: str

        def apply(self, workshop: Workshop) -> None:
            workshop.status = self.LEADS_TO
            workshop.held_on = self.occurred_on
            workshop.participants = list(self.participants)
            workshop.outcomes = self.outcomes

    class Cancelled(Event):
        TOPIC = "matchmaker:Workshop.Cancelled@1"
        LEADS_TO = WorkshopStatus.CANCELLED
        reason: str

        def apply(self, workshop: Workshop) -> None:
            workshop.status = self.LEADS_TO

    class DateCorrected(Event, DomainAggregate.DateCorrected):
        TOPIC = "matchmaker:Workshop.DateCorrected@1"
        LEADS_TO = None  # type: ignore[assignment]  # a correction leaves the status as it was

    def __init__(
        self, ref: str, theme: str, organisers: list[str], programme_id: UUID | None, description: str
    ) -> None:
        self.ref = ref
        self.theme = theme
        self.organisers = list(organisers)
        self.programme_id = programme_id
        self.description = description
        self.status = self.Planned.LEADS_TO
        self.takes_place_on: date | None = None
        self.place = ""
        self.postponement_reason = ""
        self.held_on: date | None = None
        self.participants: list[str] = []
        self.outcomes = ""

    @classmethod
    def plan(
        cls,
        *,
        ref: str,
        theme: str,
        organisers: list[str],
        programme_id: UUID | None,
        description: str = "",
        by: Actor,
        when: When,
        launched_on: date | None = None,
    ) -> Workshop:
        """`launched_on`: the date the workshop's programme was launched; nothing before it."""
        check_not_before("occurred_on", when.on, launched_on, "the launch of its programme")
        workshop: Workshop = cls._start(
            cls.Planned,
            by,
            when,
            ref=ref,
            theme=text("theme", theme, max_length=300),
            organisers=list(tags("organisers", organisers)),
            programme_id=programme_id,
            description=text("description", description, max_length=5000, required=False),
        )
        return workshop

    def schedule(self, takes_place_on: date, place: str, *, by: Actor, when: When) -> None:
        self._check_open()
        if takes_place_on < when.on:
            raise RuleViolation(
                "takes_place_on",
                f"{takes_place_on.isoformat()} is before the day it was scheduled ({when.on})",
            )
        self._record(
            self.Scheduled,
            by,
            when,
            takes_place_on=takes_place_on,
            place=text("place", place, max_length=300),
        )

    def postpone(self, reason: str, *, by: Actor, when: When) -> None:
        self._check_open()
        if self.status is WorkshopStatus.POSTPONED:
            raise RuleViolation("status", "the workshop is already postponed; schedule it again first")
        self._record(self.Postponed, by, when, reason=text("reason", reason, max_length=2000))

    def hold(self, participants: list[str], outcomes: str, *, by: Actor, when: When) -> None:
        self._check_open()
        if self.status is WorkshopStatus.POSTPONED:
            raise RuleViolation("status", "a postponed workshop must be scheduled again before it is held")
        if self.takes_place_on is not None and when.on < self.takes_place_on:
            raise RuleViolation(
                "occurred_on",
                f"the workshop is scheduled for {self.takes_place_on}; it cannot be held before",
            )
        self._record(
            self.Held,
            by,
            when,
            participants=list(tags("participants", participants, max_items=500)),
            outcomes=text("outcomes", outcomes, max_length=10000, required=False),
        )

    def cancel(self, reason: str, *, by: Actor, when: When) -> None:
        self._check_open()
        self._record(self.Cancelled, by, when, reason=text("reason", reason, max_length=2000))

    def check_redate(self, version: int, on: date) -> None:
        if self.topics[version] == self.Held.TOPIC:
            check_not_before("now", on, self.takes_place_on, "the day it was scheduled for")

    def redated(self, version: int, on: date) -> None:
        if self.is_latest(version, self.Held) and self.status is WorkshopStatus.HELD:
            self.held_on = on

    def _check_open(self) -> None:
        if self.status not in UPCOMING:
            raise RuleViolation("status", f"the workshop {self.theme!r} is already {self.status}")
