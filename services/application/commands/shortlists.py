"""Commands on shortlists: record a produced shortlist, accept or reject candidates, finalise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import Actor, Candidate, Challenge, Shortlist, Startup, When
from services.application.commands.challenges import next_shortlist_number
from services.application.commands.common import change, check_may_write, occurrence
from services.errors import Conflict
from services.infrastructure.store import Store

RETRIES = 5


def produce(
    store: Store,
    challenge: str,
    candidates: list[Candidate],
    *,
    matcher: dict[str, Any],
    settings: dict[str, Any],
    by: Actor,
    when: When | None = None,
    save: Callable[[Shortlist], None] | None = None,
) -> Shortlist:
    """Record a shortlist as the next of the challenge's numbered shortlists.

    `save` records it (default: the store's atomic save); when another shortlist takes the number
    meanwhile, the next number is tried.
    """
    check_may_write(by, Shortlist)
    when = occurrence(when)
    for _ in range(RETRIES):
        the_challenge = store.find(Challenge, challenge)
        number = next_shortlist_number(store, the_challenge)
        shortlist = Shortlist.produce(
            the_challenge, number, candidates, matcher=matcher, settings=settings, by=by, when=when
        )
        try:
            (save or store.save_all)(shortlist)
            return shortlist
        except Conflict:
            continue  # another shortlist took this number meanwhile: take the next
    raise Conflict(
        "shortlist", f"could not number a new shortlist for {challenge!r}: too many at once, retry"
    )


def accept(
    store: Store,
    shortlist: str,
    startup: str,
    reason: str = "",
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Shortlist:
    check_may_write(by, Shortlist)
    when = occurrence(when)
    startup_id = store.identify(Startup, startup)
    return change(
        store,
        Shortlist,
        shortlist,
        lambda s: s.accept(startup_id, reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def reject(
    store: Store,
    shortlist: str,
    startup: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Shortlist:
    check_may_write(by, Shortlist)
    when = occurrence(when)
    startup_id = store.identify(Startup, startup)
    return change(
        store,
        Shortlist,
        shortlist,
        lambda s: s.reject(startup_id, reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def finalise(
    store: Store, shortlist: str, *, by: Actor, when: When | None = None, expected_version: int | None = None
) -> Shortlist:
    when = occurrence(when)
    return change(
        store,
        Shortlist,
        shortlist,
        lambda s: s.finalise(by=by, when=when),
        by=by,
        expected_version=expected_version,
    )
