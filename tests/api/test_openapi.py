"""The committed OpenAPI document is the code's, and `matchmaker api --openapi` prints it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.entrypoints.cli.main import app as cli
from services.entrypoints.http import create_app

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_the_committed_document_is_generated_from_the_code() -> None:
    assert json.loads(DOCUMENT.read_text()) == create_app(keys={}).openapi(), (
        "docs/openapi.json is stale: .venv/bin/matchmaker api --openapi > docs/openapi.json"
    )


def test_the_cli_prints_the_document_and_the_app_serves_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "store.db"), "api", "--openapi"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == json.loads(DOCUMENT.read_text())
    assert printed["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "description": printed["components"]["securitySchemes"]["apiKey"]["description"],
        "scheme": "bearer",
    }
    assert "/challenges/{challenge}/shortlists/{number}/accept" in printed["paths"]
