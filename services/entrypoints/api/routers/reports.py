"""/reports/council: the council inquiry 2021/0401 answered for any date, in German or English,
numbered like the inquiry's questions; /reports/council/export: the same report as CSV, XLSX or
PDF (the files the CLI and the web page hand out)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from pydantic import BaseModel, Field

from services.application.exports import report as exports
from services.application.queries import report as queries
from services.application.reporting import render
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import READ_ERRORS
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.api.security import Caller

router = APIRouter(route_class=ApiRoute, prefix="/reports", tags=["reports"])


class CouncilReport(BaseModel):
    as_of: date
    lang: str
    since: int
    text: str = Field(
        description="The report as the council reads it, sections numbered like the inquiry's questions."
    )
    report: dict[str, Any] = Field(
        description="The figures: startups, programmes and partners, projects, planned and held workshops."
    )


@router.get("/council", response_model=CouncilReport, responses=READ_ERRORS, summary="The council report")
def council(
    by: Caller,
    api: Annotated[Backend, Depends(backend)],
    as_of: Annotated[date | None, Query(description="Business date of the report (default today).")] = None,
    lang: Annotated[Literal["de", "en"], Query(description="Language of the text.")] = "de",
    since: Annotated[int, Query(ge=1900, le=2100, description="Projects started since this year.")] = 2018,
) -> dict[str, Any]:
    day = as_of or date.today()
    report = queries.council(by, api.store, day, since)
    return {"as_of": day, "lang": lang, "since": since, "text": render(report, lang), "report": report}


@router.get(
    "/council/export",
    response_class=Response,
    responses={
        **READ_ERRORS,
        200: {
            "description": "The council report as a file (Content-Disposition names it): sections "
            "numbered like the inquiry's questions, counts as numbers, the funnel per programme.",
            "content": {media_type: {} for media_type in exports.MEDIA_TYPES.values()},
        },
        503: {"description": "No PDF can be made here: Chromium is missing or failed."},
    },
    summary="Export the council report as CSV, XLSX or PDF",
)
def export_council(
    by: Caller,
    api: Annotated[Backend, Depends(backend)],
    format: Annotated[
        Literal["csv", "xlsx", "pdf"], Query(description="csv (UTF-8), xlsx (a spreadsheet) or pdf.")
    ] = "csv",
    as_of: Annotated[date | None, Query(description="Business date of the report (default today).")] = None,
    lang: Annotated[Literal["de", "en"], Query(description="Language of the report.")] = "de",
    since: Annotated[int, Query(ge=1900, le=2100, description="Projects started since this year.")] = 2018,
) -> Response:
    day = as_of or date.today()
    report = exports.council(by, api.store, day, since, lang)
    try:
        made = exports.export(report, format)
    except exports.PdfUnavailable as error:
        raise HTTPException(503, error.reason) from None
    disposition = f'attachment; filename="{made.filename}"'
    return Response(made.content, media_type=made.media_type, headers={"Content-Disposition": disposition})
