"""Refusals name the field: 404 unknown, 409 a rule or a concurrent change, 422 bad input; never 500."""

from __future__ import annotations

from tests.api.conftest import Api, refused


def test_an_unknown_reference_is_404_naming_the_parameter(seeded: Api) -> None:
    before = seeded.events()
    error = refused(seeded, seeded.get("/challenges/no-such-thing"), 404, before)
    assert error == {
        "loc": ["path", "challenge"],
        "msg": "no challenge is known as 'no-such-thing'",
        "type": "not_found",
    }
    body = {"challenge": "smart-waste-hunter", "startup": "nobody", "pitch": "p"}
    assert refused(seeded, seeded.post("/applications", body), 404, before)["loc"] == ["body", "startup"]
    error = refused(seeded, seeded.get("/challenges?programme=unknown-programme"), 404, before)
    assert error["loc"] == ["query", "programme"]
    error = refused(seeded, seeded.get("/startups/00000000-0000-0000-0000-000000000000"), 404, before)
    assert error["loc"] == ["path", "startup"]
    assert refused(seeded, seeded.get("/no/such/route"), 404, before)["type"] == "http_error"


def test_a_rule_of_the_programme_is_409_naming_the_field(seeded: Api) -> None:
    before = seeded.events()
    response = seeded.post(
        "/challenges/smart-energy-plattform/publish", {"deadline": "2019-01-01", "occurred_on": "2019-03-01"}
    )
    error = refused(seeded, response, 409, before)
    assert error["loc"] == ["body", "deadline"] and error["type"] == "rule_violation"
    assert "after the publication date" in error["msg"]
    error = refused(
        seeded,
        seeded.post("/challenges/smart-waste-hunter/award", {"startups": ["einsatzlotse"]}),
        409,
        before,
    )
    assert error["loc"] == ["body", "status"] and "close the challenge" in error["msg"]


def test_domain_validation_looks_like_fastapis_own(seeded: Api) -> None:
    before = seeded.events()
    error = refused(
        seeded,
        seeded.post("/startups", {"name": "Mailbad", "description": "d", "contact_email": "not-an-address"}),
        422,
        before,
    )
    assert error == {
        "loc": ["body", "contact_email"],
        "msg": "'not-an-address' is not an e-mail address",
        "type": "invalid_value",
    }
    future = seeded.post("/challenges/smart-waste-hunter/close", {"occurred_on": "2999-01-01"})
    assert refused(seeded, future, 422, before)["loc"] == ["body", "occurred_on"]
    error = refused(seeded, seeded.post("/workshops", {"theme": "   "}), 422, before)
    assert error["loc"] == ["body", "theme"] and error["msg"] == "must not be empty"
    reject = seeded.post("/challenges/smart-waste-hunter/withdraw", {"reason": ""})
    assert refused(seeded, reject, 422, before)["loc"] == ["body", "reason"]


def test_fastapis_validation_names_the_field_too(seeded: Api) -> None:
    before = seeded.events()
    error = refused(
        seeded, seeded.post("/challenges/smart-waste-hunter/publish", {"deadline": "someday"}), 422, before
    )
    assert error["loc"] == ["body", "deadline"]
    error = refused(
        seeded, seeded.post("/challenges", {"title": "T", "owner": "O", "sector": "space"}), 422, before
    )
    assert error["loc"] == ["body", "sector"]
    error = refused(
        seeded, seeded.post("/programmes", {"name": "X", "city": "Y", "colour": "red"}), 422, before
    )
    assert error["loc"] == ["body", "colour"]
    assert refused(seeded, seeded.post("/challenges", "not json"), 422, before)["loc"][0] == "body"


def test_a_stale_expected_version_is_409_and_writes_nothing(seeded: Api) -> None:
    path = "/challenges/smart-energy-plattform"
    assert seeded.get(path).headers["ETag"] == '"1"'
    revised = seeded.patch(path, {"changes": {"budget_eur": 90000}, "expected_version": 1})
    assert revised.status_code == 200 and revised.json()["version"] == 2 and revised.headers["ETag"] == '"2"'
    before = seeded.events()
    stale = seeded.patch(path, {"changes": {"budget_eur": 95000}, "expected_version": 1})
    error = refused(seeded, stale, 409, before)
    assert error["loc"] == ["body", "expected_version"] and error["type"] == "conflict"
    stale_header = seeded.patch(path, {"changes": {"budget_eur": 95000}}, headers={"If-Match": '"1"'})
    assert refused(seeded, stale_header, 409, before)["type"] == "conflict"
    assert seeded.get(path).json()["details"]["budget_eur"] == 90000
    fresh = seeded.patch(path, {"changes": {"budget_eur": 95000}}, headers={"If-Match": '"2"'})
    assert fresh.json()["version"] == 3


def test_a_malformed_or_contradicting_if_match_is_422(seeded: Api) -> None:
    before = seeded.events()
    path = "/challenges/smart-energy-plattform"
    error = refused(
        seeded, seeded.patch(path, {"changes": {}}, headers={"If-Match": "yesterday"}), 422, before
    )
    assert error["loc"] == ["header", "If-Match"]
    both = seeded.patch(path, {"changes": {}, "expected_version": 1}, headers={"If-Match": '"2"'})
    assert refused(seeded, both, 422, before)["loc"] == ["body", "expected_version"]
