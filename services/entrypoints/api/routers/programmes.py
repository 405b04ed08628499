"""/programmes: a city's programmes with their partners (public), launched by managers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import Field

from services.application import commands
from services.application.queries import programmes as queries
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS, WRITE_ERRORS
from services.entrypoints.api.models import Item, Listing, WriteOptions, Written
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller
from services.entrypoints.api.writes import Write

router = APIRouter(route_class=ApiRoute, prefix="/programmes", tags=["programmes"])
ProgrammeRef = Annotated[
    str, Path(description="The programme's ref or UUID.", examples=["data-hub-programm"])
]


class LaunchProgramme(WriteOptions):
    name: str = Field(description="The programme's name.", examples=["Data-Hub-Programm"])
    city: str = Field(description="The city running it.", examples=["Herne"])
    partners: list[str] = Field([], description="Partner organisations.", examples=[["Gründerallianz Ruhr"]])
    starts_on: date | None = Field(None, description="When it starts (default: occurred_on).")
    description: str = Field("", description="What the programme does.")
    ref: str | None = Field(None, description="Reference (default: from the name).")


@router.get("", response_model=Listing, responses=READ_ERRORS, summary="List programmes")
def list_programmes(by: Caller, api: Annotated[Backend, Depends(backend)]) -> dict[str, Any]:
    """Every programme as of today: partners (with when they joined or left), activities, and how
    many challenges it tendered and workshops it held (from the report read model)."""
    rows = queries.programmes(by, api.store)
    return {"count": len(rows), "items": rows}


@router.post(
    "",
    response_model=Written,
    status_code=201,
    responses={**WRITE_ERRORS, 200: {"model": Written, "description": "Launched before; nothing changed."}},
    summary="Launch a programme",
)
def launch(body: LaunchProgramme, write: Write) -> Written:
    command = commands.LaunchProgramme(
        body.name, body.city, body.partners, body.starts_on, body.description, body.ref
    )
    return write.create(command, body)


@router.get("/{programme}", response_model=Item, responses=READ_ERRORS, summary="Read a programme")
def read_programme(
    programme: ProgrammeRef, by: Caller, response: Response, api: Annotated[Backend, Depends(backend)]
) -> dict[str, Any]:
    found = queries.programme(by, api.store, programme)
    response.headers["ETag"] = f'"{found["version"]}"'
    return found
