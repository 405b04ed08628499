"""/challenges: the board, and a challenge's way from draft to completed implementation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from domain import ChallengeStatus
from domain.values import Region, Sector
from services.application import commands
from services.application.queries import board as queries
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS, WRITE_ERRORS
from services.entrypoints.api.models import Body, ChangeOptions, Item, WriteOptions, Written
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller
from services.entrypoints.api.writes import Write, WriteIfMatch

router = APIRouter(route_class=ApiRoute, prefix="/challenges", tags=["challenges"])
ChallengeRef = Annotated[
    str, Path(description="The challenge's ref or UUID.", examples=["smart-waste-hunter"])
]
Api = Annotated[Backend, Depends(backend)]


class ChallengeChanges(Body):
    """The details of a challenge; in a revision, only those given change."""

    title: str | None = Field(None, examples=["Smart Waste Hunter: Intelligente Sperrmüllprozesse"])
    owner: str | None = Field(None, description="Owner organisation.", examples=["entsorgung herne AöR"])
    sectors: list[Sector] | None = Field(
        None, description="The sectors it spans, main first (at most 4; [] for none).", examples=[["waste"]]
    )
    sector: Sector | None = Field(
        None, description="One sector alone, as before challenges named several; `sectors` win."
    )
    description: str | None = Field(None, description="What is sought (required before publishing).")
    required_capabilities: list[str] | None = Field(None, examples=[["Tourenplanung"]])
    datasets_offered: list[str] | None = Field(None, examples=[["Sperrmüllaufträge"]])
    budget_eur: int | None = Field(None, ge=0, le=1_000_000_000, examples=[80000])
    language: str | None = Field(None, description="Two-letter code of the texts.", examples=["de"])
    region_preference: Region | None = None


class DraftChallenge(WriteOptions):
    title: str = Field(examples=["Smart Waste Hunter: Intelligente Sperrmüllprozesse"])
    owner: str = Field(description="Owner organisation.", examples=["entsorgung herne AöR"])
    sectors: list[Sector] | None = Field(
        None,
        description="The sectors it spans, main first (at most 4; none if none fits).",
        examples=[["waste", "logistics"]],
    )
    sector: Sector | None = Field(
        None, description="One sector alone, as before challenges named several; `sectors` win."
    )
    description: str = Field("", description="What is sought (required before publishing).")
    required_capabilities: list[str] = Field([], examples=[["Tourenplanung", "Online-Anmeldung"]])
    datasets_offered: list[str] = Field([], examples=[["Sperrmüllaufträge"]])
    budget_eur: int | None = Field(None, ge=0, le=1_000_000_000)
    language: str = Field("de", description="Two-letter code of the texts.")
    region_preference: Region | None = None
    programme: str | None = Field(None, description="The programme's ref or UUID.")
    ref: str | None = Field(None, description="Reference (default: from the title before a colon).")


class ReviseChallenge(ChangeOptions):
    changes: ChallengeChanges


class Publish(ChangeOptions):
    deadline: date = Field(description="Application deadline, after the publication date.")


class Close(ChangeOptions):
    reason: str = ""


class Reopen(ChangeOptions):
    reason: str = Field(description="Why the close is undone (required).", examples=["closed by mistake"])


class RevokeAward(ChangeOptions):
    reason: str = Field(
        description="Why the award is undone (required).", examples=["awarded to the wrong startup"]
    )


class Award(ChangeOptions):
    startups: list[str] = Field(
        description="Refs or UUIDs of startups that applied or stand on a shortlist, not rejected.",
        examples=[["einsatzlotse"]],
    )


class StartImplementation(ChangeOptions):
    expected_end: date


class CompleteImplementation(ChangeOptions):
    summary: str = ""


class Withdraw(ChangeOptions):
    reason: str = Field(description="Why.")


class ChallengeRow(BaseModel):
    """A challenge on the board (counts of shortlisted and accepted startups: not for startups)."""

    model_config = ConfigDict(extra="allow")

    id: str
    ref: str
    title: str
    owner: str
    sectors: list[str] = Field(description="The sectors it spans, main first.")
    sector: str | None = Field(description="The main sector (the first), if any.")
    status: str
    programme: str
    deadline: str | None
    published_on: str | None
    applications: int
    shortlisted: int | None
    accepted: int | None
    awarded: list[str]


class Board(BaseModel):
    count: int
    items: list[ChallengeRow]


@router.get("", response_model=Board, responses=READ_ERRORS, summary="The challenge board")
def board(
    by: Caller,
    api: Api,
    programme: Annotated[str | None, Query(description="Only this programme (ref or UUID).")] = None,
    status: Annotated[ChallengeStatus | None, Query(description="Only challenges in this status.")] = None,
    sector: Annotated[Sector | None, Query(description="Only challenges spanning this sector.")] = None,
) -> dict[str, Any]:
    """Every challenge with status, deadline and counts; a startup sees published ones only."""
    rows = queries.board(by, api.store, programme, status, sector)
    return {"count": len(rows), "items": rows}


@router.post(
    "",
    response_model=Written,
    status_code=201,
    responses={**WRITE_ERRORS, 200: {"model": Written, "description": "Drafted before; nothing changed."}},
    summary="Draft a challenge",
)
def draft(body: DraftChallenge, write: Write) -> Written:
    details = body.model_dump(exclude={"occurred_on", "date_assumed", "programme", "ref"})
    command = commands.DraftChallenge(details, body.programme, body.ref)
    return write.create(command, body)


@router.get("/{challenge}", response_model=Item, responses=READ_ERRORS, summary="Read a challenge")
def read_challenge(challenge: ChallengeRef, by: Caller, response: Response, api: Api) -> dict[str, Any]:
    found = queries.challenge(by, api.store, challenge)
    response.headers["ETag"] = f'"{found["version"]}"'
    return found


@router.patch("/{challenge}", response_model=Written, responses=WRITE_ERRORS, summary="Revise a challenge")
def revise(challenge: ChallengeRef, body: ReviseChallenge, write: WriteIfMatch) -> Written:
    """Revise a draft or published challenge; only what differs from its details is recorded."""
    changes = body.changes.model_dump(exclude_unset=True)
    return write.change(commands.ReviseChallenge(challenge, changes), body)


@router.post("/{challenge}/publish", response_model=Written, responses=WRITE_ERRORS, summary="Publish")
def publish(challenge: ChallengeRef, body: Publish, write: WriteIfMatch) -> Written:
    """Tender a drafted challenge with an application deadline."""
    command = commands.PublishChallenge(challenge, body.deadline)
    return write.change(command, body)


@router.post("/{challenge}/close", response_model=Written, responses=WRITE_ERRORS, summary="Close")
def close(challenge: ChallengeRef, write: WriteIfMatch, body: Close | None = None) -> Written:
    reason = body.reason if body else ""
    return write.change(commands.CloseChallenge(challenge, reason), body)


@router.post("/{challenge}/reopen", response_model=Written, responses=WRITE_ERRORS, summary="Reopen")
def reopen(challenge: ChallengeRef, body: Reopen, write: WriteIfMatch) -> Written:
    """Undo the close of a challenge (at or before its deadline); the close stays in its history.
    Managers only."""
    return write.change(commands.ReopenChallenge(challenge, body.reason), body)


@router.post("/{challenge}/award", response_model=Written, responses=WRITE_ERRORS, summary="Award")
def award(challenge: ChallengeRef, body: Award, write: WriteIfMatch) -> Written:
    """Award a closed challenge to startups that applied or stand on its shortlists."""
    command = commands.AwardChallenge(challenge, body.startups)
    return write.change(command, body)


@router.post(
    "/{challenge}/revoke-award", response_model=Written, responses=WRITE_ERRORS, summary="Revoke the award"
)
def revoke_award(challenge: ChallengeRef, body: RevokeAward, write: WriteIfMatch) -> Written:
    """Undo an award (entered by mistake, or the winner stepped back) before its implementation
    completed: the challenge is closed again and may be awarded anew. The award stays in the
    history and counts until the day it was revoked. Managers only."""
    return write.change(commands.RevokeAward(challenge, body.reason), body)


@router.post(
    "/{challenge}/implementation/start",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Start the implementation",
)
def start_implementation(challenge: ChallengeRef, body: StartImplementation, write: WriteIfMatch) -> Written:
    command = commands.StartImplementation(challenge, body.expected_end)
    return write.change(command, body)


@router.post(
    "/{challenge}/implementation/complete",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Complete the implementation",
)
def complete_implementation(
    challenge: ChallengeRef, write: WriteIfMatch, body: CompleteImplementation | None = None
) -> Written:
    summary = body.summary if body else ""
    command = commands.CompleteImplementation(challenge, summary)
    return write.change(command, body)


@router.post("/{challenge}/withdraw", response_model=Written, responses=WRITE_ERRORS, summary="Withdraw")
def withdraw(challenge: ChallengeRef, body: Withdraw, write: WriteIfMatch) -> Written:
    command = commands.WithdrawChallenge(challenge, body.reason)
    return write.change(command, body)
