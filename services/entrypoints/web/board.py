"""The challenge board: every challenge the visitor may see, filtered by programme, status, sector,
searched by words of its title or text (owner, programme, reference, description, capabilities asked
for, data offered), a page of 50 at a time.

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
from services.entrypoints.web.paging import PAGING, page_links, paged, whole
from services.entrypoints.web.render import PageRoute, page
from services.entrypoints.web.session import Seeing
from services.errors import NotFound

router = APIRouter(route_class=PageRoute)
Api = Annotated[Backend, Depends(backend)]
FILTERS = ("search", "programme", "status", "sector")


@router.get("/challenges")
def board(request: Request, visitor: Seeing, api: Api) -> HTMLResponse:
    chosen = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    found, errors = None, {}
    try:
        status = choice("status", chosen["status"], ChallengeStatus) if chosen["status"] else None
        sector = choice("sector", chosen["sector"], Sector) if chosen["sector"] else None
        found = challenges.find(
            visitor.actor,
            api.store,
            chosen["programme"] or None,
            status,
            sector,
            chosen["search"],
            page=whole(request, "page", 1),
            page_size=whole(request, "page_size", challenges.PAGE_SIZE),
        )
    except (InvalidValue, NotFound) as error:
        errors = field_errors(error, (*FILTERS, *PAGING))
    return page(
        request,
        "board.html",
        status=422 if errors else 200,
        found=found,
        rows=found.items if found else [],
        pages=page_links(found) if found else [],
        link=lambda number: paged(request, number),
        chosen=chosen,
        errors=errors,
        programmes=programmes.programmes(visitor.actor, api.store),
        statuses=[s.value for s in ChallengeStatus],
        sectors=[s.value for s in Sector],
    )
