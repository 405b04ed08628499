"""Read-model storage: JSON documents keyed by aggregate id, with the tracking position beside them.

Each read model generation is a `TrackingRecorder` of the `eventsourcing` library (its tracking
table says up to which notification the documents are current) plus a table of documents. A
batch of changed documents and the new tracking position are written in one transaction, so a
crash leaves either both or neither: a restarted runner resumes exactly after the last processed
position and never applies an event twice. The tracking insert refuses a position that is not
ahead of the recorded one, which makes two runners on the same read model safe: the slower one's
transaction fails and it reloads.

SQLite: one file per generation (the library's tables have fixed names). PostgreSQL: tables
prefixed with the read model and generation, in the store's schema.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any, Protocol

from eventsourcing.persistence import OperationalError, Tracking
from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteDatastore,
    SQLiteTrackingRecorder,
)

Document = dict[str, Any]
COLUMNS = "key TEXT PRIMARY KEY, kind TEXT NOT NULL, doc TEXT NOT NULL"
CHECKPOINT_ATTEMPTS = 3  # each waits up to the connection's busy timeout for readers to move on


def _dumps(doc: Document) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str)


class Documents(Protocol):
    """What a read model generation offers its runner and its readers."""

    def load(self, keys: Iterable[str]) -> dict[str, Document]: ...

    def all(self, kind: str | None = None) -> list[Document]: ...

    def items(self) -> dict[str, Document]: ...

    def commit(self, changed: dict[str, Document | None], tracking: Tracking) -> None: ...

    def max_tracking_id(self, application_name: str) -> int | None: ...

    def count(self) -> int: ...

    def compact(self) -> None:
        """Remove what no document holds any more from the files: after an erasure."""
        ...

    def close(self) -> None: ...


class SQLiteDocuments(SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS documents ({COLUMNS})",
            "CREATE INDEX IF NOT EXISTS documents_kind ON documents (kind)",
        ]

    def load(self, keys: Iterable[str]) -> dict[str, Document]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Document] = {}
        with self.datastore.transaction(commit=False) as c:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                c.execute(f"SELECT key, doc FROM documents WHERE key IN ({','.join('?' * len(part))})", part)
                found.update({row["key"]: json.loads(row["doc"]) for row in c.fetchall()})
        return found

    def all(self, kind: str | None = None) -> list[Document]:
        with self.datastore.transaction(commit=False) as c:
            if kind is None:
                c.execute("SELECT doc FROM documents ORDER BY key")
            else:
                c.execute("SELECT doc FROM documents WHERE kind = ? ORDER BY key", (kind,))
            return [json.loads(row["doc"]) for row in c.fetchall()]

    def items(self) -> dict[str, Document]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT key, doc FROM documents")
            return {row["key"]: json.loads(row["doc"]) for row in c.fetchall()}

    def count(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT COUNT(*) FROM documents")
            return int(c.fetchone()[0])

    def commit(self, changed: dict[str, Document | None], tracking: Tracking) -> None:
        upserts = [(k, d["kind"], _dumps(d)) for k, d in changed.items() if d is not None]
        deletes = [(k,) for k, d in changed.items() if d is None]
        with self.datastore.transaction(commit=True) as c:
            if upserts:
                c.executemany(
                    "INSERT INTO documents (key, kind, doc) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, doc = excluded.doc",
                    upserts,
                )
            if deletes:
                c.executemany("DELETE FROM documents WHERE key = ?", deletes)
            self._insert_tracking(c, tracking)

    def compact(self) -> None:
        """Leave no copy of an overwritten document in the files: VACUUM rewrites the database
        with only what the documents hold now (secure_delete zeroes cells as they are freed, but
        not what a file written without it kept), then the write-ahead log, which still holds
        earlier page images, is copied into the database and truncated to nothing.

        The log can be truncated only once no reader still reads an older snapshot: the
        checkpoint waits for that (the busy timeout) and is tried again, then gives up."""
        try:
            with self.datastore.get_connection(commit=True) as conn:
                cursor = conn.cursor()  # autocommit: VACUUM runs outside any transaction
                cursor.execute("VACUUM")
                for _ in range(CHECKPOINT_ATTEMPTS):
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    busy, frames, _ = cursor.fetchone()
                    if not busy and frames in (0, -1):  # -1: not in WAL mode, nothing to truncate
                        return
        except sqlite3.Error as error:
            raise OperationalError(f"compacting {self.datastore.pool.db_name}: {error}") from error
        raise OperationalError(
            f"compacting {self.datastore.pool.db_name}: a reader kept the write-ahead log in use"
        )

    def close(self) -> None:
        self.datastore.close()


class ReadModelConnections(SQLiteConnectionPool):
    """SQLite connections for read models: WAL with synchronous=NORMAL, and secure_delete, so
    that a document overwritten after an erasure leaves no copy of personal data in free space.

    A read model is rebuildable from the event log. In WAL mode with synchronous=NORMAL a commit
    survives the process being killed; a power cut may undo the last few commits, documents and
    tracking position together, and the runner then applies those events again: consistent, and
    never twice. It saves an fsync per page.
    """

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
        connection._sqlite_conn.execute("PRAGMA secure_delete=ON")
        return connection


def sqlite_documents(path: str) -> SQLiteDocuments:
    datastore = SQLiteDatastore(path, lock_timeout=30, pool_size=2, max_overflow=4)
    datastore.pool = ReadModelConnections(db_name=path, lock_timeout=30, pool_size=2, max_overflow=4)
    view = SQLiteDocuments(datastore)
    try:
        view.create_table()
    except Exception:
        view.close()
        raise
    return view


def __getattr__(name: str) -> Any:
    """`PostgresDocuments` lives in documents_postgres.py: importing the PostgreSQL driver takes
    a tenth of a second that a SQLite store never needs."""
    if name == "PostgresDocuments":
        from projections.documents_postgres import PostgresDocuments

        return PostgresDocuments
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
