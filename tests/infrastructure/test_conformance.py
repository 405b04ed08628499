"""The project's recorders pass the `eventsourcing` library's own recorder test cases.

Every class here that derives from one of the library's recorders is built as the project builds
it (the store's recorder through `Store`, the read models' through the functions that open them)
and run through the library's aggregate, application, tracking and process recorder test cases,
on a SQLite file and on the real PostgreSQL, each test on a store of its own.

Where the project deliberately differs from the library's defaults the case is skipped, saying
why: the store's recorder keeps one tracking row per processed message (multi-row tracking), so a
consumer may record message 5 after message 7, which the single-row cases forbid.
"""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import tempfile
import threading
import unittest
import uuid
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, Recorder, Tracking
from eventsourcing.tests import persistence as library

from projections.chain import chain_at
from projections.matching import segments_at
from projections.storage import documents_at, ensure_schema
from services.infrastructure.store import Store
from tests.conftest import POSTGRES_URL, need_postgres

MULTI_ROW_TRACKING = (
    "the store keeps one tracking row per processed message (SINGLE_ROW_TRACKING=n): a consumer "
    "may record a message below one it recorded before, so a gap may be filled"
)


class OnSQLite:
    """A fresh directory per test; the store is `store.db` in it, read models beside it."""

    def setUp(self) -> None:
        directory = Path(tempfile.mkdtemp(prefix="conformance-"))
        self.addCleanup(shutil.rmtree, directory, True)  # type: ignore[attr-defined]
        self.location = str(directory / "store.db")
        super().setUp()  # type: ignore[misc]


@pytest.mark.postgres
class OnPostgres:
    """A fresh schema per test, dropped after the recorders are closed."""

    def setUp(self) -> None:
        need_postgres()
        schema = f"mm_test_{uuid.uuid4().hex[:12]}"
        self.location = f"{POSTGRES_URL}?schema={schema}"
        self.addCleanup(drop_schema, schema)  # type: ignore[attr-defined]
        ensure_schema(self.location)  # as opening the store does, before any read model opens
        super().setUp()  # type: ignore[misc]


def join_readers() -> None:
    """Wait for the reader threads a library case told to stop but did not join: closing the
    connections one of them still reads on crashes SQLite."""
    for thread in threading.enumerate():
        if thread.name.endswith("(read_continuously)"):
            thread.join(timeout=60)


