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
