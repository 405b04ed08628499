"""The programmes with their partners and activities: public."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain import Actor, Programme
from projections.report import council_report
from services.application import access
from services.application.queries.readable import describe, named
from services.application.readmodels import folded
from services.infrastructure.store import Store


def programmes(by: Actor, store: Store) -> list[dict[str, Any]]:
    """Every programme as of today: partners (with when they joined or left), activities, and how
    many challenges it tendered and workshops it held (from the report read model)."""
    access.check_read(by, "programme")
    return folded(store, "report", lambda view: council_report(view, date.today())["programmes"])


def programme(by: Actor, store: Store, reference: str) -> dict[str, Any]:
    access.check_read(by, "programme")
    return describe(store, named(store, Programme, reference, "programme"))
