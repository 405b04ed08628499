"""What every command shares: the business date, idempotent creation, and load-check-save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from domain import Actor, DomainAggregate, When
from domain.errors import InvalidValue
from services.errors import AccessDenied, Conflict
from services.store import Store, kind_of

A = TypeVar("A", bound=DomainAggregate)

#: Roles that may change things; auditors read only.
WRITING_ROLES = frozenset({"manager", "startup", "system"})


def occurrence(when: When | None, *, today: date | None = None) -> When:
    """The business date of a command: given by the user or today, and never in the future."""
    today = today or date.today()
    when = when or When(today)
    if when.on > today:
        raise InvalidValue(
            "occurred_on", f"{when.on.isoformat()} is in the future; record what has happened, up to today"
        )
    return when


def check_may_write(by: Actor) -> None:
    if by.role not in WRITING_ROLES:
        raise AccessDenied("role", f"an {by.role} may read the programme's history but not change it")


def create_once(
    store: Store, aggregate_class: type[A], ref: str, make: Callable[[], A], same: Callable[[A], bool]
) -> tuple[A, bool]:
    """Create an aggregate unless one with this ref exists: users and importers retry.

    Returns the aggregate and whether it was created. An existing one with the same content is
    returned as it is; one with other content is a conflict (the ref is taken).
    """
    aggregate = make()  # validates first: a bad request is refused even if the ref exists
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
    """Load, run a domain command, save: the shape of every change to one aggregate."""
    check_may_write(by)
    aggregate = store.find(aggregate_class, reference)
    store.check_version(aggregate, expected_version)
    command(aggregate)
    if aggregate.pending_events:
        store.save_all(aggregate)
    return aggregate
