"""Mounting the web pages into the API's process, under /ui and outside the OpenAPI document."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.web import board, challenge, history, login, report, startups
from services.web.session import PATH

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    """The pages and their static files (CSS, the vendored htmx) on an app built by create_app."""
    for module in (login, board, challenge, startups, report, history):
        app.include_router(module.router, prefix=PATH, include_in_schema=False)
    app.mount(f"{PATH}/static", StaticFiles(directory=STATIC), name="web-static")
