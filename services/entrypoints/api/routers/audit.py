"""/audit: the auditors' views of the CLI's `matchmaker audit` over HTTP (managers and auditors).

The tamper check, the recomputation of a shortlist, the replay of the read models and the export
of the history, each answering what the CLI prints; and the erasure of a startup's contact data,
which managers record (and a startup for itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from domain import DomainError
from services.application import commands
from services.application.queries import audit as queries
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS, WRITE_ERRORS, locate
from services.entrypoints.api.models import WriteOptions, Written
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller
from services.entrypoints.api.writes import Write

router = APIRouter(route_class=ApiRoute, tags=["audit"])
Api = Annotated[Backend, Depends(backend)]


class Finding(BaseModel):
    position: int = Field(description="The position in the event log.")
    kind: str = Field(description="changed, deleted, inserted, reordered, chain-altered or anchor")
    detail: str


class Verification(BaseModel):
    ok: bool = Field(description="Every stored event matches the hash chain.")
    checked: int = Field(description="Stored events compared with their recorded hashes.")
    head: int = Field(description="The last chained position.")
    anchor: str = Field(description="POSITION:HASH to write down and pass as `anchor` later.")
    first_bad_position: int | None
    findings: list[Finding]


class Row(BaseModel):
    startup: str
    score: float


class ShortlistCheck(BaseModel):
    shortlist: str
    recomputable: bool = Field(description="False for hand-picked shortlists.")
    identical: bool = Field(description="Same order, every score within 1e-6.")
    reasons: list[str] = Field(description="How the matcher now differs from the recorded one.")
    differences: list[str] = Field(description="How the ranking differs.")
    explanation: str = Field(description="What a recomputation with the recorded weights showed.")
    recorded: list[Row]
    recomputed: list[Row]


class Comparison(BaseModel):
    name: str = Field(description="The read model.")
    position: int
    live: int = Field(description="Documents in the live read model.")
    replayed: int = Field(description="Documents rebuilt from the first event.")
    count: int = Field(description="Documents that differ.")
    identical: bool
    differences: list[str] = Field(description="The first differences, with the differing fields.")


class Erase(WriteOptions):
    reason: str = Field(description="The request it follows.", examples=["Löschersuchen nach Art. 17 DSGVO"])


@router.get("/audit/verify", response_model=Verification, responses=READ_ERRORS, summary="Tamper check")
def verify(
    by: Caller,
    api: Api,
    anchor: Annotated[
        str | None,
        Query(description="POSITION:HASH from an earlier check: the chain must still pass through it."),
    ] = None,
) -> dict[str, Any]:
    """Check every stored event against the hash chain; findings name positions, first bad first."""
    result = queries.verify(by, api.store, anchor)
    return {
        "ok": result.ok,
        "checked": result.checked,
        "head": result.head,
        "anchor": result.anchor,
        "first_bad_position": result.first_bad_position,
        "findings": [vars(f) for f in result.findings],
    }


@router.get(
    "/audit/shortlists/{challenge}/{number}",
    response_model=ShortlistCheck,
    responses=READ_ERRORS,
    summary="Recompute a shortlist",
)
async def verify_a_shortlist(
    challenge: Annotated[
        str, Path(description="The challenge's ref or UUID.", examples=["smart-waste-hunter"])
    ],
    number: Annotated[int, Path(ge=1, le=1_000_000, description="The shortlist's number.")],
    by: Caller,
    api: Api,
) -> dict[str, Any]:
    """Recompute the shortlist from the history as it was when it was made; identical, or what
    differs and why."""
    ref = queries.shortlist_of(by, api.store, challenge, number)
    return (await api.rank(lambda: queries.verify_shortlist(by, api.store, ref))).as_record()


@router.get("/audit/replay", response_model=list[Comparison], responses=READ_ERRORS, summary="Replay")
async def replay_read_models(by: Caller, api: Api) -> list[dict[str, Any]]:
    """Rebuild every read model from the first event in a scratch place and compare it with the live one."""
    results = await api.rank(lambda: queries.replay(by, api.store))
    return [{**vars(r), "identical": r.identical} for r in results]


@router.get(
    "/audit/export",
    responses={
        **READ_ERRORS,
        200: {
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
            "description": "JSON lines",
        },
    },
    response_class=StreamingResponse,
    summary="Export the history",
)
def export_history(
    by: Caller,
    api: Api,
    ref: Annotated[
        str | None,
        Query(
            description="One item (kind/ref or UUID); default the whole log.", examples=["smart-waste-hunter"]
        ),
    ] = None,
) -> StreamingResponse:
    """The history of one item, or the whole log, one JSON object per event."""
    records = queries.export(by, api.store, ref)
    try:
        first = next(records, None)  # an unknown reference is refused before the answer starts
    except DomainError as error:
        raise locate(error, "query", "ref") from None

    def lines() -> Iterator[str]:
        if first is not None:
            yield json.dumps(first, ensure_ascii=False) + "\n"
        for record in records:
            yield json.dumps(record, ensure_ascii=False) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.post(
    "/startups/{startup}/erase",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Erase contact data",
    tags=["startups"],
)
def erase(
    startup: Annotated[str, Path(description="The startup's ref or UUID.", examples=["einsatzlotse"])],
    body: Erase,
    write: Write,
) -> Written:
    """Erase the contact person's name and email on request (GDPR): no read model, export, replay or
    answer shows them again, and the history still verifies. Repeating it records nothing."""
    return write.change(commands.ErasePersonalData(startup, body.reason), body)
