"""The workshop calendar: planned, scheduled, postponed (with the reason), held, cancelled.

A corrected date moves what its event set: the day a workshop was held or cancelled, or the day of
a postponement (each remembers the version of its event).
"""

from __future__ import annotations

from typing import Any

from domain import Workshop
from projections.documents import Document, Documents
from projections.names import ProgrammeNames
from projections.readmodel import ReadModel, on, plain


class WorkshopCalendar(ProgrammeNames, ReadModel):
    name = "calendar"
    document_format = 2  # the dates of events remember their versions, for corrections

    @on(Workshop.Planned)
    def planned(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "workshop",
            "id": str(e.originator_id),
            "ref": e.ref,
            "theme": e.theme,
            "organisers": plain(e.organisers),
            "programme_id": plain(e.programme_id),
            "status": e.LEADS_TO.value,
            "planned_on": e.occurred_on.isoformat(),
            "takes_place_on": None,
            "place": "",
            "postponements": [],
            "held_on": None,
            "participants": [],
            "outcomes": "",
            "cancelled_on": None,
            "cancellation_reason": "",
            "dated": {},
        }

    @on(Workshop.Scheduled)
    def scheduled(self, e: Any, doc: Document | None) -> Document | None:
        return (
            {
                **doc,
                "status": e.LEADS_TO.value,
                "takes_place_on": e.takes_place_on.isoformat(),
                "place": e.place,
            }
            if doc
            else doc
        )

    @on(Workshop.Postponed)
    def postponed(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        entry = {
            "on": e.occurred_on.isoformat(),
            "reason": e.reason,
            "was_for": doc["takes_place_on"],
            "version": e.originator_version,
        }
        return {
            **doc,
            "status": e.LEADS_TO.value,
            "takes_place_on": None,
            "postponements": [*doc["postponements"], entry],
        }

    @on(Workshop.Held)
    def held(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        return {
            **doc,
            "status": e.LEADS_TO.value,
            "held_on": e.occurred_on.isoformat(),
            "participants": plain(e.participants),
            "outcomes": e.outcomes,
            "dated": {**doc["dated"], "held_on": e.originator_version},
        }

    @on(Workshop.Cancelled)
    def cancelled(self, e: Any, doc: Document | None) -> Document | None:
        return (
            {
                **doc,
                "status": e.LEADS_TO.value,
                "cancelled_on": e.occurred_on.isoformat(),
                "cancellation_reason": e.reason,
                "dated": {**doc["dated"], "cancelled_on": e.originator_version},
            }
            if doc
            else doc
        )

    @on(Workshop.DateCorrected)
    def redated(self, e: Any, doc: Document | None) -> Document | None:
        """The corrected event happened on `now`: the day held, cancelled or postponed moves."""
        if doc is None:
            return doc
        now = e.now.isoformat()
        moved = {name: now for name, version in doc["dated"].items() if version == e.corrects}
        postponements = [{**p, "on": now} if p["version"] == e.corrects else p for p in doc["postponements"]]
        return {**doc, **moved, "postponements": postponements}


def calendar_rows(view: Documents) -> list[dict[str, Any]]:
    docs = view.all()
    programmes = {d["id"]: d["name"] for d in docs if d["kind"] == "programme"}
    workshops = [d for d in docs if d["kind"] == "workshop"]

    def when(w: Document) -> str:
        return w["held_on"] or w["takes_place_on"] or w["planned_on"]

    return [
        {
            **{k: v for k, v in w.items() if k != "dated"},
            "programme": programmes.get(w["programme_id"] or "", ""),
        }
        for w in sorted(workshops, key=when)
    ]
