"""Corrections and recording the past from the command line: a decision changed with a reason or
withdrawn, an award revoked, a wrongly dated event corrected; MATCHMAKER_ON as the default business
date of every command (said when it is not today, refused naming it when it is no date)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from domain import Application, Challenge, Shortlist, Startup
from services.entrypoints.cli.main import app
from services.infrastructure.store import Store
from tests.conftest import written
from tests.herne import FIRST_SHORTLIST, SMART_WASTE_HUNTER, Herne

runner = CliRunner()


def run(db: Path, *args: str, role: str = "manager", on: str | None = None) -> Result:
    """One invocation, with MATCHMAKER_ON set to `on` if given."""
    env = {"COLUMNS": "200", **({"MATCHMAKER_ON": on} if on is not None else {})}
    return runner.invoke(app, ["--store", str(db), "--actor", "Test Manager", "--role", role, *args], env=env)


def ok(result: Result, said: str) -> None:
    assert result.exit_code == 0, result.output
    assert f"✓ {said}" in result.output, result.output


def read(db: Path, cls: type, ref: str):  # type: ignore[no-untyped-def]
    store = Store(str(db))
    try:
        return store.find(cls, ref)
    finally:
        store.close()


def count(db: Path) -> int:
    store = Store(str(db))
    try:
        return written(store)
    finally:
        store.close()


@pytest.fixture
def shortlisted(tmp_path: Path) -> Path:
    """Smart Waste Hunter tendered (deadline 2019-04-30), Einsatzlotse and Kerbside Ops, and
    shortlist 1 of both picked by hand on 2019-03-12."""
    db = tmp_path / "corrections.db"
    store = Store(str(db))
    Herne(store).tendered("Einsatzlotse", "Kerbside Ops").shortlist_picked_by_hand(
        "einsatzlotse", "kerbside-ops"
    )
    store.close()
    return db


def test_a_decision_is_changed_with_a_reason_and_withdrawn(shortlisted: Path) -> None:
    ok(
        run(
            shortlisted,
            "reject",
            FIRST_SHORTLIST,
            "einsatzlotse",
            "--reason",
            "no capacity",
            "--on",
            "2019-04-06",
        ),
        f"einsatzlotse rejected on {FIRST_SHORTLIST}",
    )
    before = count(shortlisted)
    changed = run(shortlisted, "accept", FIRST_SHORTLIST, "einsatzlotse", "--on", "2019-04-07")
    assert (
        changed.exit_code == 1 and "reason: say why the decision changes (it was rejected)" in changed.output
    )
    assert count(shortlisted) == before
    ok(
        run(
            shortlisted,
            "accept",
            FIRST_SHORTLIST,
            "einsatzlotse",
            "--reason",
            "capacity after all",
            "--on",
            "2019-04-07",
        ),
        f"einsatzlotse accepted on {FIRST_SHORTLIST}",
    )
    history = run(shortlisted, "history", FIRST_SHORTLIST, "--json")
    accepted = json.loads(history.stdout)[-1]
    assert accepted["event"] == "CandidateAccepted"
    assert accepted["changes"]["replaces"] == "rejected on 2019-04-06"
    assert accepted["changes"]["reason"] == "capacity after all"

    ok(
        run(
            shortlisted,
            "withdraw-decision",
            FIRST_SHORTLIST,
            "einsatzlotse",
            "--reason",
            "entered by mistake",
            "--on",
            "2019-04-08",
        ),
        f"decision on einsatzlotse withdrawn from {FIRST_SHORTLIST}; undecided again",
    )
    assert read(shortlisted, Shortlist, FIRST_SHORTLIST).decisions == {}
    before = count(shortlisted)
    again = run(shortlisted, "withdraw-decision", FIRST_SHORTLIST, "einsatzlotse", "--reason", "twice")
    assert again.exit_code == 1 and "no decision on startup" in again.output
    startup = run(
        shortlisted, "withdraw-decision", FIRST_SHORTLIST, "kerbside-ops", "--reason", "x", role="startup"
    )
    assert startup.exit_code == 5, startup.output
    missing = run(shortlisted, "withdraw-decision", FIRST_SHORTLIST, "kerbside-ops")
    assert missing.exit_code == 2 and "--reason" in missing.output
    assert count(shortlisted) == before


def test_an_award_is_revoked_and_the_challenge_awarded_anew(shortlisted: Path) -> None:
    ok(
        run(shortlisted, "challenge", "close", SMART_WASTE_HUNTER, "--on", "2019-05-02"),
        "challenge smart-waste-hunter closed",
    )
    ok(
        run(shortlisted, "challenge", "award", SMART_WASTE_HUNTER, "kerbside-ops", "--on", "2019-07-01"),
        "challenge smart-waste-hunter awarded to kerbside-ops",
    )
    before = count(shortlisted)
    refused = run(
        shortlisted, "challenge", "revoke-award", SMART_WASTE_HUNTER, "--reason", "mine", role="startup"
    )
    assert refused.exit_code == 5, refused.output
    ok(
        run(
            shortlisted,
            "challenge",
            "revoke-award",
            SMART_WASTE_HUNTER,
            "--reason",
            "the wrong startup",
            "--on",
            "2019-07-02",
        ),
        "award of challenge smart-waste-hunter revoked; it is closed again",
    )
    assert count(shortlisted) == before + 1
    challenge = read(shortlisted, Challenge, SMART_WASTE_HUNTER)
    assert challenge.status == "closed" and challenge.awarded_to == []
    twice = run(shortlisted, "challenge", "revoke-award", SMART_WASTE_HUNTER, "--reason", "again")
    assert twice.exit_code == 1 and "only an award not yet implemented can be revoked" in twice.output
    ok(
        run(shortlisted, "challenge", "award", SMART_WASTE_HUNTER, "einsatzlotse", "--on", "2019-07-03"),
        "challenge smart-waste-hunter awarded to einsatzlotse",
    )


def test_a_close_before_the_deadline_is_early_and_can_be_reopened(shortlisted: Path) -> None:
    ok(
        run(shortlisted, "challenge", "close", SMART_WASTE_HUNTER, "--on", "2019-04-01"),
        "challenge smart-waste-hunter closed",
    )
    board = json.loads(run(shortlisted, "challenge", "list", "--json").stdout)
    assert board[0]["status"] == "closed early"
    ok(
        run(
            shortlisted,
            "challenge",
            "reopen",
            SMART_WASTE_HUNTER,
            "--reason",
            "closed by mistake",
            "--on",
            "2019-04-02",
        ),
        "challenge smart-waste-hunter reopened",
    )
    assert read(shortlisted, Challenge, SMART_WASTE_HUNTER).status == "published"


def test_a_wrongly_dated_event_is_corrected_and_both_stay_in_the_history(shortlisted: Path) -> None:
    ok(
        run(shortlisted, "challenge", "close", SMART_WASTE_HUNTER, "--on", "2019-05-20"),
        "challenge smart-waste-hunter closed",
    )
    before = count(shortlisted)
    for args, code, says in [
        (
            ["challenge", SMART_WASTE_HUNTER, "1", "--to", "2019-01-20"],
            1,
            "the first event of a challenge keeps its date",
        ),
        (["challenge", SMART_WASTE_HUNTER, "3", "--to", "2019-04-20"], 1, "a close then is early"),
        (["challenge", SMART_WASTE_HUNTER, "9", "--to", "2019-05-02"], 1, "has no event 9"),
        (["challenge", "nothing-like-it", "3", "--to", "2019-05-02"], 3, "no challenge is known as"),
        (["startup", "einsatzlotse", "1", "--to", "2019-05-02"], 2, "'startup' is not one of"),
        (["challenge", SMART_WASTE_HUNTER, "3", "--to", "2.5.2019"], 2, "does not match the format"),
    ]:
        result = run(shortlisted, "correct-date", *args, "--reason", "typo")
        assert result.exit_code == code and says in result.output, (args, result.output)
    by_startup = run(
        shortlisted,
        "correct-date",
        "challenge",
        SMART_WASTE_HUNTER,
        "3",
        "--to",
        "2019-05-02",
        "--reason",
        "x",
        role="startup",
    )
    assert by_startup.exit_code == 5, by_startup.output
    assert count(shortlisted) == before

    ok(
        run(
            shortlisted,
            "correct-date",
            "challenge",
            SMART_WASTE_HUNTER,
            "3",
            "--to",
            "2019-05-02",
            "--reason",
            "typed 20 for 02",
            "--on",
            "2019-06-01",
        ),
        "event 3 of challenge smart-waste-hunter now dated 2019-05-02",
    )
    items = json.loads(run(shortlisted, "history", SMART_WASTE_HUNTER, "--json").stdout)
    assert [e["event"] for e in items[-2:]] == ["Closed", "DateCorrected"]
    assert items[-1]["changes"]["reason"] == "typed 20 for 02" and items[-1]["changes"]["corrects"] == 3
    assert read(shortlisted, Challenge, SMART_WASTE_HUNTER).closed_on == date(2019, 5, 2)
    # a two-part reference: the shortlist's first decision, dated a day too late
    ok(
        run(shortlisted, "accept", FIRST_SHORTLIST, "kerbside-ops", "--on", "2019-03-14"),
        f"kerbside-ops accepted on {FIRST_SHORTLIST}",
    )
    ok(
        run(
            shortlisted,
            "correct-date",
            "shortlist",
            FIRST_SHORTLIST,
            "2",
            "--to",
            "2019-03-13",
            "--reason",
            "a day off",
        ),
        f"event 2 of shortlist {FIRST_SHORTLIST} now dated 2019-03-13",
    )
    decision = next(iter(read(shortlisted, Shortlist, FIRST_SHORTLIST).decisions.values()))
    assert decision.on == date(2019, 3, 13)


def test_matchmaker_on_is_the_default_business_date_of_every_command_and_is_said(
    shortlisted: Path, tmp_path: Path
) -> None:
    applied = run(
        shortlisted, "apply", SMART_WASTE_HUNTER, "einsatzlotse", "--pitch", "Touren", on="2019-04-02"
    )
    ok(applied, "application smart-waste-hunter/einsatzlotse submitted")
    assert "business date 2019-04-02 (MATCHMAKER_ON)" in applied.stderr
    application = read(shortlisted, Application, f"{SMART_WASTE_HUNTER}/einsatzlotse")
    assert application.first_occurred_on == date(2019, 4, 2)

    given = run(shortlisted, "accept", FIRST_SHORTLIST, "einsatzlotse", "--on", "2019-04-03", on="2019-04-05")
    ok(given, f"einsatzlotse accepted on {FIRST_SHORTLIST}")  # --on wins over MATCHMAKER_ON
    assert "business date 2019-04-03 (--on)" in given.stderr and "MATCHMAKER_ON" not in given.output
    picked = run(shortlisted, "shortlist", SMART_WASTE_HUNTER, "--pick", "kerbside-ops", on="2019-04-04")
    ok(picked, "shortlist smart-waste-hunter/shortlist-2 recorded with 1 hand-picked candidates")
    assert read(shortlisted, Shortlist, f"{SMART_WASTE_HUNTER}/shortlist-2").first_occurred_on == date(
        2019, 4, 4
    )

    today = run(
        shortlisted, "startup", "register", "Heute GmbH", "--description", "x", on=date.today().isoformat()
    )
    ok(today, "startup heute-gmbh registered")
    assert "business date" not in today.output  # today is not said
    listed = run(shortlisted, "challenge", "list", "--json", on="2019-04-05")
    assert (
        listed.exit_code == 0 and json.loads(listed.stdout)[0]["ref"] == SMART_WASTE_HUNTER
    )  # JSON stays JSON

    catalogue = tmp_path / "catalogue.jsonl"
    catalogue.write_text(
        json.dumps({"name": "Altmetall AG", "description": "Schrott", "sectors": ["waste"]}) + "\n"
    )
    imported = run(shortlisted, "import", "startups", str(catalogue), on="2019-04-05")
    assert imported.exit_code == 0 and "imported 1" in imported.output, imported.output
    assert "business date 2019-04-05 (MATCHMAKER_ON)" in imported.stderr
    assert read(shortlisted, Startup, "altmetall-ag").first_occurred_on == date(2019, 4, 5)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2019-02-30", "MATCHMAKER_ON: '2019-02-30' is not a date such as 2022-03-20"),
        ("20.03.2022", "MATCHMAKER_ON: '20.03.2022' is not a date such as 2022-03-20"),
        ("2999-01-01", "MATCHMAKER_ON: 2999-01-01 is in the future"),
        ("1989-12-31", "MATCHMAKER_ON: 1989-12-31 is before 1990-01-01"),
    ],
)
def test_a_bad_matchmaker_on_is_refused_in_one_line_naming_it(
    shortlisted: Path, value: str, says: str
) -> None:
    before = count(shortlisted)
    result = run(shortlisted, "startup", "register", "Neu GmbH", "--description", "x", on=value)
    assert result.exit_code == 2 and result.stdout == "", result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error ") and says in lines[0], result.output
    assert count(shortlisted) == before


def test_a_ranked_shortlist_says_how_many_startups_it_ranked_known_on_its_business_date(
    tmp_path: Path,
) -> None:
    """Startups registered today are not in the pool of a shortlist dated in the past: the
    command says how many it ranked and of which day (the model ranks three short profiles)."""
    db = tmp_path / "ranked.db"
    store = Store(str(db))
    Herne(store).small_programme().startup_registered("Heute GmbH", date.today())
    store.close()
    ranked = run(db, "shortlist", SMART_WASTE_HUNTER, "--top", "2", on="2019-05-02")
    ok(ranked, "shortlist smart-waste-hunter/shortlist-1 recorded")
    assert "business date 2019-05-02 (MATCHMAKER_ON)" in ranked.stderr
    assert "ranked 3 startups known on 2019-05-02" in ranked.stdout
    today = run(db, "shortlist", SMART_WASTE_HUNTER, "--top", "2")
    assert "ranked 4 startups known on " + date.today().isoformat() in today.stdout, today.output
