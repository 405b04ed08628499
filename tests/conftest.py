"""Stores for tests: a SQLite file per test, and a fresh schema on the real PostgreSQL.

Locally a test that needs PostgreSQL skips when the server is unreachable; with
MATCHMAKER_REQUIRE_SERVICES=1 (set by .ci/run) it fails instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import pytest

from domain import Actor, When
from services.infrastructure.store import Store

POSTGRES_URL = os.environ.get("MATCHMAKER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_SERVICES = os.environ.get("MATCHMAKER_REQUIRE_SERVICES") == "1"

MANAGER = Actor("Petra Programm", "manager")
STARTUP = Actor("Startup Person", "startup")
AUDITOR = Actor("Anna Audit", "auditor")


def on(year: int, month: int, day: int) -> When:
    return When(date(year, month, day))


def postgres_reachable() -> str | None:
    """None if PostgreSQL answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # any failure to connect means: not reachable here
        return str(error).splitlines()[0]
    return None


def need_postgres() -> None:
    reason = postgres_reachable()
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"PostgreSQL is required (MATCHMAKER_REQUIRE_SERVICES=1) but unreachable: {reason}")
    pytest.skip(f"PostgreSQL unreachable: {reason}")


@pytest.fixture(scope="session", autouse=True)
def shared_vectors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One vector cache for the whole run: the real model embeds each text once, not once per test store."""
    with pytest.MonkeyPatch.context() as patch:
        if not os.environ.get("MATCHMAKER_VECTORS"):
            patch.setenv("MATCHMAKER_VECTORS", str(tmp_path_factory.mktemp("vectors") / "vectors.db"))
        yield


@pytest.fixture
def postgres_location() -> Iterator[str]:
    """A URL naming a new, empty schema; dropped afterwards."""
    need_postgres()
    import psycopg
    from psycopg import sql

    schema = f"mm_test_{uuid.uuid4().hex[:12]}"
    yield f"{POSTGRES_URL}?schema={schema}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def location(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """Each store test runs on a SQLite file and on the real PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("postgres_location"))


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    s = Store(location)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    s = Store(str(tmp_path / "store.db"))
    yield s
    s.close()


def written(store: Store) -> int:
    """How many events the store holds: to show a refused command wrote nothing."""
    return store.recorder.max_notification_id() or 0
