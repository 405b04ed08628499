"""Importing startup catalogues: the real, messy YC file, the dev catalogue, and bad rows (on the
in-memory store, tests/services/conftest.py, unless another writer on the same database is the point)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from domain import Startup
from services.application.imports import import_startups
from services.infrastructure.data import data_file
from services.infrastructure.store import Store
from tests.conftest import MANAGER, written


def test_the_yc_catalogue_imports_with_reasons_and_a_second_run_adds_nothing(store: Store) -> None:
    path = data_file("yc-startups.csv")
    report = import_startups(store, path, by=MANAGER)
    assert (report.imported, report.unchanged, len(report.rejected)) == (524, 0, 164)
    reasons = Counter(r.reason.split(":")[0] for r in report.rejected)
    assert reasons == {"status": 85, "description": 79}
    assert all(r.name and r.row > 0 for r in report.rejected)
    count = written(store)
    again = import_startups(store, path, by=MANAGER)
    assert again.summary() == "imported 0, unchanged 524, rejected 164"
    assert written(store) == count
    curebit = store.find(Startup, "Curebit")
    assert curebit.profile["founded"] == 2010 and curebit.profile["city"] == "San Francisco"
    assert "data" in curebit.profile["sectors"] and "Analytics" in curebit.profile["capabilities"]


def test_the_dev_catalogue_imports_completely(store: Store) -> None:
    report = import_startups(store, data_file("eval-dev/startups.jsonl"), by=MANAGER)
    assert report.summary() == "imported 240, unchanged 0, rejected 0"
    kubikblick = store.find(Startup, "Kubikblick")
    assert kubikblick.profile["languages"] == ["de"] and kubikblick.profile["stage"] == "seed"
    assert kubikblick.source == "startups.jsonl"


def test_bad_rows_are_rejected_one_by_one_and_changed_rows_revise(store: Store, tmp_path: Path) -> None:
    good = {
        "name": "Kerbside Ops",
        "description": "Route sheets on a phone.",
        "capabilities": ["routing"],
        "sectors": ["waste"],
        "language": "en",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "name": "Mailbad", "contact_email": "nope"}),
        json.dumps({**good, "name": ""}),
        json.dumps(["a", "list"]),
        json.dumps({**good, "name": "Sectorless", "sectors": ["space"]}),
        json.dumps({**good, "name": "Foundedbad", "founded": "nineteen"}),
        json.dumps(good),  # the same row twice in one file
    ]
    path = tmp_path / "catalogue.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_startups(store, path, by=MANAGER)
    assert (report.imported, report.unchanged) == (1, 1)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (2, "row: not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (3, "contact_email: 'nope' is not an e-mail address"),
        (4, "name: must not be empty"),
        (5, "row: not a JSON object"),
        (
            6,
            "sectors: 'space' is not one of: waste, energy, mobility, buildings, water, health, education, "
            "e-government, retail, tourism, climate, safety, data, finance, logistics, agriculture, culture",
        ),
        (7, "founded: 'nineteen' is not a whole number"),
    ]
    path.write_text(json.dumps({**good, "description": "Route sheets and photos on a phone."}) + "\n")
    revised = import_startups(store, path, by=MANAGER)
    assert revised.summary() == "imported 0, unchanged 0, rejected 0, revised 1"
    assert store.find(Startup, "kerbside-ops").version == 2


def test_a_batch_that_collides_with_another_writer_is_redone_row_by_row(
    sqlite_store: Store, tmp_path: Path
) -> None:
    """Another writer registers one of the batch's startups after the import looked: nothing is lost
    (two stores on one SQLite file: the in-memory store has no other writer)."""
    rows = [(i, {"name": f"S{i}", "description": "d", "sectors": ["data"]}) for i in range(1, 6)]
    other = Store(sqlite_store.location)
    calls = {"n": 0}

    def interfere(_: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # after the third row was read, someone else registers S4
            from services.application.commands import RegisterStartup, handle

            handle(
                other, RegisterStartup({"name": "S4", "description": "d", "sectors": ["data"]}), by=MANAGER
            )

    report = import_startups(sqlite_store, tmp_path / "x.jsonl", rows=rows, by=MANAGER, progress=interfere)
    assert (report.imported, report.unchanged, len(report.rejected)) == (4, 1, 0)
    assert sorted(s.name for s in sqlite_store.every(Startup)) == ["S1", "S2", "S3", "S4", "S5"]
    other.close()
