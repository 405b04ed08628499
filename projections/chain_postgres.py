"""The audit hash chain in PostgreSQL (projections/chain.py says what the chain is): apart, so
that a SQLite store never imports the PostgreSQL driver."""

from __future__ import annotations

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from projections.chain import Link


class PostgresChain(PostgresTrackingRecorder):
    def __init__(self, datastore: PostgresDatastore) -> None:
        super().__init__(datastore, tracking_table_name="matchmaker_audit_chain_tracking")
        self.table = Identifier(datastore.schema, "matchmaker_audit_chain")
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (position BIGINT PRIMARY KEY, event_hash BYTEA NOT NULL, "
                "chain_hash BYTEA NOT NULL)"
            ).format(self.table)
        )

    def append(self, links: list[Link], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.executemany(SQL("INSERT INTO {} VALUES (%s, %s, %s)").format(self.table), links)
            self._insert_tracking(c, tracking)

    def count(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT COUNT(*) AS n FROM {}").format(self.table))
            return int(c.fetchone()["n"])

    def last(self) -> Link | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL("SELECT position, event_hash, chain_hash FROM {} ORDER BY position DESC LIMIT 1").format(
                    self.table
                )
            )
            row = c.fetchone()
        return (row["position"], bytes(row["event_hash"]), bytes(row["chain_hash"])) if row else None

    def links(self, after: int, limit: int) -> list[Link]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL(
                    "SELECT position, event_hash, chain_hash FROM {} WHERE position > %s "
                    "ORDER BY position LIMIT %s"
                ).format(self.table),
                (after, limit),
            )
            return [(r["position"], bytes(r["event_hash"]), bytes(r["chain_hash"])) for r in c.fetchall()]

    def close(self) -> None:
        self.datastore.close()
