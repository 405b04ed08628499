"""The pool index: what ranking needs of every profile version of every startup, in arrays.

Rows are profile versions as the matcher sees them (text, capabilities, sectors, stage, city,
language) and are only ever appended: a revision that changes what the matcher reads adds a row,
one that does not (a new website, an erased contact) adds only an entry. Entries are the
startups' versions in log order, each with its log position, business date, whether the startup
was active, and its row. A pool as of any business date and log position is a selection of rows
made from the entries, without reconstructing a single aggregate.

Vectors are kept in blocks of a fixed number of rows, and every product over rows is taken one
block at a time: a row's score is then computed with the same arithmetic whichever rows surround
it, so the same pool gives bit-identical scores however the index was built (checked by the
property test against an index built afresh).

The index is filled by `Segment`s, the unit the matching read model stores: a segment holds the
rows, entries and decisions one page of events added, or a compacted range of them.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from matching import lexical
from matching.profiles import Profile
from matching.regions import REGIONS, innermost_region
from matching.vectors import digest

BLOCK = 4096  # rows per vector block: every product over rows has this shape
MATCHED_FIELDS = ("name", "description", "capabilities", "sectors", "stage", "city", "languages")
STAGE_MATURITY = {"idea": 0.0, "pre-seed": 0.25, "seed": 0.5, "series-a": 0.75, "growth": 1.0}
UNKNOWN_MATURITY = 0.5  # an unknown stage counts as seed
MAX_SEGMENTS = 12  # postings segments kept apart in memory before the newest are merged
#: Of stored segments: a segment of another format is refused, and the index rebuilt (2: a verdict
#: may be withdrawn).
FORMAT = 2
MERGE_CAP = 8_000_000  # postings: larger segments (compacted ones) are never merged in memory


def matched_record(profile: dict[str, Any]) -> dict[str, Any]:
    """The fields of a profile the matcher reads, in a fixed form: equal records rank equally."""
    return {
        "name": str(profile.get("name") or ""),
        "description": str(profile.get("description") or ""),
        "capabilities": [str(c) for c in profile.get("capabilities") or ()],
        "sectors": [str(s) for s in profile.get("sectors") or ()],
        "stage": profile.get("stage") or None,
        "city": profile.get("city") or None,
        "languages": [str(x) for x in profile.get("languages") or ()] or ["en"],
    }


def record_of(profile: Profile) -> dict[str, Any]:
    return matched_record(
        {
            "name": profile.name,
            "description": profile.description,
            "capabilities": list(profile.capabilities),
            "sectors": list(profile.sectors),
            "stage": profile.stage,
            "city": profile.city,
            "languages": [profile.language],
        }
    )


class StaleSegment(ValueError):
    """A stored segment this version cannot read."""


class Column:
    """A growable one-dimensional array: appended to, never changed below its length.

    Readers take `values(n)` and keep what they got; growing replaces the array, so a reader's
    view stays valid while a writer appends.
    """

    def __init__(self, dtype: Any, values: np.ndarray | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self._data = np.zeros(16, dtype=self.dtype) if values is None else np.array(values, dtype=self.dtype)
        self.length = 0 if values is None else len(values)

    def __len__(self) -> int:
        return self.length

    def extend(self, values: Iterable[Any] | np.ndarray) -> None:
        values = np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype=self.dtype)
        needed = self.length + len(values)
        if needed > len(self._data):
            grown = np.zeros(max(needed, 2 * len(self._data)), dtype=self.dtype)
            grown[: self.length] = self._data[: self.length]
            self._data = grown
        self._data[self.length : needed] = values
        self.length = needed

    def set(self, index: int, value: Any) -> None:
        self._data[index] = value

    def values(self, n: int | None = None) -> np.ndarray:
        return self._data[: self.length if n is None else n]


def _by_block(rows: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Positions of `rows` grouped by the block each row lies in."""
    if not len(rows):
        return []
    blocks = rows // BLOCK
    order = np.argsort(blocks, kind="stable")
    bounds = np.flatnonzero(np.diff(blocks[order])) + 1
    return [(int(blocks[part[0]]), part) for part in np.split(order, bounds)]


