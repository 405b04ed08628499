"""Shortlists through HTTP with the real model: request, read with reasons, decide, finalise; and
decisions that race each other on one shortlist."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from tests.api.conftest import AUDITOR_KEY, Api, refused
from tests.herne import Herne

SHORTLISTS = "/challenges/smart-waste-hunter/shortlists"


@pytest.fixture
def shortlisted(seeded: Api) -> Api:
    response = seeded.post(SHORTLISTS, {"top": 3, "occurred_on": "2019-05-02"})
    assert response.status_code == 201, response.text
    return seeded


def test_a_ranked_shortlist_with_scores_and_reasons(shortlisted: Api) -> None:
    view = shortlisted.get(f"{SHORTLISTS}/1", AUDITOR_KEY).json()
    assert (
        view["ref"] == "smart-waste-hunter/shortlist-1"
        and view["challenge"] == "challenge/smart-waste-hunter"
    )
    candidates = view["candidates"]
    assert [c["rank"] for c in candidates] == [1, 2, 3]
    assert candidates[0]["startup"] == "startup/einsatzlotse"  # Tourenplanung for bulky waste, in German
    assert {"dense", "lexical", "sector"} <= set(candidates[0]["components"])
    assert candidates[0]["reasons"] and candidates[0]["decision"] is None
    assert view["matcher"]["models"][0]["fingerprint"] and view["settings"]["top"] == 3
    # what it ranked, said outright: every startup known on its business date
    assert view["pool_size"] == 3 and view["pool_as_of"] == "2019-05-02"
    assert shortlisted.get(SHORTLISTS).json()["items"][0]["candidates"] == 3
    again = shortlisted.post(SHORTLISTS, {"top": 2, "sectors": ["waste"], "diverse": True})
    assert again.json()["number"] == 2 and len(again.json()["candidates"]) <= 2
    assert again.json()["pool_size"] == 3 and again.json()["pool_as_of"] == date.today().isoformat()


def test_a_shortlist_says_how_many_startups_it_ranked_known_on_its_business_date(seeded: Api) -> None:
    """A startup registered after the business date is not in its pool (the catalogue as it was)."""
    Herne(seeded.store).startup_registered("Spaeter GmbH", date(2019, 6, 1))
    then = seeded.post(SHORTLISTS, {"top": 2, "occurred_on": "2019-05-02"})
    assert then.status_code == 201, then.text
    assert (then.json()["pool_size"], then.json()["pool_as_of"]) == (3, "2019-05-02")
    later = seeded.post(SHORTLISTS, {"top": 2, "occurred_on": "2019-06-01"}).json()
    assert (later["pool_size"], later["pool_as_of"]) == (4, "2019-06-01")
    assert seeded.get(f"{SHORTLISTS}/1").json()["pool_size"] == 3


def test_a_shortlist_picked_by_hand_ranked_no_pool(seeded: Api) -> None:
    Herne(seeded.store).shortlist_picked_by_hand("einsatzlotse")
    view = seeded.get(f"{SHORTLISTS}/1").json()
    assert view["pool_size"] is None and view["pool_as_of"] is None


def test_accept_reject_and_finalise(shortlisted: Api) -> None:
    accepted = shortlisted.post(
        f"{SHORTLISTS}/1/accept", {"startup": "einsatzlotse", "reason": "Tourenplanung"}
    )
    assert accepted.status_code == 200 and accepted.json()["version"] == 2
    rejected = shortlisted.post(f"{SHORTLISTS}/1/reject", {"startup": "solarfuchs", "reason": "Energie"})
    assert rejected.json()["version"] == 3
    before = shortlisted.events()
    error = refused(
        shortlisted,
        shortlisted.post(f"{SHORTLISTS}/1/reject", {"startup": "kerbside-ops", "reason": " "}),
        422,
        before,
    )
    assert error["loc"] == ["body", "reason"]
    missing = shortlisted.post(f"{SHORTLISTS}/1/reject", {"startup": "kerbside-ops"})
    assert refused(shortlisted, missing, 422, before)["loc"] == ["body", "reason"]
    assert refused(shortlisted, shortlisted.get(f"{SHORTLISTS}/9"), 404, before)["loc"] == ["path", "number"]
    decisions = {c["startup"]: c["decision"] for c in shortlisted.get(f"{SHORTLISTS}/1").json()["candidates"]}
    assert decisions["startup/einsatzlotse"]["verdict"] == "accepted"
    assert decisions["startup/solarfuchs"]["reason"] == "Energie"
    assert shortlisted.post(f"{SHORTLISTS}/1/finalise").json()["version"] == 4
    late = shortlisted.post(f"{SHORTLISTS}/1/accept", {"startup": "kerbside-ops"})
    assert refused(shortlisted, late, 409, before + 1)["type"] == "rule_violation"


def test_a_shortlist_of_a_draft_is_refused_before_ranking(seeded: Api) -> None:
    before = seeded.events()
    error = refused(
        seeded, seeded.post("/challenges/smart-energy-plattform/shortlists", {"top": 3}), 409, before
    )
    assert error["type"] == "rule_violation" and "draft" in error["msg"]
    assert refused(seeded, seeded.post(SHORTLISTS, {"top": 0}), 422, before)["loc"] == ["body", "top"]


def test_concurrent_decisions_on_one_shortlist_all_land(shortlisted: Api) -> None:
    before = shortlisted.events()
    decisions = [
        ("accept", "einsatzlotse", "fits"),
        ("reject", "kerbside-ops", "consumer app"),
        ("reject", "solarfuchs", "energy"),
        ("accept", "einsatzlotse", "fits well"),
        ("reject", "kerbside-ops", "no routing"),
        ("accept", "solarfuchs", "second look"),
    ]

    def decide(decision: tuple[str, str, str]) -> int:
        verb, startup, reason = decision
        return shortlisted.post(f"{SHORTLISTS}/1/{verb}", {"startup": startup, "reason": reason}).status_code

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(decide, decisions)) == [200] * 6
    assert shortlisted.events() == before + 6
    assert shortlisted.get(f"{SHORTLISTS}/1").json()["version"] == 7