def drop_schema(schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


class Built:
    """Opens what `create_recorder` returns, and closes it when the test ends."""

    location: str

    def closing(self, thing: Any) -> Any:
        self.addCleanup(thing.close)  # type: ignore[attr-defined]
        self.addCleanup(join_readers)  # type: ignore[attr-defined]  # runs first: cleanups unwind
        return thing

    def store(self) -> Store:
        return self.closing(Store(self.location))  # type: ignore[no-any-return]


# The store's recorder: events, sealed personal data's keys, and the messages consumers processed.


class StoreRecorder(Built):
    def create_recorder(self) -> Any:
        return self.store().recorder


class AsAggregateRecorder:
    """The store's recorder as the aggregate cases see it. An aggregate recorder's insert returns
    None; an application recorder's returns the new events' positions in the log: checked here,
    then dropped, so every other assertion of the aggregate cases applies unchanged."""

    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder

    def insert_events(self, stored_events: list[Any], **kwargs: Any) -> None:
        positions = self.recorder.insert_events(stored_events, **kwargs)
        assert len(positions or []) == len(stored_events)  # no events: [] on SQLite, None on PostgreSQL

    def __getattr__(self, name: str) -> Any:
        return getattr(self.recorder, name)


class StoreAsAggregateRecorder(StoreRecorder):
    def create_recorder(self) -> Any:
        return AsAggregateRecorder(super().create_recorder())


class StoreAsApplicationRecorder(StoreRecorder):
    def test_insert_subscribe(self) -> None:
        """Optional in the library: our recorders subscribe, by polling where needed."""
        self.optional_test_insert_subscribe()


class StoreAsTrackingRecorder(StoreRecorder):
    @unittest.skip(MULTI_ROW_TRACKING)
    def test_insert_tracking(self) -> None: ...

    def test_insert_tracking_one_row_per_message(self) -> None:
        """What the store does instead: each message once, in any order."""
        recorder = self.create_recorder()
        for key in (22, 24, 23, 21):
            recorder.insert_tracking(Tracking("consumer", key))
        with pytest.raises(IntegrityError):
            recorder.insert_tracking(Tracking("consumer", 23))
        assert recorder.max_tracking_id("consumer") == 24
        assert recorder.max_tracking_id("another") is None


class StoreAsProcessRecorder(StoreRecorder):
    @unittest.skip(MULTI_ROW_TRACKING)
    def test_raises_when_lower_inserted_later(self) -> None: ...


class TestStoreAsAggregateRecorderOnSQLite(
    OnSQLite, StoreAsAggregateRecorder, library.AggregateRecorderTestCase
):
    pass


class TestStoreAsAggregateRecorderOnPostgres(
    OnPostgres, StoreAsAggregateRecorder, library.AggregateRecorderTestCase
):
    pass


class TestStoreAsApplicationRecorderOnSQLite(
    OnSQLite, StoreAsApplicationRecorder, library.ApplicationRecorderTestCase
):
    pass


class TestStoreAsApplicationRecorderOnPostgres(
    OnPostgres, StoreAsApplicationRecorder, library.ApplicationRecorderTestCase
):
    pass


class TestStoreAsTrackingRecorderOnSQLite(
    OnSQLite, StoreAsTrackingRecorder, library.TrackingRecorderTestCase
):
    pass


class TestStoreAsTrackingRecorderOnPostgres(
    OnPostgres, StoreAsTrackingRecorder, library.TrackingRecorderTestCase
):
    pass


class TestStoreAsProcessRecorderOnSQLite(OnSQLite, StoreAsProcessRecorder, library.ProcessRecorderTestCase):
    pass


class TestStoreAsProcessRecorderOnPostgres(
    OnPostgres, StoreAsProcessRecorder, library.ProcessRecorderTestCase
):
    pass


# The application recorder the store's settings name (polling subscriptions), as the library's
# factory builds it from them.


class PollingApplicationRecorder(Built):
    def create_recorder(self) -> Any:
        return self.store().factory.application_recorder()

    def test_insert_subscribe(self) -> None:
        self.optional_test_insert_subscribe()


class TestPollingApplicationRecorderOnSQLite(
    OnSQLite, PollingApplicationRecorder, library.ApplicationRecorderTestCase
):
    pass


class TestPollingApplicationRecorderOnPostgres(
    OnPostgres, PollingApplicationRecorder, library.ApplicationRecorderTestCase
):
    pass


# The read models' tracking recorders: documents, the audit chain, the matching index's segments.


class Documents(Built):
    def create_recorder(self) -> Any:
        return self.closing(documents_at(self.location, "directory", 1))


class Chain(Built):
    def create_recorder(self) -> Any:
        return self.closing(chain_at(self.location))


class Segments(Built):
    def create_recorder(self) -> Any:
        return self.closing(segments_at(self.location, 1))


class TestDocumentsOnSQLite(OnSQLite, Documents, library.TrackingRecorderTestCase):
    pass


class TestDocumentsOnPostgres(OnPostgres, Documents, library.TrackingRecorderTestCase):
    pass


class TestChainOnSQLite(OnSQLite, Chain, library.TrackingRecorderTestCase):
    pass


class TestChainOnPostgres(OnPostgres, Chain, library.TrackingRecorderTestCase):
    pass


class TestSegmentsOnSQLite(OnSQLite, Segments, library.TrackingRecorderTestCase):
    pass


class TestSegmentsOnPostgres(OnPostgres, Segments, library.TrackingRecorderTestCase):
    pass


def test_every_recorder_of_the_project_is_covered() -> None:
    """A new subclass of a library recorder gets a place here (recorders belong to the read
    models and the infrastructure: every module of theirs is imported to find them)."""
    import projections
    import services.infrastructure

    for package in (projections, services.infrastructure):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found, classes = set(), [Recorder]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in ("domain", "matching", "projections", "services"):
            found.add(f"{cls.__module__}:{cls.__qualname__}")
    assert found == COVERED, "cover the new recorder in tests/infrastructure/test_conformance.py"


#: Each through what opens it above (the store's process recorders derive from the polling ones).
COVERED = {
    "projections.chain_postgres:PostgresChain",
    "projections.chain:SQLiteChain",
    "projections.documents_postgres:PostgresDocuments",
    "projections.documents:SQLiteDocuments",
    "projections.segments:PostgresSegments",
    "projections.segments:SQLiteSegments",
    "projections.subscriptions_postgres:PollingPostgresApplicationRecorder",
    "projections.subscriptions_postgres:PollingPostgresProcessRecorder",
    "projections.subscriptions:PollingSQLiteApplicationRecorder",
    "projections.subscriptions:PollingSQLiteProcessRecorder",
    "services.infrastructure.personal_data_postgres:PostgresStoreRecorder",
    "services.infrastructure.personal_data:SQLiteStoreRecorder",
}
