"""Candidates for pools too large to score densely in full: an inverted file of the dense vectors.

Above `EXACT_LIMIT` pool members (MATCHMAKER_EXACT_LIMIT, default 200,000) the matcher does not
take every member's dense product. The vectors are grouped into LISTS lists around fixed
centroids; a query scans the PROBES lists whose centroids are nearest, keeps the best CANDIDATES
by dense score, adds the best CANDIDATES by lexical score (computed for the whole pool, exactly),
and scores only those exactly. Dense and capability scores are then normalised with statistics of
a fixed sample of the pool (every k-th member), lexical ones with the whole pool's.

Everything here is reproducible, so that an auditor's recomputation finds the same candidates: the
centroids are the vectors of fixed rows (every STRIDE-th row; no k-means, whose parallel sums
differ from run to run), each row's list is found with products of one fixed shape, and lists are
scanned in row order. The matcher's identity records the method and its settings.
"""

from __future__ import annotations

import os

import numpy as np

from matching.index import Column, VectorBlocks

EXACT_LIMIT = int(os.environ.get("MATCHMAKER_EXACT_LIMIT") or 200_000)
LISTS = 256
STRIDE = 97  # centroid i is the vector of row i * STRIDE
PROBES = 12
CANDIDATES = 2000
SAMPLE = 20_000
BATCH = 256  # rows assigned to lists per product (always this shape)


def method() -> dict[str, object]:
    return {
        "name": "ivf",
        "lists": LISTS,
        "centroids": f"vectors of every {STRIDE}th row",
        "probes": PROBES,
        "candidates": f"best {CANDIDATES} by dense of the probed lists, and best {CANDIDATES} by lexical",
        "normalisation_sample": SAMPLE,
        "above": EXACT_LIMIT,
    }


class InvertedFile:
    """Rows' lists around fixed centroids, for one model's vectors."""

    def __init__(self, vectors: VectorBlocks) -> None:
        self.vectors = vectors
        rows = [i * STRIDE for i in range(LISTS)]
        self.centroids = vectors.get(rows)
        self.lists = Column(np.int32)
        self.waiting: set[int] = set()  # rows that had no vector when they were assigned
        self._grouped: tuple[int, np.ndarray, np.ndarray] | None = None

    @staticmethod
    def ready(vectors: VectorBlocks, rows: int) -> bool:
        """Whether every centroid row has its vector."""
        if rows <= (LISTS - 1) * STRIDE:
            return False
        return bool(vectors.has(rows)[np.arange(LISTS) * STRIDE].all())

    def _nearest(self, rows: np.ndarray) -> np.ndarray:
        out = np.zeros(len(rows), dtype=np.int32)
        for first in range(0, len(rows), BATCH):
            part = rows[first : first + BATCH]
            batch = np.zeros((BATCH, self.centroids.shape[1]), dtype=np.float32)
            batch[: len(part)] = self.vectors.get(part)
            out[first : first + len(part)] = np.argmax(self.centroids @ batch.T, axis=0)[: len(part)]
        return out

    def assign(self, upto: int) -> None:
        """Give every row below `upto` that has a vector its list; rows without one wait until
        they get it."""
        present = self.vectors.has(upto)
        ready = [r for r in self.waiting if r < upto and present[r]]
        if ready:
            rows = np.array(sorted(ready))
            for row, nearest in zip(rows.tolist(), self._nearest(rows).tolist(), strict=True):
                self.lists.set(row, nearest)
            self.waiting.difference_update(ready)
            self._grouped = None
        start = len(self.lists)
        if upto <= start:
            return
        rows = np.arange(start, upto)
        lists = np.where(present[rows], self._nearest(rows), -1)
        self.waiting.update(rows[lists < 0].tolist())
        self.lists.extend(lists)
        self._grouped = None

    def _groups(self) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.lists)
        if self._grouped is None or self._grouped[0] != n:
            lists = self.lists.values()
            order = np.argsort(lists, kind="stable")  # rows in order within each list
            starts = np.searchsorted(lists[order], np.arange(-1, LISTS + 1))
            self._grouped = (n, order, starts)
        return self._grouped[1], self._grouped[2]

    def scan(self, query: np.ndarray, members: np.ndarray) -> np.ndarray:
        """Rows of the PROBES lists nearest the query that `members` (a mask over rows) admits, in
        row order."""
        order, starts = self._groups()
        nearest = np.argsort(-(self.centroids @ query), kind="stable")[:PROBES]
        rows = np.concatenate([order[starts[k + 1] : starts[k + 2]] for k in nearest])
        rows = np.sort(rows)
        rows = rows[rows < len(members)]
        return rows[members[rows]]
