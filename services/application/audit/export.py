"""The history as plain records, one per event, for auditors' own tools (JSON lines).

Each record carries the envelope the bus uses (event id, type, aggregate, version, both times,
who and in which role, correlation) and the event's data as stored. Personal data appears as far
as it is still readable: after an erasure its fields are null.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from domain.base import event_changes
from projections.readmodel import plain
from services.application.queries.history import recorded_later
from services.infrastructure.bus.messages import event_id, event_type
from services.infrastructure.store import Store

PAGE = 2000


def record(event: Any, position: int | None, ref: str | None) -> dict[str, Any]:
    type_ = event_type(type(event))
    return {
        "position": position,
        "event_id": str(event_id(event.originator_id, event.originator_version)),
        "type": type_,
        "topic": type(event).TOPIC,
        "aggregate_type": type_.split(".")[0],
        "aggregate_id": str(event.originator_id),
        "aggregate_ref": ref,
        "version": event.originator_version,
        "recorded_at": event.timestamp.isoformat(),
        "occurred_on": event.occurred_on.isoformat(),
        "recorded_later": recorded_later(event),
        "date_assumed": event.date_assumed,
        "actor": event.actor,
        "role": event.role,
        "correlation_id": event.correlation_id or None,
        "data": plain(event_changes(event)),
    }


def export(store: Store, reference: str | None = None) -> Iterator[dict[str, Any]]:
    """One aggregate's events in order, or every event of the log in log order."""
    if reference is not None:
        aggregate_id = store.resolve(reference)
        events = store.history(aggregate_id)
        ref = getattr(events[0], "ref", None)
        positions = store.positions(aggregate_id)
        for event in events:
            yield record(event, positions.get(event.originator_version), ref)
        return
    refs: dict[UUID, str | None] = {}
    position = 0
    while page := store.recorder.select_notifications(start=position, limit=PAGE, inclusive_of_start=False):
        for notification in page:
            event = store.mapper.to_domain_event(notification)
            if event.originator_version == 1:
                refs[event.originator_id] = getattr(event, "ref", None)
            yield record(event, notification.id, refs.get(event.originator_id))
        position = page[-1].id
