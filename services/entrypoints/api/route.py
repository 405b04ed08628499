"""What every API route does before FastAPI reads the body: check the key, then parse strictly.

**The key first.** FastAPI reads and parses the whole body before it runs a route's dependencies,
so the `Caller` dependency alone would let a client without a key make the server read, buffer and
parse any body it sends. A route that needs a key (security.needs_key: it depends on the actor)
therefore checks it before anything else and answers 401 at once, closing the connection so that
the rest of the body is not read either. The dependency then hands the actor to the handler.

**Strict JSON.** Python's json module reads `NaN`, `Infinity` and `-Infinity` as floats: such a
value would reach validation (and any field typed `Any`), or an error answer that echoes it and
cannot be written as JSON. The body is read with `loads`, which refuses them like any other
malformed JSON: 422, `loc` the body and the position, before any model sees it.

Every router of the API has `route_class=ApiRoute`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from services.entrypoints.api.errors import answer
from services.entrypoints.api.security import authenticate, needs_key
from services.errors import Unauthenticated

#: A JSON string (skipped), or a number or constant outside of one.
_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)')


class _NotFinite(ValueError):
    pass


def _refuse(literal: str) -> Any:
    raise _NotFinite(literal)


def _finite(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise _NotFinite(literal)
    return number


def loads(text: str | bytes) -> Any:
    """json.loads, refusing what is not a finite number (NaN, Infinity, 1e400), a string with half
    a surrogate pair (`"\\ud800"`: no character, and no UTF-8 can store it) and whatever else
    json.loads cannot take (bad UTF-8, 5000 digits, nesting deeper than the interpreter's stack)
    with a JSONDecodeError, which FastAPI answers with 422."""
    try:
        return _characters_only(json.loads(text, parse_constant=_refuse, parse_float=_finite))
    except json.JSONDecodeError:
        raise
    except _NotFinite as error:
        doc = _text(text)
        found = next((m for m in _LITERAL.finditer(doc) if m.group(1) == str(error)), None)
        reason = f"{error} is not a finite number; JSON has no NaN or Infinity"
        raise json.JSONDecodeError(reason, doc, found.start(1) if found else 0) from None
    except UnicodeEncodeError:
        doc = _text(text)
        found = _LONE_SURROGATE.search(doc)
        reason = "half a surrogate pair is not a character"
        raise json.JSONDecodeError(reason, doc, found.start() if found else 0) from None
    except (ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error).split(":")[0]
        raise json.JSONDecodeError(reason, _text(text), 0) from None


#: A high surrogate escape not followed by a low one, or a low one not after a high one.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _characters_only(value: Any) -> Any:
    """The parsed document, if every string in it (keys too) is UTF-8; UnicodeEncodeError if not."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            item.encode("utf-8")
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return value


def _text(text: str | bytes) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class ApiRoute(APIRoute):
    """The route class of every API router."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        keyed = needs_key(self)

        async def guarded(request: Request) -> Response:
            if keyed:
                try:
                    authenticate(request)
                except Unauthenticated as error:
                    refusal = answer(request, error)
                    refusal.headers["Connection"] = "close"  # the body stays unread
                    return refusal
            return await handle(StrictJsonRequest(request.scope, request.receive))

        return guarded
