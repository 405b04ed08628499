"""Importing startup catalogues: the real, messy YC file, the dev catalogue, and bad rows (on the
in-memory store, tests/services/conftest.py, unless another writer on the same database is the point)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from domain import Startup
from domain.errors import InvalidValue
from services.application.catalogue_files import read_catalogue
from services.application.imports import COLUMNS, import_startups
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


# Catalogue files as spreadsheets write them (issue 14, finding 6): each is read, or refused in one line
# naming the file before anything is written.

HEADER = "name,description,sectors,city"
MUELLER = "Müller Grünpflege,Grünflächen pflegen – günstig,climate,Köln"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig", "utf-8"])
def test_a_catalogue_is_read_in_the_encoding_its_bytes_show(
    store: Store, tmp_path: Path, encoding: str
) -> None:
    line = MUELLER.replace("–", "-") if encoding == "latin-1" else MUELLER  # latin-1 has no dash
    path = write(tmp_path, "catalogue.csv", f"{HEADER}\r\n{line}\r\n", encoding)
    report = import_startups(store, path, by=MANAGER)
    assert report.summary() == "imported 1, unchanged 0, rejected 0"
    startup = store.find(Startup, "mueller-gruenpflege")
    assert startup.name == "Müller Grünpflege" and startup.profile["city"] == "Köln"
    assert startup.profile["description"] == line.split(",")[1]


def test_a_semicolon_catalogue_imports_as_a_comma_one_does(store: Store, tmp_path: Path) -> None:
    """German Excel separates with semicolons (the comma is the decimal mark); commas in a field stay."""
    rows = ["Name;Description;Sectors;City", "Kerbside Ops;Route sheets, photos;waste;Herne"]
    path = write(tmp_path, "excel.csv", "\r\n".join([*rows, MUELLER.replace(",", ";")]) + "\r\n", "cp1252")
    catalogue = read_catalogue(path, COLUMNS)
    assert (catalogue.encoding, catalogue.delimiter) == ("cp1252", ";")
    report = import_startups(store, path, by=MANAGER)
    assert report.summary() == "imported 2, unchanged 0, rejected 0"
    assert store.find(Startup, "kerbside-ops").profile["description"] == "Route sheets, photos"
    tabs = write(tmp_path, "tabs.tsv", "name\tdescription\tsectors\nTabbed\tTab separated.\tdata\n")
    assert import_startups(store, tabs, by=MANAGER).summary() == "imported 1, unchanged 0, rejected 0"


def test_an_oversized_field_rejects_its_row_and_the_rest_import(store: Store, tmp_path: Path) -> None:
    big = "x" * (200 * 1024)
    lines = [HEADER, "First,One.,data,Herne", f'Huge,"{big}\n{big}",data,Herne', "Last,Two.,data,Bochum"]
    path = write(tmp_path, "big.csv", "\n".join(lines) + "\n")
    report = import_startups(store, path, by=MANAGER)
    assert (report.imported, len(report.rejected)) == (2, 1)
    assert [(r.row, r.name, r.field) for r in report.rejected] == [(2, "Huge", "description")]
    assert (
        report.rejected[0].reason == "description: 409601 characters, more than the 131072 a field may hold"
    )
    assert sorted(s.name for s in store.every(Startup)) == ["First", "Last"]


def test_a_header_naming_no_expected_column_is_one_error_and_imports_nothing(
    store: Store, tmp_path: Path
) -> None:
    path = write(tmp_path, "orders.csv", "Order;Amount;Customer\n17;3,50;Anna\n")
    with pytest.raises(InvalidValue) as refused:
        import_startups(store, path, by=MANAGER)
    message = str(refused.value)
    assert message.startswith("file: orders.csv: the header names none of the expected columns (name, ")
    assert "company" in message and message.endswith("found 'Order', 'Amount', 'Customer'")
    assert "\n" not in message and written(store) == 0


def test_undecodable_bytes_under_a_named_encoding_name_the_offset_and_line(
    store: Store, tmp_path: Path
) -> None:
    path = write(tmp_path, "latin.csv", f"{HEADER}\n{MUELLER}\n", "cp1252")
    with pytest.raises(InvalidValue) as refused:
        import_startups(store, path, by=MANAGER, encoding="utf-8")
    assert str(refused.value) == "file: latin.csv is not valid utf-8: byte 0xfc at offset 31 (line 2)"
    with pytest.raises(InvalidValue, match="'klingon' is not an encoding"):
        import_startups(store, path, by=MANAGER, encoding="klingon")
    assert written(store) == 0
    assert import_startups(store, path, by=MANAGER, encoding="cp1252").imported == 1


def test_rejections_are_counted_by_reason(store: Store) -> None:
    report = import_startups(store, data_file("yc-startups.csv"), by=MANAGER)
    assert report.rejections() == (
        "164 rows rejected: 85 × status: the catalogue marks this startup as dead (no longer operating), "
        "79 × description: must not be empty"
    )
    assert not report.failed
    founded = [(i, {"name": f"S{i}", "description": "d", "founded": f"year {i}"}) for i in range(1, 4)]
    bad = import_startups(store, Path("x.jsonl"), rows=founded, by=MANAGER)
    assert bad.failed and bad.rejections() == "3 rows rejected: 3 × founded: '…' is not a whole number"
    assert bad.rejected[0].reason == "founded: 'year 1' is not a whole number"
