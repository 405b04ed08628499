"""A body is refused before it is read: too large (413), or sent without a valid key (401).

The ASGI tests stream the body from a generator and count how much of it the app pulled; the
uvicorn tests send only the headers of a request and wait for the answer, which can therefore come
only from a server that did not wait for the body. Nothing here depends on how long anything takes.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from services.entrypoints.api import routers
from services.entrypoints.api.bodylimit import DEFAULT_MAX_BODY, max_body
from services.entrypoints.api.route import ApiRoute
from services.entrypoints.http import create_app
from tests.api.conftest import KEYS, MANAGER_KEY, Api, bearer, refused
from tests.herne import Herne

CHUNK = 64 * 1024
MiB = 1 << 20


class Stream:
    """A request body of `size` bytes in chunks, counting the chunks the server pulled."""

    def __init__(self, size: int) -> None:
        self.chunks, self.pulled = size // CHUNK, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            yield b" " * CHUNK


def post(app: FastAPI, path: str, body: Stream, headers: dict[str, str]) -> httpx.Response:
    """POST through the ASGI interface (no lifespan, no network), the body streamed."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post(path, content=body, headers=headers)

    return anyio.run(send)


@pytest.fixture
def app(tmp_path) -> Iterator[FastAPI]:  # type: ignore[no-untyped-def]
    app = create_app(str(tmp_path / "store.db"), KEYS)
    Herne(app.state.backend.store).small_programme()
    yield app
    app.state.backend.close()


def events(app: FastAPI) -> int:
    return app.state.backend.store.recorder.max_notification_id() or 0


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    [error] = response.json()["detail"]
    return error  # type: ignore[no-any-return]


def test_a_body_without_a_key_is_refused_before_a_byte_of_it_is_read(app: FastAPI) -> None:
    before = events(app)
    for headers in ({}, bearer("no-such-key"), {"Authorization": "Basic bWFuYWdlci1rZXk6"}):
        body = Stream(512 * 1024)  # within the limit: only the missing key refuses it
        response = post(app, "/challenges", body, {**headers, "Content-Type": "application/json"})
        assert error_of(response, 401)["loc"] == ["header", "Authorization"]
        assert response.headers["connection"] == "close"
        assert body.pulled == 0
    assert events(app) == before


def test_a_declared_length_above_the_limit_is_refused_before_a_byte_is_read(app: FastAPI) -> None:
    before = events(app)
    for key, size in ((None, 5 * MiB), (MANAGER_KEY, 2 * MiB)):
        body = Stream(size)
        headers = {**(bearer(key) if key else {}), "Content-Length": str(size)}
        error = error_of(post(app, "/challenges", body, headers), 413)
        assert error == {
            "loc": ["body"],
            "msg": f"the body is larger than the {DEFAULT_MAX_BODY} bytes this server accepts",
            "type": "too_large",
        }
        assert body.pulled == 0
    assert events(app) == before


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit(app: FastAPI) -> None:
    before = events(app)
    for path, kind in (
        ("/challenges", "application/json"),
        ("/startups/einsatzlotse/withdraw", "application/json"),
        ("/ui/login", "application/x-www-form-urlencoded"),
    ):
        body = Stream(2 * MiB)  # no Content-Length: chunked
        response = post(app, path, body, {**bearer(MANAGER_KEY), "Content-Type": kind})
        assert error_of(response, 413)["type"] == "too_large"
        assert body.pulled == DEFAULT_MAX_BODY // CHUNK + 1 < body.chunks
    assert events(app) == before


def test_the_limit_is_configurable(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MATCHMAKER_MAX_BODY", "1000")
    assert max_body() == 1000
    app = create_app(str(tmp_path / "store.db"), KEYS)
    try:
        body = {"title": "T", "owner": "O", "sector": "waste", "description": "x" * 1000}
        headers = {**bearer(MANAGER_KEY), "Content-Type": "application/json"}
        transport = httpx.ASGITransport(app=app)

        async def send(content: bytes) -> httpx.Response:
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await client.post("/challenges", content=content, headers=headers)

        assert anyio.run(send, json.dumps(body).encode()).status_code == 413
        body["description"] = "x" * 500
        assert anyio.run(send, json.dumps(body).encode()).status_code == 201
    finally:
        app.state.backend.close()
    for wrong in ("1 MiB", "-5", "0", "١٢٣"):
        with pytest.raises(ValueError, match=r"^MATCHMAKER_MAX_BODY: .* is not a number of bytes"):
            max_body({"MATCHMAKER_MAX_BODY": wrong})


def test_small_bodies_and_the_pages_go_through_as_before(seeded: Api) -> None:
    before = seeded.events()
    response = seeded.post("/challenges", {"title": "Kleine Sache", "owner": "Stadt", "sector": "waste"})
    assert response.status_code == 201 and seeded.events() == before + 1
    assert seeded.get("/health", key=None).status_code == 200
    assert seeded.get("/openapi.json", key=None).status_code == 200
    assert refused(seeded, seeded.get("/challenges", key=None), 401, before + 1)
    login = seeded.client.post("/ui/login", data={"key": MANAGER_KEY}, follow_redirects=False)
    assert login.status_code == 303


@pytest.fixture
def server(app: FastAPI) -> Iterator[int]:
    """The app on uvicorn, in a thread, on a free loopback port."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    while not uvicorn_server.started:
        assert thread.is_alive(), "uvicorn stopped before it served"
        time.sleep(0.05)
    try:
        yield listening.getsockname()[1]
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=60)
        listening.close()


def headers_only(port: int, length: int, key: str | None) -> tuple[int, bytes]:
    """Send a POST's headers declaring `length` bytes, none of them; read the answer to the end
    (the server closes the connection)."""
    lines = [
        "POST /challenges HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        f"Content-Length: {length}",
        *([f"Authorization: Bearer {key}"] if key else []),
    ]
    with socket.create_connection(("127.0.0.1", port), timeout=120) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_uvicorn_answers_without_waiting_for_the_body(app: FastAPI, server: int) -> None:
    before = events(app)
    status, body = headers_only(server, 250 * MiB, key=None)
    assert status == 413 and json.loads(body)["detail"][0]["type"] == "too_large"
    status, body = headers_only(server, 512 * 1024, key=None)
    assert status == 401 and json.loads(body)["detail"][0]["loc"] == ["header", "Authorization"]
    status, _ = headers_only(server, 2 * MiB, key=MANAGER_KEY)
    assert status == 413
    assert events(app) == before


def test_every_router_of_the_api_checks_the_key_before_the_body() -> None:
    """A router without the route class would read bodies before the key (and take NaN)."""
    modules = [name for _, name, _ in pkgutil.iter_modules(routers.__path__)]
    assert len(modules) >= 10
    for name in modules:
        router = importlib.import_module(f"{routers.__name__}.{name}").router
        assert router.route_class is ApiRoute, name
        assert all(isinstance(route, ApiRoute) for route in router.routes), name
