"""The HTTP API against a real store: an app per test with one key per role, and the small Herne
programme (tests/herne.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain import Actor
from services.entrypoints.http import create_app
from services.infrastructure.store import Store
from tests.herne import Herne

KEYS = {
    "manager-key": Actor("Petra Programm", "manager"),
    "auditor-key": Actor("Anna Audit", "auditor"),
    "einsatzlotse-key": Actor("Eva Einsatz", "startup", acts_for="einsatzlotse"),
    "kerbside-key": Actor("Sanne de Vries", "startup", acts_for="kerbside-ops"),
}
MANAGER_KEY, AUDITOR_KEY, STARTUP_KEY, OTHER_STARTUP_KEY = KEYS


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


class Api:
    """A test client that acts with one key at a time, and counts the events in the store."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    @property
    def store(self) -> Store:
        return self.client.app.state.backend.store  # type: ignore[attr-defined,no-any-return]

    def events(self) -> int:
        return self.store.recorder.max_notification_id() or 0

    def call(self, method: str, path: str, key: str | None = MANAGER_KEY, **kwargs: Any) -> Any:
        headers = {**(bearer(key) if key else {}), **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def get(self, path: str, key: str | None = MANAGER_KEY, **kwargs: Any) -> Any:
        return self.call("GET", path, key, **kwargs)

    def post(self, path: str, json: Any = None, key: str | None = MANAGER_KEY, **kwargs: Any) -> Any:
        return self.call("POST", path, key, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, key: str | None = MANAGER_KEY, **kwargs: Any) -> Any:
        return self.call("PATCH", path, key, json=json, **kwargs)


def open_api(location: str) -> Iterator[Api]:
    with TestClient(create_app(location, KEYS)) as client:
        yield Api(client)


@pytest.fixture
def api(tmp_path) -> Iterator[Api]:  # type: ignore[no-untyped-def]
    yield from open_api(str(tmp_path / "store.db"))


@pytest.fixture
def seeded(api: Api) -> Api:
    """The small Herne programme (tests/herne.py): what most API tests start from."""
    Herne(api.store).small_programme()
    return api


def refused(api: Api, response: Any, status: int, before: int) -> dict[str, Any]:
    """The response has the status and the error shape, and the store gained no event."""
    assert response.status_code == status, response.text
    assert api.events() == before
    body = response.json()
    assert isinstance(body["detail"], list) and body["detail"], body
    first: dict[str, Any] = body["detail"][0]
    assert {"loc", "msg", "type"} <= set(first)
    return first
