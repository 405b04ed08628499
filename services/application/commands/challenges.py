"""Commands on challenges: draft, revise, publish, close, award, implementation, withdrawal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from domain import Actor, Application, Challenge, Programme, Shortlist, Startup, When
from domain.application import application_ref
from domain.challenge import checked_details
from domain.shortlist import shortlist_ref
from domain.values import slug
from services.application.commands.common import change, check_may_write, create_once, occurrence
from services.infrastructure.store import Store


def draft(
    store: Store,
    details: dict[str, Any],
    *,
    programme: str | None = None,
    ref: str | None = None,
    by: Actor,
    when: When | None = None,
) -> tuple[Challenge, bool]:
    """Draft a challenge; drafting the same one again (same ref and details) changes nothing."""
    check_may_write(by, Challenge)
    when = occurrence(when)
    checked = checked_details(details)
    ref = slug(ref or checked["title"].split(":")[0])
    programme_id = store.find(Programme, programme).id if programme else None

    def make() -> Challenge:
        return Challenge.draft(ref=ref, programme_id=programme_id, details=checked, by=by, when=when)

    def same(existing: Challenge) -> bool:
        return existing.programme_id == programme_id and all(
            existing.details.get(k) == v for k, v in checked.items()
        )

    return create_once(store, Challenge, ref, make, same, by=by)


def revise(
    store: Store,
    challenge: str,
    changes: dict[str, Any],
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Challenge:
    when = occurrence(when)
    return change(
        store,
        Challenge,
        challenge,
        lambda c: c.revise(changes, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def publish(
    store: Store,
    challenge: str,
    deadline: date,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Challenge:
    when = occurrence(when)
    return change(
        store,
        Challenge,
        challenge,
        lambda c: c.publish(deadline, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def close(
    store: Store,
    challenge: str,
    reason: str = "",
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Challenge:
    when = occurrence(when)
    return change(
        store,
        Challenge,
        challenge,
        lambda c: c.close(reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def award(
    store: Store,
    challenge: str,
    startups: list[str],
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Challenge:
    """Award to startups that applied (and did not withdraw) or stand on a shortlist, not rejected."""
    when = occurrence(when)
    chosen = [store.find(Startup, s) for s in startups]

    def command(c: Challenge) -> None:
        c.award(award_grounds(store, c, chosen), [s.id for s in chosen], by=by, when=when)

    return change(store, Challenge, challenge, command, by=by, expected_version=expected_version)


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


def start_implementation(
    store: Store,
    challenge: str,
    expected_end: date,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Challenge:
    when = occurrence(when)
    return change(
        store,
        Challenge,
        challenge,
        lambda c: c.start_implementation(expected_end, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def complete_implementation(
    store: Store,
    challenge: str,
    summary: str = "",
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Challenge:
    when = occurrence(when)
    return change(
        store,
        Challenge,
        challenge,
        lambda c: c.complete_implementation(summary, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def withdraw(
    store: Store,
    challenge: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Challenge:
    when = occurrence(when)
    return change(
        store,
        Challenge,
        challenge,
        lambda c: c.withdraw(reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )
