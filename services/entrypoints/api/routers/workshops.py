"""/workshops: the programme's calendar (public); managers plan, schedule, postpone, hold, cancel."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from services.application import commands
from services.application.queries import calendar as queries
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS, WRITE_ERRORS
from services.entrypoints.api.models import ChangeOptions, Item, WriteOptions, Written
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller
from services.entrypoints.api.writes import Write, WriteIfMatch

router = APIRouter(route_class=ApiRoute, prefix="/workshops", tags=["workshops"])
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


@router.get("", response_model=Calendar, responses=READ_ERRORS, summary="The workshop calendar")
def calendar(by: Caller, api: Api) -> dict[str, Any]:
    rows = queries.calendar(by, api.store)
    return {"count": len(rows), "items": rows}


@router.post(
    "",
    response_model=Written,
    status_code=201,
    responses={**WRITE_ERRORS, 200: {"model": Written, "description": "Planned before; nothing changed."}},
    summary="Plan a workshop",
)
def plan(body: PlanWorkshop, write: Write) -> Written:
    return write.create(
        commands.PlanWorkshop(body.theme, body.organisers, body.programme, body.description, body.ref), body
    )


@router.get("/{workshop}", response_model=Item, responses=READ_ERRORS, summary="Read a workshop")
def read_workshop(workshop: WorkshopRef, by: Caller, response: Response, api: Api) -> dict[str, Any]:
    found = queries.workshop(by, api.store, workshop)
    response.headers["ETag"] = f'"{found["version"]}"'
    return found


@router.post("/{workshop}/schedule", response_model=Written, responses=WRITE_ERRORS, summary="Schedule")
def schedule(workshop: WorkshopRef, body: Schedule, write: WriteIfMatch) -> Written:
    return write.change(commands.ScheduleWorkshop(workshop, body.takes_place_on, body.place), body)


@router.post("/{workshop}/postpone", response_model=Written, responses=WRITE_ERRORS, summary="Postpone")
def postpone(workshop: WorkshopRef, body: Postpone, write: WriteIfMatch) -> Written:
    return write.change(commands.PostponeWorkshop(workshop, body.reason), body)


@router.post("/{workshop}/hold", response_model=Written, responses=WRITE_ERRORS, summary="Record it held")
def hold(workshop: WorkshopRef, body: Hold, write: WriteIfMatch) -> Written:
    return write.change(commands.HoldWorkshop(workshop, body.participants, body.outcomes), body)


@router.post("/{workshop}/cancel", response_model=Written, responses=WRITE_ERRORS, summary="Cancel")
def cancel(workshop: WorkshopRef, body: Cancel, write: WriteIfMatch) -> Written:
    return write.change(commands.CancelWorkshop(workshop, body.reason), body)
