"""Corrections reach the read models as of their date: a revoked award counts until the day it was
revoked, a corrected date moves its event, an early close is its own status, a withdrawn decision
leaves the candidate undecided. Written through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain import Challenge, DomainAggregate, Shortlist, Startup, When, Workshop
from projections.board import board_rows
from projections.calendar import calendar_rows
from projections.directory import directory_rows
from projections.report import council_report
from projections.shortlists import shortlist_rows
from services.application.commands import (
    AcceptCandidate,
    ApplyToChallenge,
    Command,
    CorrectDate,
    PublishChallenge,
    ReopenChallenge,
    RevokeAward,
    WithdrawDecision,
    handle,
)
from services.application.readmodels import read_models
from services.application.reporting import render
from services.application.translations import day
from services.infrastructure.store import Store
from tests.conftest import MANAGER
from tests.herne import BUILDINGS, FIRST_SHORTLIST, SMART_ENERGY, SMART_WASTE_HUNTER, Herne

AWARDED_ON = date(2019, 7, 1)
REVOKED_ON = date(2019, 10, 1)
DAY = timedelta(days=1)


def _do(store: Store, command: Command[Any], day: date) -> Any:
    return handle(store, command, by=MANAGER, when=When(day)).aggregate


def _version(aggregate: DomainAggregate, event_class: type[Any]) -> int:
    """The version of the latest event of this kind: what a correction names."""
    return max(v for v, topic in aggregate.topics.items() if topic == event_class.TOPIC)


def _report(store: Store, day: date) -> dict[str, Any]:
    return council_report(read_models(store).view("report"), day)


def _project(store: Store, day: date, ref: str = SMART_WASTE_HUNTER) -> dict[str, Any]:
    return next(p for p in _report(store, day)["projects"] if p["ref"] == ref)


def _board(store: Store, ref: str = SMART_WASTE_HUNTER) -> dict[str, Any]:
    return next(r for r in board_rows(read_models(store).view("board")) if r["ref"] == ref)


def _directory(store: Store) -> dict[str, dict[str, Any]]:
    return {s["ref"]: s for s in directory_rows(read_models(store).view("directory"))}


def _awarded(store: Store, day: date) -> int:
    return int(_report(store, day)["startups"]["awarded"])


def _awarded_and_revoked(store: Store) -> Herne:
    """Smart Waste Hunter tendered, Einsatzlotse applied, closed at the deadline, awarded on
    2019-07-01 and the award revoked on 2019-10-01."""
    herne = Herne(store).tendered("Einsatzlotse", "Kerbside Ops")
    herne.applied("einsatzlotse")
    herne.closed()
    herne.awarded("einsatzlotse", day=AWARDED_ON)
    _do(store, RevokeAward(SMART_WASTE_HUNTER, "the winner stepped back"), REVOKED_ON)
    return herne


def test_a_revoked_award_counts_until_the_day_it_was_revoked(store: Store) -> None:
    _awarded_and_revoked(store)
    assert _awarded(store, AWARDED_ON - DAY) == 0
    assert _awarded(store, AWARDED_ON) == 1
    assert _awarded(store, REVOKED_ON - DAY) == 1
    assert _awarded(store, REVOKED_ON) == 0
    assert _awarded(store, date(2021, 4, 27)) == 0

    between = _project(store, REVOKED_ON - DAY)
    assert between["status"] == "awarded" and between["awarded"] == ["Einsatzlotse"]
    after = _project(store, REVOKED_ON)
    assert after["status"] == "closed" and after["awarded"] == [] and after["awarded_on"] is None
    assert after["award_revoked"]["on"] == "2019-10-01" and after["revoked"] == ["Einsatzlotse"]
    german, english = (render(_report(store, REVOKED_ON), language) for language in ("de", "en"))
    assert "Zuschlag an Einsatzlotse am 01.10.2019 widerrufen (the winner stepped back)" in german
    assert "award to Einsatzlotse revoked on 1 Oct 2019 (the winner stepped back)" in english
    assert "widerrufen" not in render(_report(store, REVOKED_ON - DAY), "de")

    row = _board(store)
    assert (row["status"], row["awarded_to"], row["awarded_on"], row["awarded"]) == ("closed", [], None, [])
    assert row["closed_on"] == "2019-05-02" and "dated" not in row
    assert _directory(store)["einsatzlotse"]["awards"] == []


def test_an_award_dated_today_by_mistake_counts_from_its_corrected_date(store: Store) -> None:
    """Recorded without a date, the 2022 award was dated today; corrected, the report counts it in 2022."""
    today = date.today()
    herne = Herne(store).tendered("Einsatzlotse")
    herne.smart_energy_drafted()
    _do(store, PublishChallenge(SMART_ENERGY, date(2022, 3, 31)), date(2022, 1, 10))
    _do(store, ApplyToChallenge(SMART_ENERGY, "einsatzlotse", "Wir sparen Strom."), date(2022, 2, 1))
    herne.closed(SMART_ENERGY, date(2022, 4, 1))
    challenge = herne.awarded("einsatzlotse", challenge=SMART_ENERGY, day=today)
    assert _awarded(store, date(2022, 12, 31)) == 0  # dated today: not yet in 2022
    assert _board(store, SMART_ENERGY)["awarded_on"] == today.isoformat()

    awarded = _version(challenge, Challenge.Awarded)
    correction = CorrectDate("challenge", SMART_ENERGY, awarded, date(2022, 5, 2), "entered without --on")
    _do(store, correction, today)

    assert _awarded(store, date(2022, 5, 1)) == 0
    assert _awarded(store, date(2022, 5, 2)) == 1
    assert _awarded(store, date(2022, 12, 31)) == 1
    project = _project(store, date(2022, 12, 31), SMART_ENERGY)
    assert project["awarded_on"] == "2022-05-02" and project["awarded"] == ["Einsatzlotse"]
    [corrected] = project["corrected"]
    assert corrected == {
        "on": "2022-05-02",
        "was": today.isoformat(),
        "reason": "entered without --on",
        "recorded": today.isoformat(),
    }
    assert today.isoformat() in project["recorded_later"]  # recorded today, happened in 2022
    english = render(_report(store, date(2022, 12, 31)), "en")
    assert f"date corrected: 2 May 2022, not {day(today, 'en')} (entered without --on)" in english
    assert f"recorded on {day(today, 'en')}" in english
    assert "Datum berichtigt: 02.05.2022 statt" in render(_report(store, date(2022, 12, 31)), "de")

    row = _board(store, SMART_ENERGY)
    assert row["awarded_on"] == "2022-05-02" and row["status"] == "awarded"
    awards = _directory(store)["einsatzlotse"]["awards"]
    assert awards == [{"challenge": "Smart Energy Plattform", "on": "2022-05-02"}]


def test_an_early_close_is_its_own_status_and_its_date_can_be_corrected(store: Store) -> None:
    """Closed on 2019-04-20, before the deadline of 2019-04-30: "closed early", not "deadline passed";
    reopened, it is open again; its dates corrected, board and report follow."""
    herne = Herne(store).tendered("Einsatzlotse")
    herne.smart_waste_hunter_revised({"budget_eur": 90000}, date(2019, 3, 2))
    challenge = herne.closed(day=date(2019, 4, 20))
    row = _board(store)
    assert (row["status"], row["closed_on"], row["deadline"]) == ("closed early", "2019-04-20", "2019-04-30")
    assert (row["budget_eur"], row["updated_on"]) == (90000, "2019-04-20")
    project = _project(store, date(2019, 4, 25))
    assert project["status"] == "closed early" and project["closed_early_on"] == "2019-04-20"
    german, english = (render(_report(store, date(2019, 4, 25)), language) for language in ("de", "en"))
    assert "vorzeitig beendet am 20.04.2019, vor Ablauf der Bewerbungsfrist am 30.04.2019" in german
    assert "closed early on 20 Apr 2019, before the deadline of 30 Apr 2019" in english

    closed_early = _version(challenge, Challenge.ClosedEarly)
    today = date.today()
    _do(store, CorrectDate("challenge", SMART_WASTE_HUNTER, closed_early, date(2019, 4, 18), "typo"), today)
    assert _board(store)["closed_on"] == "2019-04-18"
    assert _project(store, date(2019, 4, 17))["status"] == "published"
    assert _project(store, date(2019, 4, 18))["closed_early_on"] == "2019-04-18"

    published = _version(challenge, Challenge.Published)
    _do(store, CorrectDate("challenge", SMART_WASTE_HUNTER, published, date(2019, 2, 20), "typo"), today)
    assert _board(store)["published_on"] == "2019-02-20"
    assert _project(store, date(2019, 2, 20))["status"] == "published"

    _do(store, ReopenChallenge(SMART_WASTE_HUNTER, "closed by mistake"), date(2019, 4, 22))
    row = _board(store)
    assert (row["status"], row["closed_on"]) == ("published", None)
    _do(store, CorrectDate("challenge", SMART_WASTE_HUNTER, closed_early, date(2019, 4, 19), "typo"), today)
    assert _board(store)["closed_on"] is None  # the close no longer stands: nothing to move
    assert _project(store, date(2019, 4, 21))["status"] == "closed early"
    assert _project(store, date(2019, 4, 22))["closed_early_on"] is None

    herne.closed(day=date(2019, 5, 2))
    row = _board(store)
    assert (row["status"], row["closed_on"]) == ("closed", "2019-05-02")
    assert _project(store, date(2019, 5, 2))["status"] == "closed"


def test_the_calendar_and_the_report_move_a_held_workshop_to_its_corrected_date(store: Store) -> None:
    herne = Herne(store)
    herne.programme_launched()
    workshop = herne.data_treasures_workshop_held()  # held 2018-06-12
    herne.buildings_workshop_planned()
    postponed = herne.buildings_workshop_postponed()  # postponed 2020-03-16
    today = date.today()
    held = _version(workshop, Workshop.Held)
    _do(store, CorrectDate("workshop", workshop.ref, held, date(2018, 6, 14), "the minutes say so"), today)
    moved = _version(postponed, Workshop.Postponed)
    _do(store, CorrectDate("workshop", BUILDINGS, moved, date(2020, 3, 13), "the letter's date"), today)

    calendar = {w["ref"]: w for w in calendar_rows(read_models(store).view("calendar"))}
    assert calendar[workshop.ref]["held_on"] == "2018-06-14" and "dated" not in calendar[workshop.ref]
    assert [p["on"] for p in calendar[BUILDINGS]["postponements"]] == ["2020-03-13"]
    assert len(_report(store, date(2018, 6, 13))["workshops_held"]) == 0
    [held_then] = _report(store, date(2018, 6, 14))["workshops_held"]
    assert held_then["held_on"] == "2018-06-14"
    [planned] = _report(store, date(2020, 3, 13))["planned"]["workshops"]
    assert planned["status"] == "postponed" and planned["postponements"][-1]["on"] == "2020-03-13"
    assert _report(store, date(2020, 3, 12))["planned"]["workshops"][0]["status"] == "scheduled"


def test_a_withdrawn_decision_leaves_the_candidate_undecided(store: Store) -> None:
    """Accepted by mistake, then withdrawn; rejected, then changed to accepted (naming what it
    replaces); a decision's date corrected: board, shortlists and directory agree."""
    herne = Herne(store).tendered("Einsatzlotse", "Kerbside Ops")
    herne.applied("einsatzlotse")
    herne.shortlisted(herne.candidates("einsatzlotse", "kerbside-ops"), date(2019, 4, 5))
    herne.accepted("einsatzlotse", "fits")
    herne.rejected("kerbside-ops", "consumer app")
    _do(store, WithdrawDecision(FIRST_SHORTLIST, "einsatzlotse", "entered by mistake"), date(2019, 4, 8))
    shortlist = _do(store, AcceptCandidate(FIRST_SHORTLIST, "kerbside-ops", "serves crews"), date(2019, 4, 9))
    kerbside, einsatzlotse = (str(store.find(Startup, ref).id) for ref in ("kerbside-ops", "einsatzlotse"))

    row = _board(store)
    assert (row["shortlisted"], row["accepted"]) == (2, 1)
    [board_shortlist] = read_models(store).view("board").all("shortlist")
    assert board_shortlist["verdicts"] == {kerbside: "accepted"}

    [listed] = shortlist_rows(read_models(store).view("shortlists"))
    decisions = {c["startup_id"]: c["decision"] for c in listed["candidates"]}
    assert decisions[einsatzlotse] is None
    assert decisions[kerbside]["verdict"] == "accepted"
    assert decisions[kerbside]["replaces"] == "rejected on 2019-04-06"
    withdrawal = listed["history"][2]
    assert (withdrawal["withdrawn"], withdrawal["reason"]) == ("accepted on 2019-04-06", "entered by mistake")

    changed = _version(shortlist, Shortlist.CandidateAccepted)
    _do(store, CorrectDate("shortlist", FIRST_SHORTLIST, changed, date(2019, 4, 8), "same day"), date.today())
    [listed] = shortlist_rows(read_models(store).view("shortlists"))
    decisions = {c["startup_id"]: c["decision"] for c in listed["candidates"]}
    assert decisions[kerbside]["on"] == "2019-04-08" and listed["history"][-1]["on"] == "2019-04-08"

    directory = _directory(store)
    [on_list] = directory["einsatzlotse"]["shortlistings"]
    assert on_list["verdict"] is None
    [on_list] = directory["kerbside-ops"]["shortlistings"]
    assert (on_list["verdict"], on_list["decided_on"], on_list["replaces"]) == (
        "accepted",
        "2019-04-08",
        "rejected on 2019-04-06",
    )


def test_the_report_marks_what_was_recorded_long_after_it_happened(store: Store) -> None:
    """Herne's history recorded today: every line says so; something recorded on its day does not."""
    today = date.today()
    herne = Herne(store)
    herne.programme_launched()
    herne.open_data_portal_noted()
    herne.smart_waste_hunter_drafted()
    herne.smart_energy_drafted(day=today)
    report = _report(store, today)
    [activity] = report["programmes"][0]["activities"]
    assert activity["recorded_later"] == [today.isoformat()]
    drafts = {c["ref"]: c for c in report["planned"]["challenges"]}
    assert drafts[SMART_WASTE_HUNTER]["recorded_later"] == [today.isoformat()]
    assert drafts[SMART_ENERGY]["recorded_later"] == []
    text = render(report, "de")
    assert "Open Data Portal – Art: offene Daten; seit: 01.04.2018" in text
    assert f"Anmerkung: nachgetragen am {day(today, 'de')}" in text
    assert text.count("nachgetragen") == 2
