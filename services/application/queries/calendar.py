"""The programme's workshops: public."""

from __future__ import annotations

from typing import Any

from domain import Actor, Workshop
from projections.calendar import calendar_rows
from services.application import access
from services.application.queries.readable import describe, named
from services.application.readmodels import folded
from services.infrastructure.store import Store


def calendar(by: Actor, store: Store) -> list[dict[str, Any]]:
    """Every workshop, planned, scheduled, postponed, held or cancelled, in the order they fall."""
    access.check_read(by, "workshop")
    return folded(store, "calendar", calendar_rows)


def workshop(by: Actor, store: Store, reference: str) -> dict[str, Any]:
    access.check_read(by, "workshop")
    return describe(store, named(store, Workshop, reference, "workshop"))
