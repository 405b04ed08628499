"""Shortlists of a challenge: ranked by the matcher with reasons, then decided on by managers.

A shortlist's ref is `<challenge ref>/shortlist-<n>`, so its paths nest under its challenge:
`/challenges/{challenge}/shortlists/{number}`. Startups see no shortlists.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from domain import Challenge, Shortlist, Startup
from domain.shortlist import shortlist_ref
from domain.values import Region, Sector, Stage
from services.application import access, shortlisting
from services.application.commands import (
    AcceptCandidate,
    FinaliseShortlist,
    RejectCandidate,
    WithdrawDecision,
)
from services.application.exports import shortlist as exports
from services.application.queries import decisions as decision_queries
from services.application.queries import shortlists as queries
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS, WRITE_ERRORS
from services.entrypoints.api.models import ChangeOptions, WriteOptions, Written
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller
from services.entrypoints.api.writes import WriteIfMatch, Writing, find, identify, when_of

router = APIRouter(route_class=ApiRoute, tags=["shortlists"])
ChallengeRef = Annotated[
    str, Path(description="The challenge's ref or UUID.", examples=["smart-waste-hunter"])
]
Number = Annotated[int, Path(ge=1, le=1_000_000, description="The shortlist's number within its challenge.")]
Api = Annotated[Backend, Depends(backend)]


class RequestShortlist(WriteOptions):
    """What to rank: how many, which filters (applied after scoring), and whether to diversify."""

    top: int = Field(10, ge=1, le=100, description="How many candidates.")
    sectors: list[Sector] = Field([], description="Only startups in these sectors.")
    stages: list[Stage] = Field([], description="Only startups at these stages.")
    region: Region | None = Field(None, description="Only startups in this region.")
    exclude_applied: bool = Field(False, description="Leave out startups that applied.")
    exclude_rejected: bool = Field(False, description="Leave out startups rejected for it before.")
    exclude: list[str] = Field([], description="Leave out these startups (refs; conflicts of interest).")
    diverse: bool = Field(False, description="Maximal marginal relevance: fewer near-duplicates.")
    wait: bool = Field(
        False,
        description="Embed profiles the embeddings read model has not reached yet first, instead of "
        "ranking them on their text alone (the settings say how many were).",
    )


class Accept(ChangeOptions):
    startup: str = Field(description="The candidate's ref or UUID.", examples=["einsatzlotse"])
    reason: str = Field(
        "",
        description="Why (required when it changes a rejection: the decision then names the one it "
        "replaces).",
        examples=["routing for municipal fleets"],
    )


class Reject(ChangeOptions):
    startup: str = Field(description="The candidate's ref or UUID.", examples=["kerbside-ops"])
    reason: str = Field(description="Why (required).", examples=["consumer app"])


class WithdrawDecisionBody(ChangeOptions):
    startup: str = Field(description="The candidate's ref or UUID.", examples=["kerbside-ops"])
    reason: str = Field(
        description="Why the decision is taken back (required).", examples=["rejected by mistake"]
    )


class DecisionView(BaseModel):
    verdict: str = Field(description="accepted or rejected")
    reason: str
    actor: str
    on: date


class CandidateView(BaseModel):
    rank: int
    startup: str = Field(description="The startup's ref.", examples=["startup/einsatzlotse"])
    startup_id: UUID
    name: str
    score: float = Field(description="The fused score the ranking is by.")
    profile_version: int = Field(description="The profile version that was scored.")
    components: dict[str, float] = Field(description="Every component's score (dense, lexical, sector, …).")
    reasons: dict[str, Any] = Field(description="Matched capabilities, terms, the closest sentence.")
    decision: DecisionView | None


class ShortlistView(BaseModel):
    kind: str = "shortlist"
    ref: str = Field(examples=["smart-waste-hunter/shortlist-1"])
    id: UUID
    number: int
    challenge: str = Field(description="The challenge's ref.")
    challenge_version: int = Field(description="The challenge version ranked against.")
    version: int
    produced_on: date
    finalised_on: date | None
    pool_size: int | None = Field(
        description="How many startups were ranked: every one known on `pool_as_of` (none for a "
        "shortlist picked by hand).",
        examples=[118],
    )
    pool_as_of: date | None = Field(
        description="The business date whose startups were ranked (none for a shortlist picked by hand).",
        examples=["2022-03-20"],
    )
    matcher: dict[str, Any] = Field(description="Model names and fingerprints, weights, re-ranker.")
    settings: dict[str, Any] = Field(description="Top, filters, pool size and the log position read.")
    candidates: list[CandidateView]


def with_pool(view: dict[str, Any]) -> dict[str, Any]:
    """A shortlist's view with what it ranked said outright: "ranked 118 startups known on
    2022-03-20" (the settings a ranking records; a hand-picked shortlist has neither)."""
    settings = view.get("settings") or {}
    size = settings.get("pool_size")
    # a ranking is of its shortlist's business date; rankings recorded by hand may not say so
    on = settings.get("pool_as_of") or (view.get("produced_on") if size is not None else None)
    return {**view, "pool_size": size, "pool_as_of": on}


