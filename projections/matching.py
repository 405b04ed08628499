"""The matching read model: the matcher's pool index as a projection of Startup and Shortlist events.

Every version of every startup becomes an entry of the index (its log position, business date,
whether it was active, and its row: the profile as the matcher reads it), and every ranked
shortlist and decision a training example for the re-ranker. A shortlist then reads its pool,
as of any date and log position, from arrays, and never reconstructs an aggregate.

Like the other read models it is exactly once (a page's segment commits with its tracking
position), has generations (rebuilt while the active one serves) and survives being killed. It
needs no model: vectors come from the vector store, which the embeddings read model fills.
Each process keeps the index in memory and follows the stored segments: loading a compacted
index of 100,000 startups takes about a second.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import date
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking

from domain import Shortlist, Startup
from domain.startup import public_profile
from matching.index import (
    Builder,
    PoolIndex,
    Segment,
    Shown,
    StaleSegment,
    Verdict,
    compacted,
    matched_record,
)
from projections.catalog import Catalog
from projections.runner import PAGE, Progress, Runner
from projections.segments import PostgresSegments, Segments, sqlite_segments
from projections.storage import PostgresLocation, drop_documents, is_postgres, sibling

log = logging.getLogger(__name__)
NAME = "matching"
STARTUP_EVENTS = tuple(
    value
    for value in vars(Startup).values()
    if isinstance(value, type)
    and issubclass(value, Startup.Event)
    and isinstance(getattr(value, "TOPIC", None), str)
)
SHORTLIST_EVENTS = (
    Shortlist.Produced,
    Shortlist.CandidateAccepted,
    Shortlist.CandidateRejected,
    Shortlist.DecisionWithdrawn,
)
TOPICS = tuple(sorted({c.TOPIC for c in (*STARTUP_EVENTS, *SHORTLIST_EVENTS)}))  # type: ignore[attr-defined]
COMPACT_SEGMENTS = 500  # small segments tolerated before compacting
COMPACT_SHARE = 1.0  # rows in small segments, against the compacted ones, before compacting
COMPACT_ROWS = 10_000


def segments_at(location: str, generation: int) -> Segments:
    if is_postgres(location):
        storage = PostgresSegments(
            PostgresLocation.parse(location).datastore(), prefix=f"mm_{NAME}_g{generation}"
        )
        storage.create_table()
        return storage
    return sqlite_segments(str(sibling(location, f"{NAME}.g{generation}")))


class MatchingIndex:
    """One generation of the read model: its storage and the index loaded from it."""

    name = NAME
    event_topics = TOPICS

    def __init__(self, storage: Segments) -> None:
        self.storage = storage
        self.index = PoolIndex()
        self.index.load_records = storage.records
        self.epoch = 0
        self.seq = 0
        self.compacted_rows = 0
        self.loose_rows = 0
        self.loose_segments = 0
        self._loading = threading.Lock()
        self.writing = threading.Lock()
        self.view = MatchingView(self)

    # Reading ------------------------------------------------------------------------------------

    def refresh(self) -> PoolIndex:
        """The index with every segment stored so far (loaded again after a compaction)."""
        with self._loading:
            epoch, seq = self.storage.head()
            if seq == self.seq and epoch == self.epoch:
                return self.index
            stored = self.storage.segments(self.seq) if epoch == self.epoch and seq > self.seq else None
            if stored is None or any(e != self.epoch for _, e, _ in stored):
                self._reload()
                return self.index
            for number, _, data in stored:
                self._add(self.index, Segment.from_bytes(data))
                self.seq = number
            return self.index

    def _reload(self) -> None:
        fresh = PoolIndex()
        fresh.load_records = self.storage.records
        self.compacted_rows = self.loose_rows = self.loose_segments = 0
        self.epoch, self.seq = 0, 0
        for number, epoch, data in self.storage.segments():
            self._add(fresh, Segment.from_bytes(data))
            self.epoch, self.seq = epoch, number
        old = self.index
        if old.row_count and fresh.digests[: old.row_count] == old.digests:
            fresh.vectors, fresh.capability_vectors = old.vectors, old.capability_vectors  # same rows
        self.index = fresh

    def _add(self, index: PoolIndex, segment: Segment) -> None:
        index.apply(segment)
        if segment.compacted:
            self.compacted_rows += segment.row_count
        else:
            self.loose_rows += segment.row_count
            self.loose_segments += 1

    def position(self, application_name: str) -> int:
        return self.storage.max_tracking_id(application_name) or 0

    # Writing ------------------------------------------------------------------------------------

    def segment_for(self, page: list[tuple[int, Any]], end: int) -> tuple[Segment, dict[int, dict[str, Any]]]:
        """The segment a page of (position, event) adds to the current index."""
        builder = Builder(self.index, end)
        for position, event in page:
            on = event.occurred_on
            if isinstance(event, Startup.Event):
                _startup_version(builder, str(event.originator_id), position, event)
            elif isinstance(event, Shortlist.Produced):
                if event.matcher.get("name") == "hybrid":
                    builder.show(
                        Shown(
                            position,
                            on.toordinal(),
                            event.ref,
                            str(event.challenge_id),
                            [
                                (str(c["startup_id"]), dict(c.get("components") or {}))
                                for c in event.candidates
                            ],
                            str(event.originator_id),
                        )
                    )
            elif isinstance(event, SHORTLIST_EVENTS[1:]):  # a decision, or one withdrawn (None)
                withdrawn = isinstance(event, Shortlist.DecisionWithdrawn)
                accepted = None if withdrawn else isinstance(event, Shortlist.CandidateAccepted)
                builder.decide(
                    Verdict(
                        position, on.toordinal(), str(event.originator_id), str(event.startup_id), accepted
                    )
                )
        return builder.build(end), builder.records

    def commit(self, segment: Segment | None, records: dict[int, dict[str, Any]], tracking: Tracking) -> None:
        """Store a page's segment, then add it to the index kept here (read back only if another
        process stored one in between)."""
        data = None if segment is None or segment.empty else segment.to_bytes()
        seq = self.storage.commit(data, self.epoch, records, tracking)
        with self._loading:
            if seq is not None and seq == self.seq + 1 and segment is not None:
                self._add(self.index, segment)
                self.seq = seq

    def compact_if_due(self) -> bool:
        """Replace the small segments by a few large ones when they hold enough (geometric, so
        that every row is rewritten O(log n) times)."""
        due = self.loose_segments > COMPACT_SEGMENTS or (
            self.loose_rows >= max(COMPACT_ROWS, COMPACT_SHARE * self.compacted_rows)
            and self.loose_segments > 1
        )
        if not due:
            return False
        index = self.refresh()
        with self._loading:
            parts = compacted(index)
            for part in parts:
                part.compacted = True
            seq = self.storage.replace([p.to_bytes() for p in parts], self.seq, self.epoch + 1)
            if seq is None:
                return False
            self.epoch, self.seq = self.epoch + 1, seq
            self.compacted_rows, self.loose_rows, self.loose_segments = index.row_count, 0, 0
        return True

    def close(self) -> None:
        self.storage.close()


def _startup_version(builder: Builder, startup: str, position: int, event: Any) -> None:
    """One event of a startup: a new profile (registered, revised) or the same one (withdrawn,
    contact erased, anything else a startup records)."""
    version = event.originator_version
    if isinstance(event, Startup.Registered):
        record = matched_record(public_profile(event.profile))
        builder.version(startup, version, position, event.occurred_on, record, True)
        return
    state = builder.state(startup)
    if state is None:
        raise ValueError(f"startup {startup} has an event at version {version} but was never registered")
    _, active, record = state
    if isinstance(event, Startup.ProfileRevised):
        assert record is not None
        revised = matched_record({**record, **public_profile(event.changes)})
        builder.version(startup, version, position, event.occurred_on, revised, active)
    else:
        builder.version(
            startup,
            version,
            position,
            event.occurred_on,
            None,
            active and not isinstance(event, Startup.Withdrawn),
        )


class MatchingView:
    """What the read-model machinery asks of a generation (status, replay, the crash test)."""

    def __init__(self, model: MatchingIndex) -> None:
        self.model = model

    def count(self) -> int:
        return len(self.model.refresh().startups)

    def max_tracking_id(self, application_name: str) -> int | None:
        return self.model.storage.max_tracking_id(application_name)

    def items(self) -> dict[str, dict[str, Any]]:
        """One document per startup (its versions with the profile each shows the matcher) and
        per shortlist (its shown candidates and decisions): equal for equal histories, however
        the pages fell."""
        index = self.model.refresh()
        records = self.model.storage.all_records()
        entries = {name: column.values() for name, column in index.entries.items()}
        documents: dict[str, dict[str, Any]] = {}
        for i in range(index.entry_count):
            startup = index.startups[int(entries["startup"][i])]
            doc = documents.setdefault(
                f"startup/{startup}", {"kind": "startup", "id": startup, "versions": []}
            )
            doc["versions"].append(
                {
                    "version": int(entries["version"][i]),
                    "position": int(entries["position"][i]),
                    "on": date.fromordinal(int(entries["day"][i])).isoformat(),
                    "active": bool(entries["active"][i]),
                    "profile": records.get(int(entries["row"][i])),
                    "digest": index.digests[int(entries["row"][i])],
                }
            )
        for shown in index.shown:
            doc = documents.setdefault(
                f"shortlist/{shown.shortlist_id}", {"kind": "shortlist", "decisions": []}
            )
            doc |= {"ref": shown.ref, "position": shown.position, "candidates": shown.candidates}
        for verdict in index.verdicts:
            doc = documents.setdefault(
                f"shortlist/{verdict.shortlist}", {"kind": "shortlist", "decisions": []}
            )
            doc.setdefault("decisions", []).append(vars(verdict))
        return documents

    def all(self, kind: str | None = None) -> list[dict[str, Any]]:
        items = self.items()
        return [items[k] for k in sorted(items) if kind is None or items[k]["kind"] == kind]

    def load(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        items = self.items()
        return {k: items[k] for k in keys if k in items}

    def compact(self) -> None:
        """Holds no personal data: nothing to remove after an erasure."""

    def close(self) -> None:
        self.model.close()


class MatchingRunner(Runner):
    """Keeps the matching read model current: a `Runner` whose generations are index segments."""

    def __init__(
        self,
        app: Application[Any],
        location: str,
        catalog: Catalog,
        dependencies: dict[str, Any] | None = None,
        page: int = PAGE,
    ) -> None:
        super().__init__(app, MatchingIndex, location, catalog, dependencies, page)  # type: ignore[arg-type]

    def model(self, generation: int | None = None) -> MatchingIndex:  # type: ignore[override]
        return super().model(generation)  # type: ignore[return-value]

    def open(self, generation: int) -> MatchingIndex:  # type: ignore[override]
        return MatchingIndex(segments_at(self.location, generation))

    def drop(self, generation: int) -> None:
        if is_postgres(self.location):
            storage = segments_at(self.location, generation)
            storage.drop()
            storage.close()
        else:
            drop_documents(self.location, NAME, generation)

    def catch_up(self, generation: int | None = None, progress: Progress | None = None) -> int:
        """Process every event up to the head of the log as read now; return how many were applied.

        A generation written by another version of the index (`StaleSegment`) is dropped and
        built again from the first event: it is a read model, the log has everything."""
        generation = generation or self.catalog.active(NAME)
        try:
            self.model(generation).refresh()
        except StaleSegment as error:
            log.warning("%s; building it again", error)
            self.forget(generation)
            self.drop(generation)
        model = self.model(generation)
        applied = 0
        with model.writing:
            position = model.position(self.app.name)
            head = self.head()
            while position < head:
                model.refresh()
                notifications = self.app.recorder.select_notifications(
                    start=position, limit=self.page, stop=head, topics=TOPICS, inclusive_of_start=False
                )
                end = notifications[-1].id if len(notifications) == self.page else head
                page = [(n.id, self.app.mapper.to_domain_event(n)) for n in notifications]
                segment, records = model.segment_for(page, end) if page else (None, {})
                try:
                    model.commit(segment, records, Tracking(self.app.name, end))
                except IntegrityError:  # another runner got further meanwhile: continue from there
                    position = model.position(self.app.name)
                    continue
                position = end
                applied += len(page)
                model.compact_if_due()
                if progress:
                    progress(position, head)
        return applied
