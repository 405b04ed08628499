"""Read-model documents in PostgreSQL (projections/documents.py says how documents and tracking
commit together): apart, so that a SQLite store never imports the PostgreSQL driver."""

from __future__ import annotations

import json
from collections.abc import Iterable

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from projections.documents import COLUMNS, Document, _dumps


class PostgresDocuments(PostgresTrackingRecorder):
    def __init__(self, datastore: PostgresDatastore, *, prefix: str) -> None:
        super().__init__(datastore, tracking_table_name=f"{prefix}_tracking")
        self.documents = Identifier(datastore.schema, f"{prefix}_documents")
        self.sql_create_statements.extend(
            [
                SQL("CREATE TABLE IF NOT EXISTS {} (" + COLUMNS + ")").format(self.documents),
                SQL("CREATE INDEX IF NOT EXISTS {} ON {} (kind)").format(
                    Identifier(f"{prefix}_documents_kind"), self.documents
                ),
            ]
        )

    def load(self, keys: Iterable[str]) -> dict[str, Document]:
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT key, doc FROM {} WHERE key = ANY(%s)").format(self.documents), (wanted,))
            return {row["key"]: json.loads(row["doc"]) for row in c.fetchall()}

    def all(self, kind: str | None = None) -> list[Document]:
        with self.datastore.transaction(commit=False) as c:
            if kind is None:
                c.execute(SQL("SELECT doc FROM {} ORDER BY key").format(self.documents))
            else:
                c.execute(
                    SQL("SELECT doc FROM {} WHERE kind = %s ORDER BY key").format(self.documents), (kind,)
                )
            return [json.loads(row["doc"]) for row in c.fetchall()]

    def items(self) -> dict[str, Document]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT key, doc FROM {}").format(self.documents))
            return {row["key"]: json.loads(row["doc"]) for row in c.fetchall()}

    def count(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT COUNT(*) AS n FROM {}").format(self.documents))
            return int(c.fetchone()["n"])

    def commit(self, changed: dict[str, Document | None], tracking: Tracking) -> None:
        upserts = [(k, d["kind"], _dumps(d)) for k, d in changed.items() if d is not None]
        deletes = [(k,) for k, d in changed.items() if d is None]
        with self.datastore.transaction(commit=True) as c:
            if upserts:
                c.executemany(
                    SQL(
                        "INSERT INTO {0} (key, kind, doc) VALUES (%s, %s, %s) "
                        "ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, doc = excluded.doc"
                    ).format(self.documents),
                    upserts,
                )
            if deletes:
                c.executemany(SQL("DELETE FROM {} WHERE key = %s").format(self.documents), deletes)
            self._insert_tracking(c, tracking)

    def compact(self) -> None:
        """VACUUM the documents, so dead row versions (earlier documents) go."""
        with self.datastore.get_connection() as conn:
            autocommit = conn.autocommit
            conn.autocommit = True
            try:
                conn.execute(SQL("VACUUM {}").format(self.documents))
            finally:
                conn.autocommit = autocommit

    def drop(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(SQL("DROP TABLE IF EXISTS {}").format(self.documents))
            c.execute(
                SQL("DROP TABLE IF EXISTS {}").format(
                    Identifier(self.datastore.schema, self.tracking_table_name)
                )
            )

    def close(self) -> None:
        self.datastore.close()
