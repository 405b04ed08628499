"""Every role boundary: no key or an unknown one 401, a role that may not 403, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.application.keys import KeyConfigError, Keys
from tests.api.conftest import AUDITOR_KEY, OTHER_STARTUP_KEY, STARTUP_KEY, Api, refused


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer nobody-knows-me"}, {"Authorization": "Basic eDp5"}]
)
def test_no_key_or_an_unknown_one_is_401_and_writes_nothing(seeded: Api, headers: dict[str, str]) -> None:
    before = seeded.events()
    for method, path, body in [
        ("POST", "/workshops", {"theme": "Mobilität"}),
        ("POST", "/challenges/smart-waste-hunter/close", {}),
        ("GET", "/startups", None),
        ("GET", "/history/challenge/smart-waste-hunter", None),
    ]:
        response = seeded.call(method, path, key=None, headers=headers, json=body)
        error = refused(seeded, response, 401, before)
        assert error["loc"] == ["header", "Authorization"]
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_health_needs_no_key(api: Api) -> None:
    assert api.get("/health", key=None).json() == {"status": "ok"}


def test_an_auditor_reads_everything_and_changes_nothing(seeded: Api) -> None:
    before = seeded.events()
    for method, path, body in [
        ("POST", "/programmes", {"name": "Neu", "city": "Herne"}),
        ("POST", "/challenges/smart-waste-hunter/close", {"reason": "audit"}),
        ("PATCH", "/startups/einsatzlotse", {"changes": {"city": "Herne"}}),
        (
            "POST",
            "/applications",
            {"challenge": "smart-waste-hunter", "startup": "einsatzlotse", "pitch": "p"},
        ),
        ("POST", "/workshops/gebaeude-und-wohnungswirtschaft/cancel", {"reason": "audit"}),
        ("POST", "/challenges/smart-waste-hunter/shortlists", {"top": 2}),
    ]:
        error = refused(seeded, seeded.call(method, path, AUDITOR_KEY, json=body), 403, before)
        assert "auditor" in error["msg"]
    directory = seeded.get("/startups", AUDITOR_KEY).json()["items"]
    assert {s["profile"]["contact_email"] for s in directory} >= {"eva@einsatzlotse.example"}
    assert seeded.get("/history/startup/einsatzlotse", AUDITOR_KEY).json()["count"] == 1
    assert seeded.get("/shortlists", AUDITOR_KEY).status_code == 200
    drafts = seeded.get("/challenges?status=draft", AUDITOR_KEY).json()["items"]
    assert [c["ref"] for c in drafts] == ["smart-energy-plattform"]


def test_a_startup_changes_its_own_profile_only(seeded: Api) -> None:
    before = seeded.events()
    error = refused(
        seeded,
        seeded.patch("/startups/kerbside-ops", {"changes": {"city": "Herne"}}, STARTUP_KEY),
        403,
        before,
    )
    assert error["loc"] == ["path", "startup"] and "einsatzlotse" in error["msg"]
    refused(seeded, seeded.post("/startups/kerbside-ops/withdraw", {"reason": "x"}, STARTUP_KEY), 403, before)
    own = seeded.patch("/startups/einsatzlotse", {"changes": {"city": "Herne"}}, STARTUP_KEY)
    assert own.status_code == 200 and own.json()["version"] == 2


def test_a_startup_applies_and_withdraws_for_itself_only(seeded: Api) -> None:
    apply = {"challenge": "smart-waste-hunter", "pitch": "Wir planen Touren."}
    before = seeded.events()
    error = refused(
        seeded,
        seeded.post("/applications", {**apply, "startup": "einsatzlotse"}, OTHER_STARTUP_KEY),
        403,
        before,
    )
    assert error["loc"] == ["body", "startup"]
    assert seeded.post("/applications", {**apply, "startup": "einsatzlotse"}, STARTUP_KEY).status_code == 201
    assert (
        seeded.post("/applications", {**apply, "startup": "kerbside-ops"}, OTHER_STARTUP_KEY).status_code
        == 201
    )
    before = seeded.events()
    withdraw = "/applications/smart-waste-hunter/kerbside-ops/withdraw"
    refused(seeded, seeded.post(withdraw, {"reason": "not mine"}, STARTUP_KEY), 403, before)
    refused(seeded, seeded.get("/applications/smart-waste-hunter/kerbside-ops", STARTUP_KEY), 403, before)
    mine = seeded.get("/applications", STARTUP_KEY).json()["items"]
    assert [a["ref"] for a in mine] == ["smart-waste-hunter/einsatzlotse"]
    assert seeded.get("/applications", AUDITOR_KEY).json()["count"] == 2
    assert seeded.post(withdraw, {"reason": "no capacity"}, OTHER_STARTUP_KEY).json()["version"] == 2


def test_a_startup_sees_other_startups_without_their_contact_data(seeded: Api) -> None:
    directory = {s["ref"]: s for s in seeded.get("/startups", STARTUP_KEY).json()["items"]}
    assert directory["einsatzlotse"]["profile"]["contact_email"] == "eva@einsatzlotse.example"
    assert directory["einsatzlotse"]["withheld"] == []
    other = directory["solarfuchs"]
    assert "contact_email" not in other["profile"] and "contact_name" not in other["profile"]
    assert other["withheld"] == ["contact_name", "contact_email"]
    assert other["shortlistings"] is None and other["applications"] is None
    single = seeded.get("/startups/solarfuchs", STARTUP_KEY).json()
    assert "contact_email" not in single["profile"] and single["profile"]["name"] == "Solarfuchs"
    assert seeded.get("/startups/solarfuchs", AUDITOR_KEY).json()["profile"]["contact_name"] == "Fritz Fuchs"


def test_a_startup_sees_the_public_side_only(seeded: Api) -> None:
    before = seeded.events()
    board = seeded.get("/challenges", STARTUP_KEY).json()["items"]
    assert [c["ref"] for c in board] == ["smart-waste-hunter"]  # the draft is the city's
    assert board[0]["shortlisted"] is None
    refused(seeded, seeded.get("/challenges/smart-energy-plattform", STARTUP_KEY), 404, before)
    for path in ["/shortlists", "/challenges/smart-waste-hunter/shortlists", "/history/startup/einsatzlotse"]:
        refused(seeded, seeded.get(path, STARTUP_KEY), 403, before)
    for path in ["/programmes", "/workshops", "/reports/council", "/challenges/smart-waste-hunter"]:
        assert seeded.get(path, STARTUP_KEY).status_code == 200, path
    for method, path, body in [
        ("POST", "/challenges", {"title": "Mine", "owner": "me", "sector": "waste"}),
        ("POST", "/challenges/smart-waste-hunter/shortlists", {"top": 2}),
        ("POST", "/workshops", {"theme": "Mine"}),
        ("POST", "/programmes", {"name": "Mine", "city": "Herne"}),
        ("POST", "/startups", {"name": "Another Me", "description": "d"}),
    ]:
        refused(seeded, seeded.call(method, path, STARTUP_KEY, json=body), 403, before)


def test_keys_come_from_the_environment_and_a_toml_file(tmp_path: Path) -> None:
    file = tmp_path / "keys.toml"
    file.write_text(
        '[[keys]]\nkey = "f1"\nrole = "auditor"\nname = "Anna Audit"\n\n'
        '[[keys]]\nkey = "f2"\nrole = "startup"\nstartup = "acme-gmbh"\nname = "Alex Acme"\n'
    )
    keys = Keys.from_environment(
        {
            "MATCHMAKER_API_KEYS": "k1=manager:Petra Programm, k3=startup:acme-gmbh",
            "MATCHMAKER_API_KEYS_FILE": str(file),
        }
    )
    assert len(keys) == 4 and keys.roles() == {"manager": 1, "startup": 2, "auditor": 1}
    assert keys.actor_for("k1").name == "Petra Programm"
    assert keys.actor_for("k3").acts_for == "acme-gmbh"
    assert (keys.actor_for("f2").name, keys.actor_for("f2").acts_for) == ("Alex Acme", "acme-gmbh")
    assert keys.actor_for("k2") is None


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("k1=manager", "not key=role:name"),
        ("k1=system:Bus", "not one of"),
        ("k1=startup:", "not key=role:name"),
        ("k1=manager:Petra,k1=auditor:Anna", "twice"),
    ],
)
def test_a_bad_key_setting_is_refused_naming_the_problem(setting: str, message: str) -> None:
    with pytest.raises(KeyConfigError, match=message):
        Keys.from_environment({"MATCHMAKER_API_KEYS": setting})
