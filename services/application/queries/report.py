"""The council report (inquiry 2021/0401) for any business date, and its activity over time:
public, as the council's answers are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain import Actor
from projections.documents import Document, Documents
from projections.report import council_report
from services.application import access
from services.application.readmodels import folded
from services.infrastructure.store import Store


def council(by: Actor, store: Store, as_of: date, since: int = 2018) -> dict[str, Any]:
    """The figures that answer the council's questions 1–6 from the history up to the end of
    `as_of` (services/application/reporting.py words and numbers them as the inquiry does)."""
    access.check_read(by, "report")
    return folded(store, "report", lambda view: council_report(view, as_of, since))


@dataclass(frozen=True)
class Point:
    day: date
    challenges: int
    applications: int


def activity(by: Actor, store: Store, as_of: date) -> list[Point]:
    """Challenges tendered and applications standing, as the council report counts them, on every
    business date up to `as_of` on which one of them changed."""
    access.check_read(by, "report")
    return folded(store, "report", lambda view: _activity(view, as_of))


class _Snapshot:
    """The report read model's documents read once, for evaluating the report on many dates."""

    def __init__(self, view: Documents) -> None:
        self.documents = view.all()

    def all(self) -> list[Document]:
        return self.documents


def _activity(view: Documents, as_of: date) -> list[Point]:
    snapshot = _Snapshot(view)
    days = sorted(
        {
            entry["on"]
            for doc in snapshot.documents
            if doc["kind"] in ("challenge", "application")
            for entry in doc["timeline"]
            if entry["on"] <= as_of.isoformat()
        }
    )
    points = []
    for day in days:
        report = council_report(snapshot, date.fromisoformat(day), since=1)  # type: ignore[arg-type]
        projects = report["projects"]
        points.append(Point(date.fromisoformat(day), len(projects), sum(p["applications"] for p in projects)))
    return points
