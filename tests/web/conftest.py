"""The web pages against a real store: an app per test with the API's keys, the API tests' small
programme, and a shortlist recorded by hand (no model), so page tests take milliseconds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain import Candidate, Startup
from services.application.commands import ProduceShortlist, handle
from services.entrypoints.http import create_app
from services.infrastructure.store import Store
from tests.api.conftest import KEYS, MANAGER_KEY, Api, seed
from tests.conftest import MANAGER, on

CHALLENGE = "/ui/challenges/smart-waste-hunter"
BEST_SENTENCE = (
    "Tourenplanung und mobile Auftragsdokumentation für kommunale Entsorger; Sperrmüll online anmelden."
)


class Browser(Api):
    """The API tests' client (its store, its event count) logging in like a person: the key into
    the form, the cookie kept, forms posted with their token."""

    def login(self, key: str = MANAGER_KEY) -> Browser:
        self.client.cookies.clear()
        response = self.client.post("/ui/login", data={"key": key}, follow_redirects=False)
        assert response.status_code == 303, response.text
        return self

    def get(self, path: str, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:  # type: ignore[override]
        """A form posted with the session's CSRF token (as the page's form carries it)."""
        form = {"csrf": self.csrf(), **(data or {})}
        return self.client.post(
            path, data=form, follow_redirects=kwargs.pop("follow_redirects", False), **kwargs
        )

    def csrf(self) -> str:
        page = self.client.get("/ui/challenges").text
        found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        assert found, "no form token on the board page"
        return found.group(1)


def record_shortlist(store: Store) -> None:
    """Shortlist 1 of Smart Waste Hunter with scores and reasons as the matcher records them."""
    ids = {ref: store.find(Startup, ref).id for ref in ("einsatzlotse", "kerbside-ops", "solarfuchs")}
    reasons = {
        "einsatzlotse": {
            "matched_capabilities": [
                {"required": "Tourenplanung", "offered": "Tourenplanung", "similarity": 1.0}
            ],
            "matched_terms": [{"profile": "Sperrmüll", "challenge": "Sperrmüll", "similarity": 1.0}],
            "best_sentence": {"text": BEST_SENTENCE, "similarity": 0.91},
        },
        "kerbside-ops": {"matched_capabilities": [], "matched_terms": [], "best_sentence": {}},
        "solarfuchs": {"matched_capabilities": [], "matched_terms": [], "best_sentence": {}},
    }
    components = {
        "einsatzlotse": {
            "dense": 2.6,
            "lexical": 3.9,
            "sector": 1.0,
            "capabilities": 1.7,
            "region": 1.0,
            "stage": 0.75,
        },
        "kerbside-ops": {
            "dense": 0.4,
            "lexical": -1.2,
            "sector": 1.0,
            "capabilities": -0.6,
            "region": 0.0,
            "stage": 0.75,
        },
        "solarfuchs": {
            "dense": -1.1,
            "lexical": -0.3,
            "sector": 0.0,
            "capabilities": -0.7,
            "region": 0.0,
            "stage": 0.75,
        },
    }
    candidates = [
        Candidate(ids[ref], rank, round(4.0 / rank, 3), 1, components[ref], reasons[ref])
        for rank, ref in enumerate(("einsatzlotse", "kerbside-ops", "solarfuchs"), start=1)
    ]
    handle(
        store,
        ProduceShortlist(
            "smart-waste-hunter",
            candidates,
            matcher={"models": [{"name": "by hand", "fingerprint": "-"}]},
            settings={"top": 3, "filters": {}, "diverse": False, "pool_size": 3},
        ),
        by=MANAGER,
        when=on(2019, 5, 2),
    )


@pytest.fixture
def web(tmp_path) -> Iterator[Browser]:  # type: ignore[no-untyped-def]
    with TestClient(create_app(str(tmp_path / "store.db"), KEYS), base_url="http://testserver") as client:
        browser = Browser(client)
        seed(browser.store)
        record_shortlist(browser.store)
        yield browser
