"""An item's history and its state as of a business date, from the event store itself.

Both show everything every actor did, so they are for managers and auditors only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import KINDS, Actor, DomainAggregate, DomainError
from domain.base import event_changes
from services.application import access
from services.application.queries.readable import Readable, describe
from services.errors import NotFound
from services.infrastructure.store import Store

#: Recorded more than this many days after it happened: histories, exports and the report say so.
LATE = 1


@dataclass(frozen=True)
class HistoryEntry:
    """One event as recorded. `corrected_on` is the date a later correction gave it (the event
    itself is never edited: both are shown); `recorded_later` says it was recorded more than a
    day after its business date (the past recorded by a manager, or a wrong date)."""

    version: int
    event: str
    recorded_at: datetime
    occurred_on: date
    date_assumed: bool
    actor: str
    role: str
    changes: dict[str, Any]
    corrected_on: date | None = None
    recorded_later: bool = False

    @property
    def on(self) -> date:
        """The business date as corrected."""
        return self.corrected_on or self.occurred_on


def reference_of(store: Store, kind: str, ref: str) -> str:
    """The reference of an item of this kind (`kind/ref`); a UUID must be one of this kind."""
    try:
        aggregate_id = UUID(ref)
    except ValueError:
        return f"{kind}/{ref}"
    try:
        store.load(KINDS[kind], aggregate_id)
    except DomainError as error:
        error.field = "ref"
        raise
    return str(aggregate_id)


def history(
    by: Actor, store: Store, reference: str, as_of: date | None = None, *, kind: str | None = None
) -> list[HistoryEntry]:
    """Every event of an item in order; with `as_of`, those up to the end of that business date.
    With `kind`, `reference` is a ref or UUID of an item of that kind."""
    access.check_history(by)
    reference = reference_of(store, kind, reference) if kind else reference
    return [e for e in _recorded(store, reference) if as_of is None or e.on <= as_of]


def state(
    by: Actor, store: Store, reference: str, as_of: date | None = None, *, kind: str | None = None
) -> dict[str, Any]:
    """The item as it stood at the end of a business date (default: now)."""
    access.check_history(by)
    reference = reference_of(store, kind, reference) if kind else reference
    aggregate_id = store.resolve(reference)
    if as_of is None:
        return describe(store, store.repository.get(aggregate_id))
    aggregate = store.as_of(aggregate_id, as_of)
    if aggregate is None:
        raise NotFound("as_of", f"{reference!r} did not exist yet on {as_of.isoformat()}")
    return describe(store, aggregate)


def _recorded(store: Store, reference: str) -> list[HistoryEntry]:
    """The events as recorded, every one, with the dates corrections gave them."""
    readable = Readable(store)
    events = store.history(store.resolve(reference))
    corrected = {e.corrects: e.now for e in events if isinstance(e, DomainAggregate.DateCorrected)}
    return [
        HistoryEntry(
            version=e.originator_version,
            event=type(e).__name__,
            recorded_at=e.timestamp,
            occurred_on=e.occurred_on,
            date_assumed=e.date_assumed,
            actor=e.actor,
            role=e.role,
            changes=readable(event_changes(e)),
            corrected_on=corrected.get(e.originator_version),
            recorded_later=recorded_later(e),
        )
        for e in events
    ]


def recorded_later(event: Any) -> bool:
    """Whether an event was recorded more than a day after its business date."""
    return (event.timestamp.date() - event.occurred_on).days > LATE
