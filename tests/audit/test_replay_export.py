"""`audit replay` rebuilds every read model in a scratch place and finds an edited document;
`audit export` writes the history as JSON lines."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain import Startup
from projections.manager import READ_MODELS
from services.application.audit.export import export
from services.application.audit.replay import replay
from services.application.commands import RegisterStartup, handle
from services.application.readmodels import close_read_models, read_models
from services.infrastructure.store import Store
from tests.conftest import MANAGER
from tests.herne import Herne, profile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def programme(location: str) -> Iterator[Store]:
    """Smart Waste Hunter published, Kerbside Ops's application and the buildings workshop planned
    (outside any programme)."""
    store = Store(location)
    herne = Herne(store)
    herne.smart_waste_hunter_drafted(programme=None)
    herne.smart_waste_hunter_published()
    herne.startup_registered("Kerbside Ops")
    herne.applied("kerbside-ops", "Wir können das.", by=MANAGER)
    herne.buildings_workshop_planned(programme=None)
    yield store
    close_read_models(store)
    store.close()


def test_replay_matches_the_live_read_models(programme: Store) -> None:
    results = replay(programme)
    assert [r.name for r in results] == list(READ_MODELS)
    assert all(r.identical and r.live == r.replayed and r.position == 5 for r in results), results


def test_replay_finds_a_document_edited_behind_the_projections_back(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "store.db"))
    handle(store, RegisterStartup(profile("Kerbside Ops")), by=MANAGER)
    handle(store, RegisterStartup(profile("Wastewise")), by=MANAGER)
    read_models(store).catch_up()
    close_read_models(store)
    kerbside = str(Startup.create_id("kerbside-ops"))
    (directory,) = tmp_path.glob("store.directory*.g1.db")  # named with its document format
    with sqlite3.connect(directory) as conn:
        (doc,) = conn.execute("SELECT doc FROM documents WHERE key = ?", (kerbside,)).fetchone()
        edited = json.loads(doc)
        edited["profile"]["city"] = "Bochum"
        conn.execute("UPDATE documents SET doc = ? WHERE key = ?", (json.dumps(edited), kerbside))
    results = {r.name: r for r in replay(store)}
    assert results["directory"].count == 1
    (difference,) = results["directory"].differences
    assert difference == f"{kerbside}: profile.city: live 'Bochum', replayed 'Amsterdam'"
    assert all(r.identical for name, r in results.items() if name != "directory")
    env = {**os.environ, "MATCHMAKER_STORE": store.location}
    cli = subprocess.run(
        [sys.executable, "-m", "services.entrypoints.cli.main", "audit", "replay", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 6
    assert {r["name"]: r["count"] for r in json.loads(cli.stdout)}["directory"] == 1
    store.close()


def test_export_one_aggregate_and_the_whole_log(programme: Store, tmp_path: Path) -> None:
    one = list(export(programme, "smart-waste-hunter"))
    assert [r["version"] for r in one] == [1, 2]
    assert [r["type"] for r in one] == ["challenge.drafted", "challenge.published"]
    assert {r["aggregate_ref"] for r in one} == {"smart-waste-hunter"}
    assert (
        one[1]["occurred_on"] == "2019-03-01"
        and one[1]["actor"] == MANAGER.name
        and one[1]["role"] == "manager"
    )
    everything = list(export(programme))
    assert [r["position"] for r in everything] == [1, 2, 3, 4, 5]
    by_id = {r["event_id"]: r["position"] for r in everything}
    kerbside = list(export(programme, "startup/kerbside-ops"))
    assert (
        [r["position"] for r in one + kerbside] == [by_id[r["event_id"]] for r in one + kerbside] == [1, 2, 3]
    )
    assert (
        everything[3]["type"] == "application.submitted"
        and everything[3]["data"]["pitch"] == "Wir können das."
    )

    env = {**os.environ, "MATCHMAKER_STORE": programme.location}
    out = tmp_path / "history.jsonl"
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.entrypoints.cli.main",
            "audit",
            "export",
            "--format",
            "jsonl",
            "-o",
            str(out),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stderr
    assert [json.loads(line) for line in out.read_text().splitlines()] == everything
    bad = subprocess.run(
        [sys.executable, "-m", "services.entrypoints.cli.main", "audit", "export", "--format", "csv"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "format: 'csv' is not supported; use jsonl" in bad.stderr
