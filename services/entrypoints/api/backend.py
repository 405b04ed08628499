"""The dependency the API's handlers ask for: the backend (services/application/backend.py) of the
app serving the request."""

from __future__ import annotations

from fastapi import Request

from services.application.backend import THREADS, Backend

__all__ = ["THREADS", "Backend", "backend"]


def backend(request: Request) -> Backend:
    return request.app.state.backend  # type: ignore[no-any-return]
