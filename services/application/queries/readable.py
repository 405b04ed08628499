"""Stored values as a reader understands them: ids as refs, dates as ISO text, enums as words."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from domain import DomainAggregate
from domain.errors import DomainError
from services.infrastructure.store import Store

A = TypeVar("A", bound=DomainAggregate)

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


#: What an aggregate keeps to check business dates (each event's date and topic by version): the
#: history shows these per event, so the state leaves them out.
BOOKKEEPING = frozenset({"dates", "topics"})


def describe(store: Store, aggregate: DomainAggregate) -> dict[str, Any]:
    """An aggregate's state as readable fields, starting with what it is."""
    readable = Readable(store)
    fields: dict[str, Any] = {"kind": aggregate.KIND, "ref": aggregate.ref, "id": str(aggregate.id)}
    for name, value in vars(aggregate).items():
        if not name.startswith("_") and name not in fields and name not in BOOKKEEPING:
            fields[name] = readable(value)
    fields["version"] = aggregate.version
    return fields


def named(store: Store, cls: type[A], reference: str, field: str) -> A:
    """The item a reader names, or the store's refusal named after what the reader gave (`field`:
    the option, query or path parameter), so that every entry point can point at it."""
    try:
        return store.find(cls, reference)
    except DomainError as error:
        error.field = field
        raise
