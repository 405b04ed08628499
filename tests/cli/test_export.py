"""`audit export -o FILE`: the reference is checked before any file is touched, the file is written
whole or not at all, and an existing one is replaced only with --force; every refusal is one line."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.application.commands import RegisterStartup, handle
from services.entrypoints.cli.main import app
from services.infrastructure.store import Store
from tests.conftest import MANAGER

runner = CliRunner()
OLD = '{"an": "earlier export"}\n'


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store with one startup (two events would do as well as one)."""
    path = tmp_path / "store.db"
    store = Store(str(path))
    handle(store, RegisterStartup({"name": "Kerbside Ops", "description": "Route sheets."}), by=MANAGER)
    store.close()
    return path


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    path = tmp_path / "existing.jsonl"
    path.write_text(OLD, encoding="utf-8")
    return path


def export(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["--store", str(db), "--actor", "Anna Audit", "--role", "auditor", "audit", "export", *args]
    )
    return result.exit_code, result.output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_an_unknown_reference_leaves_the_existing_file_as_it_was(db: Path, existing: Path) -> None:
    code, output = export(db, "no-such-item", "-o", str(existing))
    assert code == 3, output
    assert "no-such-item" in output and "Traceback" not in output
    assert existing.read_text(encoding="utf-8") == OLD


def test_an_existing_file_is_refused_without_force_and_replaced_with_it(db: Path, existing: Path) -> None:
    code, output = export(db, "-o", str(existing))
    assert code == 1
    refusal = f"error output: {existing} already exists; add --force to replace it"
    assert output.strip().splitlines() == [refusal]
    assert existing.read_text(encoding="utf-8") == OLD
    code, output = export(db, "startup/kerbside-ops", "-o", str(existing), "--force")
    assert code == 0, output
    records = [json.loads(line) for line in existing.read_text(encoding="utf-8").splitlines()]
    assert [r["type"] for r in records] == ["startup.registered"]
    assert leftovers(existing.parent) == []


def test_a_new_file_is_written(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    code, output = export(db, "-o", str(out))
    assert code == 0 and "1 events written to" in output
    assert json.loads(out.read_text(encoding="utf-8"))["aggregate_ref"] == "kerbside-ops"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("", "is a folder; name the file to write"),
        ("missing/out.jsonl", "does not exist"),
    ],
)
def test_a_folder_or_a_missing_folder_is_one_line(db: Path, tmp_path: Path, target: str, reason: str) -> None:
    code, output = export(db, "-o", str(tmp_path / target) + ("/" if not target else ""))
    assert code == 1
    assert len(output.strip().splitlines()) == 1 and reason in output and "Traceback" not in output


def test_an_unwritable_folder_is_one_line(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root writes into a read-only folder: refuse it as the kernel would
        real_open = os.open

        def refuse(path: str | os.PathLike[str], *args: int) -> int:
            if Path(path).parent == folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, *args)

        monkeypatch.setattr(os, "open", refuse)
    try:
        code, output = export(db, "-o", str(folder / "out.jsonl"))
    finally:
        folder.chmod(0o700)
    assert code == 1 and output.strip().splitlines() == [
        f"error output: cannot write {folder / 'out.jsonl'}: Permission denied"
    ]
    assert list(folder.iterdir()) == []


def test_a_full_disk_is_one_line_and_leaves_no_trace(
    db: Path, existing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # where a full disk shows at the latest
    code, output = export(db, "-o", str(existing), "--force")
    assert code == 1
    assert output.strip().splitlines() == [f"error output: cannot write {existing}: No space left on device"]
    assert existing.read_text(encoding="utf-8") == OLD
    assert leftovers(existing.parent) == []


def test_a_device_is_refused_even_with_force(db: Path) -> None:
    code, output = export(db, "-o", "/dev/full", "--force")
    assert code == 1 and "/dev/full is not a regular file" in output
