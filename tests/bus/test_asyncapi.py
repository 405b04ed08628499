"""The committed AsyncAPI document is the code's, and a client that knows only it can read our events."""

from __future__ import annotations

import ast
import asyncio
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from services.application.commands import DraftChallenge, PublishChallenge, RegisterStartup, handle
from services.bootstrap import Matchmaker
from services.entrypoints.bus.runtime import run
from services.infrastructure.bus.embedded import EmbeddedNats
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import MANAGER

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CLIENT = Path(__file__).with_name("plain_client.py")


def test_the_committed_document_is_generated_from_the_code() -> None:
    from services.entrypoints.bus.app import app

    specification = app.schema.to_specification()
    assert json.loads((DOCS / "asyncapi.json").read_text()) == specification.to_jsonable(), (
        "docs/asyncapi.json is stale: faststream docs gen services.entrypoints.bus.app:app "
        "-o docs/asyncapi.json"
    )
    # faststream orders channels differently from run to run: compare content, not text
    assert yaml.safe_load((DOCS / "asyncapi.yaml").read_text()) == yaml.safe_load(specification.to_yaml()), (
        "docs/asyncapi.yaml is stale: faststream docs gen services.entrypoints.bus.app:app "
        "--yaml -o docs/asyncapi.yaml"
    )


def test_the_plain_client_imports_nothing_of_the_project() -> None:
    tree = ast.parse(CLIENT.read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"asyncio", "json", "sys", "argparse", "pathlib", "nats", "jsonschema", "__future__"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_a_plain_nats_client_decodes_our_events_from_the_document_alone(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "store.db"))
    handle(store, RegisterStartup(profile("Einsatzlotse")), by=MANAGER)
    handle(store, DraftChallenge(challenge_details()), by=MANAGER)
    handle(store, PublishChallenge("smart-waste-hunter", date(2099, 1, 1)), by=MANAGER)
    with EmbeddedNats(tmp_path / "nats") as nats:
        stop, ready = asyncio.Event(), asyncio.Event()
        relaying = asyncio.create_task(
            run(Matchmaker.over(store), url=nats.url, consumers=set(), stop=stop, ready=ready)
        )
        await asyncio.wait_for(ready.wait(), 120)  # limits, not waits: generous for a busy machine
        result = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-I",
                str(CLIENT),
                nats.url,
                str(DOCS / "asyncapi.json"),
                "matchmaker.challenge.>",
                "--count",
                "2",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        stop.set()
        await relaying
    assert result.returncode == 0, result.stderr
    decoded = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["type"] for d in decoded] == ["challenge.drafted", "challenge.published"]
    assert decoded[1]["payload"]["deadline"] == "2099-01-01"
    assert all(d["schema"] == "EventMessage" for d in decoded)
