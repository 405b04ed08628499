"""Read-side questions every entry point asks: an item's history, its state on a date, listings.

Values come back as plain JSON-able data (ids as readable refs where known), so the CLI, the HTTP
API and exports show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from domain import DomainAggregate
from domain.base import event_changes
from services.errors import NotFound
from services.infrastructure.store import Store


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    event: str
    recorded_at: datetime
    occurred_on: date
    date_assumed: bool
    actor: str
    role: str
    changes: dict[str, Any]


REFS = 100_000
_refs: dict[tuple[str, UUID], str] = {}


class Readable:
    """Turns stored values into what a reader understands, e.g. a startup's id into its ref."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def ref_of(self, aggregate_id: UUID) -> str:
        """An item's kind and ref never change (its id is made from them): kept per process."""
        known = _refs.get((self.store.location, aggregate_id))
        if known is None:
            try:
                aggregate = self.store.repository.get(aggregate_id)
            except Exception:
                return str(aggregate_id)
            known = _refs[(self.store.location, aggregate_id)] = f"{aggregate.KIND}/{aggregate.ref}"
            while len(_refs) > REFS:
                _refs.pop(next(iter(_refs)))
        return known

    def __call__(self, value: Any) -> Any:
        if isinstance(value, UUID):
            return self.ref_of(value)
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(self(k)): self(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self(v) for v in value]
        if hasattr(value, "__dataclass_fields__"):
            return {k: self(v) for k, v in vars(value).items()}
        return value


def history(store: Store, reference: str) -> list[HistoryEntry]:
    readable = Readable(store)
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
        )
        for e in store.history(store.resolve(reference))
    ]


def describe(store: Store, aggregate: DomainAggregate) -> dict[str, Any]:
    """An aggregate's state as readable fields, starting with what it is."""
    readable = Readable(store)
    fields: dict[str, Any] = {"kind": aggregate.KIND, "ref": aggregate.ref, "id": str(aggregate.id)}
    for name, value in vars(aggregate).items():
        if not name.startswith("_") and name not in fields:
            fields[name] = readable(value)
    fields["version"] = aggregate.version
    return fields


def state(store: Store, reference: str, as_of: date | None = None) -> dict[str, Any]:
    aggregate_id = store.resolve(reference)
    if as_of is None:
        return describe(store, store.repository.get(aggregate_id))
    aggregate = store.as_of(aggregate_id, as_of)
    if aggregate is None:
        raise NotFound("as_of", f"{reference!r} did not exist yet on {as_of.isoformat()}")
    return describe(store, aggregate)
