"""Corrections are events of their own through the HTTP API: a close undone by reopening, an
award revoked, a decision changed or withdrawn, a wrongly dated event corrected; each with a
reason, for managers only. And the bounds of business dates: a startup's own actions are dated
today, nothing before the challenge's publication."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.api.conftest import AUDITOR_KEY, MANAGER_KEY, STARTUP_KEY, Api, refused
from tests.herne import Herne

PATH = "/challenges/smart-waste-hunter"


def test_a_close_entered_by_mistake_is_undone_and_both_stay_in_the_history(seeded: Api) -> None:
    assert seeded.post(f"{PATH}/close", {"occurred_on": "2019-05-01"}).status_code == 200
    closed = seeded.get("/challenges?status=closed early").json()["items"]  # the deadline is in 2099
    assert [c["ref"] for c in closed] == ["smart-waste-hunter"]
    reopened = seeded.post(f"{PATH}/reopen", {"reason": "closed by mistake", "occurred_on": "2019-05-02"})
    assert reopened.status_code == 200, reopened.text
    assert seeded.get(PATH).json()["status"] == "published"
    board = seeded.get("/challenges?status=published").json()["items"]
    assert "smart-waste-hunter" in [c["ref"] for c in board]
    history = seeded.get("/history/challenge/smart-waste-hunter").json()["items"]
    assert [e["event"] for e in history[-2:]] == ["ClosedEarly", "Reopened"]
    assert history[-1]["changes"]["reason"] == "closed by mistake"


def test_reopening_is_refused_without_a_reason_for_an_open_challenge_and_to_startups(seeded: Api) -> None:
    before = seeded.events()
    refused(seeded, seeded.post(f"{PATH}/reopen", {}), 422, before)
    first = refused(seeded, seeded.post(f"{PATH}/reopen", {"reason": "why"}), 409, before)
    assert "only a closed challenge can be reopened" in first["msg"]
    seeded.post(f"{PATH}/close", {"occurred_on": "2019-05-01"})
    before = seeded.events()
    refused(seeded, seeded.post(f"{PATH}/reopen", {"reason": "mine"}, key=STARTUP_KEY), 403, before)


# Business dates: who may record the past, and the bounds ------------------------------------------


def apply_as(api: Api, key: str, occurred_on: str | None = None) -> Any:
    body = {"challenge": "smart-waste-hunter", "startup": "einsatzlotse", "pitch": "Wir planen Touren."}
    return api.post(
        "/applications", {**body, **({"occurred_on": occurred_on} if occurred_on else {})}, key=key
    )


def test_a_startups_backdated_application_is_refused_with_422_and_nothing_is_written(seeded: Api) -> None:
    before, count = seeded.events(), len(seeded.get("/applications").json()["items"])
    for backdated in ("2000-01-01", "2019-04-01", (date.today() - timedelta(days=1)).isoformat()):
        first = refused(seeded, apply_as(seeded, STARTUP_KEY, backdated), 422, before)
        assert first["loc"] == ["body", "occurred_on"] and first["type"] == "invalid_value", first
        assert "only programme managers record the past" in first["msg"]
    assert len(seeded.get("/applications").json()["items"]) == count
    history = seeded.get("/history/challenge/smart-waste-hunter").json()["count"]
    today = apply_as(seeded, STARTUP_KEY, date.today().isoformat())  # what it does is dated today
    assert today.status_code == 201, today.text
    assert seeded.get("/applications/smart-waste-hunter/einsatzlotse").json()["version"] == 1
    assert seeded.get("/history/challenge/smart-waste-hunter").json()["count"] == history


def test_a_managers_application_before_the_publication_is_refused_with_409_and_nothing_written(
    seeded: Api,
) -> None:
    before = seeded.events()
    first = refused(seeded, apply_as(seeded, MANAGER_KEY, "2019-02-15"), 409, before)
    assert first["loc"] == ["body", "occurred_on"] and first["type"] == "rule_violation"
    assert "2019-02-15 is before" in first["msg"] and "2019-03-01" in first["msg"]
    floor = refused(seeded, apply_as(seeded, MANAGER_KEY, "0001-01-01"), 422, before)
    assert "1990-01-01" in floor["msg"]
    future = (date.today() + timedelta(days=1)).isoformat()
    assert "in the future" in refused(seeded, apply_as(seeded, MANAGER_KEY, future), 422, before)["msg"]
    assert apply_as(seeded, MANAGER_KEY, "2019-03-02").status_code == 201  # the office records the past


def test_a_close_before_the_deadline_shows_as_closed_early(seeded: Api) -> None:
    assert seeded.post(f"{PATH}/close", {"occurred_on": "2019-05-01"}).status_code == 200
    assert seeded.get(PATH).json()["status"] == "closed early"
    assert [c["ref"] for c in seeded.get("/challenges?status=closed early").json()["items"]] == [
        "smart-waste-hunter"
    ]


# Revoking an award ----------------------------------------------------------------------------------


@pytest.fixture
def awarded(seeded: Api) -> Api:
    assert apply_as(seeded, MANAGER_KEY, "2019-04-01").status_code == 201
    assert seeded.post(f"{PATH}/close", {"occurred_on": "2019-05-01"}).status_code == 200
    award = seeded.post(f"{PATH}/award", {"startups": ["einsatzlotse"], "occurred_on": "2019-07-01"})
    assert award.status_code == 200, award.text
    return seeded


def test_an_award_is_revoked_with_a_reason_and_the_challenge_awarded_anew(awarded: Api) -> None:
    revoked = awarded.post(
        f"{PATH}/revoke-award", {"reason": "awarded by mistake", "occurred_on": "2019-07-02"}
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.headers["ETag"] == f'"{revoked.json()["version"]}"'
    state = awarded.get(PATH).json()
    assert state["status"] == "closed" and state["awarded_to"] == []
    history = awarded.get("/history/challenge/smart-waste-hunter").json()["items"]
    assert [e["event"] for e in history[-2:]] == ["Awarded", "AwardRevoked"]
    assert history[-1]["changes"]["reason"] == "awarded by mistake"
    as_of = awarded.get("/state/challenge/smart-waste-hunter?as_of=2019-07-01").json()
    assert as_of["status"] == "awarded"  # the award counts until the day it was revoked
    again = awarded.post(f"{PATH}/award", {"startups": ["einsatzlotse"], "occurred_on": "2019-07-03"})
    assert again.status_code == 200, again.text


def test_revoking_an_award_is_refused_to_startups_without_a_reason_and_when_none_stands(
    awarded: Api,
) -> None:
    before = awarded.events()
    refused(awarded, awarded.post(f"{PATH}/revoke-award", {"reason": "mine"}, key=STARTUP_KEY), 403, before)
    refused(awarded, awarded.post(f"{PATH}/revoke-award", {"reason": "x"}, key=AUDITOR_KEY), 403, before)
    assert refused(awarded, awarded.post(f"{PATH}/revoke-award", {}), 422, before)["loc"] == [
        "body",
        "reason",
    ]
    blank = refused(awarded, awarded.post(f"{PATH}/revoke-award", {"reason": " "}), 422, before)
    assert blank["loc"] == ["body", "reason"]
    stale = awarded.post(f"{PATH}/revoke-award", {"reason": "x", "expected_version": 1})
    assert refused(awarded, stale, 409, before)["type"] == "conflict"
    assert awarded.post(f"{PATH}/revoke-award", {"reason": "mistake"}).status_code == 200
    twice = refused(awarded, awarded.post(f"{PATH}/revoke-award", {"reason": "again"}), 409, before + 1)
    assert "only an award not yet implemented can be revoked" in twice["msg"]


# Changing and withdrawing a decision ----------------------------------------------------------------

SHORTLIST = f"{PATH}/shortlists/1"


@pytest.fixture
def picked(seeded: Api) -> Api:
    Herne(seeded.store).shortlist_picked_by_hand("einsatzlotse", "kerbside-ops")
    return seeded


def decision_of(api: Api, startup: str) -> Any:
    candidates = api.get(SHORTLIST).json()["candidates"]
    return next(c["decision"] for c in candidates if c["startup"] == f"startup/{startup}")


def test_a_decision_is_changed_with_a_reason_and_withdrawn(picked: Api) -> None:
    accepted = picked.post(f"{SHORTLIST}/accept", {"startup": "kerbside-ops", "occurred_on": "2019-04-01"})
    assert accepted.status_code == 200, accepted.text
    before = picked.events()
    unsaid = refused(
        picked, picked.post(f"{SHORTLIST}/reject", {"startup": "kerbside-ops", "reason": ""}), 422, before
    )
    assert unsaid["loc"] == ["body", "reason"]
    changed = picked.post(
        f"{SHORTLIST}/reject",
        {"startup": "kerbside-ops", "reason": "a consumer app after all", "occurred_on": "2019-04-02"},
    )
    assert changed.status_code == 200, changed.text
    assert decision_of(picked, "kerbside-ops")["verdict"] == "rejected"
    history = picked.get("/history/shortlist/smart-waste-hunter/shortlist-1").json()["items"]
    assert history[-1]["changes"]["replaces"] == "accepted on 2019-04-01"
    assert history[-1]["changes"]["reason"] == "a consumer app after all"

    withdrawn = picked.post(
        f"{SHORTLIST}/withdraw-decision",
        {"startup": "kerbside-ops", "reason": "entered by mistake", "occurred_on": "2019-04-03"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert decision_of(picked, "kerbside-ops") is None
    last = picked.get("/history/shortlist/smart-waste-hunter/shortlist-1").json()["items"][-1]
    assert last["event"] == "DecisionWithdrawn" and last["changes"]["withdrawn"] == "rejected on 2019-04-02"


def test_withdrawing_a_decision_is_refused_to_startups_without_a_reason_and_when_none_stands(
    picked: Api,
) -> None:
    picked.post(f"{SHORTLIST}/accept", {"startup": "kerbside-ops", "occurred_on": "2019-04-01"})
    before = picked.events()
    path = f"{SHORTLIST}/withdraw-decision"
    refused(
        picked, picked.post(path, {"startup": "kerbside-ops", "reason": "x"}, key=STARTUP_KEY), 403, before
    )
    assert refused(picked, picked.post(path, {"startup": "kerbside-ops"}), 422, before)["loc"] == [
        "body",
        "reason",
    ]
    none = refused(picked, picked.post(path, {"startup": "einsatzlotse", "reason": "x"}), 409, before)
    assert "no decision on startup" in none["msg"]
    unknown = refused(picked, picked.post(path, {"startup": "nobody", "reason": "x"}), 404, before)
    assert unknown["loc"] == ["body", "startup"]
    assert refused(
        picked,
        picked.post(f"{PATH}/shortlists/9/withdraw-decision", {"startup": "kerbside-ops", "reason": "x"}),
        404,
        before,
    )["loc"] == ["path", "number"]


# Correcting a wrongly dated event -------------------------------------------------------------------

EVENT_3 = "/history/challenge/smart-waste-hunter/events/3/date"


def test_a_wrongly_dated_close_is_corrected_and_both_stay_in_the_history(seeded: Api) -> None:
    assert seeded.post(f"{PATH}/close", {"occurred_on": "2019-05-20"}).status_code == 200
    corrected = seeded.post(
        EVENT_3, {"now": "2019-05-02", "reason": "typed 20 for 02", "occurred_on": "2019-06-01"}
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["ref"] == "smart-waste-hunter" and corrected.json()["version"] == 4
    history = seeded.get("/history/challenge/smart-waste-hunter").json()["items"]
    assert [e["event"] for e in history[-2:]] == ["ClosedEarly", "DateCorrected"]
    assert history[-1]["changes"]["corrects"] == 3 and history[-1]["changes"]["reason"] == "typed 20 for 02"
    assert (
        seeded.get("/state/challenge/smart-waste-hunter?as_of=2019-05-02").json()["status"] == "closed early"
    )
    assert seeded.get("/state/challenge/smart-waste-hunter?as_of=2019-05-01").json()["status"] == "published"


def test_an_event_of_a_two_part_reference_is_corrected(picked: Api) -> None:
    picked.post(f"{SHORTLIST}/accept", {"startup": "kerbside-ops", "occurred_on": "2019-04-02"})
    path = "/history/shortlist/smart-waste-hunter/shortlist-1/events/2/date"
    corrected = picked.post(path, {"now": "2019-04-01", "reason": "a day off"})
    assert corrected.status_code == 200, corrected.text
    assert decision_of(picked, "kerbside-ops")["on"] == "2019-04-01"


def test_correcting_a_date_is_refused_to_startups_and_auditors_and_outside_the_bounds(seeded: Api) -> None:
    seeded.post(f"{PATH}/close", {"occurred_on": "2019-05-20"})
    before = seeded.events()
    body = {"now": "2019-05-02", "reason": "typo"}
    refused(seeded, seeded.post(EVENT_3, body, key=STARTUP_KEY), 403, before)
    refused(seeded, seeded.post(EVENT_3, body, key=AUDITOR_KEY), 403, before)
    assert refused(seeded, seeded.post(EVENT_3, {"now": "2019-05-02"}), 422, before)["loc"] == [
        "body",
        "reason",
    ]
    first = refused(seeded, seeded.post(EVENT_3.replace("/3/", "/1/"), body), 409, before)
    assert "the first event of a challenge keeps its date" in first["msg"]
    missing = refused(seeded, seeded.post(EVENT_3.replace("/3/", "/9/"), body), 422, before)
    assert missing["loc"][-1] == "event" and "has no event 9" in missing["msg"]
    earlier = refused(seeded, seeded.post(EVENT_3, {"now": "2019-02-15", "reason": "x"}), 409, before)
    assert earlier["loc"] == ["body", "now"] and "event 2" in earlier["msg"]
    refused(seeded, seeded.post("/history/startup/einsatzlotse/events/1/date", body), 422, before)
    unknown = refused(seeded, seeded.post("/history/challenge/nothing/events/3/date", body), 404, before)
    assert unknown["loc"] == ["path", "ref"]
