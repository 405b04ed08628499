"""The FastAPI application of the API: routers, error answers, keys, and the store it serves.

`create_api(store_location, keys)` builds it; services/entrypoints/http.py adds the web pages
beside it, and is what `matchmaker api`, uvicorn and the tests serve. The store is opened on the
first request, not on import.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from pydantic import BaseModel

from domain import Actor
from services.application.keys import Keys
from services.bootstrap import bootstrap
from services.entrypoints.api import errors
from services.entrypoints.api.backend import THREADS, Backend
from services.entrypoints.api.bodylimit import BodyLimit, max_body
from services.entrypoints.api.routers import (
    applications,
    audit,
    challenges,
    corrections,
    history,
    programmes,
    reports,
    shortlists,
    startups,
    workshops,
)

DESCRIPTION = """
Challenges a city tenders with its companies, the startups that could solve them, ranked
shortlists with reasons, and the managers' decisions: every change is an event in an event store.

**Keys.** Send `Authorization: Bearer <key>`. A key's role decides what it may do: a *manager*
reads and changes everything; an *auditor* reads everything (histories, shortlists, contact data)
and changes nothing; a *startup* reads the public side (programmes, published challenges,
workshops, profiles without other startups' contact data, the council report) and changes only
its own profile and applications.

**Writes** take `occurred_on` (the business date; default today) and, when changing an item,
`expected_version` or an `If-Match` header (refused with 409 if the item changed since). The answer
gives the item's new `version` (also as `ETag`).

**Errors** always look like FastAPI's validation errors,
`{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`: 401 no or unknown key, 403 the role may
not, 404 unknown reference, 409 a rule of the programme forbids the change now (`rule_violation`)
or a concurrent change (`conflict`), 413 a body larger than the server accepts (1 MiB unless
configured), 422 malformed input (JSON has no `NaN` or `Infinity`). The key is checked before the
body is read, and a body too large is refused before it is read. A refused request writes nothing.
"""


class Health(BaseModel):
    status: str = "ok"


def create_api(store_location: str | None = None, keys: Keys | Mapping[str, Actor] | None = None) -> FastAPI:
    """The API over the store at `store_location` (default MATCHMAKER_STORE), with these keys
    (default: from MATCHMAKER_API_KEYS / MATCHMAKER_API_KEYS_FILE)."""
    backend = Backend(bootstrap(store_location))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Plain endpoints run on worker threads; a few per core, so that requests beyond them wait
        # in the event loop instead of taking turns at the interpreter lock with the rankings.
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        backend.start()
        yield
        backend.close()

    app = FastAPI(
        title="matchmaker",
        version="1.0.0",
        summary="City challenges meet startups, and every step is an event.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.backend = backend
    app.state.keys = (
        keys if isinstance(keys, Keys) else Keys(keys) if keys is not None else Keys.from_environment()
    )
    errors.install(app)
    app.add_middleware(BodyLimit, limit=max_body())
    for module in (
        programmes,
        challenges,
        shortlists,
        startups,
        applications,
        workshops,
        reports,
        history,
        corrections,
        audit,
    ):
        app.include_router(module.router)

    @app.get("/health", response_model=Health, tags=["health"], summary="Is the API up")
    def health() -> dict[str, Any]:
        """Answers without a key and without touching the store (load balancers; the benchmark's baseline)."""
        return {"status": "ok"}

    return app
