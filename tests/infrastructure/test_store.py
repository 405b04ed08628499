"""The event store on SQLite and on the real PostgreSQL: saving, finding, history, time travel, conflicts."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from domain import Challenge, Startup
from services.application.commands import (
    DraftChallenge,
    PublishChallenge,
    RegisterStartup,
    ReviseChallenge,
    handle,
)
from services.errors import Conflict, NotFound
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import MANAGER, on, written


def test_aggregates_round_trip_with_both_times(store: Store) -> None:
    assert handle(store, DraftChallenge(challenge_details()), by=MANAGER, when=on(2019, 2, 1)).created
    handle(store, PublishChallenge("smart-waste-hunter", date(2019, 4, 30)), by=MANAGER, when=on(2019, 3, 1))
    loaded = store.find(Challenge, "smart-waste-hunter")
    assert (loaded.status, loaded.deadline, loaded.version) == ("published", date(2019, 4, 30), 2)
    events = store.history(loaded.id)
    assert [type(e).__name__ for e in events] == ["Drafted", "Published"]
    assert [e.occurred_on for e in events] == [date(2019, 2, 1), date(2019, 3, 1)]
    assert all(e.timestamp.year >= 2026 and e.actor == "Petra Programm" for e in events)


def test_references_by_uuid_kind_ref_and_name(store: Store) -> None:
    challenge = handle(store, DraftChallenge(challenge_details()), by=MANAGER, when=on(2019, 2, 1)).aggregate
    for reference in (
        str(challenge.id),
        "challenge/smart-waste-hunter",
        "smart-waste-hunter",
        "Smart Waste Hunter",
    ):
        assert store.resolve(reference) == challenge.id
    with pytest.raises(NotFound, match="nothing is known as 'no-such-thing'"):
        store.resolve("no-such-thing")
    with pytest.raises(NotFound):
        store.find(Startup, "smart-waste-hunter")


def test_state_as_of_a_business_date(store: Store) -> None:
    handle(store, DraftChallenge(challenge_details()), by=MANAGER, when=on(2019, 2, 1))
    handle(store, PublishChallenge("smart-waste-hunter", date(2019, 4, 30)), by=MANAGER, when=on(2019, 3, 1))
    challenge_id = Challenge.create_id("smart-waste-hunter")
    assert store.as_of(challenge_id, date(2019, 1, 31)) is None
    assert store.as_of(challenge_id, date(2019, 2, 28)).status == "draft"
    assert store.as_of(challenge_id, date(2019, 3, 1)).status == "published"


def test_creation_is_idempotent_and_a_taken_ref_is_a_conflict(store: Store) -> None:
    first = handle(store, RegisterStartup(profile()), by=MANAGER, when=on(2019, 1, 1))
    count = written(store)
    again = handle(store, RegisterStartup(profile()), by=MANAGER, when=on(2019, 1, 2))
    assert (first.created, again.created, again.aggregate.id) == (True, False, first.aggregate.id)
    assert written(store) == count
    with pytest.raises(Conflict, match="already exists with other details"):
        handle(store, RegisterStartup(profile(city="Rotterdam")), by=MANAGER, when=on(2019, 1, 2))
    assert written(store) == count


def test_listing_finds_every_aggregate_of_a_kind(store: Store) -> None:
    for name in ("Alpha", "Beta", "Gamma"):
        handle(store, RegisterStartup(profile(name)), by=MANAGER, when=on(2019, 1, 1))
    handle(store, DraftChallenge(challenge_details()), by=MANAGER, when=on(2019, 2, 1))
    assert [s.name for s in store.every(Startup)] == ["Alpha", "Beta", "Gamma"]


def test_two_writers_on_the_same_challenge_one_wins_the_other_gets_a_conflict(location: str) -> None:
    """Two processes' worth of stores load version 1 together; both revise; exactly one is saved."""
    setup = Store(location)
    handle(setup, DraftChallenge(challenge_details()), by=MANAGER, when=on(2019, 2, 1))
    writers = [Store(location), Store(location)]
    loaded = [w.find(Challenge, "smart-waste-hunter") for w in writers]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def write(index: int) -> None:
        loaded[index].revise({"budget_eur": 1000 * (index + 1)}, by=MANAGER, when=on(2019, 2, 2))
        barrier.wait()
        try:
            writers[index].save_all(loaded[index])
            outcomes.append(f"saved {index}")
        except Conflict as error:
            outcomes.append(f"conflict: {error}")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.split(" ")[0] for o in outcomes) == ["conflict:", "saved"], outcomes
    assert "was changed by someone else meanwhile; nothing was written" in next(
        o for o in outcomes if "conflict" in o
    )
    final = setup.find(Challenge, "smart-waste-hunter")
    winner = int(next(o for o in outcomes if o.startswith("saved")).split()[-1])
    assert final.version == 2
    assert final.details["budget_eur"] == 1000 * (winner + 1)  # the winner's change, nothing lost or mixed
    for s in (setup, *writers):
        s.close()


def test_expected_version_refuses_a_change_based_on_an_old_reading(store: Store) -> None:
    handle(store, DraftChallenge(challenge_details()), by=MANAGER, when=on(2019, 2, 1))
    handle(
        store,
        ReviseChallenge("smart-waste-hunter", {"budget_eur": 1}),
        by=MANAGER,
        when=on(2019, 2, 2),
        expected_version=1,
    )
    count = written(store)
    with pytest.raises(Conflict, match="is at version 2, not 1"):
        handle(
            store,
            ReviseChallenge("smart-waste-hunter", {"budget_eur": 2}),
            by=MANAGER,
            when=on(2019, 2, 3),
            expected_version=1,
        )
    assert written(store) == count


def test_concurrent_commands_through_the_service_layer_lose_nothing(location: str) -> None:
    """Ten threads each register a startup and revise the same challenge; all ten registrations land
    and every revision either lands or reports a conflict."""
    setup = Store(location)
    handle(setup, DraftChallenge(challenge_details()), by=MANAGER, when=on(2019, 2, 1))
    stores = [Store(location) for _ in range(4)]
    results: list[str] = []

    def work(index: int) -> None:
        s = stores[index % len(stores)]
        handle(s, RegisterStartup(profile(f"Startup {index}")), by=MANAGER, when=on(2019, 2, 2))
        try:
            handle(
                s,
                ReviseChallenge("smart-waste-hunter", {"budget_eur": index}),
                by=MANAGER,
                when=on(2019, 2, 2),
                expected_version=1,
            )
            results.append("revised")
        except Conflict:
            results.append("conflict")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(list(setup.every(Startup))) == 10
    assert results.count("revised") == 1 and results.count("conflict") == 9
    assert setup.find(Challenge, "smart-waste-hunter").version == 2
    for s in (setup, *stores):
        s.close()
