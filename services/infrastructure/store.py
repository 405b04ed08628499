"""The event store: where aggregates are loaded from and saved to, on SQLite or PostgreSQL.

This is the eventsourcing `Application` every command goes through. It knows how to find an
aggregate from what a person types (a UUID, `challenge/smart-waste-hunter`, or a name), turns the
store's optimistic-concurrency failure into a clear `Conflict`, and answers "what was the state on
this business date?".
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent, project_aggregate
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Mapper,
    ProcessRecorder,
    Recording,
    Tracking,
    Transcoding,
)

from domain import KINDS
from domain.base import DomainAggregate
from domain.errors import InvalidValue
from domain.values import slug
from projections.storage import PostgresLocation, ensure_schema, is_postgres
from projections.subscriptions import (
    POSTGRES_RECORDER_TOPIC,
    SQLITE_RECORDER_TOPIC,
)
from services.errors import Conflict, NotFound
from services.infrastructure.personal_data import (
    IN_MEMORY,
    POSTGRES_STORE_RECORDER_TOPIC,
    SQLITE_STORE_RECORDER_TOPIC,
    PersonalDataMapper,
    keys_for,
    subjects_of,
)

A = TypeVar("A", bound=DomainAggregate)
T = TypeVar("T")

DEFAULT_LOCATION = "var/matchmaker.db"
APP_NAME = "Matchmaker"


def store_location() -> str:
    """MATCHMAKER_STORE: a SQLite file path (default ./var/matchmaker.db), a postgresql:// URL, or
    `:memory:` (nothing kept: for tests of the application layer)."""
    return os.environ.get("MATCHMAKER_STORE") or DEFAULT_LOCATION


def persistence_env(location: str, name: str = APP_NAME) -> dict[str, str]:
    """The eventsourcing settings for a location, prefixed with the application's name."""
    if location == IN_MEMORY:
        settings = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    elif is_postgres(location):
        pg = PostgresLocation.parse(location)
        settings = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": pg.dbname,
            "POSTGRES_HOST": pg.host,
            "POSTGRES_PORT": str(pg.port),
            "POSTGRES_USER": pg.user,
            "POSTGRES_PASSWORD": pg.password,
            "POSTGRES_SCHEMA": pg.schema,
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER_TOPIC,
            "PROCESS_RECORDER_TOPIC": POSTGRES_STORE_RECORDER_TOPIC,
            "SINGLE_ROW_TRACKING": "n",
        }
        ensure_schema(location)
    else:
        path = Path(location)
        path.parent.mkdir(parents=True, exist_ok=True)
        settings = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER_TOPIC,
            "PROCESS_RECORDER_TOPIC": SQLITE_STORE_RECORDER_TOPIC,
            "SINGLE_ROW_TRACKING": "n",
        }
    return {f"{name.upper()}_{key}": value for key, value in settings.items()}


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def event_topics(aggregate_class: type[DomainAggregate]) -> list[str]:
    """The stored topics of every event class an aggregate class declares."""
    return sorted(
        {
            value.TOPIC
            for value in vars(aggregate_class).values()
            if isinstance(value, type) and isinstance(getattr(value, "TOPIC", None), str)
        }
    )


def kind_of(aggregate_class: type[DomainAggregate]) -> str:
    return aggregate_class.KIND or "aggregate"


