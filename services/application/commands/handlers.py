"""The two shapes of almost every command: create once, or load-check-save with retries."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from domain import Actor, DomainAggregate, When
from domain.errors import InvalidValue
from services.application import access
from services.application.commands.base import Change, Create, Done
from services.application.commands.common import RETRIES
from services.errors import Conflict
from services.infrastructure.store import Store, kind_of

A = TypeVar("A", bound=DomainAggregate)

#: How new events are recorded: the store's atomic save, or a consumer's save that records in the
#: same transaction that it processed its message (services/application/consumers.py).
Save = Callable[[Any], Any]


def create(
    store: Store, command: Create[A], *, by: Actor, when: When, expected_version: int | None, save: Save
) -> Done[A]:
    """Create the aggregate unless one with its ref exists: an existing one with the same content
    is returned as it is; one with other content is a conflict (the ref is taken)."""
    if expected_version is not None:
        raise InvalidValue("expected_version", "a new item has no version to expect")
    made = command.make(store, by, when)  # validates first: a bad request is refused even if the ref exists
    access.check_owner(by, made)
    try:
        save(made)
    except Conflict:  # it existed already, or a concurrent creator won the race
        existing = store.load(command.aggregate, made.id)
        if not command.same(existing, made):
            raise Conflict(
                "ref",
                f"{kind_of(command.aggregate)} {made.ref!r} already exists with other details; "
                "revise it, or choose another ref",
            ) from None
        return Done(existing, changed=False)
    return Done(made, changed=True, created=True)


#: The longest pause between two tries of a change, in seconds.
MAX_PAUSE = 0.02


def pause(attempt: int) -> None:
    """A random pause of up to 2, 4, 8, … ms (at most MAX_PAUSE) before a change's next try, so that
    writers who lost a race together do not collide again in step."""
    time.sleep(random.uniform(0, min(MAX_PAUSE, 0.001 * 2 ** (attempt - 1))))


def change(
    store: Store, command: Change[A], *, by: Actor, when: When, expected_version: int | None, save: Save
) -> Done[A]:
    """Load, run the domain command, save: the shape of every change to one aggregate.

    Without an expected version the caller asked for the change whatever happened meanwhile, so
    losing a race to another writer reloads and re-applies the command (its rules checked again
    on the new state: a change they now forbid is refused at once), up to RETRIES times, after a
    short random pause. With one, a concurrent change is the caller's Conflict.
    """
    attempts = RETRIES if expected_version is None else 1
    for attempt in range(1, attempts + 1):
        if attempt > 1:
            pause(attempt)
        aggregate = store.find(command.aggregate, command.reference)
        access.check_owner(by, aggregate)
        store.check_version(aggregate, expected_version)
        command.apply(aggregate, by, when, store)
        if not aggregate.pending_events:
            return Done(aggregate, changed=False)
        try:
            save(aggregate)
        except Conflict:
            if attempt == attempts:
                raise
            continue
        return Done(aggregate, changed=True)
    raise AssertionError("unreachable")
