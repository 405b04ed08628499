"""The challenge board: every challenge the visitor may see, filtered by programme, status, sector.

The rows come from the API's own board handler, so a startup sees only published challenges and no
shortlist counts here either.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from domain import ChallengeStatus
from domain.errors import InvalidValue
from domain.values import Sector, choice
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.routers import challenges, programmes
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
        rows = challenges.board(visitor.actor, api, chosen["programme"] or None, status, sector)["items"]
    except (InvalidValue, NotFound) as error:
        errors = field_errors(error, FILTERS)
    return page(
        request,
        "board.html",
        status=422 if errors else 200,
        rows=rows,
        chosen=chosen,
        errors=errors,
        programmes=programmes.list_programmes(visitor.actor, api)["items"],
        statuses=[s.value for s in ChallengeStatus],
        sectors=[s.value for s in Sector],
    )
