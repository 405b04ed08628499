"""The `matchmaker` command line: the demo, history with --as-of, import, and errors that write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.entrypoints.cli.main import app
from services.infrastructure.data import data_file
from services.infrastructure.store import Store
from tests.conftest import written

runner = CliRunner()


def run(store: Path, *args: str, role: str = "manager") -> tuple[int, str]:
    result = runner.invoke(
        app, ["--store", str(store), "--actor", "Test Manager", "--role", role, *args], env={"COLUMNS": "200"}
    )
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    code, output = run(path, "demo")
    assert code == 0, output
    return path


def test_the_demo_tells_the_herne_story(demo_store: Path) -> None:
    code, output = run(demo_store, "demo")
    assert code == 0 and "already recorded" in output
    code, output = run(demo_store, "challenge", "list")
    assert code == 0
    assert "smart-waste-hunter" in output and "smart-energy-plattform" in output and "implementing" in output


def test_history_shows_events_with_actor_and_both_dates(demo_store: Path) -> None:
    code, output = run(demo_store, "history", "smart-waste-hunter")
    assert code == 0, output
    for event in ("Drafted", "Published", "Closed", "Awarded", "ImplementationStarted"):
        assert event in output
    assert "Stadt Herne, Stabsstelle Digitalisierung (manager)" in output
    assert "2019-03-01 ≈" in output  # assumed business date, marked


def test_history_as_of_shows_the_state_on_that_date(demo_store: Path) -> None:
    code, output = run(demo_store, "history", "smart-energy-plattform", "--as-of", "2019-04-01")
    assert code == 0, output
    assert "Published" in output and "Awarded" not in output
    assert "State as of 2019-04-01" in output and "published" in output
    code, output = run(demo_store, "show", "smart-energy-plattform", "--as-of", "2021-04-27")
    assert code == 0 and "implementing" in output and "2021-06-30" in output
    code, output = run(demo_store, "show", "smart-energy-plattform", "--as-of", "2018-01-01")
    assert code == 3 and "did not exist yet on 2018-01-01" in output


def test_a_rule_violation_is_one_clear_line_and_writes_nothing(demo_store: Path) -> None:
    store = Store(str(demo_store))
    before = written(store)
    code, output = run(demo_store, "challenge", "publish", "smart-waste-hunter", "--deadline", "2030-01-01")
    assert code == 1
    assert (
        "error status: 'Smart Waste Hunter: Intelligente Sperrmüllprozesse' was awarded on 2019-07-01"
        in output
    )
    code, output = run(demo_store, "startup", "withdraw", "einsatzlotse", "--reason", "audit", role="auditor")
    assert code == 5 and "may read the programme's history but not change it" in output
    code, output = run(demo_store, "challenge", "draft", "X", "--owner", "Y", "--sector", "garbage")
    assert code == 1 and "sectors: 'garbage' is not one of" in output
    code, output = run(demo_store, "startup", "revise", "nobody", "--city", "Herne")
    assert code == 3 and "no startup is known as 'nobody'" in output
    code, output = run(demo_store, "challenge", "publish", "smart-waste-hunter", "--deadline", "31.12.2030")
    assert code == 2 and "does not match the format" in output  # Typer's own usage error
    assert written(store) == before
    store.close()


def test_a_whole_challenge_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    steps = [
        [
            "programme",
            "launch",
            "Data-Hub-Programm",
            "--city",
            "Herne",
            "--partner",
            "Gründerallianz Ruhr",
            "--on",
            "2018-03-01",
            "--assumed",
        ],
        [
            "challenge",
            "draft",
            "Smart Waste Hunter: Sperrmüll",
            "--owner",
            "entsorgung herne AöR",
            "--sector",
            "waste",
            "--programme",
            "data-hub-programm",
            "--on",
            "2019-02-01",
        ],
        [
            "challenge",
            "revise",
            "smart-waste-hunter",
            "--description",
            "Sperrmüll digital",
            "--capability",
            "Tourenplanung",
            "--on",
            "2019-02-02",
        ],
        ["challenge", "publish", "smart-waste-hunter", "--deadline", "2019-04-30", "--on", "2019-03-01"],
        [
            "startup",
            "register",
            "Einsatzlotse",
            "--description",
            "Tourenplanung für Kommunen",
            "--sector",
            "waste",
            "--language",
            "de",
            "--on",
            "2019-01-01",
        ],
        ["startup", "register", "Kerbside Ops", "--description", "Crew app", "--on", "2019-01-01"],
        ["apply", "smart-waste-hunter", "einsatzlotse", "--pitch", "Wir planen Touren", "--on", "2019-04-01"],
        [
            "shortlist",
            "smart-waste-hunter",
            "--pick",
            "kerbside-ops",
            "--pick",
            "einsatzlotse",
            "--on",
            "2019-04-02",
        ],
        [
            "reject",
            "smart-waste-hunter/shortlist-1",
            "kerbside-ops",
            "--reason",
            "consumer app",
            "--on",
            "2019-04-03",
        ],
        ["accept", "smart-waste-hunter/shortlist-1", "einsatzlotse", "--on", "2019-04-03"],
        ["finalise", "smart-waste-hunter/shortlist-1", "--on", "2019-04-04"],
        ["challenge", "close", "smart-waste-hunter", "--on", "2019-05-01"],
        ["challenge", "award", "smart-waste-hunter", "einsatzlotse", "--on", "2019-07-01"],
        [
            "challenge",
            "start-implementation",
            "smart-waste-hunter",
            "--expected-end",
            "2021-06-30",
            "--on",
            "2019-09-01",
        ],
        ["challenge", "complete", "smart-waste-hunter", "--summary", "running", "--on", "2021-06-30"],
        [
            "workshop",
            "plan",
            "Gebäude und Wohnungswirtschaft",
            "--organiser",
            "Stadt Herne",
            "--on",
            "2020-01-20",
        ],
        [
            "workshop",
            "schedule",
            "gebaeude-und-wohnungswirtschaft",
            "--date",
            "2020-04-23",
            "--place",
            "Herne",
            "--on",
            "2020-02-10",
        ],
        [
            "workshop",
            "postpone",
            "gebaeude-und-wohnungswirtschaft",
            "--reason",
            "Corona",
            "--on",
            "2020-03-16",
        ],
        [
            "programme",
            "activity",
            "data-hub-programm",
            "Open Data Portal",
            "--kind",
            "open data",
            "--on",
            "2020-06-01",
        ],
        ["programme", "join", "data-hub-programm", "FAKT AG", "--on", "2020-07-01"],
        ["programme", "leave", "data-hub-programm", "FAKT AG", "--reason", "ended", "--on", "2021-07-01"],
        ["startup", "revise", "kerbside-ops", "--city", "Amsterdam", "--expected-version", "1"],
        ["startup", "withdraw", "kerbside-ops", "--reason", "closed down"],
        ["application", "list", "--challenge", "smart-waste-hunter"],
        ["workshop", "list"],
        ["programme", "list"],
        ["startup", "list", "--sector", "waste"],
        ["shortlists"],
    ]
    for step in steps:
        code, output = run(db, *step)
        assert code == 0, (step, output)
    code, output = run(
        db, "startup", "revise", "einsatzlotse", "--city", "Dortmund", "--expected-version", "9"
    )
    assert code == 4 and "is at version 1, not 9" in output
    code, output = run(db, "history", "smart-waste-hunter/shortlist-1")
    assert code == 0 and "CandidateRejected" in output and "consumer app" in output


def test_a_challenge_names_several_sectors_or_none_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "sectors.db"

    def sectors() -> dict[str, tuple[list[str], str | None]]:
        code, output = run(db, "challenge", "list", "--json")
        assert code == 0, output
        return {r["ref"]: (r["sectors"], r["sector"]) for r in json.loads(output)}

    two = ["--owner", "Stadt", "--sector", "waste", "--sector", "logistics", "--on", "2019-02-01"]
    code, output = run(db, "challenge", "draft", "Two Sectors", *two)
    assert code == 0 and "challenge two-sectors drafted" in output, output
    code, output = run(db, "challenge", "draft", "No Sector", "--owner", "Stadt", "--on", "2019-02-01")
    assert code == 0 and "challenge no-sector drafted" in output, output
    assert sectors() == {"two-sectors": (["waste", "logistics"], "waste"), "no-sector": ([], None)}
    code, output = run(db, "challenge", "list", "--sector", "logistics", "--json")
    assert [r["ref"] for r in json.loads(output)] == ["two-sectors"]
    code, output = run(db, "challenge", "revise", "two-sectors", "--budget", "5000", "--on", "2019-02-02")
    assert code == 0 and sectors()["two-sectors"] == (["waste", "logistics"], "waste")  # not given: kept
    code, output = run(db, "challenge", "revise", "two-sectors", "--sector", "", "--on", "2019-02-03")
    assert code == 0 and sectors()["two-sectors"] == ([], None)
    code, output = run(db, "challenge", "revise", "no-sector", "--sector", "data", "--sector", "data")
    assert code == 1 and "sectors: 'data' is named twice" in output


def test_import_prints_the_summary_and_the_reasons(tmp_path: Path) -> None:
    db = tmp_path / "import.db"
    code, output = run(db, "import", "startups", str(data_file("yc-startups.csv")))
    assert code == 0, output
    assert "imported 524, unchanged 0, rejected 164" in output
    assert "164 rows rejected: 85 × status: the catalogue marks this startup as dead" in output
    assert "rejected row 37" not in output  # a summary; --verbose lists each row
    code, output = run(db, "import", "startups", "--verbose", str(data_file("yc-startups.csv")))
    assert "imported 0, unchanged 524, rejected 164" in output
    assert "rejected row 37 (Justin.tv): status: the catalogue marks this startup as dead" in output
    code, output = run(db, "import", "startups", str(tmp_path / "missing.csv"))
    assert code == 1 and "does not exist" in output


def test_a_ranked_shortlist_from_the_command_line(demo_store: Path) -> None:
    steps = [
        [
            "challenge",
            "draft",
            "Sperrmüll 2.0: Abholung per App",
            "--owner",
            "entsorgung herne AöR",
            "--sector",
            "waste",
            "--description",
            "Sperrmüll per App anmelden, Touren planen, Möbel weitergeben.",
            "--capability",
            "Tourenplanung",
            "--capability",
            "Online-Anmeldung von Sperrmüll",
            "--ref",
            "sperrmuell-app",
        ],
        ["challenge", "publish", "sperrmuell-app", "--deadline", "2099-12-31"],
    ]
    for step in steps:
        code, output = run(demo_store, *step)
        assert code == 0, output
    code, output = run(
        demo_store, "shortlist", "sperrmuell-app", "--top", "3", "--region", "Deutschland", "--diverse"
    )
    assert code == 0, output
    assert "Shortlist sperrmuell-app/shortlist-1" in output and "recorded (model e5q4-" in output
    assert "dens" in output and "terms:" in output
    code, output = run(demo_store, "shortlist", "sperrmuell-app", "--region", "Mars")
    assert code == 1 and "region: 'Mars' is not one of" in output
