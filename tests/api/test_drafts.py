"""A startup learns nothing of a draft challenge: whatever route names it answers as for a
challenge that does not exist, and never with its title."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import STARTUP_KEY, Api, refused

DRAFT, UNKNOWN = "smart-energy-plattform", "no-such-challenge"
TITLE = "Smart Energy"

#: A valid body for each write route that names a challenge, by the path's last segment.
BODIES: dict[str, dict[str, Any]] = {
    "{challenge}": {"changes": {"budget_eur": 1}},
    "publish": {"deadline": "2099-01-01"},
    "close": {},
    "reopen": {"reason": "r"},
    "award": {"startups": ["einsatzlotse"]},
    "revoke-award": {"reason": "r"},
    "start": {"expected_end": "2099-01-01"},
    "complete": {},
    "withdraw": {"reason": "r"},
    "shortlists": {},
    "accept": {"startup": "einsatzlotse"},
    "reject": {"startup": "einsatzlotse", "reason": "r"},
    "withdraw-decision": {"startup": "einsatzlotse", "reason": "r"},
    "finalise": {},
}


def test_applying_to_a_draft_is_404_as_reading_it(seeded: Api) -> None:
    before = seeded.events()
    body = {"challenge": DRAFT, "startup": "einsatzlotse", "pitch": "Wir können Energie."}
    response = seeded.post("/applications", body, key=STARTUP_KEY)
    error = refused(seeded, response, 404, before)
    assert error == {
        "loc": ["body", "challenge"],
        "msg": f"no published challenge is known as {DRAFT!r}",
        "type": "not_found",
    }
    assert TITLE not in response.text
    assert seeded.get(f"/challenges/{DRAFT}", key=STARTUP_KEY).json()["detail"][0]["msg"] == error["msg"]


def test_every_route_naming_a_draft_answers_a_startup_as_for_no_challenge(seeded: Api) -> None:
    before = seeded.events()
    paths = seeded.get("/openapi.json", key=None).json()["paths"]
    named = [
        (method, path) for path, operations in paths.items() for method in operations if "{challenge}" in path
    ]
    assert len(named) > 15
    for method, path in named:
        answers = []
        for challenge in (DRAFT, UNKNOWN):
            url = path.format(challenge=challenge, startup="einsatzlotse", number=1)
            body = None if method == "get" else BODIES[path.rsplit("/", 1)[-1]]
            response = seeded.call(method.upper(), url, key=STARTUP_KEY, json=body)
            assert TITLE not in response.text, (method, path)
            answers.append(response.status_code)
        assert answers[0] == answers[1] and answers[0] in (403, 404), (method, path, answers)
    assert seeded.events() == before
