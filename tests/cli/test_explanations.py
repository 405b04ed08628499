"""`matchmaker shortlist` explains every score component in the manager's language, names the
startups the learned feedback comes from, and says what was learnt with its training set's version."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.entrypoints.cli.main import app
from services.entrypoints.cli.messages import explanation_text, language, learning_text
from services.infrastructure.store import Store
from tests.herne import Herne

runner = CliRunner()
WASTE = [
    ("Einsatzlotse", "Tourenplanung für Müllabfuhr und Sperrmüll, Aufträge aus Bürgerportalen."),
    ("Binfolio", "Bürger melden Sperrmüll per App an und wählen einen Abholtermin."),
    ("Kerbside Ops", "Mobile app for collection crews replacing paper route sheets."),
]
OTHER = [
    ("Blumenladen Online", "Wir verkaufen Blumen im Internet."),
    ("Ledgerly", "Accounting for freelancers."),
]


def run(store: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["--store", str(store), "--actor", "Test Manager", "--role", "manager", *args],
        env={"COLUMNS": "200", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""},
    )
    return result.exit_code, result.output


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    store = Store(str(path))
    herne = Herne(store)
    herne.smart_waste_hunter_drafted(programme=None)
    herne.smart_waste_hunter_published()
    for name, description in WASTE + OTHER:
        waste = (name, description) in WASTE
        herne.startup_registered(
            name, date(2019, 1, 10), description=description, sectors=["waste" if waste else "retail"]
        )
    store.close()
    return path


def test_the_shortlist_explains_each_component_in_the_chosen_language(programme: Path) -> None:
    first = ("shortlist", "smart-waste-hunter", "--top", "5", "--wait", "--on", "2019-03-05", "--lang", "de")
    code, output = run(programme, *first)
    assert code == 0, output
    for label in ("Bedeutung", "Wortwahl", "Branche", "Fähigkeiten", "Region", "Reifegrad", "gelernt"):
        assert label in output
    assert "noch keine Entscheidungen zu dieser Ausschreibung" in output
    assert "Noch nichts gelernt: keine Entscheidungen erfasst" in output  # the shortlist's learning line
    assert "(zählt nicht: Gewicht 0)" in output  # region and stage weigh nothing in the tuned fusion
    code, output = run(
        programme, "accept", "smart-waste-hunter/shortlist-1", "einsatzlotse", "--on", "2019-03-06"
    )
    assert code == 0, output
    code, output = run(
        programme,
        "reject",
        "smart-waste-hunter/shortlist-1",
        "blumenladen-online",
        "--reason",
        "Blumen",
        "--on",
        "2019-03-06",
    )
    assert code == 0, output
    code, output = run(programme, "shortlist", "smart-waste-hunter", "--top", "5", "--on", "2019-03-07")
    assert code == 0, output
    assert "meaning" in output and "Bedeutung" not in output  # English by the locale (C.UTF-8)
    assert "raised because you accepted Einsatzlotse for this challenge" in output
    assert "lowered because you rejected Blumenladen Online for this challenge" in output
    assert "Learnt from 2 decisions on all challenges and 2 on this one; training set rr-" in output
    code, output = run(programme, "shortlist", "smart-waste-hunter", "--lang", "fr")
    assert code == 2 and "'fr' is not one of de, en" in output


def test_the_language_follows_the_option_then_the_locale() -> None:
    assert language("de", {"LANG": "en_GB.UTF-8"}) == "de"
    assert language(None, {"LANG": "de_DE.UTF-8"}) == "de"
    assert language(None, {"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}) == "en"
    assert language(None, {"LANG": "fr_FR.UTF-8"}) == "en" and language(None, {}) == "en"


def test_explanations_name_startups_and_mark_what_did_not_count() -> None:
    feedback = {
        "component": "feedback",
        "value": 0.4,
        "key": "feedback_raised",
        "params": {"startups": ["a", "b", "c"], "more": 2, "decisions": 7},
    }
    names = {"a": "Einsatzlotse", "b": "Binfolio", "c": "Kerbside Ops"}.__getitem__
    assert explanation_text(feedback, "de", names) == (
        "angehoben, weil Sie Einsatzlotse, Binfolio, Kerbside Ops und 2 weitere für diese Ausschreibung "
        "angenommen haben"
    )
    region = {"component": "region", "value": 0.0, "key": "region_open", "params": {}}
    assert explanation_text(region, "en", weights={"region": 0.0}) == (
        "the challenge prefers no region (not counted: weight 0)"
    )
    learned = {"component": "reranker", "value": -0.2, "key": "reranker_lowered"}
    learned["params"] = {"decisions": 40, "version": "rr-1", "feature": "sector"}
    assert explanation_text(learned, "de") == (
        "gesenkt: aus 40 Entscheidungen zu allen Ausschreibungen gelernt (Trainingsstand rr-1), "
        "vor allem wegen Branche"
    )
    assert learning_text(None, "en") == "Nothing learnt yet: no decisions recorded"
    assert learning_text({"version": "rr-1", "decisions": 3, "feedback_decisions": 1}, "de") == (
        "Gelernt aus 3 Entscheidungen zu allen Ausschreibungen und 1 zu dieser; Trainingsstand rr-1"
    )
