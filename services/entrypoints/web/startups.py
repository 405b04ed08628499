"""The startup directory and a startup's page: profile, applications, shortlistings, awards.

Both come from the directory queries the API answers with, so other startups' contact persons are
withheld from a startup's key here as there, and applications and shortlistings are shown only to
whom the API shows them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from domain.errors import InvalidValue
from domain.values import Sector, choice
from services.application.queries import directory as startups
from services.entrypoints.web.backend import Backend, backend
from services.entrypoints.web.forms import field_errors
from services.entrypoints.web.render import PageRoute, page
from services.entrypoints.web.session import Seeing

router = APIRouter(route_class=PageRoute)
Api = Annotated[Backend, Depends(backend)]
#: The profile's facts the page lists (the description, capabilities and sectors stand apart).
FACTS = ("city", "stage", "founded", "team_size", "languages", "website", "contact_name", "contact_email")


@router.get("/startups")
def directory(request: Request, visitor: Seeing, api: Api) -> HTMLResponse:
    chosen = request.query_params.get("sector", "").strip()
    rows, errors = [], {}
    try:
        sector = choice("sector", chosen, Sector) if chosen else None
        rows = startups.directory(visitor.actor, api.store, sector)
    except InvalidValue as error:
        errors = field_errors(error, ("sector",))
    return page(
        request,
        "startups.html",
        status=422 if errors else 200,
        rows=rows,
        chosen=chosen,
        errors=errors,
        sectors=[s.value for s in Sector],
    )


@router.get("/startups/{startup}")
def startup_page(request: Request, startup: str, visitor: Seeing, api: Api) -> HTMLResponse:
    state = startups.startup(visitor.actor, api.store, startup)
    entry = next(r for r in startups.directory(visitor.actor, api.store) if r["id"] == state["id"])
    return page(request, "startup.html", state=state, entry=entry, fields=FACTS)
