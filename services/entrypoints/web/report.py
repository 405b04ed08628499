"""The programme report: the council report as of a chosen date, as a document (headings numbered
like the inquiry's questions, tables, each programme's funnel chart), with a chart of challenges
and applications over time (drawn on the server, services/application/exports/timeline.py) and the
report as CSV, XLSX or PDF.

The document's body is rendered by the application layer (services/application/exports/report.py),
the same HTML the PDF is printed from, so the page and the PDF cannot differ.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from domain.errors import InvalidValue
from services.application.exports import report as exports
from services.entrypoints.web.backend import Backend, backend
from services.entrypoints.web.forms import field_errors, optional_date
from services.entrypoints.web.render import PageRoute, page
from services.entrypoints.web.session import Seeing

router = APIRouter(route_class=PageRoute)
Api = Annotated[Backend, Depends(backend)]
SINCE = 2018  # the council asked about projects since 2018


def _day(request: Request) -> date:
    return optional_date(request.query_params.get("as_of", ""), "as_of") or date.today()


@router.get("/report")
def report(request: Request, visitor: Seeing, api: Api) -> HTMLResponse:
    asked = request.query_params.get("as_of", "")
    try:
        day = _day(request)
    except InvalidValue as error:
        return page(request, "report.html", status=422, as_of=asked, errors=field_errors(error), result=None)
    doc = exports.council(visitor.actor, api.store, day, SINCE, visitor.lang)  # asks the access policy
    return page(
        request,
        "report.html",
        as_of=day.isoformat(),
        errors={},
        result={"document": exports.fragment(doc, level=2), "timeline": exports.timeline_fragment(doc)},
        formats=list(exports.MEDIA_TYPES),
    )


@router.get("/report/export")
def export(request: Request, visitor: Seeing, api: Api) -> Response:
    """The report as a file (`?format=csv|xlsx|pdf&as_of=`) in the visitor's language: the file the
    API and the command line export."""
    day = _day(request)
    made = exports.export(
        exports.council(visitor.actor, api.store, day, SINCE, visitor.lang),
        request.query_params.get("format", "csv"),
    )
    disposition = f'attachment; filename="{made.filename}"'
    return Response(made.content, media_type=made.media_type, headers={"Content-Disposition": disposition})
