"""Vectors kept by content, so an unchanged profile is never embedded again, not even after a restart.

Keyed by the embedder's fingerprint and a digest of the exact text: a profile version whose text
did not change finds its vector; another model never reads a vector it did not make. Stored next
to the event store: a SQLite file beside it, or a table in the same PostgreSQL schema.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import numpy as np

from matching.embedders import Embedder

CHUNK = 1024  # texts per model call and per write: the model packs them into batches of 16k tokens
REMEMBER = 20_000  # vectors kept in memory by each embedder


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class VectorStore(Protocol):
    def get_many(self, fingerprint: str, digests: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, fingerprint: str, vectors: dict[str, np.ndarray]) -> None: ...


class MemoryVectors:
    """For tests and one-off evaluations: nothing survives the process."""

    def __init__(self) -> None:
        self._vectors: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, fingerprint: str, digests: Sequence[str]) -> dict[str, np.ndarray]:
        return {d: self._vectors[(fingerprint, d)] for d in digests if (fingerprint, d) in self._vectors}

    def put_many(self, fingerprint: str, vectors: dict[str, np.ndarray]) -> None:
        self._vectors.update({(fingerprint, d): v for d, v in vectors.items()})


class SQLiteVectors:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connection() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors (fingerprint TEXT NOT NULL, digest TEXT NOT NULL, "
                "vector BLOB NOT NULL, PRIMARY KEY (fingerprint, digest))"
            )

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def get_many(self, fingerprint: str, digests: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        conn = self._connection()
        for start in range(0, len(digests), 500):
            part = list(digests[start : start + 500])
            marks = ",".join("?" * len(part))
            rows = conn.execute(
                f"SELECT digest, vector FROM vectors WHERE fingerprint = ? AND digest IN ({marks})",
                [fingerprint, *part],
            )
            fetched = rows.fetchall()
            if fetched:  # one buffer for the batch: far fewer objects than one array a vector
                matrix = np.frombuffer(b"".join(v for _, v in fetched), dtype=np.float32)
                found.update(zip((d for d, _ in fetched), matrix.reshape(len(fetched), -1), strict=True))
        return found

    def put_many(self, fingerprint: str, vectors: dict[str, np.ndarray]) -> None:
        with self._connection() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO vectors (fingerprint, digest, vector) VALUES (?, ?, ?)",
                [(fingerprint, d, np.asarray(v, dtype=np.float32).tobytes()) for d, v in vectors.items()],
            )


class PostgresVectors:
    def __init__(self, url: str) -> None:
        from psycopg import sql
        from psycopg_pool import ConnectionPool

        parts = urlsplit(url)
        schema = parse_qs(parts.query).get("schema", ["public"])[0] or "public"
        self.table = sql.Identifier(schema, "matchmaker_vectors")
        self.pool = ConnectionPool(url.split("?", 1)[0], min_size=1, max_size=4, open=True)
        with self.pool.connection() as conn:
            conn.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (fingerprint TEXT NOT NULL, digest TEXT NOT NULL, "
                    "vector BYTEA NOT NULL, PRIMARY KEY (fingerprint, digest))"
                ).format(self.table)
            )

    def get_many(self, fingerprint: str, digests: Sequence[str]) -> dict[str, np.ndarray]:
        from psycopg import sql

        with self.pool.connection() as conn:
            rows = conn.execute(
                sql.SQL("SELECT digest, vector FROM {} WHERE fingerprint = %s AND digest = ANY(%s)").format(
                    self.table
                ),
                (fingerprint, list(digests)),
            ).fetchall()
        return {d: np.frombuffer(bytes(v), dtype=np.float32) for d, v in rows}

    def put_many(self, fingerprint: str, vectors: dict[str, np.ndarray]) -> None:
        from psycopg import sql

        with self.pool.connection() as conn, conn.cursor() as cursor:
            cursor.executemany(
                sql.SQL(
                    "INSERT INTO {} (fingerprint, digest, vector) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
                ).format(self.table),
                [(fingerprint, d, np.asarray(v, dtype=np.float32).tobytes()) for d, v in vectors.items()],
            )

    def close(self) -> None:
        self.pool.close()


def vectors_beside(location: str) -> VectorStore:
    """The vector store that belongs to an event store location (MATCHMAKER_VECTORS overrides it:
    a SQLite path or a postgresql:// URL, e.g. one cache shared by many test stores)."""
    location = os.environ.get("MATCHMAKER_VECTORS") or location
    if location.startswith(("postgresql://", "postgres://")):
        return PostgresVectors(location)
    path = Path(location)
    if os.environ.get("MATCHMAKER_VECTORS"):
        return SQLiteVectors(path)
    return SQLiteVectors(path.with_name(f"{path.stem}.vectors{path.suffix or '.db'}"))


class CachedEmbedder:
    """An embedder in front of a vector store: only texts never seen by this model are embedded.

    Texts are embedded in batches of CHUNK, each batch stored in one write: the model's own
    batching is what makes encoding fast, and a commit per handful of texts costs more than the
    texts. A bounded memory of recent vectors (challenges, sentences) spares the store's lookups.
    """

    def __init__(self, embedder: Embedder, store: VectorStore, remember: int = REMEMBER) -> None:
        self.embedder = embedder
        self.store = store
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._remember = remember
        self._lock = threading.Lock()
        self.embedded = 0  # how many texts this process had to embed (the rest were found)

    @property
    def name(self) -> str:
        return self.embedder.name

    @property
    def fingerprint(self) -> str:
        return self.embedder.fingerprint

    def _recall(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            found = {k: self._memory[k] for k in keys if k in self._memory}
            for k in found:
                self._memory.move_to_end(k)
        return found

    def _keep(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._memory.update(vectors)
            while len(self._memory) > self._remember:
                self._memory.popitem(last=False)

    def lookup(self, keys: Sequence[str], remember: bool = True) -> dict[str, np.ndarray]:
        """Vectors of texts by digest, from memory or the store; missing ones are left out.
        (`remember=False`: the caller keeps them itself, as the pool index does.)"""
        unique = list(dict.fromkeys(keys))
        found = self._recall(unique) if remember else {}
        rest = [k for k in unique if k not in found]
        if rest:
            found |= self.store.get_many(self.fingerprint, rest)
        return found

    def encode(
        self, texts: dict[str, str], progress: Callable[[int], None] | None = None
    ) -> dict[str, np.ndarray]:
        """Embed texts (by digest) in batches, storing each batch in one write."""
        pending = list(texts.items())
        made: dict[str, np.ndarray] = {}
        for start in range(0, len(pending), CHUNK):
            chunk = pending[start : start + CHUNK]
            vectors = self.embedder.embed([t for _, t in chunk])
            new = {k: v for (k, _), v in zip(chunk, vectors, strict=True)}
            self.store.put_many(self.fingerprint, new)
            made |= new
            self.embedded += len(chunk)
            if progress:
                progress(len(chunk))
        return made

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        keys = [digest(t) for t in texts]
        found = self.lookup(keys)
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        found |= self.encode(todo, progress)
        self._keep({k: found[k] for k in dict.fromkeys(keys)})
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def missing(self, texts: Sequence[str]) -> int:
        """How many of these texts would have to be embedded now."""
        keys = list(dict.fromkeys(digest(t) for t in texts))
        return len(keys) - len(self.lookup(keys))
