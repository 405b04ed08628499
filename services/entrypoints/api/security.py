"""Bearer authentication: the key in `Authorization: Bearer <key>` names the actor of a request.

FastAPI's `HTTPBearer` puts the scheme into the OpenAPI document (so /docs offers "Authorize");
with `auto_error=False` a missing or malformed header comes to us, and we answer 401 with the same
error body as every other error.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from domain import Actor
from services.errors import Unauthenticated

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    description="An API key configured in MATCHMAKER_API_KEYS or MATCHMAKER_API_KEYS_FILE; its role "
    "(manager, auditor, startup) decides what the request may read and change.",
)


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    if credentials is None:
        raise Unauthenticated("Authorization", "send an API key as `Authorization: Bearer <key>`")
    actor = request.app.state.keys.actor_for(credentials.credentials)
    if actor is None:
        raise Unauthenticated("Authorization", "this API key is not configured")
    return actor  # type: ignore[no-any-return]


#: The actor of the request, for handlers: `by: Caller`.
Caller = Annotated[Actor, Depends(current_actor)]
