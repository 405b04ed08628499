"""The API on the real PostgreSQL: writes, reads from read models, a refused write, a shortlist."""

from __future__ import annotations

import pytest

from tests.api.conftest import AUDITOR_KEY, STARTUP_KEY, open_api, refused
from tests.herne import Herne


@pytest.mark.postgres
def test_the_api_on_postgresql(postgres_location: str) -> None:
    for api in open_api(postgres_location):
        Herne(api.store).small_programme()
        before = api.events()
        refused(api, api.post("/workshops", {"theme": "Audit"}, AUDITOR_KEY), 403, before)
        applied = api.post(
            "/applications",
            {"challenge": "smart-waste-hunter", "startup": "einsatzlotse", "pitch": "Touren"},
            STARTUP_KEY,
        )
        assert applied.status_code == 201
        assert api.get("/challenges", STARTUP_KEY).json()["items"][0]["applications"] == 1
        shortlist = api.post("/challenges/smart-waste-hunter/shortlists", {"top": 2}).json()
        first = shortlist["candidates"][0]["startup"]
        accepted = api.post("/challenges/smart-waste-hunter/shortlists/1/accept", {"startup": first})
        assert accepted.json()["version"] == 2
        assert api.get("/shortlists", AUDITOR_KEY).json()["items"][0]["decided"] == 1
        assert api.events() == before + 3


@pytest.mark.postgres
def test_business_dates_and_corrections_on_postgresql(postgres_location: str) -> None:
    for api in open_api(postgres_location):
        Herne(api.store).small_programme()
        application = {"challenge": "smart-waste-hunter", "startup": "einsatzlotse", "pitch": "Touren"}
        before = api.events()
        backdated = api.post("/applications", {**application, "occurred_on": "2000-01-01"}, STARTUP_KEY)
        assert refused(api, backdated, 422, before)["loc"] == ["body", "occurred_on"]
        early = api.post("/applications", {**application, "occurred_on": "2019-02-15"})
        assert refused(api, early, 409, before)["type"] == "rule_violation"
        challenge = "/challenges/smart-waste-hunter"
        assert api.post(f"{challenge}/close", {"occurred_on": "2019-05-20"}).status_code == 200
        path = "/history/challenge/smart-waste-hunter/events/3/date"
        refused(api, api.post(path, {"now": "2019-05-02", "reason": "x"}, STARTUP_KEY), 403, before + 1)
        assert api.post(path, {"now": "2019-05-02", "reason": "typo"}).status_code == 200
        assert (
            api.get("/state/challenge/smart-waste-hunter?as_of=2019-05-02").json()["status"] == "closed early"
        )
        assert api.post(f"{challenge}/reopen", {"reason": "by mistake"}).status_code == 200
        assert api.events() == before + 3
