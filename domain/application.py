"""A startup's application to a published challenge: once per challenge, before the deadline."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.base import Actor, DomainAggregate, When, check_not_before
from domain.challenge import Challenge
from domain.errors import RuleViolation
from domain.startup import Startup
from domain.values import text


def application_ref(challenge: Challenge, startup: Startup) -> str:
    """One application per startup and challenge: the pair is its identity."""
    return f"{challenge.ref}/{startup.ref}"


class Application(DomainAggregate):
    TOPIC = "matchmaker:Application@1"
    KIND = "application"

    class Event(DomainAggregate.Event):
        pass

    class Submitted(Event, DomainAggregate.Created):
        TOPIC = "matchmaker:Application.Submitted@1"
        ref: str
        challenge_id: UUID
        startup_id: UUID
        pitch: str

    Created = Submitted

    class Withdrawn(Event):
        TOPIC = "matchmaker:Application.Withdrawn@1"
        reason: str

        def apply(self, application: Application) -> None:
            application.withdrawn_on = self.occurred_on

    class DateCorrected(Event, DomainAggregate.DateCorrected):
        TOPIC = "matchmaker:Application.DateCorrected@1"

    def __init__(self, ref: str, challenge_id: UUID, startup_id: UUID, pitch: str) -> None:
        self.ref = ref
        self.challenge_id = challenge_id
        self.startup_id = startup_id
        self.pitch = pitch
        self.withdrawn_on: date | None = None

    @classmethod
    def submit(
        cls, challenge: Challenge, startup: Startup, pitch: str, *, by: Actor, when: When
    ) -> Application:
        startup.check_active()
        challenge.check_open_for_applications(when.on)
        check_not_before("occurred_on", when.on, startup.first_occurred_on, f"{startup.name!r} registered")
        application: Application = cls._start(
            cls.Submitted,
            by,
            when,
            ref=application_ref(challenge, startup),
            challenge_id=challenge.id,
            startup_id=startup.id,
            pitch=text("pitch", pitch, max_length=3000),
        )
        return application

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    def withdraw(self, reason: str, *, by: Actor, when: When) -> None:
        if self.withdrawn_on is not None:
            raise RuleViolation("application", f"was already withdrawn on {self.withdrawn_on.isoformat()}")
        self._record(self.Withdrawn, by, when, reason=text("reason", reason, max_length=2000))

    def redated(self, version: int, on: date) -> None:
        if self.is_latest(version, self.Withdrawn):
            self.withdrawn_on = on
