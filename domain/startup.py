"""A startup's profile as it registers and revises it; the matcher reads its versions."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from domain.base import Actor, DomainAggregate, When
from domain.errors import InvalidValue, RuleViolation
from domain.values import (
    Sector,
    Stage,
    choice,
    email,
    language,
    optional_choice,
    tags,
    text,
    whole_number,
    year,
)

#: Profile fields; contact_name and contact_email are personal data.
PROFILE_FIELDS = (
    "name",
    "description",
    "capabilities",
    "sectors",
    "stage",
    "city",
    "founded",
    "team_size",
    "languages",
    "website",
    "contact_name",
    "contact_email",
)
PERSONAL_FIELDS = ("contact_name", "contact_email")
KNOWN_FIELDS = frozenset(PROFILE_FIELDS)


def public_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """A profile (or changes to one) without personal data: what may be shown to anyone."""
    return {k: v for k, v in profile.items() if k not in PERSONAL_FIELDS}


def checked_profile(profile: dict[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """Validate a profile, returning it in the form events store.

    `languages` lists the languages the startup works in; the first is the one its profile is
    written in (the matcher needs that to compare across languages).
    """
    if not KNOWN_FIELDS.issuperset(profile):
        unknown = set(profile) - KNOWN_FIELDS
        raise InvalidValue(sorted(unknown)[0], "is not a field of a startup profile")
    sectors = [choice("sectors", s, Sector).value for s in tags("sectors", profile.get("sectors") or ())]
    stage = optional_choice("stage", profile.get("stage"), Stage)
    languages = [
        language("languages", code) for code in tags("languages", profile.get("languages") or ("en",))
    ]
    return {
        "name": text("name", profile.get("name"), max_length=200),
        "description": text("description", profile.get("description"), max_length=10000),
        "capabilities": list(tags("capabilities", profile.get("capabilities") or ())),
        "sectors": sectors,
        "stage": stage.value if stage else None,
        "city": text("city", profile.get("city"), max_length=100, required=False) or None,
        "founded": year("founded", profile.get("founded"), today=today),
        "team_size": whole_number("team_size", profile.get("team_size"), low=1, high=1_000_000),
        "languages": languages,
        "website": text("website", profile.get("website"), max_length=500, required=False) or None,
        "contact_name": text("contact_name", profile.get("contact_name"), max_length=200, required=False)
        or None,
        "contact_email": email("contact_email", profile.get("contact_email")),
    }


class Startup(DomainAggregate):
    """Registered with a profile, revised field by field, withdrawn from the programme."""

    TOPIC = "matchmaker:Startup@1"
    KIND = "startup"
    #: Attributes holding a profile (or changes to one) with PERSONAL_FIELDS, in snapshots and in
    #: events: the store seals those fields with a key of the startup's own, so that erasing them
    #: is destroying the key, while every stored event stays as it was (the audit chain verifies).
    PERSONAL_DATA: ClassVar[tuple[str, ...]] = ("profile",)
    #: A profile's versions are dated: the matching index keeps each from its date on, and moving
    #: them would move the pools of shortlists already recorded. A wrong date is revised forward.
    DATES_CORRECTED = False

    class Event(DomainAggregate.Event):
        pass

    class DateCorrected(Event, DomainAggregate.DateCorrected):
        TOPIC = "matchmaker:Startup.DateCorrected@1"

    class Registered(Event, DomainAggregate.Created):
        TOPIC = "matchmaker:Startup.Registered@1"
        ref: str
        profile: dict[str, Any]
        source: str
        PERSONAL_DATA: ClassVar[tuple[str, ...]] = ("profile",)

    Created = Registered

    class ProfileRevised(Event):
        TOPIC = "matchmaker:Startup.ProfileRevised@1"
        changes: dict[str, Any]
        PERSONAL_DATA: ClassVar[tuple[str, ...]] = ("changes",)

        def apply(self, startup: Startup) -> None:
            startup.profile = {**startup.profile, **self.changes}

    class Withdrawn(Event):
        TOPIC = "matchmaker:Startup.Withdrawn@1"
        reason: str

        def apply(self, startup: Startup) -> None:
            startup.withdrawn_on = self.occurred_on

    class PersonalDataErased(Event):
        """The contact person's data was erased on request (GDPR Art. 17); the event names the
        fields, never their values."""

        TOPIC = "matchmaker:Startup.PersonalDataErased@1"
        ERASES_PERSONAL_DATA: ClassVar[bool] = True  # read models compact their files after it
        fields: list[str]
        reason: str

        def apply(self, startup: Startup) -> None:
            startup.profile = {**startup.profile, **dict.fromkeys(self.fields)}
            startup.personal_data_erased_on = self.occurred_on

    def __init__(self, ref: str, profile: dict[str, Any], source: str) -> None:
        self.ref = ref
        self.profile = dict(profile)
        self.source = source
        self.withdrawn_on: date | None = None
        self.personal_data_erased_on: date | None = None

    @classmethod
    def register(
        cls, *, ref: str, profile: dict[str, Any], source: str = "", by: Actor, when: When
    ) -> Startup:
        startup: Startup = cls._start(
            cls.Registered,
            by,
            when,
            ref=ref,
            profile=checked_profile(profile, today=when.on),
            source=text("source", source, max_length=200, required=False),
        )
        return startup

    @property
    def name(self) -> str:
        return str(self.profile["name"])

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    def profile_differences(self, profile: dict[str, Any], *, today: date) -> dict[str, Any]:
        """The fields of `profile` that differ from the current one, after validation."""
        merged = checked_profile({**self.profile, **profile}, today=today)
        return {k: v for k, v in merged.items() if self.profile.get(k) != v}

    def revise(self, changes: dict[str, Any], *, by: Actor, when: When) -> bool:
        """Record what differs from the current profile; an identical revision records nothing."""
        self.check_active()
        diff = self.profile_differences(changes, today=when.on)
        if not diff:
            return False
        self._record(self.ProfileRevised, by, when, changes=diff)
        return True

    def withdraw(self, reason: str, *, by: Actor, when: When) -> None:
        self.check_active()
        self._record(self.Withdrawn, by, when, reason=text("reason", reason, max_length=2000))

    def erase_personal_data(self, reason: str, *, by: Actor, when: When) -> bool:
        """Erase the contact data held now; False (nothing recorded) if there is none.

        Allowed after withdrawal too: people ask to be forgotten when they leave.
        """
        held = [name for name in PERSONAL_FIELDS if self.profile.get(name) is not None]
        if not held:
            return False
        self._record(
            self.PersonalDataErased,
            by,
            when,
            fields=held,
            reason=text("reason", reason, max_length=2000),
        )
        return True

    def check_active(self) -> None:
        if self.withdrawn_on is not None:
            raise RuleViolation("startup", f"{self.name!r} withdrew on {self.withdrawn_on.isoformat()}")
