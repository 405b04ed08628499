"""An item's history: every event, who recorded it in which role, when it happened and was
recorded, and what it changed; for managers and auditors, from the history query the API answers
with."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from domain import KINDS
from domain.errors import InvalidValue
from services.application.queries import history as queries
from services.entrypoints.web.backend import Backend, backend
from services.entrypoints.web.forms import field_errors, optional_date
from services.entrypoints.web.render import PageRoute, page
from services.entrypoints.web.session import Seeing
from services.errors import NotFound

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


@router.get("/history/{kind}/{ref:path}")
def history(request: Request, kind: str, ref: str, visitor: Seeing, api: Api) -> HTMLResponse:
    if kind not in KINDS:
        raise NotFound("kind", f"{kind!r} is not one of: {', '.join(KINDS)}")
    asked = request.query_params.get("as_of", "")
    try:
        as_of = optional_date(asked, "as_of")
    except InvalidValue as error:
        return page(
            request,
            "history.html",
            status=422,
            kind=kind,
            ref=ref,
            as_of=asked,
            errors=field_errors(error),
            entries=[],
        )
    found = queries.history(visitor.actor, api.store, ref, as_of, kind=kind)  # managers, auditors
    entries = [{**vars(e), "lines": summarised(e.changes)} for e in found]
    return page(request, "history.html", kind=kind, ref=ref, as_of=asked, errors={}, entries=entries)
