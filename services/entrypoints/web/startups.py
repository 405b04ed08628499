"""The startup directory and a startup's page: profile, applications, shortlistings, awards.

Both come from the directory queries the API answers with, so other startups' contact persons are
withheld from a startup's key here as there, and applications and shortlistings are shown only to
whom the API shows them. The directory is searched, filtered and paged by the same query as the
API's listing and `matchmaker startup list` (services/application/queries/startup_search.py).
"""

from __future__ import annotations

from typing import Annotated

from babel import Locale
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from domain.errors import InvalidValue
from domain.values import Region, Sector, Stage
from services.application.queries import decisions
from services.application.queries import directory as startups
from services.application.translations import N_
from services.entrypoints.web.backend import Backend, backend
from services.entrypoints.web.forms import field_errors
from services.entrypoints.web.paging import PAGING, page_links, paged, whole
from services.entrypoints.web.render import PageRoute, page
from services.entrypoints.web.session import Seeing

router = APIRouter(route_class=PageRoute)
Api = Annotated[Backend, Depends(backend)]
#: The profile's facts the page lists (the description, capabilities and sectors stand apart).
FACTS = ("city", "stage", "founded", "team_size", "languages", "website", "contact_name", "contact_email")
#: The directory's search form, as its query parameters name it.
FILTERS = ("search", "sector", "stage", "region", "language")
#: Working languages offered in the language filter (any other code can be typed into the URL).
LANGUAGES = ("de", "en", "nl", "fr", "es", "it", "pl", "tr")
#: Their names in the page's language, from Babel's locale data (CLDR): Deutsch, Englisch, …
LANGUAGE_NAMES = {
    page: {code: Locale.parse(page).languages.get(code, code) for code in LANGUAGES} for page in ("de", "en")
}


@router.get("/startups")
def directory(request: Request, visitor: Seeing, api: Api) -> HTMLResponse:
    """The directory, one page of it: search and filters in the query string, so a search can be
    bookmarked and the page links keep it."""
    chosen = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    found, errors = None, {}
    try:
        asked = startups.Search(
            text=chosen["search"],
            sector=chosen["sector"] or None,
            stage=chosen["stage"] or None,
            region=chosen["region"] or None,
            language=chosen["language"] or None,
            page=whole(request, "page", 1),
            page_size=whole(request, "page_size", startups.PAGE_SIZE),
        )
        found = startups.find(visitor.actor, api.store, asked, build=True)
    except InvalidValue as error:
        errors = field_errors(error, FILTERS + PAGING)
    return page(
        request,
        "startups.html",
        status=422 if errors else 200,
        found=found,
        chosen=chosen,
        errors=errors,
        pages=page_links(found) if found else [],
        link=lambda number: paged(request, number),
        sectors=[s.value for s in Sector],
        stages=[s.value for s in Stage],
        regions=[r.value for r in Region],
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
    )


@router.get("/startups/{startup}")
def startup_page(request: Request, startup: str, visitor: Seeing, api: Api) -> HTMLResponse:
    state = startups.startup(visitor.actor, api.store, startup)
    entry = next(r for r in startups.directory(visitor.actor, api.store) if r["id"] == state["id"])
    challenges = decisions.challenges_of(visitor.actor, api.store, state["ref"])  # each once
    return page(request, "startup.html", state=state, entry=entry, fields=FACTS, challenges=challenges)


#: The states a startup's page names per challenge (`t['state_' ~ r.state]`), for extraction.
STATES = (
    N_("state_awarded"),
    N_("state_accepted"),
    N_("state_rejected"),
    N_("state_shortlisted"),
    N_("state_applied"),
    N_("state_withdrawn"),
)
