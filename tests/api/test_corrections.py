"""Corrections are events of their own: a close undone by reopening, through the HTTP API."""

from __future__ import annotations

from tests.api.conftest import STARTUP_KEY, Api, refused

PATH = "/challenges/smart-waste-hunter"


def test_a_close_entered_by_mistake_is_undone_and_both_stay_in_the_history(seeded: Api) -> None:
    assert seeded.post(f"{PATH}/close", {"occurred_on": "2019-05-01"}).status_code == 200
    assert seeded.get("/challenges?status=closed").json()["items"][0]["ref"] == "smart-waste-hunter"
    reopened = seeded.post(f"{PATH}/reopen", {"reason": "closed by mistake", "occurred_on": "2019-05-02"})
    assert reopened.status_code == 200, reopened.text
    assert seeded.get(PATH).json()["status"] == "published"
    board = seeded.get("/challenges?status=published").json()["items"]
    assert "smart-waste-hunter" in [c["ref"] for c in board]
    history = seeded.get("/history/challenge/smart-waste-hunter").json()["items"]
    assert [e["event"] for e in history[-2:]] == ["Closed", "Reopened"]
    assert history[-1]["changes"]["reason"] == "closed by mistake"


def test_reopening_is_refused_without_a_reason_for_an_open_challenge_and_to_startups(seeded: Api) -> None:
    before = seeded.events()
    refused(seeded, seeded.post(f"{PATH}/reopen", {}), 422, before)
    first = refused(seeded, seeded.post(f"{PATH}/reopen", {"reason": "why"}), 409, before)
    assert "only a closed challenge can be reopened" in first["msg"]
    seeded.post(f"{PATH}/close", {"occurred_on": "2019-05-01"})
    before = seeded.events()
    refused(seeded, seeded.post(f"{PATH}/reopen", {"reason": "mine"}, key=STARTUP_KEY), 403, before)
