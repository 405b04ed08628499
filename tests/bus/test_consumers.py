"""The consumers' logic, on SQLite and PostgreSQL, with a small fake embedder: each effect once."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from domain import MatchSuggestion, Shortlist
from services.application.commands import (
    DraftChallenge,
    PublishChallenge,
    RegisterStartup,
    ReviseStartup,
    WithdrawChallenge,
    handle,
)
from services.application.consumers import Consumers, Poison
from services.application.shortlisting import Shortlisting
from services.infrastructure.bus import messages as bus
from services.infrastructure.bus.messages import EventMessage, to_message
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import MANAGER, written
from tests.matching.fakes import cached_fake


def messages(store: Store) -> list[EventMessage]:
    return [
        to_message(store.mapper.to_domain_event(n), n.id)
        for n in store.recorder.select_notifications(start=1, limit=10_000)
    ]


def last(store: Store, type_: str) -> EventMessage:
    return [m for m in messages(store) if m.type == type_][-1]


@pytest.fixture
def open_challenge(store: Store) -> Store:
    for i, name in enumerate(
        ["Einsatzlotse", "Kerbside Ops", "Binfolio"] + [f"Blumen {i}" for i in range(30)]
    ):
        waste = i < 3
        handle(
            store,
            RegisterStartup(
                profile(
                    name,
                    description="Tourenplanung und Online-Anmeldung für Sperrmüll."
                    if waste
                    else "Wir verkaufen Blumen.",
                    sectors=["waste" if waste else "retail"],
                    languages=["de"],
                )
            ),
            by=MANAGER,
        )
    handle(store, DraftChallenge(challenge_details()), by=MANAGER)
    handle(store, PublishChallenge("smart-waste-hunter", date.today() + timedelta(days=30)), by=MANAGER)
    return store


def consumers(store: Store) -> Consumers:
    return Consumers(store, Shortlisting(store, dense=[(cached_fake(), 1.0)], inline=True))


def test_the_auto_shortlister_shortlists_once(open_challenge: Store) -> None:
    store = open_challenge
    published = last(store, "challenge.published")
    first = consumers(store).auto_shortlist(published)
    assert first.status == "done" and first.detail == "smart-waste-hunter/shortlist-1"
    before = written(store)
    assert consumers(store).auto_shortlist(published).status == "duplicate"  # a redelivery, another process
    assert written(store) == before
    [shortlist] = list(store.every(Shortlist))
    produced = store.history(shortlist.id)[0]
    assert produced.actor == "auto-shortlister" and produced.correlation_id == str(published.event_id)


def test_the_auto_shortlister_refuses_other_types_and_finished_challenges(open_challenge: Store) -> None:
    store = open_challenge
    with pytest.raises(Poison, match="unknown type"):
        consumers(store).auto_shortlist(last(store, "startup.registered"))
    published = last(store, "challenge.published")
    handle(store, WithdrawChallenge("smart-waste-hunter", "no budget"), by=MANAGER)
    outcome = consumers(store).auto_shortlist(published)
    assert outcome.status == "nothing to do" and "withdrawn" in outcome.detail
    assert consumers(store).auto_shortlist(published).status == "duplicate"


def test_match_alerts_suggest_open_challenges_a_new_startup_would_top(open_challenge: Store) -> None:
    store = open_challenge
    handle(
        store,
        RegisterStartup(
            profile(
                "Tourenprofi",
                description="Tourenplanung für Sperrmüll und Online-Anmeldung.",
                sectors=["waste"],
                languages=["de"],
            )
        ),
        by=MANAGER,
    )
    registered = last(store, "startup.registered")
    outcome = consumers(store).suggest_matches(registered)
    assert outcome.status == "done" and outcome.detail == "tourenprofi/v1"
    [suggestion] = list(store.every(MatchSuggestion))
    assert suggestion.matches[0]["title"].startswith("Smart Waste Hunter")
    assert consumers(store).suggest_matches(registered).status == "duplicate"
    handle(
        store,
        RegisterStartup(
            profile("Kaffeehaus", description="Wir verkaufen Kaffee.", sectors=["retail"], languages=["de"])
        ),
        by=MANAGER,
    )
    assert consumers(store).suggest_matches(last(store, "startup.registered")).status == "nothing to do"


def test_match_alerts_wait_for_the_latest_profile(open_challenge: Store) -> None:
    store = open_challenge
    handle(
        store,
        RegisterStartup(
            profile(
                "Tourenprofi", description="Tourenplanung für Sperrmüll.", sectors=["waste"], languages=["de"]
            )
        ),
        by=MANAGER,
    )
    registered = last(store, "startup.registered")
    handle(store, ReviseStartup("tourenprofi", {"team_size": 30}), by=MANAGER)
    assert consumers(store).suggest_matches(registered).detail == "the profile has changed since"
    assert consumers(store).suggest_matches(last(store, "startup.profile_revised")).status == "done"


def test_inbound_commands_are_validated_like_the_cli_and_processed_once(store: Store) -> None:
    command = bus.RegisterStartup(
        command_id=uuid.uuid4(),
        source="business-portal",
        actor="clerk",
        name="Neu GmbH",
        description="Sperrmüll-App",
        sectors=["waste"],
    )
    assert consumers(store).register_startup(command).status == "done"
    assert consumers(store).register_startup(command).status == "duplicate"
    again = command.model_copy(update={"command_id": uuid.uuid4()})
    assert consumers(store).register_startup(again).status == "nothing to do"
    before = written(store)
    with pytest.raises(Poison, match="validation: sectors: 'space' is not one of"):
        consumers(store).register_startup(
            command.model_copy(update={"command_id": uuid.uuid4(), "sectors": ["space"]})
        )
    with pytest.raises(Poison, match="a different startup is already registered as 'neu-gmbh'"):
        consumers(store).register_startup(
            command.model_copy(update={"command_id": uuid.uuid4(), "city": "Bochum"})
        )
    assert written(store) == before
