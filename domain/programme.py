"""A city's innovation programme with its partners, e.g. Herne's Data-Hub-Programm (2018)."""

from __future__ import annotations

from datetime import date

from domain.base import Actor, DomainAggregate, When, check_not_before_earliest
from domain.errors import RuleViolation
from domain.values import tags, text


class Programme(DomainAggregate):
    """A programme is launched with partners; partners join and leave; activities are noted; it ends."""

    TOPIC = "matchmaker:Programme@1"
    KIND = "programme"

    class Event(DomainAggregate.Event):
        pass

    class Launched(Event, DomainAggregate.Created):
        TOPIC = "matchmaker:Programme.Launched@1"
        ref: str
        name: str
        city: str
        partners: list[str]
        starts_on: date
        description: str

    Created = Launched  # the library expects a "Created" class; ours has a domain name

    class PartnerJoined(Event):
        TOPIC = "matchmaker:Programme.PartnerJoined@1"
        partner: str

        def apply(self, programme: Programme) -> None:
            programme.partners.append(self.partner)

    class PartnerLeft(Event):
        TOPIC = "matchmaker:Programme.PartnerLeft@1"
        partner: str
        reason: str

        def apply(self, programme: Programme) -> None:
            programme.partners.remove(self.partner)
            programme.former_partners.append(self.partner)

    class ActivityNoted(Event):
        """Something the programme does besides challenges and workshops (advice, events, spaces)."""

        TOPIC = "matchmaker:Programme.ActivityNoted@1"
        title: str
        kind: str
        partners: list[str]
        description: str

        def apply(self, programme: Programme) -> None:
            programme.activities.append(self.title)

    class Ended(Event):
        TOPIC = "matchmaker:Programme.Ended@1"
        reason: str

        def apply(self, programme: Programme) -> None:
            programme.ended_on = self.occurred_on

    class DateCorrected(Event, DomainAggregate.DateCorrected):
        TOPIC = "matchmaker:Programme.DateCorrected@1"

    def __init__(
        self, ref: str, name: str, city: str, partners: list[str], starts_on: date, description: str
    ) -> None:
        self.ref = ref
        self.name = name
        self.city = city
        self.partners = list(partners)
        self.former_partners: list[str] = []
        self.starts_on = starts_on
        self.description = description
        self.activities: list[str] = []
        self.ended_on: date | None = None

    @classmethod
    def launch(
        cls,
        *,
        ref: str,
        name: str,
        city: str,
        partners: list[str],
        starts_on: date | None,
        description: str = "",
        by: Actor,
        when: When,
    ) -> Programme:
        if starts_on is not None:
            check_not_before_earliest("starts_on", starts_on)
        programme: Programme = cls._start(
            cls.Launched,
            by,
            when,
            ref=ref,
            name=text("name", name, max_length=200),
            city=text("city", city, max_length=100),
            partners=list(tags("partners", partners)),
            starts_on=starts_on or when.on,
            description=text("description", description, max_length=5000, required=False),
        )
        return programme

    @property
    def active(self) -> bool:
        return self.ended_on is None

    def join(self, partner: str, *, by: Actor, when: When) -> None:
        partner = text("partner", partner, max_length=200)
        self._check_active()
        if partner.casefold() in (p.casefold() for p in self.partners):
            raise RuleViolation("partner", f"{partner!r} is already a partner of {self.name!r}")
        self._record(self.PartnerJoined, by, when, partner=partner)

    def leave(self, partner: str, reason: str, *, by: Actor, when: When) -> None:
        self._check_active()
        match = next((p for p in self.partners if p.casefold() == partner.strip().casefold()), None)
        if match is None:
            raise RuleViolation("partner", f"{partner!r} is not a partner of {self.name!r}")
        reason = text("reason", reason, max_length=2000)
        self._record(self.PartnerLeft, by, when, partner=match, reason=reason)

    def note_activity(
        self, title: str, kind: str, partners: list[str], description: str, *, by: Actor, when: When
    ) -> None:
        self._check_active()
        self._record(
            self.ActivityNoted,
            by,
            when,
            title=text("title", title, max_length=200),
            kind=text("kind", kind, max_length=100),
            partners=list(tags("partners", partners)),
            description=text("description", description, max_length=5000, required=False),
        )

    def end(self, reason: str, *, by: Actor, when: When) -> None:
        self._check_active()
        if when.on < self.starts_on:
            raise RuleViolation("occurred_on", f"a programme cannot end before it starts ({self.starts_on})")
        self._record(self.Ended, by, when, reason=text("reason", reason, max_length=2000))

    @property
    def launched_on(self) -> date:
        """Nothing is recorded in the programme before this day."""
        return self.first_occurred_on

    def check_redate(self, version: int, on: date) -> None:
        if self.topics[version] == self.Ended.TOPIC and on < self.starts_on:
            raise RuleViolation("now", f"{on.isoformat()} is before the programme starts ({self.starts_on})")

    def redated(self, version: int, on: date) -> None:
        if self.is_latest(version, self.Ended):
            self.ended_on = on

    def _check_active(self) -> None:
        if self.ended_on is not None:
            raise RuleViolation("programme", f"{self.name!r} ended on {self.ended_on.isoformat()}")
