"""Which generation of each read model serves readers.

A rebuild fills a fresh generation while the active one keeps serving, then makes it active in
one statement. Readers and runners look the active generation up here.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Protocol

from projections.storage import PostgresLocation, is_postgres, sibling


class Catalog(Protocol):
    def active(self, name: str) -> int: ...

    def activate(self, name: str, generation: int) -> None: ...


class SQLiteCatalog:
    def __init__(self, path: str) -> None:
        self.path = path
        with closing(sqlite3.connect(self.path, timeout=30)) as conn, conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS generations (name TEXT PRIMARY KEY, active INTEGER NOT NULL)"
            )

    def active(self, name: str) -> int:
        with closing(sqlite3.connect(self.path, timeout=30)) as conn:
            row = conn.execute("SELECT active FROM generations WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else 1

    def activate(self, name: str, generation: int) -> None:
        with closing(sqlite3.connect(self.path, timeout=30)) as conn, conn:
            conn.execute(
                "INSERT INTO generations (name, active) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET active = excluded.active",
                (name, generation),
            )


class PostgresCatalog:
    def __init__(self, url: str) -> None:
        from psycopg.sql import Identifier

        self.url = url.split("?", 1)[0]
        self.table = Identifier(PostgresLocation.parse(url).schema or "public", "mm_projection_generations")
        self._run("CREATE TABLE IF NOT EXISTS {} (name TEXT PRIMARY KEY, active INTEGER NOT NULL)")

    def _run(self, statement: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        import psycopg
        from psycopg.sql import SQL

        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(SQL(statement).format(self.table), parameters)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def active(self, name: str) -> int:
        rows = self._run("SELECT active FROM {} WHERE name = %s", (name,))
        return int(rows[0][0]) if rows else 1  # type: ignore[call-overload]

    def activate(self, name: str, generation: int) -> None:
        self._run(
            "INSERT INTO {} (name, active) VALUES (%s, %s) "
            "ON CONFLICT (name) DO UPDATE SET active = excluded.active",
            (name, generation),
        )


def catalog_at(location: str) -> Catalog:
    if is_postgres(location):
        return PostgresCatalog(location)
    return SQLiteCatalog(str(sibling(location, "projections")))
