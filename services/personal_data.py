"""Personal data sealed with a key per person, so that erasing it is destroying the key.

An event store is append-only and the audit chain covers every stored byte, so personal data
cannot be deleted from it without breaking the history. Instead (crypto-shredding) the store seals
the personal fields of a startup's events and snapshots (the contact person's name and email,
domain.startup.PERSONAL_FIELDS) with AES-GCM under a key of that startup's own, kept outside the
event log. Erasure destroys the key: the sealed bytes stay, unreadable, and every event still
verifies; decoding then yields None where the values were. Nothing else of an event is sealed,
so projections, matching and audits work as before.

Keys live beside the store: a SQLite file `<store>.keys.db` (with secure_delete, so a destroyed
key's bytes are overwritten in the file), or a table in the store's PostgreSQL schema (vacuumed
after an erasure, so dead row versions go too).
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import resolve_topic

from domain.startup import PERSONAL_FIELDS
from projections.storage import PostgresLocation, is_postgres, sibling

SEALED = "__sealed__"  # marks a sealed value in a stored event: {"__sealed__": "<key id>:<base64>"}


class KeyStore(Protocol):
    """Keys by id, each belonging to one subject (a startup's id)."""

    def current(self, subject: str) -> tuple[str, bytes]:
        """The subject's key for new data: its id and bytes (made on first use)."""
        ...

    def get(self, key_id: str) -> bytes | None:
        """A key by id, or None once destroyed."""
        ...

    def destroy(self, subject: str) -> int:
        """Destroy every key of the subject; returns how many there were."""
        ...


class SQLiteKeys:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        with self._connection() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS personal_keys (key_id TEXT PRIMARY KEY, "
                "subject TEXT NOT NULL, key BLOB NOT NULL)"
            )
            conn.execute("CREATE INDEX IF NOT EXISTS personal_keys_subject ON personal_keys (subject)")

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA secure_delete=ON")  # a deleted key is overwritten, not left in a free page
            self._local.conn = conn
        return conn

    def current(self, subject: str) -> tuple[str, bytes]:
        conn = self._connection()
        row = conn.execute("SELECT key_id, key FROM personal_keys WHERE subject = ?", (subject,)).fetchone()
        if row:
            return row[0], bytes(row[1])
        with self._lock, conn:
            key_id, key = uuid.uuid4().hex, AESGCM.generate_key(bit_length=256)
            conn.execute("INSERT INTO personal_keys VALUES (?, ?, ?)", (key_id, subject, key))
        return self.current(subject)  # a concurrent writer's key, if it won

    def get(self, key_id: str) -> bytes | None:
        row = (
            self._connection().execute("SELECT key FROM personal_keys WHERE key_id = ?", (key_id,)).fetchone()
        )
        return bytes(row[0]) if row else None

    def destroy(self, subject: str) -> int:
        with self._connection() as conn:
            return conn.execute("DELETE FROM personal_keys WHERE subject = ?", (subject,)).rowcount


class PostgresKeys:
    def __init__(self, location: str) -> None:
        import psycopg
        from psycopg import sql

        self.location = PostgresLocation.parse(location)
        self.url = location.split("?", 1)[0]
        self.table = sql.Identifier(self.location.schema, "matchmaker_personal_keys")
        self._psycopg = psycopg
        with self._connect() as conn:
            conn.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (key_id TEXT PRIMARY KEY, subject TEXT NOT NULL, "
                    "key BYTEA NOT NULL)"
                ).format(self.table)
            )

    def _connect(self) -> Any:
        return self._psycopg.connect(self.url, autocommit=True)

    def _query(self, statement: str, *args: Any) -> Any:
        from psycopg import sql

        with self._connect() as conn:
            return conn.execute(sql.SQL(statement).format(self.table), args)

    def current(self, subject: str) -> tuple[str, bytes]:
        from psycopg import sql

        with self._connect() as conn:
            conn.execute(
                sql.SQL(
                    "INSERT INTO {} SELECT %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM {} WHERE subject = %s)"
                ).format(self.table, self.table),
                (uuid.uuid4().hex, subject, AESGCM.generate_key(bit_length=256), subject),
            )
            row = conn.execute(
                sql.SQL("SELECT key_id, key FROM {} WHERE subject = %s ORDER BY key_id LIMIT 1").format(
                    self.table
                ),
                (subject,),
            ).fetchone()
        return row[0], bytes(row[1])

    def get(self, key_id: str) -> bytes | None:
        from psycopg import sql

        with self._connect() as conn:
            row = conn.execute(
                sql.SQL("SELECT key FROM {} WHERE key_id = %s").format(self.table), (key_id,)
            ).fetchone()
        return bytes(row[0]) if row else None

    def destroy(self, subject: str) -> int:
        from psycopg import sql

        with self._connect() as conn:
            count = conn.execute(
                sql.SQL("DELETE FROM {} WHERE subject = %s").format(self.table), (subject,)
            ).rowcount
            conn.execute(sql.SQL("VACUUM {}").format(self.table))  # dead row versions hold the key too
        return count


