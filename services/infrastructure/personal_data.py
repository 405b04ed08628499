"""Personal data sealed with keys per startup, so that erasing it is destroying the keys.

An event store is append-only and the audit chain covers every stored byte, so personal data
cannot be deleted from it without breaking the history. Instead (crypto-shredding) the store seals
the personal fields of a startup's events and snapshots (the contact person's name and email,
domain.startup.PERSONAL_FIELDS) with AES-GCM under keys of that startup's own, kept outside the
event log. Erasure destroys the keys: the sealed bytes stay, unreadable, and every event still
verifies; decoding then yields None where the values were. Nothing else of an event is sealed,
so projections, matching and audits work as before.

Keys live in the store's own database, in a table of their own that the audit chain does not
cover: the keys a save makes are written in the same transaction as the events sealed with them
(so they cost no extra write and can never be lost while their events survive). Erasure deletes
the rows with SQLite's secure_delete and a truncating checkpoint of the write-ahead log, or on
PostgreSQL with a VACUUM of the table, so the keys' bytes are overwritten, not left in free pages.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import resolve_topic

from domain.startup import PERSONAL_FIELDS
from projections.storage import PostgresLocation, is_postgres
from projections.subscriptions import PollingSQLiteProcessRecorder

SEALED = "__sealed__"  # marks a sealed value in a stored event: {"__sealed__": "<key id>:<base64>"}


class KeyStore(Protocol):
    """Keys by id, each belonging to one subject (a startup's id).

    Every save that carries personal data gets a fresh key per subject: no lookup before a save,
    and keys are appended in the order they are made (time-ordered ids), so a batch of new keys
    adds a few pages at the end of one B-tree instead of touching pages all over an index. A
    subject thus holds a key per save that gave it personal data (a registration, a new contact
    person); erasure destroys them all, finding them by a scan, since erasures are rare.
    """

    @property
    def pending(self) -> PendingKeys: ...

    def current(self, subject: str) -> tuple[str, bytes]:
        """A key for sealing outside a save (snapshots), written at once."""
        ...

    def get(self, key_id: str) -> bytes | None:
        """A key by id, or None once destroyed."""
        ...

    def destroy(self, subject: str) -> int:
        """Destroy every key of the subject; returns how many there were."""
        ...

    def close(self) -> None: ...


class PendingKeys:
    """Keys made for the save running on a thread, until the store's recorder writes them in the
    same transaction as the events sealed with them: never a key without its event, nor an event
    whose key was lost, and no write of their own. Entries are (key id, subject, key); one per
    store, so two stores never write each other's."""

    def __init__(self) -> None:
        self._local = threading.local()

    def __call__(self) -> list[tuple[str, str, bytes]]:
        return getattr(self._local, "keys", None) or []

    def make(self, subjects: Iterable[str]) -> dict[str, tuple[str, bytes]]:
        made = {s: (new_key_id(), AESGCM.generate_key(bit_length=256)) for s in subjects}
        self._local.keys = [*self(), *((key_id, s, key) for s, (key_id, key) in made.items())]
        return made

    def clear(self) -> None:
        self._local.keys = []


def new_key_id() -> str:
    """Time-ordered, so new keys go to the end of the table's B-tree."""
    return f"{time.time_ns():016x}{secrets.token_hex(6)}"


KEYS_COLUMNS = "(key_id, subject, key)"
SQLITE_KEYS_TABLE = (
    "CREATE TABLE IF NOT EXISTS personal_keys "
    + "(key_id TEXT PRIMARY KEY, subject TEXT NOT NULL, key BLOB NOT NULL) WITHOUT ROWID"
)
SQLITE_INSERT_KEY = f"INSERT INTO personal_keys {KEYS_COLUMNS} VALUES (?, ?, ?)"
POSTGRES_KEYS_TABLE = "matchmaker_personal_keys"


class SQLiteKeys:
    """The keys table in the store's own SQLite file, read and erased on a connection of its own."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self.pending = PendingKeys()
        with self._connection() as conn:
            conn.execute(SQLITE_KEYS_TABLE)

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA secure_delete=ON")  # a deleted key is overwritten, not left in a free page
            self._local.conn = conn
        return conn

    def current(self, subject: str) -> tuple[str, bytes]:
        key_id, key = new_key_id(), AESGCM.generate_key(bit_length=256)
        with self._connection() as conn:
            conn.execute(SQLITE_INSERT_KEY, (key_id, subject, key))
        return key_id, key

    def get(self, key_id: str) -> bytes | None:
        row = (
            self._connection().execute("SELECT key FROM personal_keys WHERE key_id = ?", (key_id,)).fetchone()
        )
        return bytes(row[0]) if row else None

    def destroy(self, subject: str) -> int:
        conn = self._connection()
        with conn:
            count = conn.execute("DELETE FROM personal_keys WHERE subject = ?", (subject,)).rowcount
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the write-ahead log held the key's page too
        return count

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class PostgresKeys:
    """The keys table in the store's PostgreSQL schema."""

    def __init__(self, location: str) -> None:
        import psycopg
        from psycopg import sql

        self.url = location.split("?", 1)[0]
        self.table = sql.Identifier(PostgresLocation.parse(location).schema or "public", POSTGRES_KEYS_TABLE)
        self._psycopg = psycopg
        self.pending = PendingKeys()
        with self._connect() as conn:
            conn.execute(create_postgres_keys_table(self.table))

    def _connect(self) -> Any:
        return self._psycopg.connect(self.url, autocommit=True)

    def current(self, subject: str) -> tuple[str, bytes]:
        from psycopg import sql

        key_id, key = new_key_id(), AESGCM.generate_key(bit_length=256)
        with self._connect() as conn:
            insert = sql.SQL("INSERT INTO {} " + KEYS_COLUMNS + " VALUES (%s, %s, %s)").format(self.table)
            conn.execute(insert, (key_id, subject, key))
        return key_id, key

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

    def close(self) -> None:
        pass


def create_postgres_keys_table(table: Any) -> Any:
    from psycopg import sql

    return sql.SQL(
        "CREATE TABLE IF NOT EXISTS {} (key_id TEXT PRIMARY KEY, subject TEXT NOT NULL, key BYTEA NOT NULL)"
    ).format(table)


class MemoryKeys:
    """Keys in a dictionary, for a store held in memory (unit tests): with no transaction to share,
    a save's keys are kept as they are made."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[str, bytes]] = {}  # key id: (subject, key)
        self.pending = _KeptAsMade(self._keys)

    def current(self, subject: str) -> tuple[str, bytes]:
        key_id, key = new_key_id(), AESGCM.generate_key(bit_length=256)
        self._keys[key_id] = (subject, key)
        return key_id, key

    def get(self, key_id: str) -> bytes | None:
        kept = self._keys.get(key_id)
        return kept[1] if kept else None

    def destroy(self, subject: str) -> int:
        doomed = [key_id for key_id, (owner, _) in self._keys.items() if owner == subject]
        for key_id in doomed:
            del self._keys[key_id]
        return len(doomed)

    def close(self) -> None:
        pass


class _KeptAsMade(PendingKeys):
    def __init__(self, keys: dict[str, tuple[str, bytes]]) -> None:
        super().__init__()
        self._kept = keys

    def make(self, subjects: Iterable[str]) -> dict[str, tuple[str, bytes]]:
        made = super().make(subjects)
        self._kept.update({key_id: (subject, key) for subject, (key_id, key) in made.items()})
        return made


#: The location of an event store held in memory (the eventsourcing library's POPO recorders).
IN_MEMORY = ":memory:"


def keys_for(location: str) -> KeyStore:
    """The key store inside the event store's own database."""
    if location == IN_MEMORY:
        return MemoryKeys()
    if is_postgres(location):
        return PostgresKeys(location)
    return SQLiteKeys(location)


class SQLiteStoreRecorder(PollingSQLiteProcessRecorder):
    """The store's recorder, writing the keys made for a save in the save's own transaction."""

    pending: PendingKeys | None = None  # the store's key store hands over its pending keys

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), SQLITE_KEYS_TABLE]

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.pending and (keys := self.pending()):
            c.executemany(SQLITE_INSERT_KEY, keys)
        return super()._insert_events(c, stored_events, **kwargs)


