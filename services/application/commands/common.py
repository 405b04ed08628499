"""What every command shares: the business date, idempotent creation, and load-check-save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from domain import Actor, DomainAggregate, When
from domain.errors import InvalidValue
from services.application import access
from services.errors import Conflict
from services.infrastructure.store import Store, kind_of

A = TypeVar("A", bound=DomainAggregate)

#: How often a change without an expected version is re-applied to a freshly loaded aggregate
#: when a concurrent writer saved first (two managers deciding on one shortlist at once).
RETRIES = 5


def occurrence(when: When | None, *, today: date | None = None) -> When:
    """The business date of a command: given by the user or today, and never in the future."""
    today = today or date.today()
    when = when or When(today)
    if when.on > today:
        raise InvalidValue(
            "occurred_on", f"{when.on.isoformat()} is in the future; record what has happened, up to today"
        )
    return when


def check_may_write(by: Actor, aggregate_class: type[DomainAggregate] | None = None) -> None:
    """The access policy's check before anything is loaded (services/application/access.py)."""
    access.check_write(by, aggregate_class.KIND if aggregate_class else "startup")


def create_once(
    store: Store,
    aggregate_class: type[A],
    ref: str,
    make: Callable[[], A],
    same: Callable[[A], bool],
    *,
    by: Actor,
) -> tuple[A, bool]:
    """Create an aggregate unless one with this ref exists: users and importers retry.

    Returns the aggregate and whether it was created. An existing one with the same content is
    returned as it is; one with other content is a conflict (the ref is taken).
    """
    aggregate = make()  # validates first: a bad request is refused even if the ref exists
    access.check_owner(by, aggregate)
    try:
        store.save_all(aggregate)
    except Conflict:  # it existed already, or a concurrent creator won the race
        return _existing(store, aggregate_class, aggregate.id, ref, same), False
    return aggregate, True


def _existing(
    store: Store, aggregate_class: type[A], aggregate_id: object, ref: str, same: Callable[[A], bool]
) -> A:
    existing = store.load(aggregate_class, aggregate_id)  # type: ignore[arg-type]
    if not same(existing):
        raise Conflict(
            "ref",
            f"{kind_of(aggregate_class)} {ref!r} already exists with other details; "
            "revise it, or choose another ref",
        )
    return existing


def change(
    store: Store,
    aggregate_class: type[A],
    reference: str,
    command: Callable[[A], object],
    *,
    by: Actor,
    expected_version: int | None = None,
) -> A:
    """Load, run a domain command, save: the shape of every change to one aggregate.

    Without an expected version the caller asked for the change whatever happened meanwhile, so
    losing a race to another writer reloads and re-applies the command (its rules checked again
    on the new state), up to RETRIES times. With one, a concurrent change is the caller's Conflict.
    """
    check_may_write(by, aggregate_class)
    attempts = RETRIES if expected_version is None else 1
    for attempt in range(1, attempts + 1):
        aggregate = store.find(aggregate_class, reference)
        access.check_owner(by, aggregate)
        store.check_version(aggregate, expected_version)
        command(aggregate)
        if not aggregate.pending_events:
            return aggregate
        try:
            store.save_all(aggregate)
        except Conflict:
            if attempt == attempts:
                raise
            continue
        return aggregate
    raise AssertionError("unreachable")