class ShortlistSummary(BaseModel):
    ref: str
    id: str
    number: int
    challenge: str = Field(description="The challenge's title.")
    produced_on: str
    candidates: int
    decided: int
    finalised_on: str | None


class Shortlists(BaseModel):
    count: int
    items: list[ShortlistSummary]


@router.get("/shortlists", response_model=Shortlists, responses=READ_ERRORS, summary="Every shortlist")
def every_shortlist(by: Caller, api: Api) -> dict[str, Any]:
    rows = queries.summaries(by, api.store)
    return {"count": len(rows), "items": rows}


@router.get(
    "/challenges/{challenge}/shortlists",
    response_model=Shortlists,
    responses=READ_ERRORS,
    summary="A challenge's shortlists",
)
def challenge_shortlists(challenge: ChallengeRef, by: Caller, api: Api) -> dict[str, Any]:
    rows = queries.summaries(by, api.store, challenge)
    return {"count": len(rows), "items": rows}


@router.post(
    "/challenges/{challenge}/shortlists",
    response_model=ShortlistView,
    status_code=201,
    responses=WRITE_ERRORS,
    summary="Request a ranked shortlist",
)
async def request_shortlist(
    challenge: ChallengeRef, body: RequestShortlist, by: Caller, response: Response, api: Api
) -> dict[str, Any]:
    """Rank every startup known on the business date for the challenge, and record the top ones
    with their scores and reasons as the challenge's next shortlist. The answer says what was
    ranked (`pool_size` startups known on `pool_as_of`); the settings also say how many of those
    profiles were not embedded yet (ranked on their text alone)."""
    access.check_write(by, "shortlist")
    request = shortlisting.Request(
        top=body.top,
        sectors=tuple(body.sectors),
        stages=tuple(body.stages),
        region=body.region,
        exclude_applied=body.exclude_applied,
        exclude_rejected=body.exclude_rejected,
        exclude=tuple(body.exclude),
        diverse=body.diverse,
        wait=body.wait,
    )

    def rank() -> dict[str, Any]:
        the_challenge = find(api.store, Challenge, challenge, "path", "challenge")
        return shortlisting.request_and_view(
            api.store, str(the_challenge.id), request, by=by, when=when_of(body)
        )

    result = await api.rank(rank)
    response.headers["ETag"] = f'"{result["version"]}"'
    return with_pool(result)


@router.get(
    "/challenges/{challenge}/shortlists/{number}",
    response_model=ShortlistView,
    responses=READ_ERRORS,
    summary="Read a shortlist",
)
def read_shortlist(
    challenge: ChallengeRef, number: Number, by: Caller, response: Response, api: Api
) -> dict[str, Any]:
    """Candidates with scores, components, reasons and the decisions taken."""
    found = queries.shortlist(by, api.store, challenge, number)
    response.headers["ETag"] = f'"{found["version"]}"'
    return with_pool(found)


def _named(write: Writing, challenge: str, number: int) -> str:
    """The id of the shortlist a path names; startups learn nothing of shortlists, not even
    whether one exists."""
    access.check_write(write.by, "shortlist")
    the_challenge = find(write.store, Challenge, challenge, "path", "challenge")
    return str(identify(write.store, Shortlist, shortlist_ref(the_challenge, number), "path", "number"))


def _candidate(write: Writing, body: Accept | Reject | WithdrawDecisionBody) -> str:
    return str(identify(write.store, Startup, body.startup, "body", "startup"))


@router.post(
    "/challenges/{challenge}/shortlists/{number}/accept",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Accept a candidate",
)
def accept(challenge: ChallengeRef, number: Number, body: Accept, write: WriteIfMatch) -> Written:
    command = AcceptCandidate(_named(write, challenge, number), _candidate(write, body), body.reason)
    return write.change(command, body, field="number")


