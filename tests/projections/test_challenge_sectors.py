"""A challenge's sectors on the board and in the report: several, none, and as events recorded
before challenges could name several state them (`sector` only)."""

from __future__ import annotations

from datetime import date

from domain import Challenge
from projections.board import ChallengeBoard
from projections.report import council_report
from services.application.commands import DraftChallenge, ReviseChallenge, handle
from services.application.queries.board import board
from services.application.readmodels import read_models
from services.infrastructure.store import Store
from tests.conftest import MANAGER, STARTUP, on
from tests.herne import challenge_details


def recorded_before_sectors(store: Store) -> Challenge:
    """A challenge drafted and revised as events stated it before: `sector` only."""
    old = Challenge._start(
        Challenge.Drafted,
        MANAGER,
        on(2019, 2, 1),
        ref="old-one",
        programme_id=None,
        details=challenge_details(title="Old One", sector="waste"),
    )
    old._record(Challenge.Revised, MANAGER, on(2019, 2, 2), changes={"sector": "energy"})
    assert all(
        "sectors" not in e.__dict__.get("details", e.__dict__.get("changes")) for e in old.pending_events
    )
    store.save_all(old)
    return old


def drafted(store: Store, title: str, **details: object) -> None:
    details = challenge_details(title=title, **details)
    handle(store, DraftChallenge(details), by=MANAGER, when=on(2019, 2, 3))


def refs(rows: list[dict]) -> set[str]:
    return {r["ref"] for r in rows}


def test_the_board_filter_matches_any_of_a_challenges_sectors(store: Store) -> None:
    recorded_before_sectors(store)
    drafted(store, "Two Sectors", sector=None, sectors=["waste", "logistics"])
    drafted(store, "No Sector", sector=None)
    rows = {r["ref"]: r for r in board(MANAGER, store)}
    assert (rows["two-sectors"]["sectors"], rows["two-sectors"]["sector"]) == (
        ["waste", "logistics"],
        "waste",
    )
    assert (rows["no-sector"]["sectors"], rows["no-sector"]["sector"]) == ([], None)
    assert (rows["old-one"]["sectors"], rows["old-one"]["sector"]) == (["energy"], "energy")
    assert refs(board(MANAGER, store, sector="logistics")) == {"two-sectors"}  # its second sector
    assert refs(board(MANAGER, store, sector="waste")) == {"two-sectors"}  # the old one moved on
    assert refs(board(MANAGER, store, sector="energy")) == {"old-one"}
    assert refs(board(MANAGER, store, sector="water")) == set()
    assert ChallengeBoard.stored_name() == "board_f3"  # documents of format 2 lack `sectors`


def test_a_revision_of_the_sectors_reaches_the_board(store: Store) -> None:
    drafted(store, "Two Sectors", sector=None, sectors=["waste", "logistics"])
    assert refs(board(MANAGER, store, sector="data")) == set()
    handle(
        store, ReviseChallenge("two-sectors", {"sectors": ["data", "waste"]}), by=MANAGER, when=on(2019, 2, 4)
    )
    assert refs(board(MANAGER, store, sector="data")) == {"two-sectors"}
    assert refs(board(MANAGER, store, sector="logistics")) == set()
    handle(store, ReviseChallenge("two-sectors", {"sector": "water"}), by=MANAGER, when=on(2019, 2, 5))
    [row] = board(MANAGER, store)
    assert (row["sectors"], row["sector"]) == (["water"], "water")
    assert board(STARTUP, store, sector="water") == []  # a draft: still not for startups


def test_an_old_challenge_revised_to_its_own_sector_records_nothing(store: Store) -> None:
    old = recorded_before_sectors(store)
    done = handle(store, ReviseChallenge("old-one", {"sector": "energy"}), by=MANAGER, when=on(2019, 2, 4))
    assert not done.changed and store.find(Challenge, "old-one").version == old.version
    done = handle(
        store,
        DraftChallenge(challenge_details(title="Old One", sector="energy"), ref="old-one"),
        by=MANAGER,
        when=on(2019, 2, 4),
    )
    assert not done.changed  # drafting it again as it stands changes nothing either


def test_the_report_keeps_the_sectors(store: Store) -> None:
    recorded_before_sectors(store)
    drafted(store, "Two Sectors", sector=None, sectors=["waste", "logistics"])
    planned = council_report(read_models(store).view("report"), date(2019, 3, 1))["planned"]["challenges"]
    sectors = {c["ref"]: (c["sectors"], c["sector"]) for c in planned}
    assert sectors == {"old-one": (["energy"], "energy"), "two-sectors": (["waste", "logistics"], "waste")}
