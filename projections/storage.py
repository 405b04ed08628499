"""Where read models live: SQLite files beside the event store, or tables in its PostgreSQL schema."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from eventsourcing.persistence import IntegrityError

from projections.documents import Documents, sqlite_documents

if TYPE_CHECKING:  # the PostgreSQL driver: imported only for a PostgreSQL location
    from eventsourcing.postgres import PostgresDatastore


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


@dataclass(frozen=True)
class PostgresLocation:
    dbname: str
    host: str
    port: int
    user: str
    password: str
    schema: str

    @classmethod
    def parse(cls, url: str) -> PostgresLocation:
        parts = urlsplit(url)
        return cls(
            dbname=parts.path.lstrip("/") or "postgres",
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            schema=parse_qs(parts.query).get("schema", [""])[0],
        )

    def datastore(self, pool_size: int = 2) -> PostgresDatastore:
        from eventsourcing.postgres import PostgresDatastore

        return PostgresDatastore(
            self.dbname,
            self.host,
            self.port,
            self.user,
            self.password,
            schema=self.schema,
            pool_size=pool_size,
            max_overflow=2,
            connect_timeout=5,
        )


def ensure_schema(url: str) -> None:
    import psycopg
    from psycopg import sql

    schema = PostgresLocation.parse(url).schema
    if schema:
        with psycopg.connect(url.split("?", 1)[0], autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def sibling(location: str, suffix: str) -> Path:
    """A file beside a SQLite store: var/matchmaker.db -> var/matchmaker.<suffix>.db."""
    path = Path(location)
    return path.with_name(f"{path.stem}.{suffix}{path.suffix or '.db'}")


def documents_at(location: str, name: str, generation: int) -> Documents:
    """Open (creating if needed) a read model generation's documents and tracking tables."""
    for attempt in range(5):
        try:
            return _open_documents(location, name, generation)
        except (
            IntegrityError
        ):  # two processes created the same tables at once: the loser finds them next time
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _open_documents(location: str, name: str, generation: int) -> Documents:
    if is_postgres(location):
        from projections.documents_postgres import PostgresDocuments

        datastore = PostgresLocation.parse(location).datastore()
        view = PostgresDocuments(datastore, prefix=f"mm_{name}_g{generation}")
        try:
            view.create_table()
        except IntegrityError:
            view.close()
            raise
        return view
    return sqlite_documents(str(sibling(location, f"{name}.g{generation}")))


def drop_documents(location: str, name: str, generation: int) -> None:
    if is_postgres(location):
        from projections.documents_postgres import PostgresDocuments

        view = PostgresDocuments(
            PostgresLocation.parse(location).datastore(), prefix=f"mm_{name}_g{generation}"
        )
        view.drop()
        view.close()
        return
    for suffix in ("", "-wal", "-shm"):
        Path(str(sibling(location, f"{name}.g{generation}")) + suffix).unlink(missing_ok=True)
