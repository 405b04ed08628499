"""Bearer authentication: the key in `Authorization: Bearer <key>` names the actor of a request.

FastAPI's `HTTPBearer` puts the scheme into the OpenAPI document (so /docs offers "Authorize");
with `auto_error=False` a missing or malformed header comes to us, and we answer 401 with the same
error body as every other error.

FastAPI reads and parses a request's body before it runs any dependency, so the dependency alone
would let a client without a key make the server read a body first. Every API route therefore asks
`authenticate` before it reads the body when `needs_key` says it depends on `current_actor`
(services/entrypoints/api/route.py); the dependency then asks again and hands the actor on.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from starlette.routing import BaseRoute

from domain import Actor
from services.errors import Unauthenticated

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    description="An API key configured in MATCHMAKER_API_KEYS or MATCHMAKER_API_KEYS_FILE; its role "
    "(manager, auditor, startup) decides what the request may read and change.",
)


def actor_of_key(request: Request, key: str | None) -> Actor:
    """The actor a presented key stands for, or Unauthenticated naming the header."""
    if not key:
        raise Unauthenticated("Authorization", "send an API key as `Authorization: Bearer <key>`")
    actor = request.app.state.keys.actor_for(key)
    if actor is None:
        raise Unauthenticated("Authorization", "this API key is not configured")
    return actor  # type: ignore[no-any-return]


def authenticate(request: Request) -> Actor:
    """The actor of a request's `Authorization` header, read as `HTTPBearer` reads it."""
    scheme, key = get_authorization_scheme_param(request.headers.get("Authorization"))
    return actor_of_key(request, key if scheme.lower() == "bearer" else None)


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    return actor_of_key(request, credentials.credentials if credentials else None)


def _depends_on_actor(dependant: Dependant) -> bool:
    return dependant.call is current_actor or any(_depends_on_actor(d) for d in dependant.dependencies)


def needs_key(route: BaseRoute) -> bool:
    """Whether a route asks for the actor (directly or through another dependency)."""
    return isinstance(route, APIRoute) and _depends_on_actor(route.dependant)


#: The actor of the request, for handlers: `by: Caller`.
Caller = Annotated[Actor, Depends(current_actor)]
