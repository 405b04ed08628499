"""The programme report: the council report as of a chosen date, with a chart of challenges and
applications over time (drawn on the server, see services/entrypoints/web/charts.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from domain.errors import InvalidValue
from services.application.queries import report as reports
from services.application.reporting import render
from services.entrypoints.web.backend import Backend, backend
from services.entrypoints.web.charts import step_chart
from services.entrypoints.web.forms import field_errors, optional_date
from services.entrypoints.web.render import PageRoute, page
from services.entrypoints.web.session import Seeing

router = APIRouter(route_class=PageRoute)
Api = Annotated[Backend, Depends(backend)]
SINCE = 2018  # the council asked about projects since 2018


@router.get("/report")
def report(request: Request, visitor: Seeing, api: Api) -> HTMLResponse:
    asked = request.query_params.get("as_of", "")
    try:
        day = optional_date(asked, "as_of") or date.today()
    except InvalidValue as error:
        return page(request, "report.html", status=422, as_of=asked, errors=field_errors(error), result=None)
    figures = reports.council(visitor.actor, api.store, day, SINCE)  # asks the access policy
    result = {"report": figures, "text": render(figures, visitor.lang)}
    points = reports.activity(visitor.actor, api.store, day)
    return page(
        request,
        "report.html",
        as_of=day.isoformat(),
        errors={},
        result=result,
        chart=step_chart(points, day),
        points=points,
    )
