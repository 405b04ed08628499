"""Rebuild every read model from the first event into a scratch place and compare with the live ones.

The live read models are caught up to the head of the log, the scratch ones are built from
nothing to the same position, and every document is compared. A difference means a read model
holds something the history does not explain (a bug in a projection that was fixed since, or an
edit behind the application's back); `matchmaker project rebuild NAME` then replaces it.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from projections.documents import Document
from projections.manager import READ_MODELS, ReadModels
from projections.storage import PostgresLocation, ensure_schema, is_postgres
from services.application.readmodels import read_models
from services.infrastructure.store import Store

SHOWN = 10  # differences listed per read model


@dataclass
class Comparison:
    name: str
    position: int
    live: int  # documents
    replayed: int
    differences: list[str] = field(default_factory=list)
    count: int = 0  # differing documents in all

    @property
    def identical(self) -> bool:
        return self.count == 0


def replay(store: Store, progress: Callable[[str, int, int], None] | None = None) -> list[Comparison]:
    live = read_models(store, embeddings=True)
    names = list(READ_MODELS)
    dependencies = {name: runner.dependencies for name, runner in live.runners.items()}
    scratch, cleanup = scratch_location(store.location)
    fresh = ReadModels(store, scratch, dependencies)
    try:
        live.catch_up(names)
        fresh.catch_up(names, progress)
        while True:  # events recorded meanwhile: bring both to the same position
            positions = {n: (live.runners[n].position(), fresh.runners[n].position()) for n in names}
            if all(a == b for a, b in positions.values()):
                break
            live.catch_up(names)
            fresh.catch_up(names)
        return [
            compare(
                n, positions[n][0], live.view(n, current=False).items(), fresh.view(n, current=False).items()
            )
            for n in names
        ]
    finally:
        fresh.close()
        cleanup()


def compare(name: str, position: int, by_key: dict[str, Document], again: dict[str, Document]) -> Comparison:
    result = Comparison(name, position, len(by_key), len(again))
    for key in sorted(set(by_key) | set(again)):
        a, b = by_key.get(key), again.get(key)
        if a == b:
            continue
        result.count += 1
        if len(result.differences) >= SHOWN:
            continue
        if b is None:
            result.differences.append(f"{key}: in the live read model only")
        elif a is None:
            result.differences.append(f"{key}: missing from the live read model")
        else:
            paths = differing_paths(a, b)
            shown = "; ".join(f"{path}: live {_short(x)}, replayed {_short(y)}" for path, x, y in paths[:3])
            result.differences.append(f"{key}: {shown}")
    return result


def differing_paths(a: Any, b: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Where two documents differ, as dotted paths with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                found += differing_paths(a.get(k), b.get(k), f"{path}.{k}" if path else str(k))
        return found
    return [(path or "(document)", a, b)]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def scratch_location(location: str) -> tuple[str, Callable[[], Any]]:
    """Where the replayed read models go: a temporary folder, or a temporary PostgreSQL schema."""
    if is_postgres(location):
        import psycopg
        from psycopg import sql

        pg = PostgresLocation.parse(location)
        schema = f"{pg.schema or 'public'}_replay_{uuid.uuid4().hex[:8]}"
        base = location.split("?", 1)[0]
        ensure_schema(f"{base}?schema={schema}")

        def drop() -> None:
            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))

        return f"{base}?schema={schema}", drop
    folder = Path(tempfile.mkdtemp(prefix="matchmaker-replay-"))
    return str(folder / Path(location).name), lambda: shutil.rmtree(folder, ignore_errors=True)
