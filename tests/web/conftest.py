"""The web pages against a real store: an app per test with the API's keys, the small Herne
programme and a shortlist ranked with reasons but recorded by hand (tests/herne.py: no model), so
page tests take milliseconds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.entrypoints.http import create_app
from services.infrastructure.store import Store
from tests.api.conftest import KEYS, MANAGER_KEY, Api
from tests.herne import Herne

CHALLENGE = "/ui/challenges/smart-waste-hunter"
#: What the crowd of startups (`crowd`) is made of, in turn: enough variety for every filter.
CROWD_TOPICS = (
    ("Sperrmüllabholung per App mit Online-Terminen", "Sperrmüll-Logistik", "waste"),
    ("Ladesäulen und Lastmanagement für Quartiere", "Lastmanagement", "energy"),
    ("Radverkehrszählung mit Sensoren an Kreuzungen", "Verkehrszählung", "mobility"),
    ("Digitale Bauakte für kommunale Gebäude", "Gebäudedaten", "buildings"),
    ("Leak detection in drinking water networks", "acoustic sensors", "water"),
)
CROWD_CITIES = ("Herne", "Bochum", "Köln", "Berlin", "Amsterdam", "Wien")
CROWD_STAGES = ("idea", "pre-seed", "seed", "series-a", "growth")
CROWD_LANGUAGES = (["de"], ["en"], ["de", "en"])


def crowd(store: Store, count: int = 60) -> list[str]:
    """`count` startups besides the story's (Crowd 01 …), registered through the dispatcher on one
    day, topics, cities, stages and languages in turn; their refs, in order. No model."""
    herne = Herne(store)
    refs = []
    for i in range(1, count + 1):
        description, capability, sector = CROWD_TOPICS[i % len(CROWD_TOPICS)]
        refs.append(
            herne.startup_registered(
                f"Crowd {i:02d}",
                date(2019, 2, 1),
                description=f"{description} (Team {i:02d}).",
                capabilities=[capability],
                sectors=[sector],
                stage=CROWD_STAGES[i % len(CROWD_STAGES)],
                city=CROWD_CITIES[i % len(CROWD_CITIES)],
                languages=CROWD_LANGUAGES[i % len(CROWD_LANGUAGES)],
            ).ref
        )
    return refs


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


@pytest.fixture
def web(tmp_path) -> Iterator[Browser]:  # type: ignore[no-untyped-def]
    with TestClient(create_app(str(tmp_path / "store.db"), KEYS), base_url="http://testserver") as client:
        browser = Browser(client)
        Herne(browser.store).small_programme().shortlist_ranked_with_reasons()
        yield browser
