"""The challenge board: every challenge the visitor may see, filtered by programme, status, sector.

The rows come from the board query the API answers with, so a startup sees only published
challenges and no shortlist counts here either.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from domain import ChallengeStatus
from domain.errors import InvalidValue
from domain.values import Sector, choice
from services.application.queries import board as challenges
from services.application.queries import programmes
from services.entrypoints.web.backend import Backend, backend
from services.entrypoints.web.forms import field_errors
from services.entrypoints.web.render import PageRoute, page
from services.entrypoints.web.session import Seeing
from services.errors import NotFound

router = APIRouter(route_class=PageRoute)
Api = Annotated[Backend, Depends(backend)]
FILTERS = ("programme", "status", "sector")


@router.get("/challenges")
def board(request: Request, visitor: Seeing, api: Api) -> HTMLResponse:
    chosen = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    rows, errors = [], {}
    try:
        status = choice("status", chosen["status"], ChallengeStatus) if chosen["status"] else None
        sector = choice("sector", chosen["sector"], Sector) if chosen["sector"] else None
        rows = challenges.board(visitor.actor, api.store, chosen["programme"] or None, status, sector)
    except (InvalidValue, NotFound) as error:
        errors = field_errors(error, FILTERS)
    return page(
        request,
        "board.html",
        status=422 if errors else 200,
        rows=rows,
        chosen=chosen,
        errors=errors,
        programmes=programmes.programmes(visitor.actor, api.store),
        statuses=[s.value for s in ChallengeStatus],
        sectors=[s.value for s in Sector],
    )
