"""The layers of the README's Layout section, as import-linter contracts (pyproject.toml): the
domain imports nothing of the project, the matcher only the domain, the read models nothing of
the services, the entry points never each other and nothing below the application layer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("domain", "matching", "projections", "services")
LINT = (
    "from importlinter.cli import lint_imports; raise SystemExit(lint_imports(no_cache=True, no_logo=True))"
)


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([sys.executable, "-c", LINT], cwd=folder, env=env, capture_output=True, text=True)


def test_the_import_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("KEPT") == 8 and "BROKEN" not in result.stdout, result.stdout


def test_the_contracts_catch_the_domain_importing_the_store(tmp_path: Path) -> None:
    """Not vacuous: a copy of the project whose domain imports the store breaks the first contract."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "static")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "domain" / "leak.py").write_text("from services.infrastructure.store import Store\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "The domain imports nothing of the project BROKEN" in result.stdout, result.stdout
    assert "domain.leak -> services.infrastructure.store" in result.stdout, result.stdout
