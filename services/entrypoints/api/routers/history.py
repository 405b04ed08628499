"""/history and /state: an item's events, and its state as of a business date, from the event
store itself (managers and auditors)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from domain import KINDS
from services.application.queries import history as queries
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS
from services.entrypoints.api.models import Item
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller

router = APIRouter(route_class=ApiRoute, tags=["history"])
Api = Annotated[Backend, Depends(backend)]
Kind = StrEnum("Kind", {kind: kind for kind in KINDS})  # type: ignore[misc]
Ref = Annotated[
    str,
    Path(
        description="The item's ref (shortlists and applications have two parts, e.g. "
        "`smart-waste-hunter/shortlist-1`) or its UUID.",
        examples=["smart-waste-hunter"],
    ),
]
AsOf = Annotated[date | None, Query(description="The end of this business date.", examples=["2019-04-01"])]


class HistoryEntry(BaseModel):
    version: int
    event: str = Field(examples=["Published"])
    recorded_at: datetime = Field(description="When it was recorded.")
    occurred_on: date = Field(description="The business date it happened.")
    date_assumed: bool
    actor: str
    role: str
    changes: dict[str, Any] = Field(description="What the event says happened (ids as refs).")
    corrected_on: date | None = Field(
        None, description="The business date a later correction (a DateCorrected event) gave it."
    )
    recorded_later: bool = Field(
        False, description="Recorded more than a day after its business date (the past, recorded later)."
    )


class History(BaseModel):
    kind: str
    ref: str
    count: int
    items: list[HistoryEntry]


@router.get("/history/{kind}/{ref:path}", response_model=History, responses=READ_ERRORS, summary="History")
def history(kind: Kind, ref: Ref, by: Caller, api: Api, as_of: AsOf = None) -> dict[str, Any]:
    """Every event of an item in order: who, in which role, when it happened and was recorded, what
    it changed; with `as_of`, the events up to the end of that business date."""
    entries = [vars(e) for e in queries.history(by, api.store, ref, as_of, kind=kind.value)]
    return {"kind": kind.value, "ref": ref, "count": len(entries), "items": entries}


@router.get(
    "/state/{kind}/{ref:path}", response_model=Item, responses=READ_ERRORS, summary="State as of a date"
)
def state(kind: Kind, ref: Ref, by: Caller, api: Api, as_of: AsOf = None) -> dict[str, Any]:
    """The item as it stood at the end of a business date (default: now)."""
    return queries.state(by, api.store, ref, as_of, kind=kind.value)
