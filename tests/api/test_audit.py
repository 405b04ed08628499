"""The auditors' views over HTTP, and erasure of contact data through the API."""

from __future__ import annotations

import json

from tests.api.conftest import AUDITOR_KEY, MANAGER_KEY, OTHER_STARTUP_KEY, STARTUP_KEY, Api, refused

ERASE = "/startups/einsatzlotse/erase"
CONTACT = ("Eva Einsatz", "eva@einsatzlotse.example")


def exported(api: Api, key: str = AUDITOR_KEY, **params: str) -> list[dict]:  # type: ignore[type-arg]
    response = api.get("/audit/export", key, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def test_managers_and_auditors_check_the_chain_and_startups_may_not(seeded: Api) -> None:
    for key in (MANAGER_KEY, AUDITOR_KEY):
        check = seeded.get("/audit/verify", key).json()
        assert check["ok"] and check["checked"] == seeded.events() == check["head"]
        assert check["findings"] == [] and check["first_bad_position"] is None
    anchor = check["anchor"]
    assert seeded.get("/audit/verify", AUDITOR_KEY, params={"anchor": anchor}).json()["ok"]
    wrong = f"{anchor.split(':')[0]}:{'0' * 64}"
    failed = seeded.get("/audit/verify", AUDITOR_KEY, params={"anchor": wrong}).json()
    assert not failed["ok"] and failed["findings"][0]["kind"] == "anchor"
    for path in ("/audit/verify", "/audit/export", "/audit/replay"):
        error = refused(seeded, seeded.get(path, STARTUP_KEY), 403, seeded.events())
        assert "managers and auditors" in error["msg"]


def test_the_export_gives_one_item_or_the_whole_log(seeded: Api) -> None:
    everything = exported(seeded)
    assert [r["position"] for r in everything] == list(range(1, seeded.events() + 1))
    one = exported(seeded, ref="startup/einsatzlotse")
    assert [r["type"] for r in one] == ["startup.registered"] and one[0]["role"] == "manager"
    unknown = seeded.get("/audit/export", AUDITOR_KEY, params={"ref": "startup/nobody"})
    assert unknown.status_code == 404 and unknown.json()["detail"][0]["loc"] == ["query", "ref"]


def test_erasure_removes_the_contact_from_every_answer_and_the_chain_still_verifies(seeded: Api) -> None:
    assert CONTACT[1] in seeded.get("/startups/einsatzlotse", AUDITOR_KEY).text
    assert any(CONTACT[1] in json.dumps(r) for r in exported(seeded))

    response = seeded.post(ERASE, {"reason": "Löschersuchen nach Art. 17 DSGVO"})
    assert response.status_code == 200 and response.json()["changed"], response.text
    again = seeded.post(ERASE, {"reason": "noch einmal"})
    assert again.status_code == 200 and not again.json()["changed"]

    for key in (MANAGER_KEY, AUDITOR_KEY, STARTUP_KEY):
        for path in ("/startups/einsatzlotse", "/startups", "/history/startup/einsatzlotse"):
            answer = seeded.get(path, key)
            if answer.status_code == 403:  # a startup reads no histories
                continue
            assert answer.status_code == 200, (path, answer.text)
            assert not any(part in answer.text for part in CONTACT), (key, path)
    assert not any(part in json.dumps(exported(seeded), ensure_ascii=False) for part in CONTACT)
    assert seeded.get("/audit/verify", AUDITOR_KEY).json()["ok"]
    replayed = seeded.get("/audit/replay", AUDITOR_KEY).json()
    assert replayed and all(r["identical"] for r in replayed), replayed


def test_erasure_is_refused_to_auditors_and_other_startups_and_writes_nothing(seeded: Api) -> None:
    before = seeded.events()
    body = {"reason": "Löschersuchen"}
    assert "auditor" in refused(seeded, seeded.post(ERASE, body, AUDITOR_KEY), 403, before)["msg"]
    refused(seeded, seeded.post(ERASE, body, OTHER_STARTUP_KEY), 403, before)
    refused(seeded, seeded.post(ERASE, {}, MANAGER_KEY), 422, before)
    refused(seeded, seeded.post("/startups/nobody/erase", body), 404, before)
    assert CONTACT[1] in seeded.get("/startups/einsatzlotse", AUDITOR_KEY).text
    own = seeded.post(ERASE, body, STARTUP_KEY)  # a startup may ask for its own contact to go
    assert own.status_code == 200 and seeded.events() == before + 1


def test_a_shortlist_recomputes_identically(seeded: Api) -> None:
    made = seeded.post("/challenges/smart-waste-hunter/shortlists", {"top": 3, "occurred_on": "2019-05-02"})
    assert made.status_code == 201, made.text
    check = seeded.get("/audit/shortlists/smart-waste-hunter/1", AUDITOR_KEY).json()
    assert check["recomputable"] and check["identical"], check
    assert check["differences"] == [] and len(check["recorded"]) == len(check["recomputed"]) == 3
    missing = seeded.get("/audit/shortlists/smart-waste-hunter/9", AUDITOR_KEY)
    assert missing.status_code == 404