class VectorBlocks:
    """Float32 vectors of rows (or capabilities) in blocks of BLOCK rows."""

    def __init__(self, dim: int | None = None) -> None:
        self.dim = dim  # known from the first vector put
        self.blocks: list[np.ndarray] = []
        self.present = Column(np.bool_)

    def _ensure(self, rows: int) -> None:
        assert self.dim is not None
        while len(self.blocks) * BLOCK < rows:
            self.blocks.append(np.zeros((BLOCK, self.dim), dtype=np.float32))
        if len(self.present) < rows:
            self.present.extend(np.zeros(rows - len(self.present), dtype=np.bool_))

    def put(self, rows: Sequence[int], vectors: np.ndarray) -> None:
        if not len(rows):
            return
        if self.dim is None:
            self.dim = int(np.asarray(vectors).shape[1])
        rows = np.asarray(rows, dtype=np.int64)
        vectors = np.asarray(vectors, dtype=np.float32)
        self._ensure(int(rows.max()) + 1)
        for block, at in _by_block(rows):
            self.blocks[block][rows[at] % BLOCK] = vectors[at]
        self.present.values()[rows] = True

    def has(self, n: int) -> np.ndarray:
        values = self.present.values()
        out = np.zeros(n, dtype=np.bool_)
        out[: min(n, len(values))] = values[:n]
        return out

    def get(self, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros((len(rows), self.dim or 0), dtype=np.float32)
        for block, at in _by_block(rows):
            if block < len(self.blocks):
                out[at] = self.blocks[block][rows[at] % BLOCK]
        return out

    def dot(self, query: np.ndarray, n: int) -> np.ndarray:
        """Every row's product with one or more query vectors (n × k, or n for one), block by block."""
        query = np.asarray(query, dtype=np.float32)
        width = () if query.ndim == 1 else (len(query),)
        if n == 0 or not self.blocks:
            return np.zeros((n, *width), dtype=np.float32)
        operand = query if query.ndim == 1 else query.T
        blocks = self.blocks[: (n + BLOCK - 1) // BLOCK]
        out = np.empty((len(blocks) * BLOCK, *width), dtype=np.float32)

        def product(first: int, last: int) -> None:
            for number in range(first, last):
                np.matmul(blocks[number], operand, out=out[number * BLOCK : (number + 1) * BLOCK])

        _in_parallel(product, len(blocks))
        out = out[:n]
        if len(out) < n:
            out = np.concatenate([out, np.zeros((n - len(out), *width), dtype=np.float32)])
        return out


_workers: ThreadPoolExecutor | None = None
_starting = threading.Lock()


def _in_parallel(work: Callable[[int, int], None], count: int) -> None:
    """Run `work(first, last)` over ranges of `count` blocks on the cores: each block is one
    single-threaded product of the same shape (numpy lets go of the interpreter lock meanwhile),
    so the result does not depend on how the blocks were shared out."""
    global _workers
    cores = os.cpu_count() or 1
    if count < 4 or cores == 1:
        work(0, count)
        return
    with _starting:
        if _workers is None:
            _workers = ThreadPoolExecutor(max_workers=cores, thread_name_prefix="blocks")
    bounds = np.linspace(0, count, cores + 1).astype(int).tolist()
    futures = [_workers.submit(work, a, b) for a, b in itertools.pairwise(bounds) if b > a]
    for future in futures:
        future.result()


@dataclass
class Shown:
    """A ranked shortlist's candidates, as training examples for the re-ranker."""

    position: int
    day: int
    ref: str
    challenge_id: str
    candidates: list[tuple[str, dict[str, float]]]  # (startup id, components)
    shortlist_id: str = ""


@dataclass
class Verdict:
    position: int
    day: int
    shortlist: str  # ref
    startup_id: str
    accepted: bool | None  # None: the decision was withdrawn (undecided again)


@dataclass
class Segment:
    """What one commit of the matching read model adds to the index (or a compacted range of it).

    Rows `first_row .. first_row + len(rows)`; entries in log order; new names for the
    vocabularies (startups, capabilities, languages, sectors, stages) in the order they were met.
    """

    first_row: int
    startups: list[str] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    rows: dict[str, np.ndarray] = field(default_factory=dict)
    digests: list[str] = field(default_factory=list)
    capability_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    grams: lexical.Postings | None = None
    words: lexical.Postings | None = None
    entries: dict[str, np.ndarray] = field(default_factory=dict)
    shown: list[Shown] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    position: int = 0  # the log position the index reaches with this segment
    compacted: bool = False  # made by compaction (not one page of events)

    @property
    def row_count(self) -> int:
        return len(self.digests)

    @property
    def empty(self) -> bool:
        return not (
            self.startups or self.digests or len(self.entries.get("row", ())) or self.shown or self.verdicts
        )

    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {f"row_{k}": v for k, v in self.rows.items()}
        arrays |= {f"entry_{k}": v for k, v in self.entries.items()}
        arrays["capability_ids"] = self.capability_ids
        arrays["digests"] = np.array(self.digests, dtype="S32")
        for name, postings in (("grams", self.grams), ("words", self.words)):
            if postings is not None:
                arrays[f"{name}_keys"], arrays[f"{name}_starts"] = postings.keys, postings.starts
                arrays[f"{name}_rows"] = postings.rows
                arrays[f"{name}_range"] = np.array([postings.low, postings.high], dtype=np.int64)
                if postings.tf is not None:
                    arrays[f"{name}_tf"] = postings.tf
        meta = {
            "format": FORMAT,
            "first_row": self.first_row,
            "position": self.position,
            "compacted": self.compacted,
            "startups": self.startups,
            "capabilities": self.capabilities,
            "languages": self.languages,
            "sectors": self.sectors,
            "stages": self.stages,
            "shown": [vars(s) for s in self.shown],
            "verdicts": [vars(v) for v in self.verdicts],
        }
        arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Segment:
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        meta = json.loads(arrays.pop("meta").tobytes().decode())
        if meta.get("format") != FORMAT:
            raise StaleSegment(
                f"a matching index segment of format {meta.get('format')}, not {FORMAT}: written by "
                "another version of matchmaker; `matchmaker project rebuild matching` writes it anew"
            )

        def postings(name: str) -> lexical.Postings | None:
            if f"{name}_keys" not in arrays:
                return None
            low, high = arrays[f"{name}_range"].tolist()
            return lexical.Postings(
                arrays[f"{name}_keys"],
                arrays[f"{name}_starts"],
                arrays[f"{name}_rows"],
                arrays.get(f"{name}_tf"),
                low,
                high,
            )

        return cls(
            first_row=meta["first_row"],
            position=meta["position"],
            compacted=meta.get("compacted", False),
            startups=meta["startups"],
            capabilities=meta["capabilities"],
            languages=meta["languages"],
            sectors=meta["sectors"],
            stages=meta["stages"],
            rows={k[4:]: v for k, v in arrays.items() if k.startswith("row_")},
            digests=[d.decode() for d in arrays["digests"]],
            capability_ids=arrays["capability_ids"],
            grams=postings("grams"),
            words=postings("words"),
            entries={k[6:]: v for k, v in arrays.items() if k.startswith("entry_")},
            shown=[Shown(**{**s, "candidates": [tuple(c) for c in s["candidates"]]}) for s in meta["shown"]],
            verdicts=[Verdict(**v) for v in meta["verdicts"]],
        )


ROW_COLUMNS = {
    "startup": np.int32,
    "language": np.int16,
    "main_sector": np.int16,  # -1: none
    "sectors": np.uint64,  # bit i: sector i of the vocabulary
    "stage": np.int16,  # -1: unknown
    "region": np.int8,  # innermost region level (0 Ruhrgebiet … 3 EU), -1 unknown
    "length": np.int32,  # grams, for BM25's length normalisation
    "position": np.int64,  # log position of the event that made the row
    "capability_end": np.int64,  # capability_ids[end of previous row : this end]
}
ENTRY_COLUMNS = {
    "startup": np.int32,
    "version": np.int32,
    "position": np.int64,
    "day": np.int32,  # business date as a proleptic ordinal
    "active": np.bool_,
    "row": np.int32,
}


@dataclass(frozen=True)
class Pool:
    """A selection of the index: one row per startup, in the order the startups were first recorded."""

    startups: np.ndarray  # startup indices
    rows: np.ndarray
    versions: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)


class PoolIndex:
    """Rows, entries, postings and vectors; one writer at a time (the caller's lock), many readers."""

    def __init__(self) -> None:
        self.startups: list[str] = []
        self.startup_index: dict[str, int] = {}
        self.capabilities: list[str] = []
        self.capability_index: dict[str, int] = {}
        self.capability_digests: list[str] = []
        self.languages: list[str] = []
        self.sectors: list[str] = []
        self.stages: list[str] = []
        self.rows = {name: Column(dtype) for name, dtype in ROW_COLUMNS.items()}
        self.digests: list[str] = []
        self.capability_ids = Column(np.int32)
        self.entries = {name: Column(dtype) for name, dtype in ENTRY_COLUMNS.items()}
        self.last_entry = Column(np.int64)  # per startup
        self.latest_day = 0
        self.grams: list[lexical.Postings] = []
        self.words: list[lexical.Postings] = []
        self.shown: list[Shown] = []
        self.verdicts: list[Verdict] = []
        self.position = 0
        self.vectors: dict[str, VectorBlocks] = {}  # per model fingerprint: row vectors
        self.capability_vectors: dict[str, VectorBlocks] = {}
        self.records: dict[int, dict[str, Any]] = {}  # rows' matched records, when kept in memory
        self.load_records: Callable[[list[int]], dict[int, dict[str, Any]]] | None = None
        self.inverted: dict[str, Any] = {}  # per model: an inverted file of its vectors (large pools)
        self.lock = threading.Lock()  # for what readers add: vectors, inverted files
        self._pools: dict[tuple[int, int | None], Pool] = {}
        self._pool_lock = threading.Lock()

    # Sizes ---------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.digests)

    @property
    def entry_count(self) -> int:
        return len(self.entries["row"])

    # Applying segments ------------------------------------------------------------------------------

    def apply(self, segment: Segment) -> None:
        """Add a segment's rows, entries and decisions (segments come in the order they were made)."""
        if segment.first_row != self.row_count:
            raise ValueError(f"segment starts at row {segment.first_row}, the index has {self.row_count}")
        for name in segment.startups:
            self.startup_index[name] = len(self.startups)
            self.startups.append(name)
        self.last_entry.extend(np.full(len(segment.startups), -1, dtype=np.int64))
        for text in segment.capabilities:
            self.capability_index[text] = len(self.capabilities)
            self.capabilities.append(text)
            self.capability_digests.append(digest(text))
        self.languages += segment.languages
        self.sectors += segment.sectors
        self.stages += segment.stages
        if segment.row_count:
            offset = len(self.capability_ids)
            for name, column in self.rows.items():
                values = segment.rows[name]
                column.extend(values + offset if name == "capability_end" else values)
            self.capability_ids.extend(segment.capability_ids)
            self.digests += segment.digests
            for target, postings in ((self.grams, segment.grams), (self.words, segment.words)):
                if postings is not None and postings.size:
                    target.append(postings)
                    _settle(target)
        if len(segment.entries.get("row", ())):
            first = self.entry_count
            for name, column in self.entries.items():
                column.extend(segment.entries[name])
            startups = segment.entries["startup"]
            positions = np.arange(first, self.entry_count)
            for startup, entry in zip(startups.tolist(), positions.tolist(), strict=True):
                self.last_entry.set(startup, entry)
            self.latest_day = max(self.latest_day, int(segment.entries["day"].max()))
        self.shown += segment.shown
        self.verdicts += segment.verdicts
        self.position = max(self.position, segment.position)
        with self._pool_lock:
            self._pools.clear()

    # Pools -------------------------------------------------------------------------------------------

    def entries_until(self, position: int | None) -> int:
        """How many entries had been recorded at a log position."""
        if position is None:
            return self.entry_count
        return int(np.searchsorted(self.entries["position"].values(), position, side="right"))

    def pool(self, on: date | None = None, position: int | None = None) -> Pool:
        """The active startups known on business date `on` (any, when None) as recorded by log
        `position`, each with its profile as it was then."""
        count = self.entries_until(position)
        day = None if on is None or on.toordinal() >= self.latest_day else on.toordinal()
        key = (count, day)
        with self._pool_lock:
            if key in self._pools:
                return self._pools[key]
        startup = self.entries["startup"].values(count)
        if day is None and count == self.entry_count:
            last = self.last_entry.values()
            last = last[last >= 0]
        else:
            valid = np.flatnonzero(self.entries["day"].values(count) <= day) if day is not None else None
            chosen = np.arange(count) if valid is None else valid
            backwards = chosen[::-1]
            _, first = np.unique(startup[backwards], return_index=True)
            last = backwards[first]
        last = last[self.entries["active"].values(count)[last]]  # in order of startup: of creation
        pool = Pool(
            startups=startup[last].astype(np.int64),
            rows=self.entries["row"].values(count)[last].astype(np.int64),
            versions=self.entries["version"].values(count)[last].astype(np.int64),
        )
        with self._pool_lock:
            self._pools[key] = pool
            while len(self._pools) > 8:
                self._pools.pop(next(iter(self._pools)))
        return pool

    # Reading rows ------------------------------------------------------------------------------------

    def column(self, name: str, n: int | None = None) -> np.ndarray:
        return self.rows[name].values(n)

    def capabilities_of(self, rows: np.ndarray) -> np.ndarray:
        """The distinct capability ids of these rows."""
        rows = np.asarray(rows, dtype=np.int64)
        end = self.rows["capability_end"].values()
        begins = np.where(rows > 0, end[np.maximum(rows - 1, 0)], 0)
        lengths = end[rows] - begins
        offsets = np.repeat(begins - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
        return np.unique(self.capability_ids.values()[offsets])

    def row_capabilities(self, row: int) -> list[int]:
        end = self.rows["capability_end"].values()
        begin = int(end[row - 1]) if row else 0
        return self.capability_ids.values()[begin : int(end[row])].tolist()

    def records_of(self, rows: Sequence[int]) -> dict[int, dict[str, Any]]:
        missing = [r for r in rows if r not in self.records]
        found = {r: self.records[r] for r in rows if r in self.records}
        if missing and self.load_records is not None:
            found |= self.load_records(missing)
        return found

    def profile(self, row: int, record: dict[str, Any], version: int) -> Profile:
        startup = self.startups[int(self.rows["startup"].values()[row])]
        return Profile.from_record({**record, "id": startup}, version=version)

    # Vectors ----------------------------------------------------------------------------------------

    def vectors_for(self, fingerprint: str) -> tuple[VectorBlocks, VectorBlocks]:
        """Row and capability vectors of one model (filled by the matcher from the vector store)."""
        if fingerprint not in self.vectors:
            self.vectors[fingerprint] = VectorBlocks()
            self.capability_vectors[fingerprint] = VectorBlocks()
        return self.vectors[fingerprint], self.capability_vectors[fingerprint]

    # Training examples ----------------------------------------------------------------------------

    def decisions_until(self, position: int | None) -> tuple[int, int]:
        """How many shown shortlists and verdicts had been recorded at a log position."""
        if position is None:
            return len(self.shown), len(self.verdicts)
        shown = bisect_right([s.position for s in self.shown], position)
        verdicts = bisect_right([v.position for v in self.verdicts], position)
        return shown, verdicts


def _settle(segments: list[lexical.Postings]) -> None:
    """Merge the newest postings segments while they are comparable in size (a log-structured
    merge: each posting is rewritten O(log n) times, and a query visits O(log n) segments)."""
    while (
        len(segments) >= 2
        and segments[-2].size < MERGE_CAP
        and (segments[-1].size * 4 >= segments[-2].size or len(segments) > MAX_SEGMENTS)
    ):
        newest = segments.pop()
        segments[-1] = lexical.Postings.merge([segments[-1], newest])


class Builder:
    """Turns profile versions into a segment for an index, interning names as it goes.

    `version(...)` is called for every event of a startup in log order: with the matched record
    when the profile may have changed, or None when the event leaves it as it was. A record equal
    to the startup's current one adds only an entry.
    """

    def __init__(self, index: PoolIndex, position: int = 0) -> None:
        self.index = index
        self.segment = Segment(first_row=index.row_count, position=position)
        self._startups: dict[str, int] = {}
        self._capabilities: dict[str, int] = {}
        self._vocab: dict[str, dict[str, int]] = {"languages": {}, "sectors": {}, "stages": {}}
        self._rows: list[dict[str, Any]] = []  # columns of the new rows
        self._keys: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []
        self._words: list[np.ndarray] = []
        self._capability_ids: list[int] = []
        self._entries: list[tuple[int, int, int, int, bool, int]] = []
        self.records: dict[int, dict[str, Any]] = {}  # the new rows' matched records
        self.current: dict[
            str, tuple[int, bool, dict[str, Any] | None]
        ] = {}  # startup -> row, active, record

    # Names --------------------------------------------------------------------------------------------

    def _startup(self, startup_id: str) -> int:
        if startup_id in self.index.startup_index:
            return self.index.startup_index[startup_id]
        if startup_id not in self._startups:
            self._startups[startup_id] = len(self.index.startups) + len(self._startups)
            self.segment.startups.append(startup_id)
        return self._startups[startup_id]

    def _capability(self, text: str) -> int:
        if text in self.index.capability_index:
            return self.index.capability_index[text]
        if text not in self._capabilities:
            self._capabilities[text] = len(self.index.capabilities) + len(self._capabilities)
            self.segment.capabilities.append(text)
        return self._capabilities[text]

    def _code(self, vocabulary: str, value: str) -> int:
        known: list[str] = getattr(self.index, vocabulary)
        if value in known:
            return known.index(value)
        new = self._vocab[vocabulary]
        if value not in new:
            new[value] = len(known) + len(new)
            getattr(self.segment, vocabulary).append(value)
        return new[value]

    # Rows and entries ------------------------------------------------------------------------------

    def state(self, startup_id: str) -> tuple[int, bool, dict[str, Any] | None] | None:
        """A startup's current row, whether it is active, and its record if known here."""
        if startup_id in self.current:
            return self.current[startup_id]
        index = self.index.startup_index.get(startup_id)
        if index is None:
            return None
        entry = int(self.index.last_entry.values()[index])
        if entry < 0:
            return None
        row = int(self.index.entries["row"].values()[entry])
        active = bool(self.index.entries["active"].values()[entry])
        return row, active, self.index.records_of([row]).get(row)

    def version(
        self,
        startup_id: str,
        version: int,
        position: int,
        on: date,
        record: dict[str, Any] | None,
        active: bool,
    ) -> None:
        startup = self._startup(startup_id)
        now = self.state(startup_id)
        if record is None:
            if now is None:
                raise ValueError(f"startup {startup_id} has no profile yet at version {version}")
            row, _, known = now
        elif now is not None and now[2] == record:
            row, known = now[0], record
        else:
            row, known = self._row(startup, record, position), record
        self._entries.append((startup, version, position, on.toordinal(), active, row))
        self.current[startup_id] = (row, active, known)

    def _row(self, startup: int, record: dict[str, Any], position: int) -> int:
        profile = Profile.from_record({**record, "id": ""})
        text = profile.text
        keys, counts = lexical.gram_keys(text)
        sectors = [self._code("sectors", s) for s in record["sectors"]]
        if len(set(sectors)) > 64 or max(sectors, default=0) >= 64:
            raise ValueError("the index keeps at most 64 sectors")
        mask = 0
        for code in sectors:
            mask |= 1 << code
        level = innermost_region(record["city"])
        self._capability_ids += [self._capability(c) for c in record["capabilities"]]
        self._rows.append(
            {
                "startup": startup,
                "language": self._code("languages", profile.language),
                "main_sector": sectors[0] if sectors else -1,
                "sectors": mask,
                "stage": self._code("stages", record["stage"]) if record["stage"] else -1,
                "region": REGIONS.index(level) if level else -1,
                "length": int(counts.astype(np.int64).sum()),
                "position": position,
                "capability_end": len(self._capability_ids),
            }
        )
        self._keys.append(keys)
        self._counts.append(counts)
        self._words.append(lexical.word_keys(text))
        self.segment.digests.append(digest(text))
        row = self.segment.first_row + len(self._rows) - 1
        self.records[row] = record
        return row

    def show(self, shown: Shown) -> None:
        self.segment.shown.append(shown)

    def decide(self, verdict: Verdict) -> None:
        self.segment.verdicts.append(verdict)

    def build(self, position: int | None = None) -> Segment:
        segment = self.segment
        if position is not None:
            segment.position = position
        segment.rows = {
            name: np.array([r[name] for r in self._rows], dtype=dtype) for name, dtype in ROW_COLUMNS.items()
        }
        segment.capability_ids = np.array(self._capability_ids, dtype=np.int32)
        rows = range(segment.first_row, segment.first_row + len(self._rows))
        segment.grams = lexical.Postings.build(rows, self._keys, self._counts)
        segment.words = lexical.Postings.build(rows, self._words, None)
        segment.entries = {
            name: np.array([e[i] for e in self._entries], dtype=dtype)
            for i, (name, dtype) in enumerate(ENTRY_COLUMNS.items())
        }
        return segment


def from_profiles(profiles: Sequence[Profile], on: date = date(1, 1, 1)) -> PoolIndex:
    """An index of one version of each profile, in the given order (evaluation, tests, the
    reference computation of a shortlist from reconstructed aggregates)."""
    index = PoolIndex()
    builder = Builder(index)
    for profile in profiles:
        builder.version(profile.id, profile.version, 0, on, record_of(profile), True)
    index.apply(builder.build())
    index.records.update(builder.records)
    return index


def compacted(index: PoolIndex, rows_per_segment: int = 250_000) -> list[Segment]:
    """The whole index as few segments (the first holds every name, entry and decision): what
    the read model stores instead of many small ones."""
    n = index.row_count
    bounds = list(range(0, n, rows_per_segment)) or [0]
    segments = []
    ends = index.rows["capability_end"].values()
    for number, first in enumerate(bounds):
        last = min(first + rows_per_segment, n)
        cap_begin = int(ends[first - 1]) if first else 0
        cap_end = int(ends[last - 1]) if last > first else cap_begin
        rows = range(first, last)
        segment = Segment(
            first_row=first,
            rows={k: c.values()[first:last].copy() for k, c in index.rows.items()},
            digests=index.digests[first:last],
            capability_ids=index.capability_ids.values()[cap_begin:cap_end].copy(),
            grams=_slice(index.grams, rows),
            words=_slice(index.words, rows),
            position=index.position,
        )
        segment.rows["capability_end"] = segment.rows["capability_end"] - cap_begin
        if number == 0:
            segment.startups = list(index.startups)
            segment.capabilities = list(index.capabilities)
            segment.languages, segment.sectors = list(index.languages), list(index.sectors)
            segment.stages = list(index.stages)
            segment.entries = {k: c.values().copy() for k, c in index.entries.items()}
            segment.shown, segment.verdicts = list(index.shown), list(index.verdicts)
        segments.append(segment)
    return segments


def _slice(segments: Sequence[lexical.Postings], rows: range) -> lexical.Postings:
    """The postings of a range of rows, from segments that together cover it."""
    merged = lexical.Postings.merge(list(segments)) if segments else lexical.Postings.build([], [], [])
    keep = (merged.rows >= rows.start) & (merged.rows < rows.stop)
    keys = np.repeat(merged.keys, np.diff(merged.starts))[keep]
    tf = merged.tf[keep] if merged.tf is not None else None
    return lexical.Postings._grouped(keys, merged.rows[keep], tf, rows.start, rows.stop)
