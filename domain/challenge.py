"""A challenge a city tenders with one of its companies, from draft to completed implementation."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from domain.base import Actor, DomainAggregate, When, check_not_before
from domain.errors import InvalidValue, RuleViolation
from domain.values import Region, Sector, choice, language, optional_choice, tags, text, whole_number


# Where a challenge stands; the values are what events, read models and pages store and show.
# Which event leads to which status is said once, by the event class (`LEADS_TO`): the aggregate
# applies it and the read models (board, report) take it from there. (A comment, not a docstring:
# the HTTP API's schema shows this enum, and its document stays as it was.)
class ChallengeStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    AWARDED = "awarded"
    IMPLEMENTING = "implementing"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    CLOSED_EARLY = "closed early"  # before the deadline (added later: values are appended)


#: Statuses after the award: only implementation (or revoking the award) may follow.
AFTER_AWARD = frozenset({ChallengeStatus.AWARDED, ChallengeStatus.IMPLEMENTING, ChallengeStatus.COMPLETED})
#: Statuses of a closed challenge: at the deadline or before it.
CLOSED = frozenset({ChallengeStatus.CLOSED, ChallengeStatus.CLOSED_EARLY})

#: The details a manager drafts and may revise until the challenge closes. `sectors` lists the
#: sectors the challenge spans, the main one first (none when none fits); `sector`, the main one or
#: None, is what challenges named before they could name several: still accepted, and still stored
#: beside `sectors` for the readers that show one.
DETAIL_FIELDS = (
    "title",
    "owner",
    "sectors",
    "sector",
    "description",
    "required_capabilities",
    "datasets_offered",
    "budget_eur",
    "language",
    "region_preference",
)


#: At most this many sectors per challenge.
MAX_SECTORS = 4


def sectors_of(details: dict[str, Any]) -> list[str]:
    """The sectors recorded details (or a revision's changes) name, main first: `sectors` if
    given, else the single `sector` (all that events recorded before challenges could name
    several hold), else none."""
    listed = details.get("sectors")
    if listed is not None:
        return [str(s) for s in listed]
    return [str(details["sector"])] if details.get("sector") else []


def with_sectors(details: dict[str, Any]) -> dict[str, Any]:
    """Recorded details in today's form: `sectors`, and `sector` the main one (or None)."""
    sectors = sectors_of(details)
    return {**details, "sectors": sectors, "sector": sectors[0] if sectors else None}


def revised_details(details: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The details with `changes` made. Given `sectors` win; a `sector` given without them
    replaces the list (one sector, or none); `sectors` given as None alone clears them."""
    merged = {**details, **changes}
    if changes.get("sectors") is None and ("sectors" in changes or "sector" in changes):
        merged["sectors"] = None
        merged["sector"] = changes.get("sector")
    return merged


def checked_sectors(details: dict[str, Any]) -> list[str]:
    """The sectors given (`sectors`, else the single `sector`): known ones, none repeated, at most
    MAX_SECTORS; the error names the field given."""
    if details.get("sectors") is None:
        one = optional_choice("sector", details.get("sector"), Sector)
        return [one.value] if one else []
    given = details["sectors"]
    if isinstance(given, str) or not isinstance(given, list | tuple):
        raise InvalidValue("sectors", f"{given!r} is not a list of sectors")
    sectors: list[str] = []
    for raw in given:
        if isinstance(raw, str) and not raw.strip():
            continue  # an empty choice (a form's blank option) names no sector
        if not isinstance(raw, str):
            raise InvalidValue("sectors", f"{raw!r} is not a sector")
        sector = choice("sectors", raw, Sector).value
        if sector in sectors:
            raise InvalidValue("sectors", f"{sector!r} is named twice")
        sectors.append(sector)
    if len(sectors) > MAX_SECTORS:
        raise InvalidValue("sectors", f"names {len(sectors)} sectors, at most {MAX_SECTORS} allowed")
    return sectors


def checked_details(details: dict[str, Any]) -> dict[str, Any]:
    """Validate a challenge's details, returning them in the form events store."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise InvalidValue(sorted(unknown)[0], "is not a detail of a challenge")
    region = optional_choice("region_preference", details.get("region_preference"), Region)
    sectors = checked_sectors(details)
    return {
        "title": text("title", details.get("title"), max_length=300),
        "owner": text("owner", details.get("owner"), max_length=200),
        "sectors": sectors,
        "sector": sectors[0] if sectors else None,
        "description": text("description", details.get("description"), max_length=10000, required=False),
        "required_capabilities": list(
            tags("required_capabilities", details.get("required_capabilities") or ())
        ),
        "datasets_offered": list(tags("datasets_offered", details.get("datasets_offered") or ())),
        "budget_eur": whole_number("budget_eur", details.get("budget_eur"), low=0, high=1_000_000_000),
        "language": language("language", details.get("language") or "de"),
        "region_preference": region.value if region else None,
    }


class Challenge(DomainAggregate):
    """Drafted, revised, published with a deadline, closed, awarded, implemented; or withdrawn."""

    TOPIC = "matchmaker:Challenge@1"
    KIND = "challenge"

    class Event(DomainAggregate.Event):
        #: The status the challenge is in after this event; None: the event leaves it as it was.
        LEADS_TO: ClassVar[ChallengeStatus | None] = None

    class Drafted(Event, DomainAggregate.Created):
        TOPIC = "matchmaker:Challenge.Drafted@1"
        LEADS_TO = ChallengeStatus.DRAFT
        ref: str
        programme_id: UUID | None
        details: dict[str, Any]

    Created = Drafted

    class Revised(Event):
        TOPIC = "matchmaker:Challenge.Revised@1"
        changes: dict[str, Any]

        def apply(self, challenge: Challenge) -> None:
            challenge.details = with_sectors(revised_details(challenge.details, self.changes))

    class Published(Event):
        TOPIC = "matchmaker:Challenge.Published@1"
        LEADS_TO = ChallengeStatus.PUBLISHED
        deadline: date

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO
            challenge.deadline = self.deadline
            challenge.published_on = self.occurred_on

    class Closed(Event):
        TOPIC = "matchmaker:Challenge.Closed@1"
        LEADS_TO = ChallengeStatus.CLOSED
        reason: str

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO
            challenge.closed_on = self.occurred_on

    class ClosedEarly(Event):
        """Closed before its deadline: a status of its own, so that the board and the report do not
        say "deadline passed" of a challenge the city stopped early."""

        TOPIC = "matchmaker:Challenge.ClosedEarly@1"
        LEADS_TO = ChallengeStatus.CLOSED_EARLY
        reason: str
        deadline: date

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO
            challenge.closed_on = self.occurred_on

    class Reopened(Event):
        """A close undone (entered by mistake, or applications taken again): a correction is an
        event of its own, the close stays in the history."""

        TOPIC = "matchmaker:Challenge.Reopened@1"
        LEADS_TO = ChallengeStatus.PUBLISHED
        reason: str

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO

    class Awarded(Event):
        TOPIC = "matchmaker:Challenge.Awarded@1"
        LEADS_TO = ChallengeStatus.AWARDED
        startup_ids: list[UUID]
        grounds: dict[str, str]

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO
            challenge.awarded_to = list(self.startup_ids)
            challenge.awarded_on = self.occurred_on

    class AwardRevoked(Event):
        """An award undone (entered by mistake, or the winner stepped back): the challenge is
        closed again and may be awarded anew; the award counts until the day it was revoked."""

        TOPIC = "matchmaker:Challenge.AwardRevoked@1"
        LEADS_TO = ChallengeStatus.CLOSED
        startup_ids: list[UUID]
        reason: str

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO
            challenge.awarded_to = []
            challenge.awarded_on = None
            challenge.expected_end = None

    class ImplementationStarted(Event):
        TOPIC = "matchmaker:Challenge.ImplementationStarted@1"
        LEADS_TO = ChallengeStatus.IMPLEMENTING
        expected_end: date

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO
            challenge.expected_end = self.expected_end

    class ImplementationCompleted(Event):
        TOPIC = "matchmaker:Challenge.ImplementationCompleted@1"
        LEADS_TO = ChallengeStatus.COMPLETED
        summary: str

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO

    class Withdrawn(Event):
        TOPIC = "matchmaker:Challenge.Withdrawn@1"
        LEADS_TO = ChallengeStatus.WITHDRAWN
        reason: str

        def apply(self, challenge: Challenge) -> None:
            challenge.status = self.LEADS_TO

    class DateCorrected(Event, DomainAggregate.DateCorrected):
        TOPIC = "matchmaker:Challenge.DateCorrected@1"

    def __init__(self, ref: str, programme_id: UUID | None, details: dict[str, Any]) -> None:
        self.ref = ref
        self.programme_id = programme_id
        self.details = with_sectors(details)  # drafted before challenges named several: `sector` only
        self.status = self.Drafted.LEADS_TO
        self.deadline: date | None = None
        self.published_on: date | None = None
        self.awarded_to: list[UUID] = []
        self.awarded_on: date | None = None
        self.expected_end: date | None = None
        self.closed_on: date | None = None

    @classmethod
    def draft(
        cls,
        *,
        ref: str,
        programme_id: UUID | None,
        details: dict[str, Any],
        by: Actor,
        when: When,
        launched_on: date | None = None,
    ) -> Challenge:
        """`launched_on`: the date the challenge's programme was launched; nothing before it."""
        check_not_before("occurred_on", when.on, launched_on, "the launch of its programme")
        challenge: Challenge = cls._start(
            cls.Drafted, by, when, ref=ref, programme_id=programme_id, details=checked_details(details)
        )
        return challenge

    @property
    def title(self) -> str:
        return str(self.details["title"])

    def revise(self, changes: dict[str, Any], *, by: Actor, when: When) -> bool:
        """Record what differs from the current details; an identical revision records nothing."""
        self._check_not_awarded()
        if self.status not in (ChallengeStatus.DRAFT, ChallengeStatus.PUBLISHED):
            raise RuleViolation("status", f"a {self.status} challenge can no longer be revised")
        current = with_sectors(self.details)  # a snapshot taken before `sectors` may lack them
        merged = checked_details(revised_details(current, changes))
        diff = {k: v for k, v in merged.items() if current.get(k) != v}
        if not diff:
            return False
        self._record(self.Revised, by, when, changes=diff)
        return True

    def publish(self, deadline: date, *, by: Actor, when: When) -> None:
        self._check_not_awarded()
        if self.status is not ChallengeStatus.DRAFT:
            raise RuleViolation("status", f"only a draft can be published; this challenge is {self.status}")
        if not self.details.get("description"):
            raise RuleViolation("description", "a challenge cannot be published without a description")
        if not self.details.get("required_capabilities"):
            raise RuleViolation("required_capabilities", "name at least one before publishing")
        if deadline <= when.on:
            raise RuleViolation(
                "deadline", f"{deadline.isoformat()} must be after the publication date {when.on.isoformat()}"
            )
        self._record(self.Published, by, when, deadline=deadline)

    def check_open_for_applications(self, on: date) -> None:
        """Applications need a published challenge whose deadline has not passed on that date."""
        if self.status is not ChallengeStatus.PUBLISHED:
            raise RuleViolation("challenge", f"{self.title!r} is {self.status}, not open for applications")
        assert self.deadline is not None
        check_not_before("occurred_on", on, self.published_on, f"{self.title!r} was published")
        if on > self.deadline:
            raise RuleViolation(
                "occurred_on",
                f"the deadline of {self.title!r} was {self.deadline.isoformat()}; "
                f"an application on {on.isoformat()} is too late",
            )

    def check_can_be_shortlisted(self, on: date | None = None) -> None:
        """Shortlists are made for published or closed challenges, not dated before the challenge."""
        self._check_not_awarded()
        if self.status is not ChallengeStatus.PUBLISHED and self.status not in CLOSED:
            raise RuleViolation(
                "challenge",
                f"{self.title!r} is {self.status}; shortlists are made for published or closed ones",
            )
        if on is not None:
            check_not_before("occurred_on", on, self.first_occurred_on, f"{self.title!r} was drafted")

    def close(self, reason: str = "", *, by: Actor, when: When) -> None:
        """Close at or after the deadline; before it, the challenge is closed early (its own status)."""
        self._check_not_awarded()
        if self.status is not ChallengeStatus.PUBLISHED:
            raise RuleViolation(
                "status", f"only a published challenge can be closed; this one is {self.status}"
            )
        reason = text("reason", reason, max_length=2000, required=False)
        assert self.deadline is not None
        if when.on < self.deadline:
            self._record(self.ClosedEarly, by, when, reason=reason, deadline=self.deadline)
        else:
            self._record(self.Closed, by, when, reason=reason)

    def reopen(self, reason: str, *, by: Actor, when: When) -> None:
        """Undo a close, saying why; an awarded challenge needs its award revoked first."""
        self._check_not_awarded()
        if self.status not in CLOSED:
            raise RuleViolation(
                "status", f"only a closed challenge can be reopened; this one is {self.status}"
            )
        self._record(self.Reopened, by, when, reason=text("reason", reason, max_length=2000))

    def revoke_award(self, reason: str, *, by: Actor, when: When) -> None:
        """Undo an award (before its implementation completed), saying why: closed again."""
        if self.status not in (ChallengeStatus.AWARDED, ChallengeStatus.IMPLEMENTING):
            raise RuleViolation(
                "status", f"only an award not yet implemented can be revoked; {self.title!r} is {self.status}"
            )
        reason = text("reason", reason, max_length=2000)
        self._record(self.AwardRevoked, by, when, startup_ids=list(self.awarded_to), reason=reason)

    def check_redate(self, version: int, on: date) -> None:
        if self.topics[version] == self.Published.TOPIC and self.deadline and on >= self.deadline:
            raise RuleViolation("now", f"{on.isoformat()} is not before the deadline ({self.deadline})")
        if self.topics[version] == self.Closed.TOPIC and self.deadline and on < self.deadline:
            raise RuleViolation(
                "now", f"{on.isoformat()} is before the deadline ({self.deadline}); a close then is early"
            )
        if self.topics[version] == self.ClosedEarly.TOPIC and self.deadline and on >= self.deadline:
            raise RuleViolation("now", f"{on.isoformat()} is not before the deadline ({self.deadline})")

    def redated(self, version: int, on: date) -> None:
        if self.is_latest(version, self.Published):
            self.published_on = on
        elif self.is_latest(version, self.Closed, self.ClosedEarly):
            self.closed_on = on
        elif self.is_latest(version, self.Awarded) and self.status in AFTER_AWARD:
            self.awarded_on = on

    def award(
        self, grounds: dict[UUID, str], startup_ids: Collection[UUID], *, by: Actor, when: When
    ) -> None:
        """Award to startups that applied or were shortlisted; `grounds` says which did what."""
        self._check_not_awarded()
        if self.status not in CLOSED:
            raise RuleViolation("status", f"close the challenge before the award; it is {self.status}")
        chosen = list(dict.fromkeys(startup_ids))
        if not chosen:
            raise InvalidValue("startups", "name at least one startup to award")
        for startup_id in chosen:
            if startup_id not in grounds:
                raise RuleViolation(
                    "startups",
                    f"startup {startup_id} neither applied to nor was shortlisted for {self.title!r}",
                )
        self._record(
            self.Awarded,
            by,
            when,
            startup_ids=chosen,
            grounds={str(s): grounds[s] for s in chosen},
        )

    def start_implementation(self, expected_end: date, *, by: Actor, when: When) -> None:
        if self.status is not ChallengeStatus.AWARDED:
            raise RuleViolation(
                "status", f"implementation starts after the award; this challenge is {self.status}"
            )
        if expected_end <= when.on:
            raise RuleViolation(
                "expected_end", f"{expected_end.isoformat()} must be after the start {when.on}"
            )
        self._record(self.ImplementationStarted, by, when, expected_end=expected_end)

    def complete_implementation(self, summary: str = "", *, by: Actor, when: When) -> None:
        if self.status is not ChallengeStatus.IMPLEMENTING:
            raise RuleViolation(
                "status", f"only an implementation under way can complete; this is {self.status}"
            )
        self._record(
            self.ImplementationCompleted,
            by,
            when,
            summary=text("summary", summary, max_length=5000, required=False),
        )

    def withdraw(self, reason: str, *, by: Actor, when: When) -> None:
        self._check_not_awarded()
        if self.status is ChallengeStatus.WITHDRAWN:
            raise RuleViolation("status", "the challenge is already withdrawn")
        self._record(self.Withdrawn, by, when, reason=text("reason", reason, max_length=2000))

    def _check_not_awarded(self) -> None:
        if self.status in AFTER_AWARD:
            assert self.awarded_on is not None
            raise RuleViolation(
                "status",
                f"{self.title!r} was awarded on {self.awarded_on.isoformat()}; "
                "only its implementation can be recorded now, or the award revoked",
            )
