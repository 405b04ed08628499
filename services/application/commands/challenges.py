"""Commands on challenges: draft, revise, publish, close, award, implementation, withdrawal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain import Actor, Application, Challenge, Programme, Shortlist, Startup, When
from domain.application import application_ref
from domain.challenge import checked_details, with_sectors
from domain.shortlist import shortlist_ref
from domain.values import slug
from services.application.commands.base import Change, Create
from services.infrastructure.store import Store


@dataclass(frozen=True)
class DraftChallenge(Create[Challenge]):
    """Drafting the same challenge again (same ref and details) changes nothing."""

    aggregate = Challenge
    details: dict[str, Any]
    programme: str | None = None
    ref: str | None = None

    def make(self, store: Store, by: Actor, when: When) -> Challenge:
        checked = checked_details(self.details)
        programme = store.find(Programme, self.programme) if self.programme else None
        return Challenge.draft(
            ref=slug(self.ref or checked["title"].split(":")[0]),
            programme_id=programme.id if programme else None,
            details=checked,
            by=by,
            when=when,
            launched_on=programme.launched_on if programme else None,
        )

    def same(self, existing: Challenge, made: Challenge) -> bool:
        drafted = with_sectors(existing.details)  # drafted before challenges named several: `sector` only
        return existing.programme_id == made.programme_id and all(
            drafted.get(k) == v for k, v in made.details.items()
        )


@dataclass(frozen=True)
class ReviseChallenge(Change[Challenge]):
    aggregate = Challenge
    challenge: str
    changes: dict[str, Any]

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        challenge.revise(self.changes, by=by, when=when)


@dataclass(frozen=True)
class PublishChallenge(Change[Challenge]):
    aggregate = Challenge
    challenge: str
    deadline: date

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        challenge.publish(self.deadline, by=by, when=when)


@dataclass(frozen=True)
class CloseChallenge(Change[Challenge]):
    aggregate = Challenge
    challenge: str
    reason: str = ""

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        challenge.close(self.reason, by=by, when=when)


@dataclass(frozen=True)
class ReopenChallenge(Change[Challenge]):
    aggregate = Challenge
    challenge: str
    reason: str

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        challenge.reopen(self.reason, by=by, when=when)


@dataclass(frozen=True)
class RevokeAward(Change[Challenge]):
    aggregate = Challenge
    challenge: str
    reason: str

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        challenge.revoke_award(self.reason, by=by, when=when)


@dataclass(frozen=True)
class AwardChallenge(Change[Challenge]):
    """Award to startups that applied (and did not withdraw) or stand on a shortlist, not rejected."""

    aggregate = Challenge
    challenge: str
    startups: list[str]

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        chosen = [store.find(Startup, s) for s in self.startups]
        challenge.award(award_grounds(store, challenge, chosen), [s.id for s in chosen], by=by, when=when)


@dataclass(frozen=True)
class StartImplementation(Change[Challenge]):
    aggregate = Challenge
    challenge: str
    expected_end: date

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        challenge.start_implementation(self.expected_end, by=by, when=when)


@dataclass(frozen=True)
class CompleteImplementation(Change[Challenge]):
    aggregate = Challenge
    challenge: str
    summary: str = ""

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        challenge.complete_implementation(self.summary, by=by, when=when)


@dataclass(frozen=True)
class WithdrawChallenge(Change[Challenge]):
    aggregate = Challenge
    challenge: str
    reason: str

    def apply(self, challenge: Challenge, by: Actor, when: When, store: Store) -> None:
        challenge.withdraw(self.reason, by=by, when=when)


def award_grounds(store: Store, challenge: Challenge, startups: list[Startup]) -> dict[UUID, str]:
    """Why each startup may be awarded: its application, or the shortlist it stands on."""
    grounds: dict[UUID, str] = {}
    shortlists = list(shortlists_of(store, challenge))
    for startup in startups:
        application_id = Application.create_id(application_ref(challenge, startup))
        if store.exists(application_id) and store.load(Application, application_id).active:
            grounds[startup.id] = "applied"
            continue
        for shortlist in shortlists:
            if startup.id in shortlist.not_rejected():
                grounds[startup.id] = f"shortlisted on {shortlist.ref}"
                break
    return grounds


def next_shortlist_number(store: Store, challenge: Challenge) -> int:
    """The number the challenge's next shortlist gets. Shortlists are numbered 1, 2, … without gaps,
    so the first free number is found by probing ids (doubling, then halving): a few indexed
    lookups however many shortlists the challenge has, and nothing loaded."""

    def taken(number: int) -> bool:
        return store.exists(Shortlist.create_id(shortlist_ref(challenge, number)))

    if not taken(1):
        return 1
    low = 1
    while taken(2 * low):
        low *= 2
    high = 2 * low  # taken(low), not taken(high)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if taken(middle) else (low, middle)
    return high


def shortlists_of(store: Store, challenge: Challenge) -> Iterator[Shortlist]:
    """A challenge's shortlists are numbered 1, 2, …: their ids follow from the challenge's ref."""
    number = 1
    while store.exists(shortlist_id := Shortlist.create_id(shortlist_ref(challenge, number))):
        yield store.load(Shortlist, shortlist_id)
        number += 1
