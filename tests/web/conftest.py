"""The web pages against a real store: an app per test with the API's keys, the small Herne
programme and a shortlist ranked with reasons but recorded by hand (tests/herne.py: no model), so
page tests take milliseconds."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.application.readmodels import read_models
from services.entrypoints.http import create_app
from services.infrastructure.store import Store
from tests.api.conftest import KEYS, MANAGER_KEY, Api
from tests.conftest import REQUIRE_SERVICES
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


# In a real browser (tests/web/test_browser*.py) ------------------------------------------------
#
# Debian's Chromium, headless, driven by Playwright; no browser is downloaded. Without it the
# browser tests skip, unless MATCHMAKER_REQUIRE_SERVICES=1 (CI), where they fail. A module's server
# is create_app on uvicorn, in a thread, on a free loopback port: `serving(app)`. `herne_server` is
# a fast one for any browser test: the small programme, a crowd of 60 startups, a shortlist ranked
# with reasons (recorded by hand: no model) and the matching read model caught up.

CHROMIUM = Path("/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def need_chromium() -> Any:
    """Playwright's sync API, or a skip (a failure in CI) saying what is missing."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        from playwright import sync_api
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[dev]')"
    if reason:
        if REQUIRE_SERVICES:
            pytest.fail(f"Chromium is required (MATCHMAKER_REQUIRE_SERVICES=1): {reason}")
        pytest.skip(reason)
    return sync_api


@dataclass
class Server:
    url: str
    app: FastAPI

    @property
    def store(self) -> Store:
        return self.app.state.backend.store  # type: ignore[no-any-return]

    def events(self) -> int:
        return self.store.recorder.max_notification_id() or 0


@contextmanager
def serving(app: FastAPI) -> Iterator[Server]:
    """The app served by uvicorn on a thread, on a free loopback port, until the block ends."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    while not server.started:  # a condition, polled: uvicorn has no event to wait on
        assert thread.is_alive(), "uvicorn stopped before it served"
        time.sleep(0.02)
    try:
        yield Server(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listening.close()


@pytest.fixture(scope="module")
def herne_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The small Herne programme with a crowd of 60 startups and shortlist 1 of Smart Waste Hunter
    ranked with reasons, served; the lexical index built, as a server's warm-up builds it."""
    need_chromium()
    app = create_app(str(tmp_path_factory.mktemp("herne") / "herne.db"), KEYS)
    store = app.state.backend.store
    Herne(store).small_programme().shortlist_ranked_with_reasons()
    crowd(store, 60)
    read_models(store).runners["matching"].catch_up()
    with serving(app) as server:
        yield server


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    sync_api = need_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


def log_in(
    chromium: Any,
    server: Server,
    key: str = MANAGER_KEY,
    *,
    javascript: bool = True,
    viewport: dict[str, int] | None = None,
    locale: str = "de-DE",
) -> Any:
    """A fresh browser context that logs in through the form, as a person would; its page."""
    context = chromium.new_context(
        viewport=viewport or DESKTOP, java_script_enabled=javascript, locale=locale
    )
    page = context.new_page()
    page.goto(f"{server.url}/ui/")
    assert "/ui/login" in page.url  # no cookie yet: the log-in form
    page.fill("input[name=key]", key)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/challenges$"))
    return page


def overflow(page: Any) -> int:
    """By how many pixels the document is wider than the viewport (0: no horizontal scrolling)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))
