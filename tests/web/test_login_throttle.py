"""Failed log-ins are throttled per client address: 429 with Retry-After after five within five
minutes, even for the right key; a log-in that succeeds forgets the failures. The clock is the
test's, so nothing waits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.entrypoints.http import create_app
from services.entrypoints.web.login import Throttle
from tests.api.conftest import KEYS, MANAGER_KEY


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(tmp_path, clock: Clock) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    app = create_app(str(tmp_path / "store.db"), KEYS)
    app.state.login_throttle = Throttle(limit=5, window=300, clock=clock)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def log_in(client: TestClient, key: str) -> int:
    client.cookies.clear()
    response = client.post("/ui/login", data={"key": key}, follow_redirects=False)
    if response.status_code == 429:
        assert "too many failed log-ins" in response.text
        return -int(response.headers["Retry-After"])
    return response.status_code


def test_five_failures_lock_the_address_out_until_the_first_is_five_minutes_old(
    client: TestClient, clock: Clock
) -> None:
    for _ in range(5):
        assert log_in(client, "guess") == 422
        clock.now += 10
    assert log_in(client, "guess") == -250  # the first failure is 50 s old: 250 s to go
    assert log_in(client, MANAGER_KEY) == -250  # the right key too: no guessing while locked
    clock.now += 249
    assert log_in(client, MANAGER_KEY) == -1
    clock.now += 1
    assert log_in(client, MANAGER_KEY) == 303


def test_a_success_forgets_the_failures(client: TestClient, clock: Clock) -> None:
    for _ in range(4):
        assert log_in(client, "guess") == 422
    assert log_in(client, MANAGER_KEY) == 303
    for _ in range(4):
        assert log_in(client, "guess") == 422
    assert log_in(client, MANAGER_KEY) == 303
    assert log_in(client, "") == 422  # an empty form is no guess and counts for nothing


def test_addresses_are_counted_apart_and_the_memory_stays_bounded(clock: Clock) -> None:
    throttle = Throttle(limit=2, window=60, clock=clock, addresses=3)
    for _ in range(2):
        throttle.failed("10.0.0.1")
    assert throttle.wait("10.0.0.1") == 60 and throttle.wait("10.0.0.2") == 0
    for address in ("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"):
        throttle.failed(address)
    assert len(throttle._failures) == 3
    clock.now += 60
    assert throttle.wait("10.0.0.1") == 0
