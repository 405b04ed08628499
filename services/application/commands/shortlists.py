"""Commands on shortlists: record a produced shortlist, accept or reject candidates, finalise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain import Actor, Candidate, Challenge, Shortlist, Startup, When
from domain.errors import RuleViolation
from services.application.commands.base import Change, Command, Done
from services.application.commands.challenges import next_shortlist_number
from services.application.commands.common import RETRIES
from services.application.commands.handlers import Save
from services.errors import Conflict
from services.infrastructure.store import Store


@dataclass(frozen=True)
class ProduceShortlist(Command[Shortlist]):
    """Record ranked (or hand-picked) candidates as the challenge's next shortlist (handled by
    `produce` below); services/application/shortlisting.py ranks them."""

    aggregate = Shortlist
    challenge: str
    candidates: list[Candidate]
    matcher: dict[str, Any]
    settings: dict[str, Any]


def produce(
    store: Store,
    command: ProduceShortlist,
    *,
    by: Actor,
    when: When,
    expected_version: int | None,
    save: Save,
) -> Done[Shortlist]:
    """Shortlists are numbered 1, 2, … per challenge: when another shortlist takes the number
    meanwhile, the next number is tried."""
    for _ in range(RETRIES):
        challenge = store.find(Challenge, command.challenge)
        number = next_shortlist_number(store, challenge)
        shortlist = Shortlist.produce(
            challenge,
            number,
            command.candidates,
            matcher=command.matcher,
            settings=command.settings,
            by=by,
            when=when,
        )
        try:
            save(shortlist)
            return Done(shortlist, changed=True, created=True)
        except Conflict:
            continue  # another shortlist took this number meanwhile: take the next
    raise Conflict(
        "shortlist", f"could not number a new shortlist for {command.challenge!r}: too many at once, retry"
    )


def candidate(store: Store, shortlist: Shortlist, startup: str, *, decided: bool = False) -> UUID:
    """The id of a startup that is a candidate on the shortlist (and, with `decided`, has a
    decision standing on it); a refusal names the startup by its ref and name, never by its id."""
    startup_id = store.identify(Startup, startup)
    if shortlist.candidate(startup_id) is None:
        raise RuleViolation(
            "startup", f"startup {named(store, startup_id)} is not a candidate on shortlist {shortlist.ref}"
        )
    if decided and startup_id not in shortlist.decisions:
        raise RuleViolation(
            "startup", f"no decision on startup {named(store, startup_id)} stands on {shortlist.ref}"
        )
    return startup_id


def named(store: Store, startup_id: UUID) -> str:
    """`hausgespraech (Hausgespräch)`: how a refusal names a startup."""
    found = store.load(Startup, startup_id)
    return f"{found.ref} ({found.name})"


@dataclass(frozen=True)
class AcceptCandidate(Change[Shortlist]):
    aggregate = Shortlist
    shortlist: str
    startup: str
    reason: str = ""

    def apply(self, shortlist: Shortlist, by: Actor, when: When, store: Store) -> None:
        shortlist.accept(candidate(store, shortlist, self.startup), self.reason, by=by, when=when)


@dataclass(frozen=True)
class RejectCandidate(Change[Shortlist]):
    aggregate = Shortlist
    shortlist: str
    startup: str
    reason: str

    def apply(self, shortlist: Shortlist, by: Actor, when: When, store: Store) -> None:
        shortlist.reject(candidate(store, shortlist, self.startup), self.reason, by=by, when=when)


@dataclass(frozen=True)
class WithdrawDecision(Change[Shortlist]):
    """Take back an accept or a reject entered by mistake; the candidate is undecided again."""

    aggregate = Shortlist
    shortlist: str
    startup: str
    reason: str

    def apply(self, shortlist: Shortlist, by: Actor, when: When, store: Store) -> None:
        startup_id = candidate(store, shortlist, self.startup, decided=True)
        shortlist.withdraw_decision(startup_id, self.reason, by=by, when=when)


@dataclass(frozen=True)
class FinaliseShortlist(Change[Shortlist]):
    aggregate = Shortlist
    shortlist: str

    def apply(self, shortlist: Shortlist, by: Actor, when: When, store: Store) -> None:
        shortlist.finalise(by=by, when=when)
