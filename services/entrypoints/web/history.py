"""An item's history: every event, who recorded it in which role, when it happened and was
recorded, and what it changed; for managers and auditors, from the history query the API answers
with. A manager corrects a wrongly dated event from here: the date it should have had and why,
recorded as an event of its own (the API's `POST /history/{kind}/{ref}/events/{n}/date`)."""

from __future__ import annotations

import json
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from domain import KINDS
from domain.errors import InvalidValue, RuleViolation
from services.application import access
from services.application.commands import CorrectDate, handle
from services.application.queries import history as queries
from services.entrypoints.web.backend import Backend, backend
from services.entrypoints.web.forms import field_errors, optional_date, text
from services.entrypoints.web.render import PageRoute, page, see_other, status_of
from services.entrypoints.web.session import PATH, Seeing, Visitor, Writing
from services.errors import AccessDenied, Conflict, NotFound

router = APIRouter(route_class=PageRoute)
Api = Annotated[Backend, Depends(backend)]
#: A change longer than this is shown folded (a shortlist's candidates, a matcher's identity).
SHORT = 120


def summarised(changes: dict[str, Any]) -> list[dict[str, Any]]:
    """Each changed field in one line, and the whole value to unfold where it is long."""
    lines = []
    for field, value in changes.items():
        if isinstance(value, str | int | float | bool) or value is None:
            short, full = str(value), None
        else:
            full = json.dumps(value, ensure_ascii=False, indent=1)
            flat = json.dumps(value, ensure_ascii=False)
            short = flat if len(flat) <= SHORT else f"{len(value)} ×"
            full = None if len(flat) <= SHORT else full
        lines.append({"field": field, "short": short, "full": full})
    return lines


#: The fields of the correction form; a refusal about another goes above the form.
CORRECTION_FIELDS = ("now", "reason")
#: What a correction form shows as its field's message; any other refusal is an error page.
FORM_ERRORS = (ValidationError, InvalidValue, RuleViolation, NotFound, Conflict)


def corrects_dates(visitor: Visitor, kind: str) -> bool:
    """Whether the page offers to correct the dates of this kind's events: managers (the access
    policy lets them write it), not for kinds whose dates are not corrected (a startup's)."""
    if not KINDS[kind].DATES_CORRECTED:
        return False
    try:
        access.check_may_correct_dates(visitor.actor)
    except AccessDenied:
        return False
    return visitor.may_write(kind)


def correctable(entry: dict[str, Any]) -> bool:
    """An event whose date a correction may move: not the first (the item keeps its start), not a
    correction itself."""
    return bool(entry["version"] > 1 and entry["event"] != "DateCorrected")


def history_page(
    request: Request,
    api: Backend,
    visitor: Visitor,
    kind: str,
    ref: str,
    *,
    status: int = 200,
    correction: dict[str, Any] | None = None,
) -> HTMLResponse:
    if kind not in KINDS:
        raise NotFound("kind", f"{kind!r} is not one of: {', '.join(KINDS)}")
    asked = request.query_params.get("as_of", "")
    shown: dict[str, Any] = {"kind": kind, "ref": ref, "as_of": asked, "correction": correction or {}}
    try:
        as_of = optional_date(asked, "as_of")
    except InvalidValue as error:
        return page(
            request,
            "history.html",
            status=422,
            **shown,
            errors=field_errors(error),
            entries=[],
            corrects=False,
        )
    found = queries.history(visitor.actor, api.store, ref, as_of, kind=kind)  # managers, auditors
    entries = [{**vars(e), "lines": summarised(e.changes)} for e in found]
    for entry in entries:
        entry["correctable"] = correctable(entry)
    corrects = corrects_dates(visitor, kind)
    return page(
        request, "history.html", status=status, **shown, errors={}, entries=entries, corrects=corrects
    )


@router.get("/history/{kind}/{ref:path}")
def history(request: Request, kind: str, ref: str, visitor: Seeing, api: Api) -> HTMLResponse:
    return history_page(request, api, visitor, kind, ref)


@router.post("/history/{kind}/{ref:path}/events/{event}/date")
async def correct_date(
    request: Request, kind: str, ref: str, event: str, visitor: Writing, api: Api
) -> Response:
    """Correct the date of event `event`, through the dispatcher the API's endpoint uses; a refusal
    comes back as the history with the message next to the field of that event's form."""
    if kind not in KINDS:
        raise NotFound("kind", f"{kind!r} is not one of: {', '.join(KINDS)}")
    form = await request.form()
    given = {"event": event, "now": text(form, "now"), "reason": text(form, "reason")}

    def run() -> None:
        if not event.isdigit():
            raise NotFound("event", f"{event!r} is not an event number")
        now = optional_date(given["now"], "now")
        if now is None:
            raise InvalidValue("now", "give the date the event should have had")
        handle(api.store, CorrectDate(kind, ref, int(event), now, given["reason"]), by=visitor.actor)

    try:
        await run_in_threadpool(run)
    except FORM_ERRORS as error:
        shown = {**given, "errors": field_errors(error, CORRECTION_FIELDS)}
        again = partial(history_page, request, api, visitor, kind, ref, status=status_of(error))
        return await run_in_threadpool(again, correction=shown)
    return see_other(f"{PATH}/history/{kind}/{ref}#event-{event}")