@router.post(
    "/challenges/{challenge}/shortlists/{number}/reject",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Reject a candidate",
)
def reject(challenge: ChallengeRef, number: Number, body: Reject, write: WriteIfMatch) -> Written:
    """Reject a candidate, saying why (a reason is required); rejecting an accepted candidate
    changes the decision, and the new one names the one it replaces."""
    command = RejectCandidate(_named(write, challenge, number), _candidate(write, body), body.reason)
    return write.change(command, body, field="number")


@router.post(
    "/challenges/{challenge}/shortlists/{number}/withdraw-decision",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Withdraw a decision",
)
def withdraw_decision(
    challenge: ChallengeRef, number: Number, body: WithdrawDecisionBody, write: WriteIfMatch
) -> Written:
    """Take back an accept or a reject entered by mistake, saying why: the candidate is undecided
    again, and the decision stays in the shortlist's history. (To change a decision instead,
    accept or reject anew with a reason.)"""
    command = WithdrawDecision(_named(write, challenge, number), _candidate(write, body), body.reason)
    return write.change(command, body, field="number")


@router.post(
    "/challenges/{challenge}/shortlists/{number}/finalise",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Finalise a shortlist",
)
def finalise(
    challenge: ChallengeRef, number: Number, write: WriteIfMatch, body: ChangeOptions | None = None
) -> Written:
    """No more decisions on it afterwards."""
    command = FinaliseShortlist(_named(write, challenge, number))
    return write.change(command, body, field="number")


@router.get(
    "/challenges/{challenge}/shortlists/{number}/export",
    response_class=Response,
    responses={
        **READ_ERRORS,
        200: {
            "description": "The shortlist as a file (Content-Disposition names it): a row per "
            "candidate with rank, ref, name, every score component and the fused score, the "
            "reasons, and the decision with its date and reason.",
            "content": {media_type: {} for media_type in exports.MEDIA_TYPES.values()},
        },
    },
    summary="Export a shortlist as CSV or XLSX",
)
def export_shortlist(
    challenge: ChallengeRef,
    number: Number,
    by: Caller,
    api: Api,
    format: Annotated[
        Literal["csv", "xlsx"], Query(description="csv (UTF-8) or xlsx (a spreadsheet).")
    ] = "csv",
    lang: Annotated[
        Literal["de", "en"] | None,
        Query(description="Headers, verdicts and reasons in German or English (default: keys)."),
    ] = None,
) -> Response:
    """The same file the command line and the web pages export (not for startups)."""
    made = exports.export(by, api.store, challenge, number, format, language=lang)
    disposition = f'attachment; filename="{made.filename}"'
    return Response(made.content, media_type=made.media_type, headers={"Content-Disposition": disposition})


class Placement(BaseModel):
    shortlist: str = Field(examples=["smart-waste-hunter/shortlist-1"])
    number: int
    rank: int
    score: float


class DecisionEntry(BaseModel):
    shortlist: str = Field(description="The shortlist it was taken on.")
    number: int
    verdict: str = Field(description="accepted, rejected or withdrawn (a decision taken back).")
    reason: str
    on: date
    recorded: str | None = Field(description="When it was recorded (orders decisions of one day).")
    actor: str | None


class StartupDecisions(BaseModel):
    startup: str = Field(examples=["startup/einsatzlotse"])
    startup_id: str
    name: str
    shortlisted: list[Placement] = Field(description="Every shortlist of the challenge it is on.")
    best_rank: int
    current: DecisionEntry | None = Field(
        description="The latest decision that stands across the challenge's shortlists (none: open)."
    )
    history: list[DecisionEntry] = Field(description="Every decision and withdrawal, oldest first.")


class ChallengeDecisions(BaseModel):
    challenge: str = Field(examples=["challenge/smart-waste-hunter"])
    title: str
    shortlists: list[str]
    startups: list[StartupDecisions]


@router.get(
    "/challenges/{challenge}/decisions",
    response_model=ChallengeDecisions,
    responses=READ_ERRORS,
    summary="One decision view per challenge",
)
def challenge_decisions(challenge: ChallengeRef, by: Caller, api: Api) -> dict[str, Any]:
    """Every startup on any of the challenge's shortlists with the latest decision that stands for
    it across all of them (accepted on 1 and rejected on 3 later is rejected; a withdrawn decision
    no longer stands), and the history of decisions (not for startups)."""
    return decision_queries.decisions(by, api.store, challenge)
