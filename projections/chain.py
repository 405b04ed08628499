"""A hash chain over the stored event log, kept by a projection, so that tampering shows.

For every stored event (its position in the log, aggregate id, version, topic and the stored bytes
exactly as they are, sealed personal data included) the projection records the event's hash and a
chain hash covering the previous chain hash, the position and the event's hash. `verify` reads the
log again and compares: a changed event no longer has its recorded hash, a deleted one leaves a
recorded position without an event, an inserted one an event at a position that was never
chained, and two swapped events each carry the hash recorded at the other's position. The chain
links show whether the chain itself was edited, and the head hash (position and chain hash) is the
anchor an auditor keeps elsewhere: `verify(anchor=...)` checks the chain still passes through it.

The chain is never rebuilt from the log (that would bless whatever the log holds now); it only
grows, by the same exactly-once tracking as the read models. It cannot speak for events that were
changed before it chained them: run it continuously (`matchmaker project run`, `serve`).
"""

from __future__ import annotations

import hashlib
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification, Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from projections.documents import ReadModelConnections
from projections.runner import follow
from projections.storage import PostgresLocation, is_postgres, sibling

if TYPE_CHECKING:  # the PostgreSQL driver: imported only for a PostgreSQL location
    from projections.chain_postgres import PostgresChain

GENESIS = bytes(32)
PAGE = 5000
Progress = Callable[[int, int], None]  # (position, head)
Link = tuple[int, bytes, bytes]  # position, event hash, chain hash


def event_hash(notification: Notification) -> bytes:
    """The hash of one stored event as stored: what it is about, its version, topic and bytes."""
    digest = hashlib.sha256()
    for part in (str(notification.originator_id), str(notification.originator_version), notification.topic):
        encoded = part.encode()
        digest.update(struct.pack(">I", len(encoded)) + encoded)
    digest.update(bytes(notification.state))
    return digest.digest()


def chain_hash(previous: bytes, position: int, event: bytes) -> bytes:
    return hashlib.sha256(previous + struct.pack(">Q", position) + event).digest()


