"""The store's recorder on PostgreSQL, writing the keys of personal data in the save's own
transaction (services/infrastructure/personal_data.py says how data is sealed): apart, so that a
SQLite store never imports the PostgreSQL driver."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent

from projections.subscriptions_postgres import PollingPostgresProcessRecorder
from services.infrastructure.personal_data import (
    KEYS_COLUMNS,
    POSTGRES_KEYS_TABLE,
    PendingKeys,
    create_postgres_keys_table,
)


class PostgresStoreRecorder(PollingPostgresProcessRecorder):
    """The store's recorder on PostgreSQL, writing new keys in the save's own transaction."""

    pending: PendingKeys | None = None

    @property
    def _keys_table(self) -> Any:
        from psycopg import sql

        return sql.Identifier(self.datastore.schema, POSTGRES_KEYS_TABLE)

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(create_postgres_keys_table(self._keys_table))

    def _insert_events(self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        from psycopg import sql

        if self.pending and (keys := self.pending()):
            insert = sql.SQL("INSERT INTO {} " + KEYS_COLUMNS + " VALUES (%s, %s, %s)").format(
                self._keys_table
            )
            curs.executemany(insert, keys)
        super()._insert_events(curs, stored_events, **kwargs)
