"""The council report from the demo's history: questions 1–4 as the document answers them, on any date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projections.report import council_report
from services.application.readmodels import read_models
from services.application.reporting import render
from services.entrypoints.cli.main import app
from services.infrastructure.store import Store
from tests.herne import Herne


@pytest.fixture(scope="module")
def herne(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(str(tmp_path_factory.mktemp("report") / "herne.db"))
    Herne(store).told_by_the_demo()
    return store


def test_the_report_of_27_april_2021_answers_as_the_administration_did(herne: Store) -> None:
    report = council_report(read_models(herne).view("report"), date(2021, 4, 27))
    # 1. startups that used the offer: applications and two awards
    assert report["startups"]["applied"] == 9 and report["startups"]["awarded"] == 2
    # 2. the cooperation with the Gründerallianz Ruhr is running
    data_hub = next(p for p in report["programmes"] if p["name"] == "Data-Hub-Programm")
    assert data_hub["active"] and [p["name"] for p in data_hub["partners"]] == ["Gründerallianz Ruhr"]
    # 3. two projects tendered and realised, with the waste company and the utility, implementation ongoing
    owners = {p["owner"]: p for p in report["projects"]}
    assert set(owners) == {"entsorgung herne AöR", "Stadtwerke Herne AG"}
    assert all(p["status"] == "implementing" and p["expected_end"] == "2021-06-30" for p in owners.values())
    assert all(len(p["awarded"]) == 1 for p in owners.values())
    # 4. the workshop on buildings and housing is planned and postponed because of Corona
    [planned] = report["planned"]["workshops"]
    assert planned["theme"] == "Gebäude und Wohnungswirtschaft" and planned["status"] == "postponed"
    assert "Corona" in planned["postponements"][-1]["reason"]
    # 6. other measures
    activities = {a["title"] for p in report["programmes"] for a in p["activities"]}
    assert "Veranstaltungsreihe Digital.Herne.Business" in activities


def test_the_report_of_1_january_2019_shows_that_date(herne: Store) -> None:
    report = council_report(read_models(herne).view("report"), date(2019, 1, 1))
    assert report["projects"] == [] and report["startups"]["applied"] == 0
    assert report["planned"]["workshops"] == [] and len(report["workshops_held"]) == 2
    assert {p["name"] for p in report["programmes"]} == {
        "Data-Hub-Programm",
        "Startup-Förderung der Stadt Herne",
    }
    activities = {a["title"] for p in report["programmes"] for a in p["activities"]}
    assert "Co-Working-Spaces der FAKT AG" not in activities  # noted for 2020


def test_the_report_reads_in_german_and_english(herne: Store) -> None:
    report = council_report(read_models(herne).view("report"), date(2021, 4, 27))
    german, english = render(report, "de"), render(report, "en")
    assert "Umsetzung läuft, Abschluss voraussichtlich 30.06.2021" in german
    assert "verschoben am 16.03.2020" in german and "Corona" in german
    assert "implementation under way, expected to end 30 Jun 2021" in english


def test_the_report_and_project_commands(herne: Store, tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--store", herne.location, *args], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return result.output

    assert "mit Zuschlag: 2 (Einsatzlotse, Quartiva Energiesysteme)" in run(
        "report", "council", "--as-of", "2021-04-27"
    )
    printed = json.loads(run("report", "council", "--as-of", "2019-01-01", "--json"))
    assert printed["as_of"] == "2019-01-01" and printed["projects"] == []
    assert "now serving" in run("project", "rebuild", "report")
    status = run("project", "status")
    assert "report" in status and "board" in status
    assert "board:" in run("project", "run", "board", "--once")
