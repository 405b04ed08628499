"""The dependency the pages ask for: the backend (services/application/backend.py) of the app
serving the request, the same one the API's handlers use in that process."""

from __future__ import annotations

from fastapi import Request

from services.application.backend import Backend

__all__ = ["Backend", "backend"]


def backend(request: Request) -> Backend:
    return request.app.state.backend  # type: ignore[no-any-return]