SQLITE_STORE_RECORDER_TOPIC = "services.infrastructure.personal_data:SQLiteStoreRecorder"
POSTGRES_STORE_RECORDER_TOPIC = "services.infrastructure.personal_data_postgres:PostgresStoreRecorder"


class Sealer:
    """Seals and opens single values; the subject and field are bound in as associated data, so a
    sealed value copied into another startup's event or another field does not open."""

    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys
        self._batch = threading.local()

    @contextmanager
    def batch(self, subjects: Collection[str]) -> Iterator[None]:
        """Within it (one save), seal for these subjects with fresh keys, written with the save."""
        made = self.keys.pending.make(subjects)
        self._batch.keys = {subject: (key_id, AESGCM(key)) for subject, (key_id, key) in made.items()}
        try:
            yield
        finally:
            self._batch.keys = {}
            self.keys.pending.clear()

    def key_for(self, subject: str) -> tuple[str, AESGCM]:
        """The key to seal the subject's values with now: the save's, or (snapshots) a new one."""
        batch = getattr(self._batch, "keys", None) or {}
        if subject in batch:
            return batch[subject]  # type: ignore[no-any-return]
        key_id, key = self.keys.current(subject)
        return key_id, AESGCM(key)

    def seal(
        self, subject: str, field: str, value: Any, key: tuple[str, AESGCM] | None = None
    ) -> dict[str, str]:
        key_id, cipher = key or self.key_for(subject)
        nonce = os.urandom(12)
        sealed = cipher.encrypt(nonce, _encode(value), f"{subject}:{field}".encode())
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


def subjects_of(events: Iterable[Any]) -> set[str]:
    """Whose keys these events will be sealed with: those holding a personal value to seal (a
    startup registered without a contact person needs no key)."""
    return {str(event.originator_id) for event in events if _holds_personal_values(event)}


def _holds_personal_values(event: Any) -> bool:
    for attribute in _personal_attributes(event):
        holder = getattr(event, attribute, None)
        if isinstance(holder, dict) and any(
            holder.get(name) is not None and not is_sealed(holder.get(name)) for name in PERSONAL_FIELDS
        ):
            return True
    return False


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
        to_seal = [n for n in PERSONAL_FIELDS if profile.get(n) is not None and not is_sealed(profile[n])]
        if not to_seal:
            return profile
        key = self.sealer.key_for(subject)  # one key for all of this event's values
        return {**profile, **{name: self.sealer.seal(subject, name, profile[name], key) for name in to_seal}}

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


def __getattr__(name: str) -> Any:
    """`PostgresStoreRecorder` lives in personal_data_postgres.py, so that a SQLite store never
    imports the PostgreSQL driver; its old topic still finds it."""
    if name == "PostgresStoreRecorder":
        from services.infrastructure.personal_data_postgres import PostgresStoreRecorder

        return PostgresStoreRecorder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
