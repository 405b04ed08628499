"""End to end in a real browser: Debian's Chromium, headless, driven by Playwright.

The HTTP process (create_app on uvicorn, in a thread, on a free loopback port) serves a store
holding the demo's Herne story as it stood after the application deadline
(`Herne.demo_until_the_deadline` in tests/herne.py).
A manager logs in, opens Smart Waste Hunter, requests a shortlist ranked by the real model, accepts
one candidate and rejects one with a reason (htmx swaps each card at once), and finds both
decisions in the shortlist's history; an auditor sees no form that writes, and a forced POST is
refused and writes nothing. The tests leave screenshots of the board, the shortlist and the report
in docs/screenshots/ for the README.

No browser is downloaded: Playwright drives /usr/bin/chromium (.ci/run installs Debian's
package). Without it the tests skip, unless MATCHMAKER_REQUIRE_SERVICES=1 (CI), where they fail.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from services.entrypoints.http import create_app
from tests.api.conftest import AUDITOR_KEY, KEYS, MANAGER_KEY
from tests.conftest import REQUIRE_SERVICES
from tests.herne import Herne

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
#: An upper bound for a ranking on a cold vector cache (118 profiles embedded on two cores), not a
#: performance target: a page that takes this long has failed.
RANKING = 240_000


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

    def events(self) -> int:
        return self.app.state.backend.store.recorder.max_notification_id() or 0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    need_chromium()
    app = create_app(str(tmp_path_factory.mktemp("herne") / "herne.db"), KEYS)
    Herne(app.state.backend.store).demo_until_the_deadline()
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    while not uvicorn_server.started:
        assert thread.is_alive(), "uvicorn stopped before it served"
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", app)
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=30)
        listening.close()


@pytest.fixture(scope="module")
def chromium(server: Server) -> Iterator[Any]:
    sync_api = need_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


def log_in(chromium: Any, server: Server, key: str, *, javascript: bool = True) -> Any:
    """A fresh browser context that logs in through the form, as a person would."""
    context = chromium.new_context(viewport=VIEWPORT, java_script_enabled=javascript, locale="de-DE")
    page = context.new_page()
    page.goto(f"{server.url}/ui/")
    assert "/ui/login" in page.url  # no cookie yet: the log-in form
    page.fill("input[name=key]", key)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/challenges$"))
    return page


def test_a_manager_shortlists_decides_and_finds_the_decisions_in_the_history(
    chromium: Any, server: Server
) -> None:
    page = log_in(chromium, server, MANAGER_KEY)
    assert page.locator("header .actor").inner_text().startswith("Angemeldet als Petra Programm")
    board = page.locator("table.board")
    assert "Smart Waste Hunter: Intelligente Sperrmüllprozesse" in board.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "board.png"), full_page=True)

    page.click("text=Smart Waste Hunter: Intelligente Sperrmüllprozesse")
    page.wait_for_url(re.compile(r"/ui/challenges/smart-waste-hunter$"))
    assert page.locator("table.applications tbody tr").count() == 4  # the demo's four applicants

    page.fill("section.request input[name=top]", "4")
    page.fill("section.request input[name=occurred_on]", "2019-05-03")
    page.click("section.request button[type=submit]", timeout=RANKING)
    page.wait_for_url(re.compile(r"shortlist=1"), timeout=RANKING)
    cards = page.locator("article.candidate")
    assert cards.count() == 4
    assert page.locator("article.candidate .bar-row").count() >= 4 * 4  # score components as bars
    assert page.locator("article.candidate mark").count() >= 1  # best-matching sentences highlighted

    first, second = cards.nth(0), cards.nth(1)
    first_id, second_id = first.get_attribute("id"), second.get_attribute("id")
    first.locator("input[name=reason]").fill("passt: Tourenplanung für Sperrmüll")
    first.locator("button.accept").click()
    page.locator(f"#{first_id} .verdict-accepted").wait_for()  # swapped in by htmx, no reload

    before = server.events()
    page.locator(f"#{second_id} button.reject").click()  # no reason: refused next to the field
    page.locator(f"#{second_id} .field-error[data-field=reason]").wait_for()
    assert server.events() == before
    page.locator(f"#{second_id} input[name=reason]").fill("löst ein anderes Problem")
    page.locator(f"#{second_id} button.reject").click()
    page.locator(f"#{second_id} .verdict-rejected").wait_for()
    assert server.events() == before + 1
    assert "Petra Programm" in page.locator(f"#{second_id} .decision").inner_text()
    page.reload()
    end = page.evaluate(  # the page from its top down to the shortlist's end, in page coordinates
        "() => document.querySelector('section.shortlist').getBoundingClientRect().bottom + window.scrollY"
    )
    page.screenshot(
        path=str(SCREENSHOTS / "shortlist.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": end + 16},
    )

    page.click("section.shortlist a.history-link")
    page.wait_for_url(re.compile(r"/ui/history/shortlist/smart-waste-hunter/shortlist-1"))
    accepted = page.locator("tr.event-CandidateAccepted")
    rejected = page.locator("tr.event-CandidateRejected")
    assert "Petra Programm" in accepted.inner_text() and "manager" in accepted.inner_text()
    assert "löst ein anderes Problem" in rejected.inner_text()
    page.context.close()


def test_the_report_as_of_a_date_with_its_chart(chromium: Any, server: Server) -> None:
    page = log_in(chromium, server, MANAGER_KEY)
    page.click("header nav >> text=Programmbericht")
    page.fill("input[name=as_of]", "2021-04-27")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"as_of=2021-04-27"))
    assert page.locator("svg.activity polyline.series").count() == 2
    assert "Smart Energy Plattform" in page.locator("pre.report-text").inner_text()
    assert "Stand 2021-04-27" in page.locator("pre.report-text").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
    page.click("a.lang")  # the same page in English
    assert "as of 2021-04-27" in page.locator("pre.report-text").inner_text()
    page.context.close()


def test_an_auditor_reads_without_javascript_sees_no_writing_and_cannot_write(
    chromium: Any, server: Server
) -> None:
    page = log_in(chromium, server, AUDITOR_KEY, javascript=False)
    page.goto(f"{server.url}/ui/challenges/smart-waste-hunter")
    assert "Smart Waste Hunter" in page.locator("h1").inner_text()
    writing = page.locator("main form[method=post]")
    assert writing.count() == 0 and page.locator("button.accept, button.reject").count() == 0
    assert page.locator("section.request").count() == 0
    token = page.locator("header input[name=csrf]").get_attribute("value")  # the log-out form's
    before = server.events()
    for path, form in (
        ("/shortlists/1/decisions", {"verdict": "accept", "startup": "einsatzlotse", "reason": "forced"}),
        ("/shortlists", {"top": "3"}),
    ):
        answer = page.request.post(
            f"{server.url}/ui/challenges/smart-waste-hunter{path}", form={**form, "csrf": token}
        )
        assert answer.status == 403 and "auditor" in answer.text()
    assert server.events() == before
    page.goto(f"{server.url}/ui/history/challenge/smart-waste-hunter")
    assert page.locator("tr.event-Published").count() == 1  # the auditor reads every history
    page.context.close()
