"""The HTTP process: the API and the web pages side by side, over one backend and one set of keys.

The API (services/entrypoints/api) and the pages (services/entrypoints/web) know nothing of each
other; this module alone puts them into one application. The pages stay outside the OpenAPI
document. `create_app(store_location, keys)` is what tests and `matchmaker api` use; called
without arguments (`uvicorn --factory services.entrypoints.http:create_app`, and in each process
`--workers N` starts) it reads the store location and the keys from the environment
(MATCHMAKER_STORE, MATCHMAKER_API_KEYS, MATCHMAKER_API_KEYS_FILE). Importing it builds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI

from domain import Actor
from services.application.keys import Keys
from services.entrypoints.api.app import create_api
from services.entrypoints.web import app as web


def create_app(store_location: str | None = None, keys: Keys | Mapping[str, Actor] | None = None) -> FastAPI:
    """The API over the store at `store_location` (default MATCHMAKER_STORE) with these keys
    (default: from the environment), and the pages under /ui on the same backend and keys."""
    app = create_api(store_location, keys)
    web.install(app)
    return app
