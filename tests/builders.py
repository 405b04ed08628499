"""Small builders of aggregates in a given state, for the domain's rule tests: no store, no
commands (tests/herne.py records the story through the application layer)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain import Application, Challenge, Programme, Shortlist, Startup, When, Workshop
from domain.shortlist import Candidate
from tests.conftest import MANAGER, STARTUP, on
from tests.herne import challenge_details, profile  # also imported from here by tests/bus


def programme() -> Programme:
    return Programme.launch(
        ref="data-hub",
        name="Data-Hub-Programm",
        city="Herne",
        partners=["Gründerallianz Ruhr"],
        starts_on=date(2018, 1, 1),
        by=MANAGER,
        when=on(2018, 1, 1),
    )


def draft(**overrides: Any) -> Challenge:
    return Challenge.draft(
        ref="smart-waste-hunter",
        programme_id=None,
        details=challenge_details(**overrides),
        by=MANAGER,
        when=on(2019, 2, 1),
    )


def published(deadline: date = date(2019, 4, 30)) -> Challenge:
    challenge = draft()
    challenge.publish(deadline, by=MANAGER, when=on(2019, 3, 1))
    return challenge


def closed() -> Challenge:
    challenge = published()
    challenge.close("deadline passed", by=MANAGER, when=on(2019, 5, 2))
    return challenge


def startup(name: str = "Kerbside Ops", when: When | None = None) -> Startup:
    return Startup.register(
        ref=name.lower().replace(" ", "-"), profile=profile(name), by=MANAGER, when=when or on(2019, 1, 1)
    )


def application(challenge: Challenge, applicant: Startup) -> Application:
    return Application.submit(
        challenge, applicant, "We digitise bulky waste.", by=STARTUP, when=on(2019, 4, 1)
    )


def shortlist(challenge: Challenge, *startups: Startup) -> Shortlist:
    candidates = [
        Candidate(
            startup_id=s.id, rank=i, score=1.0 / i, profile_version=s.version, components={"dense": 0.5}
        )
        for i, s in enumerate(startups, start=1)
    ]
    return Shortlist.produce(
        challenge, 1, candidates, matcher={"name": "test"}, settings={}, by=MANAGER, when=on(2019, 5, 3)
    )


def workshop() -> Workshop:
    return Workshop.plan(
        ref="gebaeude",
        theme="Gebäude und Wohnungswirtschaft",
        organisers=["Stadt Herne"],
        programme_id=None,
        by=MANAGER,
        when=on(2020, 1, 20),
    )


def refused(aggregate: Any, action: Callable[[], object], error: type[Exception], match: str) -> None:
    """The action raises `error` mentioning `match`, and the aggregate gains no event."""
    before = (aggregate.version, len(aggregate.pending_events))
    with pytest.raises(error, match=match):
        action()
    assert (aggregate.version, len(aggregate.pending_events)) == before
