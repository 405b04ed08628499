"""A limit on the size of every request body, enforced before the body is read.

Without one a client could make the server buffer any amount (FastAPI reads a body whole before it
validates it). A declared Content-Length above the limit is refused at once; a body sent without
one (chunked) is counted as a route reads it and refused as soon as it passes the limit, whatever
the route would have answered. The answer is 413 in the error shape of every other refusal, and
closes the connection, so that the server does not read the rest either. The pages under /ui are
held to the same limit.

The limit is MATCHMAKER_MAX_BODY bytes, default 1 MiB: the largest body a route takes, a profile or
a challenge with its texts, is a few KiB, and no route takes uploads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_BODY = 1 << 20


def max_body(environ: Mapping[str, str] | None = None) -> int:
    """The limit in bytes, from MATCHMAKER_MAX_BODY (default 1 MiB)."""
    raw = (os.environ if environ is None else environ).get("MATCHMAKER_MAX_BODY", "").strip()
    if not raw:
        return DEFAULT_MAX_BODY
    if not (raw.isascii() and raw.isdigit() and int(raw) > 0):
        raise ValueError(f"MATCHMAKER_MAX_BODY: {raw!r} is not a number of bytes such as 1048576")
    return int(raw)


class BodyTooLarge(Exception):
    """Raised to the route that reads a body past the limit; the client gets the 413."""


def too_large(limit: int) -> JSONResponse:
    reason = f"the body is larger than the {limit} bytes this server accepts"
    body = {"detail": [{"loc": ["body"], "msg": reason, "type": "too_large"}]}
    return JSONResponse(body, status_code=413, headers={"Connection": "close"})


def declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class BodyLimit:
    """The ASGI middleware; `limit` in bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = declared_length(scope)
        if length is not None and length > self.limit:
            await too_large(self.limit)(scope, receive, send)
            return
        received, exceeded, started = 0, False, False

        async def receive_within_limit() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def send_unless_exceeded(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the route's answer to BodyTooLarge: the 413 below replaces it
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive_within_limit, send_unless_exceeded)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await too_large(self.limit)(scope, receive, send)
