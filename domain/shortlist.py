"""A ranked shortlist of startups for a challenge, and the manager's decisions on its candidates.

The ranking is made elsewhere (matching/); this aggregate records what was shown and with what:
every candidate's scores and reasons, the matcher's identity and settings, and the versions of the
challenge and of each profile used, so that an auditor can recompute it later.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from domain.base import Actor, DomainAggregate, When
from domain.challenge import Challenge
from domain.errors import InvalidValue, RuleViolation
from domain.values import text


class Verdict(StrEnum):
    """A manager's decision on a candidate; the values are what read models store and show.

    The event of each decision says which verdict it records (`VERDICT`).
    """

    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Candidate:
    startup_id: UUID
    rank: int
    score: float
    profile_version: int
    components: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, Any] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        return {
            "startup_id": self.startup_id,
            "rank": self.rank,
            "score": self.score,
            "profile_version": self.profile_version,
            "components": dict(self.components),
            "reasons": dict(self.reasons),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Candidate:
        return cls(
            startup_id=record["startup_id"],
            rank=int(record["rank"]),
            score=float(record["score"]),
            profile_version=int(record["profile_version"]),
            components={k: float(v) for k, v in record.get("components", {}).items()},
            reasons=dict(record.get("reasons", {})),
        )


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str
    actor: str
    on: date
    version: int = 0  # the event that recorded it (a date correction finds it by this)


def _decided(shortlist: Shortlist, e: Any) -> None:
    shortlist.decisions[e.startup_id] = Decision(
        e.VERDICT, e.reason, e.actor, e.occurred_on, e.originator_version
    )


def shortlist_ref(challenge: Challenge, number: int) -> str:
    return f"{challenge.ref}/shortlist-{number}"


def checked_candidates(candidates: list[Candidate]) -> list[Candidate]:
    seen: set[UUID] = set()
    for position, candidate in enumerate(candidates, start=1):
        if candidate.startup_id in seen:
            raise InvalidValue("candidates", f"startup {candidate.startup_id} appears twice")
        seen.add(candidate.startup_id)
        if candidate.rank != position:
            raise InvalidValue(
                "candidates", f"ranks must run 1..n in order; position {position} has {candidate.rank}"
            )
        if candidate.profile_version < 1:
            raise InvalidValue("candidates", f"profile_version of {candidate.startup_id} must be at least 1")
    return candidates


class Shortlist(DomainAggregate):
    TOPIC = "matchmaker:Shortlist@1"
    KIND = "shortlist"

    class Event(DomainAggregate.Event):
        pass

    class Produced(Event, DomainAggregate.Created):
        TOPIC = "matchmaker:Shortlist.Produced@1"
        ref: str
        number: int
        challenge_id: UUID
        challenge_version: int
        candidates: list[dict[str, Any]]
        matcher: dict[str, Any]
        settings: dict[str, Any]

    Created = Produced

    # A decision on a candidate. When it changes an earlier one, `replaces` names that decision
    # ("rejected on 2022-04-01") and the reason says why it changed (events recorded before
    # corrections existed have no `replaces`: it defaults to "").

    class CandidateAccepted(Event):
        TOPIC = "matchmaker:Shortlist.CandidateAccepted@1"
        VERDICT: ClassVar[Verdict] = Verdict.ACCEPTED
        startup_id: UUID
        reason: str
        replaces: str = ""

        def apply(self, shortlist: Shortlist) -> None:
            _decided(shortlist, self)

    class CandidateRejected(Event):
        TOPIC = "matchmaker:Shortlist.CandidateRejected@1"
        VERDICT: ClassVar[Verdict] = Verdict.REJECTED
        startup_id: UUID
        reason: str
        replaces: str = ""

        def apply(self, shortlist: Shortlist) -> None:
            _decided(shortlist, self)

    class DecisionWithdrawn(Event):
        """A decision taken back (entered by mistake): the candidate is undecided again."""

        TOPIC = "matchmaker:Shortlist.DecisionWithdrawn@1"
        startup_id: UUID
        withdrawn: str  # the decision taken back, as `replaces` names it
        reason: str

        def apply(self, shortlist: Shortlist) -> None:
            shortlist.decisions.pop(self.startup_id, None)

    class Finalised(Event):
        TOPIC = "matchmaker:Shortlist.Finalised@1"
        accepted: list[UUID]

        def apply(self, shortlist: Shortlist) -> None:
            shortlist.finalised_on = self.occurred_on

    class DateCorrected(Event, DomainAggregate.DateCorrected):
        TOPIC = "matchmaker:Shortlist.DateCorrected@1"

    def __init__(
        self,
        ref: str,
        number: int,
        challenge_id: UUID,
        challenge_version: int,
        candidates: list[dict[str, Any]],
        matcher: dict[str, Any],
        settings: dict[str, Any],
    ) -> None:
        self.ref = ref
        self.number = number
        self.challenge_id = challenge_id
        self.challenge_version = challenge_version
        self.candidates = [Candidate.from_record(c) for c in candidates]
        self.matcher = dict(matcher)
        self.settings = dict(settings)
        self.decisions: dict[UUID, Decision] = {}
        self.finalised_on: date | None = None

    @classmethod
    def produce(
        cls,
        challenge: Challenge,
        number: int,
        candidates: list[Candidate],
        *,
        matcher: dict[str, Any],
        settings: dict[str, Any],
        by: Actor,
        when: When,
    ) -> Shortlist:
        challenge.check_can_be_shortlisted(when.on)
        shortlist: Shortlist = cls._start(
            cls.Produced,
            by,
            when,
            ref=shortlist_ref(challenge, number),
            number=number,
            challenge_id=challenge.id,
            challenge_version=challenge.version,
            candidates=[c.as_record() for c in checked_candidates(candidates)],
            matcher=dict(matcher),
            settings=dict(settings),
        )
        return shortlist

    def candidate(self, startup_id: UUID) -> Candidate | None:
        return next((c for c in self.candidates if c.startup_id == startup_id), None)

    def accept(self, startup_id: UUID, reason: str = "", *, by: Actor, when: When) -> bool:
        return self._decide(self.CandidateAccepted, startup_id, reason, by, when)

    def reject(self, startup_id: UUID, reason: str, *, by: Actor, when: When) -> bool:
        if not reason.strip():
            raise InvalidValue("reason", "say why the candidate is rejected")
        return self._decide(self.CandidateRejected, startup_id, reason, by, when)

    def _decide(self, event_class: type[Any], startup_id: UUID, reason: str, by: Actor, when: When) -> bool:
        """Record a decision; repeating the same decision records nothing. Changing it is recorded
        as a decision that names the one it replaces, with the reason for the change."""
        self._check_not_finalised()
        self._check_candidate(startup_id)
        reason = text("reason", reason, max_length=2000, required=False)
        previous = self.decisions.get(startup_id)
        if previous is not None and previous.verdict is event_class.VERDICT and previous.reason == reason:
            return False
        if previous is not None and previous.verdict is not event_class.VERDICT and not reason:
            raise InvalidValue("reason", f"say why the decision changes (it was {previous.verdict})")
        replaces = f"{previous.verdict} on {previous.on.isoformat()}" if previous else ""
        self._record(event_class, by, when, startup_id=startup_id, reason=reason, replaces=replaces)
        return True

    def withdraw_decision(self, startup_id: UUID, reason: str, *, by: Actor, when: When) -> None:
        """Take a decision back, saying why: the candidate is undecided again."""
        self._check_not_finalised()
        self._check_candidate(startup_id)
        previous = self.decisions.get(startup_id)
        if previous is None:
            raise RuleViolation("startup", f"no decision on startup {startup_id} stands on {self.ref}")
        self._record(
            self.DecisionWithdrawn,
            by,
            when,
            startup_id=startup_id,
            withdrawn=f"{previous.verdict} on {previous.on.isoformat()}",
            reason=text("reason", reason, max_length=2000),
        )

    def redated(self, version: int, on: date) -> None:
        for startup_id, decision in self.decisions.items():
            if decision.version == version:
                self.decisions[startup_id] = replace(decision, on=on)
        if self.is_latest(version, self.Finalised):
            self.finalised_on = on

    def _check_candidate(self, startup_id: UUID) -> None:
        if self.candidate(startup_id) is None:
            raise RuleViolation("startup", f"startup {startup_id} is not a candidate on shortlist {self.ref}")

    def finalise(self, *, by: Actor, when: When) -> None:
        self._check_not_finalised()
        accepted = [s for s, d in self.decisions.items() if d.verdict is Verdict.ACCEPTED]
        self._record(self.Finalised, by, when, accepted=accepted)

    def not_rejected(self) -> set[UUID]:
        """Candidates that remain eligible for the award."""
        return {
            c.startup_id
            for c in self.candidates
            if (d := self.decisions.get(c.startup_id)) is None or d.verdict is not Verdict.REJECTED
        }

    def _check_not_finalised(self) -> None:
        if self.finalised_on is not None:
            raise RuleViolation("shortlist", f"{self.ref} was finalised on {self.finalised_on.isoformat()}")
