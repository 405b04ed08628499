"""/startups: the directory of profiles; a startup revises and withdraws its own."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from domain.values import Region, Sector, Stage
from services.application import commands
from services.application.queries import directory as queries
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS, WRITE_ERRORS
from services.entrypoints.api.models import Body, ChangeOptions, Item, WriteOptions, Written
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller
from services.entrypoints.api.writes import Write, WriteIfMatch

router = APIRouter(route_class=ApiRoute, prefix="/startups", tags=["startups"])
StartupRef = Annotated[str, Path(description="The startup's ref or UUID.", examples=["einsatzlotse"])]
Api = Annotated[Backend, Depends(backend)]


class ProfileChanges(Body):
    """A startup's profile; in a revision, only the fields given change."""

    name: str | None = Field(None, examples=["Einsatzlotse"])
    description: str | None = Field(None, description="What the startup does (matched against challenges).")
    capabilities: list[str] | None = Field(None, examples=[["Tourenplanung", "mobile Auftragsdokumentation"]])
    sectors: list[Sector] | None = Field(None, description="Sectors, the main one first.")
    stage: Stage | None = None
    city: str | None = Field(None, examples=["Bochum"])
    founded: int | None = Field(None, description="Year founded.", examples=[2017])
    team_size: int | None = Field(None, ge=1, le=1_000_000, examples=[12])
    languages: list[str] | None = Field(
        None, description="Working languages, the profile's first.", examples=[["de", "en"]]
    )
    website: str | None = None
    contact_name: str | None = Field(None, description="Contact person (personal data).")
    contact_email: str | None = Field(None, description="Contact e-mail (personal data).")


class RegisterStartup(WriteOptions, ProfileChanges):
    name: str = Field(examples=["Einsatzlotse"])  # type: ignore[assignment]
    description: str = Field(description="What the startup does.")  # type: ignore[assignment]
    ref: str | None = Field(None, description="Reference (default: from the name).")


class ReviseStartup(ChangeOptions):
    changes: ProfileChanges


class WithdrawStartup(ChangeOptions):
    reason: str = Field(description="Why.")


class StartupEntry(BaseModel):
    """A startup in the directory, as the reader may see it."""

    model_config = ConfigDict(extra="allow")

    id: str
    ref: str
    profile: dict[str, Any]
    withheld: list[str] = Field(description="Profile fields this reader may not see (others' contacts).")
    registered_on: str
    withdrawn_on: str | None
    version: int
    applications: list[dict[str, Any]] | None = Field(description="Only for the startup itself and staff.")
    shortlistings: list[dict[str, Any]] | None = Field(description="Not shown to startups.")
    awards: list[dict[str, Any]]


class Directory(BaseModel):
    count: int = Field(description="How many startups the search and filters find, on all pages.")
    page: int = Field(description="This page's number, from 1.")
    page_size: int
    pages: int = Field(description="How many pages there are (at least 1).")
    matched_by: str | None = Field(
        description="How `search` was matched: 'lexical index' (the matcher's), or 'names and "
        "capabilities' while that index is not built yet; null without `search`."
    )
    items: list[StartupEntry] = Field(description="This page's startups: best match first when searched.")


@router.get("", response_model=Directory, responses=READ_ERRORS, summary="The startup directory")
def directory(
    by: Caller,
    api: Api,
    search: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Words of a name, capability or description (the matcher's lexical index).",
            examples=["Sperrmüll"],
        ),
    ] = None,
    sector: Annotated[Sector | None, Query(description="Only startups in this sector.")] = None,
    stage: Annotated[Stage | None, Query(description="Only startups at this stage.")] = None,
    region: Annotated[
        Region | None, Query(description="Only startups whose city lies in this region.")
    ] = None,
    language: Annotated[
        str | None,
        Query(description="Only startups working in this language (two letters).", examples=["de"]),
    ] = None,
    page: Annotated[int, Query(ge=1, description="Which page, from 1.")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200, description="Startups per page.")] = queries.PAGE_SIZE,
) -> dict[str, Any]:
    """A page of the directory: every startup's profile and what happened to it, searched and
    filtered; other startups' contacts withheld from startups."""
    asked = queries.Search(search or "", sector, stage, region, language, page, page_size)
    return queries.find(by, api.store, asked, build=True).as_record()


@router.post(
    "",
    response_model=Written,
    status_code=201,
    responses={**WRITE_ERRORS, 200: {"model": Written, "description": "Registered before; nothing changed."}},
    summary="Register a startup",
)
def register(body: RegisterStartup, write: Write) -> Written:
    profile = body.model_dump(exclude_unset=True, exclude={"occurred_on", "date_assumed", "ref"})
    profile.update(name=body.name, description=body.description)
    return write.create(commands.RegisterStartup(profile, "api", body.ref), body)


@router.get("/{startup}", response_model=Item, responses=READ_ERRORS, summary="Read a startup")
def read_startup(startup: StartupRef, by: Caller, response: Response, api: Api) -> dict[str, Any]:
    found = queries.startup(by, api.store, startup)
    response.headers["ETag"] = f'"{found["version"]}"'
    return found


@router.patch("/{startup}", response_model=Written, responses=WRITE_ERRORS, summary="Revise a profile")
def revise(startup: StartupRef, body: ReviseStartup, write: WriteIfMatch) -> Written:
    """Revise a profile (a startup: its own only); only what differs is recorded."""
    changes = body.changes.model_dump(exclude_unset=True)
    return write.change(commands.ReviseStartup(startup, changes), body)


@router.post("/{startup}/withdraw", response_model=Written, responses=WRITE_ERRORS, summary="Withdraw")
def withdraw(startup: StartupRef, body: WithdrawStartup, write: WriteIfMatch) -> Written:
    """Withdraw a startup from the programme (a startup: itself only)."""
    command = commands.WithdrawStartup(startup, body.reason)
    return write.change(command, body)
