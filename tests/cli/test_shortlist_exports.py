"""`matchmaker export shortlist` and `matchmaker challenge decisions`: a spreadsheet written whole
and read back with openpyxl, a CSV to standard output, refusals before any file is touched, and
the decision view as a table, JSON and CSV (fast: the Herne story without a model)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from services.entrypoints.cli.main import app
from services.infrastructure.store import Store
from tests.herne import SMART_WASTE_HUNTER, Herne

runner = CliRunner()
SECOND = f"{SMART_WASTE_HUNTER}/shortlist-2"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Shortlist 1 ranked with reasons (Einsatzlotse accepted on it), shortlist 2 where Einsatzlotse
    is rejected later."""
    path = tmp_path / "store.db"
    store = Store(str(path))
    herne = Herne(store).small_programme()
    herne.shortlist_ranked_with_reasons(day=date(2019, 3, 12))
    herne.accepted("einsatzlotse", "passt", day=date(2019, 3, 20))
    herne.shortlisted(herne.candidates("einsatzlotse", "solarfuchs"), date(2019, 4, 1))
    herne.rejected("einsatzlotse", "Budget fehlt", shortlist=SECOND, day=date(2019, 4, 2))
    store.close()
    return path


def run(db: Path, *args: str, role: str = "manager", acts_for: tuple[str, ...] = ()) -> tuple[int, str]:
    """The exit code and standard output (with standard error, when it failed)."""
    result = runner.invoke(app, ["--store", str(db), "--role", role, *acts_for, *args])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def export(db: Path, *args: str, **who: Any) -> tuple[int, str]:
    return run(db, "export", "shortlist", SMART_WASTE_HUNTER, *args, **who)


def test_a_shortlist_is_written_as_a_spreadsheet_whole_and_not_over_a_file(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "shortlist.xlsx"
    code, output = run(
        db, "export", "shortlist", SMART_WASTE_HUNTER, "1", "--format", "xlsx", "-o", str(target)
    )
    assert code == 0, output
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    header = rows[0]
    found = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(found) == {"einsatzlotse", "kerbside-ops", "solarfuchs"}
    assert found["einsatzlotse"]["name"] == "Einsatzlotse" and found["einsatzlotse"]["decision"] == "accepted"
    assert found["kerbside-ops"]["score"] == pytest.approx(2.0)  # a number, not text
    before = target.read_bytes()
    code, output = run(db, "export", "shortlist", SMART_WASTE_HUNTER, "--format", "xlsx", "-o", str(target))
    assert code == 1 and "--force" in output and target.read_bytes() == before
    code, output = run(
        db, "export", "shortlist", SMART_WASTE_HUNTER, "--format", "xlsx", "-o", str(target), "--force"
    )
    assert code == 0, output
    latest = list(load_workbook(target).active.iter_rows(values_only=True))
    assert [r[1] for r in latest[1:]] == ["einsatzlotse", "solarfuchs"]  # shortlist 2, the latest
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_csv_goes_to_standard_output_and_refusals_write_nothing(db: Path, tmp_path: Path) -> None:
    code, output = run(db, "export", "shortlist", SMART_WASTE_HUNTER, "1")
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [r["startup"] for r in rows] == ["einsatzlotse", "kerbside-ops", "solarfuchs"]
    assert rows[0]["decided_on"] == "2019-03-20"
    target = tmp_path / "not-written.xlsx"
    startup = ("--acts-for", "einsatzlotse")
    code, output = run(
        db, "export", "shortlist", SMART_WASTE_HUNTER, "-o", str(target), role="startup", acts_for=startup
    )
    assert code == 5 and "shortlist" in output and not target.exists()
    code, output = run(db, "export", "shortlist", "no-such-challenge", "-o", str(target))
    assert code == 3 and not target.exists()
    code, output = run(db, "export", "shortlist", SMART_WASTE_HUNTER, "--format", "xlsx")
    assert code == 1 and "--output" in output


def test_a_german_export_has_german_headers_and_verdicts(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "shortlist.xlsx"
    code, output = export(db, "1", "--format", "xlsx", "-o", str(target), "--lang", "de")
    assert code == 0, output
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    einsatzlotse = dict(zip(rows[0], rows[1], strict=True))
    assert einsatzlotse["Referenz"] == "einsatzlotse" and einsatzlotse["Entscheidung"] == "angenommen"
    code, output = export(db, "1", "--lang", "fr")
    assert code != 0 and "fr" in output


def test_the_decision_view_shows_the_latest_decision_and_the_history(db: Path) -> None:
    code, output = run(db, "challenge", "decisions", SMART_WASTE_HUNTER, "--format", "json")
    assert code == 0, output
    view = json.loads(output)
    einsatzlotse = next(r for r in view["startups"] if r["startup"] == "startup/einsatzlotse")
    assert einsatzlotse["current"]["verdict"] == "rejected" and einsatzlotse["current"]["number"] == 2
    assert [h["verdict"] for h in einsatzlotse["history"]] == ["accepted", "rejected"]
    code, output = run(db, "challenge", "decisions", SMART_WASTE_HUNTER, "--format", "csv")
    rows = {r["ref"]: r for r in csv.DictReader(io.StringIO(output))}
    assert rows["einsatzlotse"]["state"] == "rejected"
    assert rows["einsatzlotse"]["history"] == "accepted on 1 (2019-03-20); rejected on 2 (2019-04-02)"
    assert rows["kerbside-ops"]["state"] == "open"
    code, output = run(db, "challenge", "decisions", SMART_WASTE_HUNTER)
    assert code == 0 and "einsatzlotse" in output and "rejected" in output
