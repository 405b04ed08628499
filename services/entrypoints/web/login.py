"""Log-in and log-out: the API's keys, kept in a cookie (see services/entrypoints/web/session.py).

Failed log-ins are throttled per client address (`Throttle`): after 5 unknown keys within 5
minutes the form answers 429 with `Retry-After` until the oldest of them is 5 minutes old, even to
the right key, so that keys cannot be guessed at the speed of the server; a log-in that succeeds
forgets the address's failures. The count is kept in this process's memory: each worker process
of `matchmaker api --workers N` counts its own, and a restart forgets. The address is the one the
server sees (behind a proxy: start uvicorn with --proxy-headers and --forwarded-allow-ips).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from services.entrypoints.web.forms import text
from services.entrypoints.web.render import PageRoute, page, see_other
from services.entrypoints.web.session import PATH, Writing, actor_of, check_origin, log_in, log_out, safe_next

router = APIRouter(route_class=PageRoute)


class Throttle:
    """Failed log-ins per client address within a sliding window, in memory."""

    def __init__(
        self,
        limit: int = 5,
        window: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        addresses: int = 10_000,
    ) -> None:
        self.limit, self.window, self.clock, self.addresses = limit, window, clock, addresses
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, address: str) -> int:
        """Seconds until this address may try again; 0 if it may now."""
        with self._lock:
            now = self.clock()
            failures = self._expire(self._failures.get(address, deque()), now)
            if len(failures) < self.limit:
                return 0
            return max(1, math.ceil(failures[0] + self.window - now))

    def failed(self, address: str) -> None:
        with self._lock:
            now = self.clock()
            if address not in self._failures and len(self._failures) >= self.addresses:
                for known in [a for a, f in self._failures.items() if not self._expire(f, now)]:
                    del self._failures[known]  # many addresses at once: keep the memory bounded
                if len(self._failures) >= self.addresses:
                    del self._failures[next(iter(self._failures))]
            self._expire(self._failures.setdefault(address, deque()), now).append(now)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)

    def _expire(self, failures: deque[float], now: float) -> deque[float]:
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures


_creating = threading.Lock()


def throttle(request: Request) -> Throttle:
    """The app's throttle (made on first use, one per app)."""
    with _creating:
        if not hasattr(request.app.state, "login_throttle"):
            request.app.state.login_throttle = Throttle()
        return request.app.state.login_throttle  # type: ignore[no-any-return]


@router.get("")
@router.get("/")
def home() -> RedirectResponse:
    return see_other(f"{PATH}/challenges")


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", next=safe_next(request.query_params.get("next")), errors={})


@router.post("/login")
async def login(request: Request) -> Response:
    """A known key logs in with its role; an unknown one is refused next to the field."""
    check_origin(request)
    form = await request.form()
    key, target = text(form, "key"), safe_next(text(form, "next"))
    attempts, address = throttle(request), request.client.host if request.client else ""
    wait = attempts.wait(address)
    if wait:
        reason = f"too many failed log-ins from your address; try again in {wait} seconds"
        refusal = page(request, "login.html", status=429, next=target, errors={"key": reason})
        refusal.headers["Retry-After"] = str(wait)
        return refusal
    if not key or actor_of(request, key) is None:
        if key:
            attempts.failed(address)
        reason = "enter your API key" if not key else "this API key is not configured"
        return page(request, "login.html", status=422, next=target, errors={"key": reason})
    attempts.succeeded(address)
    response = see_other(target)
    log_in(request, response, key)
    return response


@router.post("/logout")
def logout(_: Writing) -> RedirectResponse:
    response = see_other(f"{PATH}/login")
    log_out(response)
    return response
