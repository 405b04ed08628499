"""Storage of the matching read model: index segments and row records, with the tracking position.

A page of events becomes one segment (the rows, entries and decisions it added, as arrays) and
the records of its new rows; both are written in one transaction with the tracking position, so
a crash leaves all or nothing, and a restarted runner resumes after the last committed page. From
time to time the segments are compacted into a few large ones (a new *epoch*): a process that
loaded an older epoch loads the index again, one that is current only loads the segments made
since it last looked.

SQLite: one file per generation beside the store. PostgreSQL: tables prefixed with the read model
and generation, in the store's schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg.sql import SQL, Identifier

from projections.documents import ReadModelConnections

Record = dict[str, Any]
Stored = tuple[int, int, bytes]  # seq, epoch, data


class Segments(Protocol):
    def head(self) -> tuple[int, int]:
        """The newest epoch and the highest segment number (0, 0 when empty)."""
        ...

    def segments(self, after: int = 0) -> list[Stored]: ...

    def commit(
        self, data: bytes | None, epoch: int, records: dict[int, Record], tracking: Tracking
    ) -> int | None:
        """A page's segment (None: the page held nothing for the index), its rows' records and the
        tracking position, in one transaction; returns the segment's number."""
        ...

    def replace(self, parts: Sequence[bytes], through: int, epoch: int) -> int | None:
        """Replace every segment up to `through` by `parts` as epoch `epoch`, if nothing was added
        meanwhile, and return the new highest segment number; None (nothing written) otherwise."""
        ...

    def records(self, rows: Iterable[int]) -> dict[int, Record]: ...

    def all_records(self) -> dict[int, Record]: ...

    def max_tracking_id(self, application_name: str) -> int | None: ...

    def drop(self) -> None: ...

    def close(self) -> None: ...