def keys_beside(location: str) -> KeyStore:
    if is_postgres(location):
        return PostgresKeys(location)
    return SQLiteKeys(sibling(location, "keys"))


class Sealer:
    """Seals and opens single values; the subject and field are bound in as associated data, so a
    sealed value copied into another startup's event or another field does not open."""

    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys

    def seal(self, subject: str, field: str, value: Any) -> dict[str, str]:
        key_id, key = self.keys.current(subject)
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, _encode(value), f"{subject}:{field}".encode())
        return {SEALED: f"{key_id}:{base64.b64encode(nonce + sealed).decode()}"}

    def open(self, subject: str, field: str, token: dict[str, str]) -> Any:
        """The value, or None if its key was destroyed (erased)."""
        key_id, _, data = token[SEALED].partition(":")
        key = self.keys.get(key_id)
        if key is None:
            return None
        raw = base64.b64decode(data)
        try:
            return _decode(AESGCM(key).decrypt(raw[:12], raw[12:], f"{subject}:{field}".encode()))
        except InvalidTag:
            return None


def _encode(value: Any) -> bytes:
    return json.dumps(value).encode()


def _decode(data: bytes) -> Any:
    return json.loads(data)


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {SEALED}


class PersonalDataMapper(Mapper[uuid.UUID]):
    """The library's mapper, sealing personal fields on the way into the store and opening them
    on the way out. Which attributes hold them is declared by the domain (`PERSONAL_DATA` on an
    event class, and on an aggregate class for its snapshots)."""

    def __init__(self, *args: Any, keys: KeyStore, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sealer = Sealer(keys)

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        attributes = _personal_attributes(domain_event)
        if not attributes:
            return super().to_stored_event(domain_event)
        subject = str(domain_event.originator_id)
        state = dict(vars(domain_event))
        for attribute in attributes:
            state[attribute] = self._sealed(subject, attribute, state, domain_event)
        sealed = object.__new__(type(domain_event))
        object.__setattr__(sealed, "__dict__", state)
        return super().to_stored_event(sealed)

    def _sealed(self, subject: str, attribute: str, state: dict[str, Any], event: Any) -> Any:
        holder = state[attribute]
        if isinstance(event, Snapshot):  # a snapshot holds the aggregate's attributes in `state`
            inner = dict(holder)
            inner.update(
                {
                    name: self._sealed_fields(subject, inner[name])
                    for name in _in_snapshot(event)
                    if name in inner
                }
            )
            return inner
        return self._sealed_fields(subject, holder)

    def _sealed_fields(self, subject: str, profile: Any) -> Any:
        if not isinstance(profile, dict):
            return profile
        return {
            name: self.sealer.seal(subject, name, value)
            if name in PERSONAL_FIELDS and value is not None and not is_sealed(value)
            else value
            for name, value in profile.items()
        }

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        attributes = _personal_attributes(event)
        if attributes:
            subject = str(event.originator_id)
            state = vars(event)
            for attribute in attributes:
                holder = state.get(attribute)
                if isinstance(event, Snapshot) and isinstance(holder, dict):
                    for name in _in_snapshot(event):
                        if name in holder:
                            holder[name] = self._opened_fields(subject, holder[name])
                else:
                    state[attribute] = self._opened_fields(subject, holder)
        return event

    def _opened_fields(self, subject: str, profile: Any) -> Any:
        if not isinstance(profile, dict):
            return profile
        return {
            name: self.sealer.open(subject, name, value) if is_sealed(value) else value
            for name, value in profile.items()
        }


def _personal_attributes(event: Any) -> tuple[str, ...]:
    if isinstance(event, Snapshot):
        return ("state",) if _in_snapshot(event) else ()
    return tuple(getattr(type(event), "PERSONAL_DATA", ()))


def _in_snapshot(snapshot: Any) -> tuple[str, ...]:
    try:
        return tuple(getattr(resolve_topic(snapshot.topic), "PERSONAL_DATA", ()))
    except Exception:  # a topic of a class that no longer exists holds nothing we seal
        return ()
