"""The README's screenshots: `.venv/bin/python docs/screenshots.py` (about half a minute, no model).

Builds the Herne story in a scratch store with the demo's own steps (services/application/demo.py:
the programme, the alliance's network of 118 startups, both challenges, the nine applications,
the deadline passed, Smart Energy Plattform awarded, the Corona postponement), adds shortlist 1 of
Smart Waste Hunter and decides on two of its candidates, serves the web pages on a free loopback
port and lets Debian's Chromium (/usr/bin/chromium, through Playwright) log in as the programme
manager and capture, into docs/screenshots/:

- board.png and board-en.png: the board at 1280 px, in German and in English;
- board-phone.png: the board at 390 px, its rows stacked;
- directory-search.png: the directory searched for "Tourenplanung" (the matcher's lexical index);
- shortlist.png: Smart Waste Hunter with its shortlist;
- report.png: the German council report page as of 27.04.2021 (the inquiry).

No model runs: the shortlist's candidates (the four applicants) are recorded by this script with
scores and reasons in the form the matcher records them, as the tests' scenario does; the figures
on it are illustrative, not a ranking. The server runs without its start-up work (no warm-up, no
embedding thread), and the lexical index is built before the first page.
"""

from __future__ import annotations

import re
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain import Actor, Candidate, Startup, When  # noqa: E402
from services.application import demo  # noqa: E402
from services.application.commands import (  # noqa: E402
    AcceptCandidate,
    AwardChallenge,
    ProduceShortlist,
    RejectCandidate,
    handle,
)
from services.application.readmodels import read_models  # noqa: E402
from services.entrypoints.http import create_app  # noqa: E402
from services.infrastructure.store import Store  # noqa: E402

SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
KEY = "screenshot-manager-key"
MANAGER = Actor("Petra Programm", "manager")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SHORTLISTED_ON = When(date(2019, 5, 3))
DECIDED_ON = When(date(2019, 5, 6))

#: Shortlist 1 of Smart Waste Hunter as this script records it: candidate, score components, the
#: capability a required one was matched with, the best sentence of its profile.
CANDIDATES: tuple[tuple[str, dict[str, float], tuple[str, str] | None, str], ...] = (
    (
        "Einsatzlotse",
        {"dense": 2.4, "lexical": 3.1, "sector": 1.0, "capabilities": 1.8, "region": 1.0, "stage": 0.5},
        ("Tourenplanung", "Tourenplanung"),
        "Einsatzlotse plant die Touren kommunaler Betriebe: Müllabfuhr, Straßenreinigung, "
        "Winterdienst, Grünpflege und Bewässerung.",
    ),
    (
        "Binfolio Citizen App",
        {"dense": 1.9, "lexical": 0.8, "sector": 1.0, "capabilities": 1.2, "region": 0.0, "stage": 0.75},
        ("Online-Anmeldung von Sperrmüll", "bulky item booking"),
        "Binfolio is the white-label waste app used by more than 150 municipalities and waste "
        "authorities in Austria, Germany and Switzerland.",
    ),
    (
        "Termintakt Software",
        {"dense": 0.9, "lexical": 0.6, "sector": 0.0, "capabilities": 0.7, "region": 1.0, "stage": 0.5},
        ("Online-Anmeldung von Sperrmüll", "Online-Terminvergabe"),
        "Termintakt bringt Ordnung in Bürgerämter, Kfz-Zulassungsstellen, Ausländerbehörden und "
        "Wertstoffhöfe.",
    ),
    (
        "Dropline Routing",
        {"dense": 0.7, "lexical": -0.4, "sector": 0.0, "capabilities": 0.9, "region": 0.0, "stage": 0.75},
        ("Tourenplanung", "last-mile route optimisation"),
        "Dropline optimises delivery and service routes for parcel carriers, wholesalers, grocery "
        "delivery and service companies.",
    ),
)


