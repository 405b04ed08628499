"""/applications: a startup applies to a published challenge, or withdraws; staff see them all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from domain import Challenge, Startup
from domain.application import application_ref
from services.application import commands
from services.application.queries import applications as queries
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS, WRITE_ERRORS
from services.entrypoints.api.models import ChangeOptions, Item, WriteOptions, Written
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller
from services.entrypoints.api.writes import Write, WriteIfMatch, find

if TYPE_CHECKING:
    from services.infrastructure.store import Store

router = APIRouter(route_class=ApiRoute, prefix="/applications", tags=["applications"])
ChallengeRef = Annotated[
    str, Path(description="The challenge's ref or UUID.", examples=["smart-waste-hunter"])
]
StartupRef = Annotated[str, Path(description="The startup's ref or UUID.", examples=["einsatzlotse"])]
Api = Annotated[Backend, Depends(backend)]


class Apply(WriteOptions):
    challenge: str = Field(description="The challenge's ref or UUID.", examples=["smart-waste-hunter"])
    startup: str = Field(description="The applying startup's ref or UUID.", examples=["einsatzlotse"])
    pitch: str = Field(description="A short pitch.", examples=["Wir planen Sperrmülltouren tagesaktuell."])


class WithdrawApplication(ChangeOptions):
    reason: str = Field(examples=["no capacity this year"])


class ApplicationRow(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    ref: str = Field(examples=["smart-waste-hunter/einsatzlotse"])
    challenge_id: str
    startup_id: str
    challenge: str = Field(description="The challenge's title.")
    startup: str = Field(description="The startup's name.")
    pitch: str
    on: str
    withdrawn_on: str | None


class Applications(BaseModel):
    count: int
    items: list[ApplicationRow]


@router.get("", response_model=Applications, responses=READ_ERRORS, summary="List applications")
def list_applications(
    by: Caller,
    api: Api,
    challenge: Annotated[str | None, Query(description="Only to this challenge (ref or UUID).")] = None,
    startup: Annotated[str | None, Query(description="Only of this startup (ref or UUID).")] = None,
) -> dict[str, Any]:
    """Every application (a startup: its own), optionally to one challenge or of one startup."""
    rows = queries.applications(by, api.store, challenge, startup)
    return {"count": len(rows), "items": rows}


@router.post(
    "",
    response_model=Written,
    status_code=201,
    responses={**WRITE_ERRORS, 200: {"model": Written, "description": "The same application existed."}},
    summary="Apply to a challenge",
)
def apply(body: Apply, write: Write) -> Written:
    """A startup (a startup's key: itself only) applies to a published challenge before its deadline."""
    find(write.store, Challenge, body.challenge, "body", "challenge")  # unknown: 404 naming the field
    startup = find(write.store, Startup, body.startup, "body", "startup")
    # the challenge as the client named it: a draft is refused naming that, as on reading it
    command = commands.ApplyToChallenge(body.challenge, str(startup.id), body.pitch)
    return write.create(command, body)


def _reference(store: Store, challenge: str, startup: str) -> str:
    """An application is named by its challenge and startup: `<challenge ref>/<startup ref>`."""
    return application_ref(
        find(store, Challenge, challenge, "path", "challenge"),
        find(store, Startup, startup, "path", "startup"),
    )


@router.get(
    "/{challenge}/{startup}", response_model=Item, responses=READ_ERRORS, summary="Read an application"
)
def read_application(
    challenge: ChallengeRef, startup: StartupRef, by: Caller, response: Response, api: Api
) -> dict[str, Any]:
    found = queries.application(by, api.store, challenge, startup)
    response.headers["ETag"] = f'"{found["version"]}"'
    return found


@router.post(
    "/{challenge}/{startup}/withdraw",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Withdraw an application",
)
def withdraw(
    challenge: ChallengeRef, startup: StartupRef, body: WithdrawApplication, write: WriteIfMatch
) -> Written:
    command = commands.WithdrawApplication(_reference(write.store, challenge, startup), body.reason)
    return write.change(command, body, field="startup")
