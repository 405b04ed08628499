"""The service layer's tests run on an event store held in memory unless they say otherwise.

`Store(":memory:")` runs on the eventsourcing library's POPO recorders: a command's rules, the
dispatcher and the imports need no database, and each test starts from nothing in milliseconds.
The read models, though, live in SQLite files beside the store (projections/storage.py), and a
`:memory:` store would put them in the working directory as `:memory:.<model>.db`, shared by every
later in-memory store. So a test here runs in its own directory and fails if any such file appears:
a test that reads a read model (queries, ranking) declares a SQLite or PostgreSQL store instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.infrastructure.store import Store


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.chdir(tmp_path)
    memory = Store(":memory:")
    yield memory
    memory.close()
    leaked = sorted(p.name for p in tmp_path.glob(":memory:*"))
    assert not leaked, f"a read model was opened on the in-memory store: {leaked}; use a SQLite store"
