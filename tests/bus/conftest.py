"""Real brokers for delivery tests: an embedded NATS per test, and the NATS, RabbitMQ and Redis
servers on loopback (each test on its own subject prefix, removed afterwards)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import Iterator

import pytest

from services.infrastructure.bus.embedded import EmbeddedNats
from tests.conftest import REQUIRE_SERVICES

SERVERS = {
    "nats": ("nats://127.0.0.1:4222", 4222),
    "rabbit": ("amqp://guest:guest@127.0.0.1:5672/", 5672),
    "redis": ("redis://127.0.0.1:6379", 6379),
}


def need_server(port: int, name: str) -> None:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return
    except OSError as error:
        if REQUIRE_SERVICES:
            pytest.fail(f"{name} is required (MATCHMAKER_REQUIRE_SERVICES=1) but unreachable: {error}")
        pytest.skip(f"{name} unreachable on port {port}")


async def remove(kind: str, url: str, prefix: str) -> None:
    """Delete what a test's prefix created on a shared server."""
    if kind == "nats":
        import nats

        client = await nats.connect(url)
        with contextlib.suppress(Exception):
            await client.jetstream().delete_stream(prefix.upper())
        await client.close()
    elif kind == "rabbit":
        import aio_pika

        connection = await aio_pika.connect(url)
        channel = await connection.channel()
        for consumer_subject in (
            "auto-shortlister.challenge.published",
            "match-alerts.startup.registered",
            "match-alerts.startup.profile_revised",
            "inbound.commands.register_startup",
        ):
            consumer, subject = consumer_subject.split(".", 1)
            await channel.queue_delete(f"{prefix}.{consumer}.{prefix}.{subject}")
        await channel.queue_delete(f"{prefix}.dead_letter")
        await channel.exchange_delete(prefix)
        await connection.close()
    elif kind == "redis":
        import redis.asyncio as redis

        client = redis.from_url(url)
        keys = [key async for key in client.scan_iter(f"{prefix}.*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


@pytest.fixture(params=["embedded", "nats", "rabbit", "redis"])
def broker(request: pytest.FixtureRequest, tmp_path) -> Iterator[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(kind, url, prefix) of a real broker: the embedded NATS, or a server on loopback."""
    prefix = f"mmtest{uuid.uuid4().hex[:8]}"
    if request.param == "embedded":
        with EmbeddedNats(tmp_path / "nats") as nats:
            yield "nats", nats.url, prefix
        return
    url, port = SERVERS[request.param]
    need_server(port, request.param)
    yield request.param, url, prefix
    asyncio.run(remove(request.param, url, prefix))
