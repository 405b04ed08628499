"""The command line starts without importing what a command does not need: `--help` lists every
command from the root's own table, whose lines say what the commands' own help says, and imports no
module of the application layer, no numpy, no driver."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main
from typer import _click as click
from typer.core import TyperGroup
from typer.testing import CliRunner

from services.entrypoints.cli.lazy import loaded
from services.entrypoints.cli.main import COMMANDS, app


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_roots_line_is_the_commands_own(name: str) -> None:
    command = loaded(name, COMMANDS[name])
    assert command.get_short_help_str(limit=1000) == COMMANDS[name].help


def test_the_root_lists_every_command_once() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    names = group.list_commands(click.Context(group))
    assert names == list(COMMANDS)


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for name in ("challenge", "shortlist", "withdraw-decision", "demo"):
        assert name in result.output


HEAVY = (
    "numpy",
    "torch",
    "sentence_transformers",
    "fastapi",
    "uvicorn",
    "faststream",
    "psycopg",
    "cryptography",
    "eventsourcing",
    "domain",
    "services.application",
    "services.infrastructure",
)


def test_help_imports_nothing_heavy() -> None:
    """`matchmaker --help` in a fresh interpreter, as a user runs it: none of the heavy modules."""
    script = (
        "import sys, json\n"
        "sys.argv = ['matchmaker', '--help']\n"
        "from services.entrypoints.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    assert "Commands" in done.stdout
    assert [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)] == []


def test_a_mistyped_command_gets_the_close_ones() -> None:
    result = CliRunner().invoke(app, ["challeng", "list"], env={"COLUMNS": "120"})
    assert result.exit_code == 2 and "Did you mean 'challenge'?" in result.output