def _dumps(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class SQLiteSegments(SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS matching_segments (seq INTEGER PRIMARY KEY, epoch INTEGER NOT NULL, "
            "data BLOB NOT NULL)",
            "CREATE TABLE IF NOT EXISTS matching_rows (row_id INTEGER PRIMARY KEY, doc TEXT NOT NULL)",
        ]

    def head(self) -> tuple[int, int]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT COALESCE(MAX(epoch), 0), COALESCE(MAX(seq), 0) FROM matching_segments")
            row = c.fetchone()
        return int(row[0]), int(row[1])

    def segments(self, after: int = 0) -> list[Stored]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT seq, epoch, data FROM matching_segments WHERE seq > ? ORDER BY seq", (after,))
            return [(int(r[0]), int(r[1]), bytes(r[2])) for r in c.fetchall()]

    def commit(
        self, data: bytes | None, epoch: int, records: dict[int, Record], tracking: Tracking
    ) -> int | None:
        seq = None
        with self.datastore.transaction(commit=True) as c:
            if data is not None:
                c.execute("INSERT INTO matching_segments (epoch, data) VALUES (?, ?)", (epoch, data))
                c.execute("SELECT last_insert_rowid()")
                seq = int(c.fetchone()[0])
            c.executemany(
                "INSERT INTO matching_rows (row_id, doc) VALUES (?, ?)",
                [(row, _dumps(record)) for row, record in records.items()],
            )
            self._insert_tracking(c, tracking)
        return seq

    def replace(self, parts: Sequence[bytes], through: int, epoch: int) -> int | None:
        with self.datastore.transaction(commit=True) as c:
            c.execute("SELECT COALESCE(MAX(seq), 0) FROM matching_segments")
            if int(c.fetchone()[0]) != through:
                return None
            c.execute("DELETE FROM matching_segments WHERE seq <= ?", (through,))
            c.executemany(
                "INSERT INTO matching_segments (epoch, data) VALUES (?, ?)", [(epoch, p) for p in parts]
            )
            c.execute("SELECT MAX(seq) FROM matching_segments")
            newest = int(c.fetchone()[0])
        with self.datastore.transaction(commit=False) as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the replaced segments' pages go
        return newest

    def records(self, rows: Iterable[int]) -> dict[int, Record]:
        wanted = list(dict.fromkeys(rows))
        found: dict[int, Record] = {}
        with self.datastore.transaction(commit=False) as c:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                c.execute(
                    f"SELECT row_id, doc FROM matching_rows WHERE row_id IN ({','.join('?' * len(part))})",
                    part,
                )
                found.update({int(r[0]): json.loads(r[1]) for r in c.fetchall()})
        return found

    def all_records(self) -> dict[int, Record]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT row_id, doc FROM matching_rows ORDER BY row_id")
            return {int(r[0]): json.loads(r[1]) for r in c.fetchall()}

    def drop(self) -> None:
        """Files are removed by the caller (projections.storage.drop_documents)."""

    def close(self) -> None:
        self.datastore.close()


class PostgresSegments(PostgresTrackingRecorder):
    def __init__(self, datastore: PostgresDatastore, *, prefix: str) -> None:
        super().__init__(datastore, tracking_table_name=f"{prefix}_tracking")
        self.table = Identifier(datastore.schema, f"{prefix}_segments")
        self.rows = Identifier(datastore.schema, f"{prefix}_rows")
        self.sql_create_statements.extend(
            [
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} (seq BIGSERIAL PRIMARY KEY, epoch INTEGER NOT NULL, "
                    "data BYTEA NOT NULL)"
                ).format(self.table),
                SQL("CREATE TABLE IF NOT EXISTS {} (row_id BIGINT PRIMARY KEY, doc TEXT NOT NULL)").format(
                    self.rows
                ),
            ]
        )

    def head(self) -> tuple[int, int]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL("SELECT COALESCE(MAX(epoch), 0) AS e, COALESCE(MAX(seq), 0) AS s FROM {}").format(
                    self.table
                )
            )
            row = c.fetchone()
        return int(row["e"]), int(row["s"])

    def segments(self, after: int = 0) -> list[Stored]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL("SELECT seq, epoch, data FROM {} WHERE seq > %s ORDER BY seq").format(self.table),
                (after,),
            )
            return [(int(r["seq"]), int(r["epoch"]), bytes(r["data"])) for r in c.fetchall()]

    def _lock(self, c: Any) -> None:
        """Writers one at a time, so that segment numbers follow the order of the pages."""
        c.execute(SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(self.table))

    def commit(
        self, data: bytes | None, epoch: int, records: dict[int, Record], tracking: Tracking
    ) -> int | None:
        seq = None
        with self.datastore.transaction(commit=True) as c:
            self._lock(c)
            self._insert_tracking(c, tracking)
            if data is not None:
                c.execute(
                    SQL("INSERT INTO {} (epoch, data) VALUES (%s, %s) RETURNING seq").format(self.table),
                    (epoch, data),
                )
                seq = int(c.fetchone()["seq"])
            c.executemany(
                SQL("INSERT INTO {} (row_id, doc) VALUES (%s, %s)").format(self.rows),
                [(row, _dumps(record)) for row, record in records.items()],
            )
        return seq

    def replace(self, parts: Sequence[bytes], through: int, epoch: int) -> int | None:
        with self.datastore.transaction(commit=True) as c:
            self._lock(c)
            c.execute(SQL("SELECT COALESCE(MAX(seq), 0) AS s FROM {}").format(self.table))
            if int(c.fetchone()["s"]) != through:
                return None
            c.execute(SQL("DELETE FROM {} WHERE seq <= %s").format(self.table), (through,))
            c.executemany(
                SQL("INSERT INTO {} (epoch, data) VALUES (%s, %s)").format(self.table),
                [(epoch, p) for p in parts],
            )
            c.execute(SQL("SELECT MAX(seq) AS s FROM {}").format(self.table))
            return int(c.fetchone()["s"])

    def records(self, rows: Iterable[int]) -> dict[int, Record]:
        wanted = list(dict.fromkeys(rows))
        if not wanted:
            return {}
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT row_id, doc FROM {} WHERE row_id = ANY(%s)").format(self.rows), (wanted,))
            return {int(r["row_id"]): json.loads(r["doc"]) for r in c.fetchall()}

    def all_records(self) -> dict[int, Record]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT row_id, doc FROM {} ORDER BY row_id").format(self.rows))
            return {int(r["row_id"]): json.loads(r["doc"]) for r in c.fetchall()}

    def drop(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            for table in (
                self.table,
                self.rows,
                Identifier(self.datastore.schema, self.tracking_table_name),
            ):
                c.execute(SQL("DROP TABLE IF EXISTS {}").format(table))

    def close(self) -> None:
        self.datastore.close()


def sqlite_segments(path: str) -> SQLiteSegments:
    datastore = SQLiteDatastore(path, lock_timeout=30, pool_size=2, max_overflow=4)
    datastore.pool = ReadModelConnections(db_name=path, lock_timeout=30, pool_size=2, max_overflow=4)
    storage = SQLiteSegments(datastore)
    try:
        storage.create_table()
    except Exception:
        storage.close()
        raise
    return storage
