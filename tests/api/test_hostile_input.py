"""Input JSON cannot carry or that means something else: 422 naming the field, nothing written,
never a 500 and never the value echoed back."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import Api, refused

JSON = {"Content-Type": "application/json"}

#: Write routes of the small Herne programme with a body that is valid but for the number.
ROUTES = [
    ("POST", "/challenges", '{"title": "T", "owner": "O", "sector": "waste", "budget_eur": %s}'),
    ("PATCH", "/challenges/smart-waste-hunter", '{"changes": {"budget_eur": %s}}'),
    ("POST", "/challenges/smart-waste-hunter/close", '{"expected_version": %s}'),
    ("POST", "/startups", '{"name": "N", "description": "d", "team_size": %s}'),
    ("PATCH", "/startups/einsatzlotse", '{"changes": {"founded": %s}}'),
    ("POST", "/challenges/smart-waste-hunter/shortlists", '{"top": %s}'),
    ("POST", "/workshops", '{"theme": "Daten", "title": %s}'),
    ("POST", "/applications", '{"challenge": "smart-waste-hunter", "startup": "einsatzlotse", "pitch": %s}'),
]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400", "-1E999"])
def test_numbers_that_are_not_finite_are_422_on_every_route(seeded: Api, constant: str) -> None:
    before = seeded.events()
    for method, path, body in ROUTES:
        response = seeded.call(method, path, content=body % constant, headers=JSON)
        error = refused(seeded, response, 422, before)
        assert error["type"] == "json_invalid" and error["loc"] == ["body", body.index("%s")], path
        assert f"{constant} is not a finite number" in error["msg"]
        json.loads(response.text)  # the answer itself is JSON (no NaN in it)


def test_a_constant_inside_a_string_is_text(seeded: Api) -> None:
    body = '{"title": "NaN: Infinity", "owner": "O", "sector": "waste", "budget_eur": NaN}'
    error = refused(seeded, seeded.post("/challenges", content=body, headers=JSON), 422, seeded.events())
    assert error["loc"] == ["body", body.rindex("NaN")]
    response = seeded.post("/challenges", {"title": "NaN: Infinity", "owner": "O", "sector": "waste"})
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "x\\udbff\\u0041"])
def test_half_a_surrogate_pair_is_no_text(seeded: Api, escape: str) -> None:
    before = seeded.events()
    for method, path, body in (
        ("POST", "/challenges", '{"title": "%s", "owner": "O", "sector": "waste"}'),
        ("POST", "/startups", '{"name": "S", "description": "d", "city": "%s"}'),
        ("PATCH", "/startups/einsatzlotse", '{"changes": {"%s": 1}}'),
        ("POST", "/workshops", '{"theme": "%s"}'),
    ):
        response = seeded.call(method, path, content=body % escape, headers=JSON)
        error = refused(seeded, response, 422, before)
        assert error["type"] == "json_invalid" and "half a surrogate pair" in error["msg"], path
        assert error["loc"] == ["body", body.index("%s") + escape.index("\\u")]
    body = '{"title": "Emoji \\ud83d\\ude80", "owner": "O", "sector": "waste"}'  # a whole pair
    created = seeded.post("/challenges", content=body, headers=JSON)
    assert created.status_code == 201, created.text
    assert seeded.get("/challenges/emoji").json()["details"]["title"] == "Emoji \U0001f680"


def test_validation_errors_never_echo_the_input(seeded: Api) -> None:
    before = seeded.events()
    secret = "manager-key-pasted-into-the-wrong-field"
    response = seeded.post("/challenges", {"title": "T", "owner": "O", "sector": secret})
    assert refused(seeded, response, 422, before)["loc"] == ["body", "sector"]
    assert secret not in response.text
    for item in response.json()["detail"]:
        assert set(item) == {"loc", "msg", "type"}


@pytest.mark.parametrize("version", ["true", "false", "1.0", '"1"', "[1]", "1.5"])
def test_expected_version_is_strictly_an_integer(seeded: Api, version: str) -> None:
    before = seeded.events()
    for method, path, body in (
        ("PATCH", "/challenges/smart-waste-hunter", '{"changes": {"budget_eur": 5}, "expected_version": %s}'),
        ("POST", "/challenges/smart-waste-hunter/close", '{"expected_version": %s}'),
        ("POST", "/startups/einsatzlotse/withdraw", '{"reason": "r", "expected_version": %s}'),
    ):
        response = seeded.call(method, path, content=body % version, headers=JSON)
        assert refused(seeded, response, 422, before)["loc"] == ["body", "expected_version"], path
    response = seeded.patch(
        "/challenges/smart-waste-hunter", {"changes": {"budget_eur": 5}, "expected_version": 2}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "address",
    [
        "nul\u0000@example.org",
        "a@b",
        "two@@example.org",
        "dots@example..org",
        "x@localhost",
        "a b@example.org",
    ],
)
def test_an_email_address_is_checked(seeded: Api, address: str) -> None:
    before = seeded.events()
    body = {"name": "Mailbad", "description": "d", "contact_email": address}
    error = refused(seeded, seeded.post("/startups", body), 422, before)
    assert error["loc"] == ["body", "contact_email"] and error["type"] == "invalid_value"
    assert error["msg"] == f"{address!r} is not an e-mail address"
    change = {"changes": {"contact_email": address}}
    assert refused(seeded, seeded.patch("/startups/einsatzlotse", change), 422, before)["loc"] == [
        "body",
        "contact_email",
    ]


def test_a_valid_address_is_kept_as_written(seeded: Api) -> None:
    body = {"name": "Mailgut", "description": "d", "contact_email": " Jörg.Müller@Stadt-Herne.example "}
    assert seeded.post("/startups", body).status_code == 201
    profile = seeded.get("/startups/mailgut").json()["profile"]
    assert profile["contact_email"] == "Jörg.Müller@Stadt-Herne.example"
