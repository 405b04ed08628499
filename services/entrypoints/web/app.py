"""Mounting the web pages into the API's process, under /ui and outside the OpenAPI document."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from services.entrypoints.web import board, challenge, history, login, report, startups
from services.entrypoints.web.render import PageRoute
from services.entrypoints.web.session import PATH
from services.errors import NotFound

#: Last of the routers under /ui: an address no page answers gets a page too, not the API's JSON.
unknown = APIRouter(route_class=PageRoute)


@unknown.api_route("/{rest:path}", methods=["GET", "POST"])
def no_such_page(rest: str, request: Request) -> HTMLResponse:
    raise NotFound("path", f"there is no page {request.url.path}")


STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    """The pages and their static files (CSS, the vendored htmx) on an app built by create_app."""
    for module in (login, board, challenge, startups, report, history):
        app.include_router(module.router, prefix=PATH, include_in_schema=False)
    app.mount(f"{PATH}/static", StaticFiles(directory=STATIC), name="web-static")
    app.include_router(unknown, prefix=PATH, include_in_schema=False)
