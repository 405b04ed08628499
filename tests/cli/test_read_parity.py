"""The CLI obeys the read policy the HTTP API obeys: run as a startup (MATCHMAKER_ROLE=startup,
speaking for the startup its API key names) or as an auditor, `matchmaker … --json` shows exactly
the fields and values the API answers that role, and refuses what the API refuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from domain.startup import PERSONAL_FIELDS
from services.entrypoints.cli.main import app as cli
from services.entrypoints.http import create_app
from services.infrastructure.store import Store
from tests.api.conftest import AUDITOR_KEY, KEYS, STARTUP_KEY, bearer
from tests.herne import Herne

#: The environment each role runs the CLI in, as its API key names the actor.
ROLES = {
    STARTUP_KEY: {
        "MATCHMAKER_ROLE": "startup",
        "MATCHMAKER_ACTOR": "Eva Einsatz",
        "MATCHMAKER_ACTS_FOR": "einsatzlotse",
    },
    AUDITOR_KEY: {"MATCHMAKER_ROLE": "auditor", "MATCHMAKER_ACTOR": "Anna Audit"},
}


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(Path(tmp_path_factory.mktemp("parity")) / "store.db")
    store = Store(path)
    Herne(store).small_programme_shortlisted()
    store.close()
    return path


@pytest.fixture(scope="module")
def api(location: str) -> Iterator[TestClient]:
    with TestClient(create_app(location, KEYS)) as client:
        yield client


def shown(location: str, key: str, *args: str) -> tuple[int, Any]:
    """The CLI's exit code and, on success, what it printed as JSON."""
    result = CliRunner().invoke(cli, ["--store", location, *args], env={**ROLES[key], "COLUMNS": "200"})
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else result.output


def answered(api: TestClient, key: str, path: str) -> tuple[int, Any]:
    response = api.get(path, headers=bearer(key))
    return response.status_code, response.json()


#: CLI exit codes for the API's refusals: 403 → 5, 404 → 3.
EXIT = {403: 5, 404: 3}


@pytest.mark.parametrize("key", list(ROLES))
@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("/challenges", ["challenge", "list"]),
        (
            "/challenges?programme=data-hub-programm",
            ["challenge", "list", "--programme", "data-hub-programm"],
        ),
        ("/startups", ["startup", "list"]),
        ("/startups?sector=energy", ["startup", "list", "--sector", "energy"]),
    ],
)
def test_listings_show_what_the_api_shows(
    api: TestClient, location: str, key: str, path: str, command: list[str]
) -> None:
    status, body = answered(api, key, path)
    code, printed = shown(location, key, *command, "--json")
    assert status == 200 and code == 0, printed
    assert printed == body["items"]


@pytest.mark.parametrize("key", list(ROLES))
@pytest.mark.parametrize(
    ("path", "reference"),
    [
        ("/challenges/smart-waste-hunter", "smart-waste-hunter"),
        ("/challenges/smart-energy-plattform", "smart-energy-plattform"),  # a draft
        ("/startups/einsatzlotse", "einsatzlotse"),
        ("/startups/solarfuchs", "solarfuchs"),
        ("/programmes/data-hub-programm", "data-hub-programm"),
        ("/workshops/gebaeude-und-wohnungswirtschaft", "gebaeude-und-wohnungswirtschaft"),
        ("/applications/smart-waste-hunter/einsatzlotse", "smart-waste-hunter/einsatzlotse"),
    ],
)
def test_an_item_shows_what_the_api_shows(
    api: TestClient, location: str, key: str, path: str, reference: str
) -> None:
    status, body = answered(api, key, path)
    code, printed = shown(location, key, "show", reference, "--json")
    if status == 200:
        assert code == 0, printed
        assert printed == body
    else:
        assert code == EXIT[status], (status, printed)


def test_a_startup_sees_only_published_challenges_and_its_own_contact_person(
    api: TestClient, location: str
) -> None:
    """What the comparisons above compare: not two empty answers."""
    _, board = shown(location, STARTUP_KEY, "challenge", "list", "--json")
    assert [r["ref"] for r in board] == ["smart-waste-hunter"] and board[0]["shortlisted"] is None
    _, directory = shown(location, STARTUP_KEY, "startup", "list", "--json")
    contacts = {e["ref"]: set(PERSONAL_FIELDS) & set(e["profile"]) for e in directory}
    assert contacts == {"einsatzlotse": set(PERSONAL_FIELDS), "kerbside-ops": set(), "solarfuchs": set()}
    code, _ = shown(location, STARTUP_KEY, "show", "smart-energy-plattform", "--json")
    assert code == 3
    _, audited = shown(location, AUDITOR_KEY, "show", "solarfuchs", "--json")
    assert audited["profile"]["contact_email"] == "fritz@solarfuchs.example"


@pytest.mark.parametrize("key", list(ROLES))
def test_shortlists_are_refused_to_a_startup_and_shown_to_an_auditor(
    api: TestClient, location: str, key: str
) -> None:
    status, body = answered(api, key, "/shortlists")
    code, printed = shown(location, key, "shortlists", "--json")
    if key == STARTUP_KEY:
        assert (status, code) == (403, 5)
        return
    assert status == 200 and code == 0 and body["count"] == 1
    # the CLI's rows also name the matcher, for its table; every field the API shows is the same
    assert [
        {field: row[field] for field in item} for row, item in zip(printed, body["items"], strict=True)
    ] == body["items"]


@pytest.mark.parametrize("key", list(ROLES))
@pytest.mark.parametrize("as_of", [None, "2019-02-15"])
def test_history_is_refused_to_a_startup_and_shown_to_an_auditor(
    api: TestClient, location: str, key: str, as_of: str | None
) -> None:
    query = f"?as_of={as_of}" if as_of else ""
    status, body = answered(api, key, f"/history/challenge/smart-waste-hunter{query}")
    code, printed = shown(
        location, key, "history", "smart-waste-hunter", *(["--as-of", as_of] if as_of else []), "--json"
    )
    if key == STARTUP_KEY:
        assert (status, code) == (403, 5)
        return
    assert status == 200 and code == 0 and body["count"] >= 1
    assert [moment(e) for e in printed] == [moment(e) for e in body["items"]]


def moment(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with its recording time as a time (JSON writes the UTC offset as Z or +00:00)."""
    return {**entry, "recorded_at": datetime.fromisoformat(entry["recorded_at"])}
