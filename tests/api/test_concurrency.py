"""Changes sent at once without an expected version all go through: each that loses the race to
another writer is applied again to the new state, until it is recorded or its rule refuses it.

Two API processes (each its own app, store and connections) take ten requests each at the same
moment, all revising one challenge on PostgreSQL; every revision is recorded, none is lost."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from services.entrypoints.http import create_app
from services.infrastructure.store import Store
from tests.api.conftest import KEYS, MANAGER_KEY, bearer
from tests.herne import Herne

WRITERS = 20
PROCESSES = 2  # each holds a pool of connections: the server has room for few
CHALLENGE = "/challenges/smart-waste-hunter"


@pytest.mark.postgres
def test_unguarded_concurrent_changes_all_succeed_on_postgres(postgres_location: str) -> None:
    store = Store(postgres_location)
    Herne(store).small_programme()
    store.close()
    apps = [create_app(postgres_location, KEYS) for _ in range(PROCESSES)]
    clients = [TestClient(app) for app in apps]  # no lifespan: the store opens on first use
    for client in clients:  # each opens its store before the race, not in it
        assert client.get(CHALLENGE, headers=bearer(MANAGER_KEY)).status_code == 200
    start = threading.Barrier(WRITERS)

    def revise(writer: int) -> tuple[int, str]:
        start.wait()
        response = clients[writer % PROCESSES].patch(
            CHALLENGE, json={"changes": {"budget_eur": 1000 + writer}}, headers=bearer(MANAGER_KEY)
        )
        return response.status_code, response.text

    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            answers = list(pool.map(revise, range(WRITERS)))
        assert [status for status, _ in answers] == [200] * WRITERS, [a for a in answers if a[0] != 200]
        final = clients[0].get(CHALLENGE, headers=bearer(MANAGER_KEY)).json()
        assert final["version"] == 2 + WRITERS  # drafted, published, and every revision
        assert final["details"]["budget_eur"] in {1000 + writer for writer in range(WRITERS)}
    finally:
        for app in apps:
            app.state.backend.close()
