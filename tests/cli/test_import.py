"""`matchmaker import startups FILE`: rejections counted by reason (each with --verbose), exit 1 when
every row was rejected, and a file that cannot be read refused in one line with nothing written."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from services.entrypoints.cli.main import app
from services.infrastructure.store import Store
from tests.conftest import written

runner = CliRunner()


def run(store: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["--store", str(store), "--actor", "Test Manager", "--role", "manager", "import", "startups", *args],
        env={"COLUMNS": "200"},
    )
    return result.exit_code, "\n".join(line for line in result.output.splitlines() if line.strip())


def events(store: Path) -> int:
    if not store.exists():
        return 0
    opened = Store(str(store))
    try:
        return written(opened)
    finally:
        opened.close()


def test_every_row_rejected_exits_1_with_the_reasons_counted(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    path = tmp_path / "empty-descriptions.csv"
    path.write_text("name,description\nA,\nB,\nC,\n,Nameless.\n", encoding="utf-8")
    code, output = run(db, str(path))
    assert code == 1
    assert output.splitlines() == [
        "imported 0, unchanged 0, rejected 4",
        "4 rows rejected: 3 × description: must not be empty, 1 × name: must not be empty "
        "(--verbose lists each row)",
    ]
    code, output = run(db, str(path), "--verbose")
    assert code == 1
    assert output.splitlines()[:4] == [
        "  rejected row 1 (A): description: must not be empty",
        "  rejected row 2 (B): description: must not be empty",
        "  rejected row 3 (C): description: must not be empty",
        "  rejected row 4 (?): name: must not be empty",
    ]
    assert events(db) == 0


def test_a_semicolon_latin_file_is_read_and_said_how(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "Name;Beschreibung;Description\nGrün & Co;x;Grünflächen, günstig.\n;;\n".encode("cp1252")
    )
    code, output = run(db, str(path))
    assert code == 0, output
    assert output.splitlines()[0] == "read excel.csv as cp1252, columns separated by semicolons"
    assert "imported 1, unchanged 0, rejected 1" in output
    assert "1 row rejected: 1 × name: must not be empty" in output


def test_a_file_that_cannot_be_read_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,description\nGrün,Gut.\n".encode("cp1252"))
    wrong = tmp_path / "orders.csv"
    wrong.write_text("Order,Amount\n17,3.50\n", encoding="utf-8")
    cases = [
        (
            (str(latin), "--encoding", "utf-8"),
            "file: latin.csv is not valid utf-8: byte 0xfc at offset 19 (line 2)",
        ),
        ((str(latin), "--encoding", "klingon"), "encoding: 'klingon' is not an encoding"),
        ((str(wrong),), "file: orders.csv: the header names none of the expected columns (name, description"),
        ((str(tmp_path / "missing.csv"),), "does not exist"),
        ((str(tmp_path),), "is not a file"),
    ]
    for args, message in cases:
        code, output = run(db, *args)
        assert code == 1 and len(output.splitlines()) == 1 and message in output, (args, output)
        assert "Traceback" not in output
    assert events(db) == 0
