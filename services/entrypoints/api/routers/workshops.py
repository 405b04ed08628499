"""/workshops: the programme's calendar (public); managers plan, schedule, postpone, hold, cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from domain import Actor, Workshop
from projections.calendar import calendar_rows
from services.application import access, queries
from services.application.commands import workshops
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS, WRITE_ERRORS
from services.entrypoints.api.models import ChangeOptions, Item, WriteOptions, Written
from services.entrypoints.api.security import Caller
from services.entrypoints.api.writes import IfMatch, change, find, when_of, written

router = APIRouter(prefix="/workshops", tags=["workshops"])
WorkshopRef = Annotated[str, Path(description="The workshop's ref or UUID.", examples=["gebaeude"])]
Api = Annotated[Backend, Depends(backend)]


class PlanWorkshop(WriteOptions):
    theme: str = Field(examples=["Gebäude und Wohnungswirtschaft"])
    organisers: list[str] = Field([], examples=[["Stadt Herne", "Gründerallianz Ruhr"]])
    programme: str | None = Field(None, description="The programme's ref or UUID.")
    description: str = ""
    ref: str | None = Field(None, description="Reference (default: from the theme).")


class Schedule(ChangeOptions):
    takes_place_on: date = Field(description="The day it takes place.", examples=["2020-03-20"])
    place: str = Field(examples=["Rathaus Herne"])


class Postpone(ChangeOptions):
    reason: str = Field(examples=["Corona"])


class Hold(ChangeOptions):
    participants: list[str] = Field([], examples=[["Stadt Herne", "Einsatzlotse"]])
    outcomes: str = ""


class Cancel(ChangeOptions):
    reason: str


class WorkshopRow(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    ref: str
    theme: str
    status: str = Field(description="planned, scheduled, postponed, held or cancelled")
    programme: str
    takes_place_on: str | None
    postponements: list[dict[str, Any]]


class Calendar(BaseModel):
    count: int
    items: list[WorkshopRow]


def change_workshop(
    api: Backend,
    workshop: str,
    options: ChangeOptions | None,
    if_match: str | None,
    response: Response,
    command: Callable[..., Workshop],
    *args: Any,
    by: Actor,
) -> Written:
    """Run a command on the workshop the path names (services.entrypoints.api.writes.change)."""
    return change(
        api.store, Workshop, workshop, "workshop", options, if_match, response, command, *args, by=by
    )


@router.get("", response_model=Calendar, responses=READ_ERRORS, summary="The workshop calendar")
def calendar(by: Caller, api: Api) -> dict[str, Any]:
    access.check_read(by, "workshop")
    rows = api.read("calendar", calendar_rows)
    return {"count": len(rows), "items": rows}


@router.post(
    "",
    response_model=Written,
    status_code=201,
    responses={**WRITE_ERRORS, 200: {"model": Written, "description": "Planned before; nothing changed."}},
    summary="Plan a workshop",
)
def plan(body: PlanWorkshop, by: Caller, response: Response, api: Api) -> Written:
    workshop, created = workshops.plan(
        api.store,
        theme=body.theme,
        organisers=body.organisers,
        programme=body.programme,
        description=body.description,
        ref=body.ref,
        by=by,
        when=when_of(body),
    )
    return written(response, workshop, created, created=created)


@router.get("/{workshop}", response_model=Item, responses=READ_ERRORS, summary="Read a workshop")
def read_workshop(workshop: WorkshopRef, by: Caller, response: Response, api: Api) -> dict[str, Any]:
    access.check_read(by, "workshop")
    found = find(api.store, Workshop, workshop, "path", "workshop")
    response.headers["ETag"] = f'"{found.version}"'
    return queries.describe(api.store, found)


@router.post("/{workshop}/schedule", response_model=Written, responses=WRITE_ERRORS, summary="Schedule")
def schedule(
    workshop: WorkshopRef, body: Schedule, by: Caller, response: Response, api: Api, if_match: IfMatch = None
) -> Written:
    return change_workshop(
        api, workshop, body, if_match, response, workshops.schedule, body.takes_place_on, body.place, by=by
    )


@router.post("/{workshop}/postpone", response_model=Written, responses=WRITE_ERRORS, summary="Postpone")
def postpone(
    workshop: WorkshopRef, body: Postpone, by: Caller, response: Response, api: Api, if_match: IfMatch = None
) -> Written:
    return change_workshop(api, workshop, body, if_match, response, workshops.postpone, body.reason, by=by)


@router.post("/{workshop}/hold", response_model=Written, responses=WRITE_ERRORS, summary="Record it held")
def hold(
    workshop: WorkshopRef, body: Hold, by: Caller, response: Response, api: Api, if_match: IfMatch = None
) -> Written:
    return change_workshop(
        api, workshop, body, if_match, response, workshops.hold, body.participants, body.outcomes, by=by
    )


@router.post("/{workshop}/cancel", response_model=Written, responses=WRITE_ERRORS, summary="Cancel")
def cancel(
    workshop: WorkshopRef, body: Cancel, by: Caller, response: Response, api: Api, if_match: IfMatch = None
) -> Written:
    return change_workshop(api, workshop, body, if_match, response, workshops.cancel, body.reason, by=by)