def herne(store: Store) -> None:
    """The demo's story up to the deadline, then shortlist 1 of Smart Waste Hunter and two decisions."""
    say = demo.quiet
    demo.launch_programme(store, say)
    demo.join_network(store, say)
    demo.tender(store, say)
    demo.receive_applications(store, say)
    for ref in demo.WINNERS:
        demo.close_applications(store, say, ref)
    energy = "smart-energy-plattform"
    handle(store, AwardChallenge(energy, [demo.WINNERS[energy]]), by=demo.CITY, when=demo.assumed(2019, 7, 1))
    demo.postpone_buildings_workshop(store, say)
    candidates = []
    for rank, (name, components, capability, sentence) in enumerate(CANDIDATES, start=1):
        startup = store.find(Startup, name)
        required, offered = capability or ("", "")
        reasons = {
            "matched_capabilities": [{"required": required, "offered": offered, "similarity": 0.8}],
            "matched_terms": [],
            "best_sentence": {"text": sentence, "similarity": 0.8},
        }
        score = round(sum(components.values()) / 2, 3)
        candidates.append(Candidate(startup.id, rank, score, startup.version, components, reasons))
    settings = {"top": 4, "filters": {}, "diverse": False, "pool_size": len(candidates)}
    matcher = {
        "models": [{"name": "recorded by docs/screenshots.py (illustrative, no model)", "fingerprint": "-"}]
    }
    shortlist = handle(
        store,
        ProduceShortlist("smart-waste-hunter", candidates, matcher, settings),
        by=MANAGER,
        when=SHORTLISTED_ON,
    ).aggregate
    handle(
        store,
        AcceptCandidate(shortlist.ref, "Einsatzlotse", "passt: Tourenplanung für Sperrmüll"),
        by=MANAGER,
        when=DECIDED_ON,
    )
    handle(
        store,
        RejectCandidate(shortlist.ref, "Dropline Routing", "Paketlogistik, keine Entsorgung"),
        by=MANAGER,
        when=DECIDED_ON,
    )
    read_models(store).runners["matching"].catch_up()  # the lexical index the directory searches


@contextmanager
def serving(location: str) -> Iterator[str]:
    """The API and pages on a free loopback port, without start-up work (lifespan off)."""
    app = create_app(location, {KEY: MANAGER})
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn stopped before it served")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listening.close()


def logged_in(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    page = browser.new_context(viewport=viewport, locale="de-DE").new_page()
    page.goto(f"{url}/ui/login")
    page.fill("input[name=key]", KEY)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/challenges$"))
    return page


def capture(url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)

        def shot(page: Any, name: str, **options: Any) -> None:
            path = SCREENSHOTS / name
            page.screenshot(path=str(path), **options)
            taken.append(path)

        page = logged_in(browser, url, DESKTOP)
        shot(page, "board.png", full_page=True)
        page.goto(f"{url}/ui/startups?search=Tourenplanung")
        shot(page, "directory-search.png")  # the window: the search and the first rows
        page.goto(f"{url}/ui/challenges/smart-waste-hunter?shortlist=1")
        end = page.evaluate(
            "() => document.querySelector('section.shortlist').getBoundingClientRect().bottom"
            " + window.scrollY"
        )
        shot(
            page,
            "shortlist.png",
            full_page=True,
            clip={"x": 0, "y": 0, "width": DESKTOP["width"], "height": end + 16},
        )
        page.goto(f"{url}/ui/report?as_of=2021-04-27&lang=de")  # the day of the council inquiry
        shot(page, "report.png", full_page=True)
        page.goto(f"{url}/ui/challenges?lang=en")
        shot(page, "board-en.png", full_page=True)
        page.context.close()

        phone = logged_in(browser, url, PHONE)
        shot(phone, "board-phone.png", full_page=True)
        phone.context.close()
        browser.close()
    return taken


def main() -> None:
    started = time.perf_counter()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="matchmaker-screenshots-") as scratch:
        location = str(Path(scratch) / "herne.db")
        store = Store(location)
        herne(store)
        store.close()
        with serving(location) as url:
            for path in capture(url):
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB")
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