class Store(Application[UUID]):
    """The event-sourced application behind every entry point."""

    name = APP_NAME

    def __init__(
        self, location: str | Mapping[str, str] | None = None, env: Mapping[str, str] | None = None
    ) -> None:
        if isinstance(location, Mapping):  # the library constructs applications with an env only
            env, location = (
                location,
                location.get("MATCHMAKER_STORE") or location.get("MATCHMAKER_SQLITE_DBNAME"),
            )
        self.location = location or store_location()
        self._attachments: dict[str, Any] = {}
        self._attaching = threading.RLock()
        super().__init__(env={**persistence_env(self.location), **(env or {})})
        self.recorder.pending = self.keys.pending  # type: ignore[attr-defined]  # new keys go with their events

    def construct_mapper(self) -> Mapper[UUID]:
        """The library's mapper, sealing personal data with per-startup keys
        (services/infrastructure/personal_data.py)."""
        self.keys = keys_for(self.location)
        factory = self.factory
        return PersonalDataMapper(
            transcoder=self.construct_transcoder(),
            cipher=factory.cipher(),
            compressor=factory.compressor(),
            keys=self.keys,
        )

    def construct_recorder(self) -> ProcessRecorder:
        """A process recorder: besides events it records, in the same transaction, which message a
        consumer processed (multi-row tracking: one row per message), so effects happen once."""
        return self.factory.process_recorder()

    def attached(self, name: str, make: Callable[[], T]) -> T:
        """What the application keeps per store (its read models, its shortlisting service): made
        on first use, once, and closed with the store, so no module keeps a registry of stores."""
        with self._attaching:
            if name not in self._attachments:
                self._attachments[name] = make()
            return self._attachments[name]  # type: ignore[no-any-return]

    def attach(self, name: str, thing: T) -> T:
        """Put `thing` in the place of what `attached(name, …)` would make (tests give fakes)."""
        with self._attaching:
            self._attachments[name] = thing
        return thing

    def detach(self, name: str) -> Any:
        with self._attaching:
            return self._attachments.pop(name, None)

    def close(self) -> None:
        with self._attaching:
            attachments, self._attachments = list(self._attachments.values()), {}
        for thing in reversed(attachments):  # the last made may use the first made
            if callable(getattr(thing, "close", None)):
                thing.close()
        self.keys.close()
        super().close()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # Finding aggregates -------------------------------------------------------------------

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether any event has this id: one indexed row, nothing decoded."""
        return bool(self.recorder.select_events(aggregate_id, desc=True, limit=1))

    def load(self, aggregate_class: type[A], aggregate_id: UUID) -> A:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(kind_of(aggregate_class), f"nothing has id {aggregate_id}") from None
        if not isinstance(aggregate, aggregate_class):
            raise NotFound(kind_of(aggregate_class), f"{aggregate_id} is a {type(aggregate).__name__}")
        return aggregate

    def find(self, aggregate_class: type[A], reference: str) -> A:
        """Load an aggregate of a kind by UUID, by its ref, or by the name its ref was made from."""
        candidates = self._candidates(reference, aggregate_class)
        if isinstance(candidates, UUID):
            return self.load(aggregate_class, candidates)
        for aggregate_id in candidates:
            try:
                return self.load(aggregate_class, aggregate_id)
            except NotFound:
                continue
        raise NotFound(
            "reference",
            f"no {kind_of(aggregate_class)} is known as {reference!r}",
            kind=kind_of(aggregate_class),
            reference=reference,
        )

    def identify(self, aggregate_class: type[A], reference: str) -> UUID:
        """The id of an aggregate of a kind, as `find` would find it, without loading it: only the
        topic of its first stored event is read."""
        candidates = self._candidates(reference, aggregate_class)
        topics = set(event_topics(aggregate_class))
        for aggregate_id in [candidates] if isinstance(candidates, UUID) else candidates:
            stored = self.recorder.select_events(aggregate_id, limit=1)
            if stored and stored[0].topic in topics:
                return aggregate_id
            if stored and isinstance(candidates, UUID):
                raise NotFound(
                    kind_of(aggregate_class), f"{aggregate_id} is not a {kind_of(aggregate_class)}"
                )
        if isinstance(candidates, UUID):
            raise NotFound(kind_of(aggregate_class), f"nothing has id {candidates}")
        raise NotFound(
            "reference",
            f"no {kind_of(aggregate_class)} is known as {reference!r}",
            kind=kind_of(aggregate_class),
            reference=reference,
        )

    def version_of(self, aggregate_id: UUID) -> int:
        """An aggregate's current version: one indexed row, nothing decoded."""
        stored = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        return stored[0].originator_version if stored else 0

    def resolve(self, reference: str, aggregate_class: type[DomainAggregate] | None = None) -> UUID:
        """The id a person means by `reference`: a UUID, `kind/ref`, a ref, or a name."""
        candidates = self._candidates(reference, aggregate_class)
        if isinstance(candidates, UUID):
            return candidates
        found = [aggregate_id for aggregate_id in candidates if self.exists(aggregate_id)]
        if not found:
            what = f"no {kind_of(aggregate_class)} is" if aggregate_class else "nothing is"
            raise NotFound(
                "reference",
                f"{what} known as {reference!r}",
                kind=kind_of(aggregate_class) if aggregate_class else None,
                reference=reference,
            )
        if len(found) > 1:
            raise InvalidValue("reference", f"{reference!r} is ambiguous: prefix it with its kind")
        return found[0]

    def _candidates(self, reference: str, aggregate_class: type[DomainAggregate] | None) -> UUID | list[UUID]:
        """A UUID as given, or the ids the reference would have as each kind it may name."""
        reference = (reference or "").strip()
        if not reference:
            raise InvalidValue("reference", "must not be empty")
        try:
            return UUID(reference)
        except ValueError:
            pass
        kinds = [c for c in KINDS.values() if aggregate_class is None or issubclass(c, aggregate_class)]
        head, _, rest = reference.partition("/")
        if head in KINDS and rest:
            kinds, reference = [c for c in kinds if head == c.KIND], rest
        ref = "/".join(slug(part, max_length=200) for part in reference.split("/"))
        return [cls.create_id(ref) for cls in kinds]

    def every(self, aggregate_class: type[A]) -> Iterator[A]:
        """Every aggregate of a kind, in the order they were created.

        Scans the created-events of the kind in the notification log; the read models of
        projections/ answer listings faster once they exist.
        """
        for aggregate_id in self.created_ids(aggregate_class):
            yield cast(A, self.repository.get(aggregate_id))

    def versions_at(self, aggregate_class: type[DomainAggregate], position: int) -> dict[UUID, int]:
        """Every aggregate of a kind that existed at a log position, with its version then, in
        order of creation: what a reader saw at that moment, whatever was recorded (or backdated)
        since."""
        topics = event_topics(aggregate_class)
        versions: dict[UUID, int] = {}
        start = 0
        while page := self.recorder.select_notifications(
            start=start, limit=5000, stop=position, topics=topics, inclusive_of_start=False
        ):
            for notification in page:
                aggregate_id = UUID(str(notification.originator_id))
                versions[aggregate_id] = max(versions.get(aggregate_id, 0), notification.originator_version)
            start = page[-1].id
        return versions

    def created_ids(self, aggregate_class: type[DomainAggregate]) -> Iterator[UUID]:
        topic = aggregate_class.Created.TOPIC  # type: ignore[attr-defined]
        start = 1
        while page := self.recorder.select_notifications(start=start, limit=1000, topics=[topic]):
            for notification in page:
                yield cast(UUID, notification.originator_id)
            start = page[-1].id + 1

    # Saving ---------------------------------------------------------------------------------

    def save_all(self, *aggregates: DomainAggregate) -> None:
        """Save atomically; if another writer got there first, nothing is written and Conflict is raised."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            names = ", ".join(f"{kind_of(type(a))} {getattr(a, 'ref', a.id)}" for a in aggregates)
            raise Conflict(
                "version",
                f"{names} was changed by someone else meanwhile; nothing was written; load it and retry",
            ) from None

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Make the keys for the personal data of all these events first, in one write."""
        with self.mapper.sealer.batch(subjects_of(processing_event.events)):  # type: ignore[attr-defined]
            return super()._record(processing_event)

    @staticmethod
    def check_version(aggregate: DomainAggregate, expected_version: int | None) -> None:
        if expected_version is not None and aggregate.version != expected_version:
            raise Conflict(
                "expected_version",
                f"{getattr(aggregate, 'ref', aggregate.id)} is at version {aggregate.version}, "
                f"not {expected_version}: it was changed meanwhile; nothing was written",
            )

    # Processing messages exactly once -----------------------------------------------------------

    def record_processed(self, consumer: str, key: int, *aggregates: DomainAggregate) -> bool:
        """Save the aggregates' new events and the fact that `consumer` processed message `key`, in
        one transaction. Returns False, writing nothing, if it had processed that message before."""
        processing: ProcessingEvent[UUID] = ProcessingEvent(tracking=Tracking(consumer, key))
        processing.collect_events(*aggregates)
        try:
            self._record(processing)
        except IntegrityError:
            if self.processed(consumer, key):
                return False
            names = ", ".join(f"{kind_of(type(a))} {getattr(a, 'ref', a.id)}" for a in aggregates)
            raise Conflict(
                "version", f"{names} was changed by someone else meanwhile; nothing was written"
            ) from None
        return True

    def processed(self, consumer: str, key: int) -> bool:
        """Whether `consumer` recorded message `key` as processed."""
        recorder = self.recorder
        if is_postgres(self.location):
            from psycopg.sql import SQL, Identifier

            table = Identifier(recorder.datastore.schema, recorder.tracking_table_name)  # type: ignore[attr-defined]
            statement = SQL("SELECT 1 FROM {} WHERE application_name = %s AND notification_id = %s").format(
                table
            )
        else:
            statement = "SELECT 1 FROM tracking WHERE application_name = ? AND notification_id = ?"  # type: ignore[assignment]
        with recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute(statement, (consumer, key))
            return cursor.fetchone() is not None

    def position_of(self, name: str) -> int:
        """The last position a log reader (the relay) recorded."""
        return self.recorder.max_tracking_id(name) or 0  # type: ignore[attr-defined]

    def record_position(self, name: str, position: int) -> None:
        self.recorder.insert_tracking(Tracking(name, position))  # type: ignore[attr-defined]

    # History -------------------------------------------------------------------------------

    def history(self, aggregate_id: UUID) -> list[Any]:
        events = list(self.events.get(aggregate_id))
        if not events:
            raise NotFound("reference", f"nothing has id {aggregate_id}")
        return events

    def positions(self, aggregate_id: UUID) -> dict[int, int]:
        """Where each version of an aggregate stands in the log (its notification id), so that
        one item's exported history names the positions `audit verify` speaks of."""
        recorder: Any = self.recorder
        table = recorder.events_table_name
        if is_postgres(self.location):
            from psycopg import sql

            query: Any = sql.SQL(
                "SELECT originator_version, notification_id FROM {} WHERE originator_id = %s"
            ).format(sql.Identifier(recorder.datastore.schema, table))
            with recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(query, (aggregate_id,))
                return {row["originator_version"]: row["notification_id"] for row in cursor.fetchall()}
        query = f"SELECT originator_version, rowid FROM {table} WHERE originator_id = ?"
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(query, (aggregate_id.hex,))  # the SQLite recorder keeps ids as hex
            return {row[0]: row[1] for row in cursor.fetchall()}

    def as_of(self, aggregate_id: UUID, on: date, version: int | None = None) -> DomainAggregate | None:
        """The aggregate as it stood at the end of business date `on` (considering only its events
        up to `version`, if given), or None if it did not exist yet.

        Business dates never go backwards within an aggregate, so this is a prefix of its events:
        up to the last one dated (as corrected, if a `DateCorrected` moved it) by the end of `on`.
        Corrections recorded after that prefix still give its events their corrected dates.
        """
        history = list(self.events.get(aggregate_id, lte=version) if version else self.history(aggregate_id))
        corrections = [e for e in history if isinstance(e, DomainAggregate.DateCorrected)]
        dated = {e.originator_version: e.occurred_on for e in history if e not in corrections}
        dated |= {c.corrects: c.now for c in corrections}
        within = [v for v, day in dated.items() if day <= on]
        if not within:
            return None
        cut = max(within)
        aggregate = cast(DomainAggregate, project_aggregate(None, history[:cut]))
        for correction in corrections:
            if correction.originator_version > cut and correction.corrects <= cut:
                aggregate.dates[correction.corrects] = correction.now
                aggregate.redated(correction.corrects, correction.now)
                aggregate.last_occurred_on = max(aggregate.dates.values())
        return aggregate
