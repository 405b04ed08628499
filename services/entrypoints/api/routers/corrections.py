"""Correcting a wrongly dated event: a manager names the event by its number in the item's history
(`GET /history/{kind}/{ref}`) and gives the date it should have had, with a reason.

The correction is an event of its own (`DateCorrected`) that names the event it corrects; nothing
is edited, and the history shows both. Reopening a close, revoking an award and withdrawing a
decision are corrections too, at their items' own paths.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import Field

from domain import KINDS
from services.application import commands
from services.entrypoints.api.errors import WRITE_ERRORS
from services.entrypoints.api.models import ChangeOptions, Written
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.writes import WriteIfMatch

router = APIRouter(route_class=ApiRoute, tags=["history"])
#: The kinds whose events' dates are corrected (a startup's own events are not: it acts itself).
CorrectedKind = StrEnum(  # type: ignore[misc]
    "CorrectedKind", {kind: kind for kind, cls in KINDS.items() if cls.DATES_CORRECTED}
)
Ref = Annotated[
    str,
    Path(
        description="The item's ref (shortlists and applications have two parts, e.g. "
        "`smart-waste-hunter/shortlist-1`) or its UUID.",
        examples=["smart-waste-hunter"],
    ),
]
Event = Annotated[
    int, Path(ge=1, le=2**53, description="The event's number (`version`) in the item's history.")
]


class CorrectDate(ChangeOptions):
    """The date the event should have had, and why; `occurred_on` is the day of the correction."""

    now: date = Field(
        description="The business date the event should have had: between the dates of the events "
        "before and after it, and not after the day of the correction.",
        examples=["2022-03-20"],
    )
    reason: str = Field(description="Why the date was wrong (required).", examples=["typed 2023 for 2022"])


@router.post(
    "/history/{kind}/{ref:path}/events/{event}/date",
    response_model=Written,
    responses=WRITE_ERRORS,
    summary="Correct an event's date",
)
def correct_date(
    kind: CorrectedKind, ref: Ref, event: Event, body: CorrectDate, write: WriteIfMatch
) -> Written:
    """Give a wrongly dated event of an item the business date it should have had, saying why
    (managers only). Recorded as an event of its own that names the one it corrects; the board,
    the report and every read "as of a date" then see the event on its corrected date. The first
    event of an item keeps its date."""
    command = commands.CorrectDate(kind.value, ref, event, body.now, body.reason)
    return write.change(command, body, field="ref")