class SQLiteChain(SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS audit_chain (position INTEGER PRIMARY KEY, "
            "event_hash BLOB NOT NULL, chain_hash BLOB NOT NULL)",
        ]

    def append(self, links: list[Link], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.executemany("INSERT INTO audit_chain VALUES (?, ?, ?)", links)
            self._insert_tracking(c, tracking)

    def count(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT COUNT(*) FROM audit_chain")
            return int(c.fetchone()[0])

    def last(self) -> Link | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT position, event_hash, chain_hash FROM audit_chain ORDER BY position DESC LIMIT 1"
            )
            row = c.fetchone()
        return (row[0], bytes(row[1]), bytes(row[2])) if row else None

    def links(self, after: int, limit: int) -> list[Link]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT position, event_hash, chain_hash FROM audit_chain WHERE position > ? "
                "ORDER BY position LIMIT ?",
                (after, limit),
            )
            return [(row[0], bytes(row[1]), bytes(row[2])) for row in c.fetchall()]

    def close(self) -> None:
        self.datastore.close()


def chain_at(location: str) -> SQLiteChain | PostgresChain:
    recorder: SQLiteChain | PostgresChain
    if is_postgres(location):
        from projections.chain_postgres import PostgresChain

        recorder = PostgresChain(PostgresLocation.parse(location).datastore())
    else:
        path = str(sibling(location, "chain"))
        datastore = SQLiteDatastore(path, lock_timeout=30, pool_size=2, max_overflow=4)
        datastore.pool = ReadModelConnections(db_name=path, lock_timeout=30, pool_size=2, max_overflow=4)
        recorder = SQLiteChain(datastore)
    recorder.create_table()
    return recorder


@dataclass(frozen=True)
class Finding:
    position: int
    kind: str  # changed | deleted | inserted | reordered | chain-altered | anchor
    detail: str


@dataclass
class Verification:
    head: int = 0  # the last chained position
    head_hash: str = ""
    checked: int = 0  # stored events compared with their recorded hashes
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def first_bad_position(self) -> int | None:
        return min((f.position for f in self.findings), default=None)

    @property
    def anchor(self) -> str:
        """What an auditor writes down to check later that the history up to here never changed."""
        return f"{self.head}:{self.head_hash}"


class AuditChain:
    """The projection that keeps the chain, and the check against it."""

    name = "audit-chain"

    def __init__(self, app: Application[Any], location: str, page: int = PAGE) -> None:
        self.app = app
        self.location = location
        self.page = page
        self.recorder = chain_at(location)
        self._lock = threading.Lock()

    def position(self) -> int:
        return self.recorder.max_tracking_id(self.app.name) or 0

    def catch_up(self, progress: Progress | None = None) -> int:
        """Chain every event recorded since the last run; returns how many."""
        with self._lock:
            position = self.position()
            head = self.app.recorder.max_notification_id() or 0
            last = self.recorder.last()
            previous = last[2] if last else GENESIS
            chained = 0
            while position < head:
                notifications = self.app.recorder.select_notifications(
                    start=position, limit=self.page, stop=head, inclusive_of_start=False
                )
                end = notifications[-1].id if len(notifications) == self.page else head
                links = []
                for n in notifications:
                    hashed = event_hash(n)
                    previous = chain_hash(previous, n.id, hashed)
                    links.append((n.id, hashed, previous))
                try:
                    self.recorder.append(links, Tracking(self.app.name, end))
                except IntegrityError:  # another process chained these meanwhile: continue after it
                    position = self.position()
                    last = self.recorder.last()
                    previous = last[2] if last else GENESIS
                    continue
                position = end
                chained += len(links)
                if progress:
                    progress(position, head)
            return chained

    def follow(self, stop: threading.Event) -> None:
        follow(self.app, self.location, self.name, self.catch_up, stop)

    def recorded(self) -> Iterator[Link]:
        after = 0
        while links := self.recorder.links(after, self.page):
            yield from links
            after = links[-1][0]

    def stored(self, stop: int) -> Iterator[Notification]:
        position = 0
        while position < stop and (
            page := self.app.recorder.select_notifications(
                start=position, limit=self.page, stop=stop, inclusive_of_start=False
            )
        ):
            yield from page
            position = page[-1].id

    def verify(
        self, anchor: str | None = None, progress: Progress | None = None, limit: int = 100
    ) -> Verification:
        """Compare the stored log with the chain; findings name positions, the first is the first bad one."""
        self.catch_up()
        last = self.recorder.last()
        result = Verification(head=last[0] if last else 0, head_hash=last[2].hex() if last else GENESIS.hex())
        found = result.findings
        by_hash: dict[bytes, int] | None = None  # recorded event hashes, built only if something differs
        stored = self.stored(result.head)
        current = next(stored, None)
        previous = GENESIS
        for position, recorded_event, recorded_chain in self.recorded():
            if chain_hash(previous, position, recorded_event) != recorded_chain:
                found.append(Finding(position, "chain-altered", "the chain's own record was edited here"))
            previous = recorded_chain
            while current is not None and current.id < position:
                found.append(Finding(current.id, "inserted", "an event at a position that was never chained"))
                current = next(stored, None)
            if current is None or current.id != position:
                found.append(Finding(position, "deleted", "the event chained at this position is gone"))
                continue
            actual = event_hash(current)
            result.checked += 1
            if actual != recorded_event:
                if by_hash is None:
                    by_hash = {e: p for p, e, _ in self.recorded()}
                elsewhere = by_hash.get(actual)
                if elsewhere is not None and elsewhere != position:
                    found.append(
                        Finding(
                            position, "reordered", f"holds the event that was chained at position {elsewhere}"
                        )
                    )
                else:
                    found.append(
                        Finding(
                            position,
                            "changed",
                            f"{current.topic} of {current.originator_id} v{current.originator_version} "
                            "differs from what was chained",
                        )
                    )
            current = next(stored, None)
            if progress and result.checked % self.page == 0:
                progress(position, result.head)
            if len(found) >= limit:
                break
        while current is not None and len(found) < limit:
            found.append(Finding(current.id, "inserted", "an event at a position that was never chained"))
            current = next(stored, None)
        if progress:
            progress(result.head, result.head)
        if anchor:
            found.extend(self._check_anchor(anchor))
        found.sort(key=lambda f: f.position)
        return result

    def _check_anchor(self, anchor: str) -> list[Finding]:
        position_text, _, expected = anchor.partition(":")
        try:
            position = int(position_text)
        except ValueError:
            return [Finding(0, "anchor", f"{anchor!r} is not POSITION:HASH as `audit verify` prints it")]
        links = self.recorder.links(position - 1, 1)
        if not links or links[0][0] != position:
            return [Finding(position, "anchor", "the chain has no link at the anchor's position")]
        if links[0][2].hex() != expected:
            return [
                Finding(position, "anchor", "the chain no longer passes through the anchor: it was rewritten")
            ]
        return []

    def close(self) -> None:
        self.recorder.close()


def __getattr__(name: str) -> Any:
    """`PostgresChain` lives in chain_postgres.py, so that a SQLite store never imports the
    PostgreSQL driver."""
    if name == "PostgresChain":
        from projections.chain_postgres import PostgresChain

        return PostgresChain
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
