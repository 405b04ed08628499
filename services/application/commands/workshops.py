"""Commands on workshops: plan, schedule, postpone, hold, cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain import Actor, Programme, When, Workshop
from domain.values import slug, text
from services.application.commands.base import Change, Create
from services.infrastructure.store import Store


@dataclass(frozen=True)
class PlanWorkshop(Create[Workshop]):
    aggregate = Workshop
    theme: str
    organisers: list[str]
    programme: str | None = None
    description: str = ""
    ref: str | None = None

    def make(self, store: Store, by: Actor, when: When) -> Workshop:
        programme = store.find(Programme, self.programme) if self.programme else None
        return Workshop.plan(
            ref=slug(self.ref or text("theme", self.theme, max_length=300)),
            theme=self.theme,
            organisers=self.organisers,
            programme_id=programme.id if programme else None,
            description=self.description,
            by=by,
            when=when,
            launched_on=programme.launched_on if programme else None,
        )

    def same(self, existing: Workshop, made: Workshop) -> bool:
        return (existing.theme, existing.programme_id) == (made.theme, made.programme_id)


@dataclass(frozen=True)
class ScheduleWorkshop(Change[Workshop]):
    aggregate = Workshop
    workshop: str
    takes_place_on: date
    place: str

    def apply(self, workshop: Workshop, by: Actor, when: When, store: Store) -> None:
        workshop.schedule(self.takes_place_on, self.place, by=by, when=when)


@dataclass(frozen=True)
class PostponeWorkshop(Change[Workshop]):
    aggregate = Workshop
    workshop: str
    reason: str

    def apply(self, workshop: Workshop, by: Actor, when: When, store: Store) -> None:
        workshop.postpone(self.reason, by=by, when=when)


@dataclass(frozen=True)
class HoldWorkshop(Change[Workshop]):
    aggregate = Workshop
    workshop: str
    participants: list[str]
    outcomes: str = ""

    def apply(self, workshop: Workshop, by: Actor, when: When, store: Store) -> None:
        workshop.hold(self.participants, self.outcomes, by=by, when=when)


@dataclass(frozen=True)
class CancelWorkshop(Change[Workshop]):
    aggregate = Workshop
    workshop: str
    reason: str

    def apply(self, workshop: Workshop, by: Actor, when: When, store: Store) -> None:
        workshop.cancel(self.reason, by=by, when=when)
