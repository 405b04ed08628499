"""Every command through the service layer: its rule holds, a refusal names the problem and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from domain import Candidate, DomainError, InvalidValue, RuleViolation, Startup, When
from services.application.commands import (
    applications,
    challenges,
    programmes,
    shortlists,
    startups,
    workshops,
)
from services.errors import AccessDenied, NotFound
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import AUDITOR, MANAGER, STARTUP, on, written


@pytest.fixture
def tendered(store: Store) -> Store:
    """A programme, a published challenge (deadline 2019-04-30) and three startups."""
    programmes.launch(
        store,
        name="Data-Hub-Programm",
        city="Herne",
        partners=["Gründerallianz Ruhr"],
        by=MANAGER,
        when=on(2018, 3, 1),
    )
    challenges.draft(
        store, challenge_details(), programme="data-hub-programm", by=MANAGER, when=on(2019, 2, 1)
    )
    challenges.publish(store, "smart-waste-hunter", date(2019, 4, 30), by=MANAGER, when=on(2019, 3, 1))
    for name in ("Einsatzlotse", "Kerbside Ops", "Stranger"):
        startups.register(store, profile(name), by=MANAGER, when=on(2019, 1, 1))
    return store


def refuses(store: Store, command: Callable[[], object], error: type[DomainError], match: str) -> None:
    before = written(store)
    with pytest.raises(error, match=match):
        command()
    assert written(store) == before, "a refused command wrote events"


def test_award_goes_to_applicants_and_shortlisted_startups_only(tendered: Store) -> None:
    store = tendered
    applications.apply(
        store, "smart-waste-hunter", "einsatzlotse", "Wir planen Touren.", by=STARTUP, when=on(2019, 4, 1)
    )
    kerbside = store.find(Startup, "kerbside-ops")
    shortlists.produce(
        store,
        "smart-waste-hunter",
        [Candidate(kerbside.id, 1, 0.9, kerbside.version)],
        matcher={"name": "test"},
        settings={},
        by=MANAGER,
        when=on(2019, 4, 2),
    )
    challenges.close(store, "smart-waste-hunter", by=MANAGER, when=on(2019, 5, 1))
    refuses(
        store,
        lambda: challenges.award(store, "smart-waste-hunter", ["stranger"], by=MANAGER, when=on(2019, 5, 2)),
        RuleViolation,
        "neither applied to nor was shortlisted",
    )
    awarded = challenges.award(
        store, "smart-waste-hunter", ["einsatzlotse", "kerbside-ops"], by=MANAGER, when=on(2019, 5, 2)
    )
    grounds = store.history(awarded.id)[-1].grounds
    assert grounds == {
        str(store.find(Startup, "einsatzlotse").id): "applied",
        str(kerbside.id): "shortlisted on smart-waste-hunter/shortlist-1",
    }


def test_a_rejected_or_withdrawn_candidate_is_not_eligible(tendered: Store) -> None:
    store = tendered
    applications.apply(store, "smart-waste-hunter", "einsatzlotse", "pitch", by=STARTUP, when=on(2019, 4, 1))
    applications.withdraw(
        store, "smart-waste-hunter/einsatzlotse", "no capacity", by=STARTUP, when=on(2019, 4, 2)
    )
    kerbside = store.find(Startup, "kerbside-ops")
    shortlists.produce(
        store,
        "smart-waste-hunter",
        [Candidate(kerbside.id, 1, 0.9, 1)],
        matcher={},
        settings={},
        by=MANAGER,
        when=on(2019, 4, 2),
    )
    shortlists.reject(
        store,
        "smart-waste-hunter/shortlist-1",
        "kerbside-ops",
        "consumer focus",
        by=MANAGER,
        when=on(2019, 4, 3),
    )
    challenges.close(store, "smart-waste-hunter", by=MANAGER, when=on(2019, 5, 1))
    for startup in ("einsatzlotse", "kerbside-ops"):
        refuses(
            store,
            lambda s=startup: challenges.award(
                store, "smart-waste-hunter", [s], by=MANAGER, when=on(2019, 5, 2)
            ),
            RuleViolation,
            "neither applied",
        )


def test_one_application_per_startup_and_challenge_and_retries_are_harmless(tendered: Store) -> None:
    store = tendered
    first, created = applications.apply(
        store, "smart-waste-hunter", "einsatzlotse", "pitch", by=STARTUP, when=on(2019, 4, 1)
    )
    again, created_again = applications.apply(
        store, "smart-waste-hunter", "einsatzlotse", "pitch", by=STARTUP, when=on(2019, 4, 1)
    )
    assert (created, created_again, again.id) == (True, False, first.id)
    refuses(
        store,
        lambda: applications.apply(
            store, "smart-waste-hunter", "einsatzlotse", "another pitch", by=STARTUP, when=on(2019, 4, 2)
        ),
        RuleViolation,
        "already applied to .* on 2019-04-01; a startup applies once per challenge",
    )


def test_applications_after_the_deadline_or_to_unknown_things_are_refused(tendered: Store) -> None:
    store = tendered
    refuses(
        store,
        lambda: applications.apply(
            store, "smart-waste-hunter", "einsatzlotse", "late", by=STARTUP, when=on(2019, 5, 1)
        ),
        RuleViolation,
        "the deadline of .* was 2019-04-30",
    )
    refuses(
        store,
        lambda: applications.apply(
            store, "no-such-challenge", "einsatzlotse", "x", by=STARTUP, when=on(2019, 4, 1)
        ),
        NotFound,
        "no challenge is known as 'no-such-challenge'",
    )


def test_shortlists_are_numbered_and_decisions_are_recorded(tendered: Store) -> None:
    store = tendered
    ids = [store.find(Startup, s) for s in ("einsatzlotse", "kerbside-ops")]
    candidates = [Candidate(s.id, i, 1.0 / i, s.version) for i, s in enumerate(ids, start=1)]
    one = shortlists.produce(
        store, "smart-waste-hunter", candidates, matcher={}, settings={}, by=MANAGER, when=on(2019, 4, 2)
    )
    two = shortlists.produce(
        store, "smart-waste-hunter", candidates[:1], matcher={}, settings={}, by=MANAGER, when=on(2019, 4, 3)
    )
    assert (one.ref, two.ref) == ("smart-waste-hunter/shortlist-1", "smart-waste-hunter/shortlist-2")
    shortlists.accept(
        store, one.ref, "einsatzlotse", "routing for municipal fleets", by=MANAGER, when=on(2019, 4, 4)
    )
    refuses(
        store,
        lambda: shortlists.reject(store, one.ref, "stranger", "no fit", by=MANAGER, when=on(2019, 4, 4)),
        RuleViolation,
        "is not a candidate",
    )
    shortlists.finalise(store, one.ref, by=MANAGER, when=on(2019, 4, 5))
    refuses(
        store,
        lambda: shortlists.accept(store, one.ref, "kerbside-ops", by=MANAGER, when=on(2019, 4, 6)),
        RuleViolation,
        "was finalised",
    )


def test_an_auditor_writes_nothing(tendered: Store) -> None:
    store = tendered
    for command in (
        lambda: challenges.close(store, "smart-waste-hunter", by=AUDITOR),
        lambda: startups.register(store, profile("Audited"), by=AUDITOR),
        lambda: startups.withdraw(store, "stranger", "audit", by=AUDITOR),
        lambda: workshops.plan(store, theme="Audit", organisers=[], by=AUDITOR),
        lambda: applications.apply(store, "smart-waste-hunter", "stranger", "x", by=AUDITOR),
    ):
        refuses(store, command, AccessDenied, "an auditor may read the programme's history but not change it")


def test_a_business_date_in_the_future_is_refused(tendered: Store) -> None:
    tomorrow = When(date.today() + timedelta(days=1))
    refuses(
        tendered,
        lambda: challenges.close(tendered, "smart-waste-hunter", by=MANAGER, when=tomorrow),
        InvalidValue,
        "occurred_on: .* is in the future",
    )


def test_workshop_commands_follow_the_workshop_rules(tendered: Store) -> None:
    store = tendered
    workshop, _ = workshops.plan(
        store,
        theme="Gebäude und Wohnungswirtschaft",
        organisers=["Stadt Herne"],
        programme="data-hub-programm",
        by=MANAGER,
        when=on(2020, 1, 20),
    )
    workshops.schedule(store, workshop.ref, date(2020, 4, 23), "Herne", by=MANAGER, when=on(2020, 2, 10))
    workshops.postpone(store, workshop.ref, "Corona", by=MANAGER, when=on(2020, 3, 16))
    refuses(
        store,
        lambda: workshops.hold(store, workshop.ref, ["x"], by=MANAGER, when=on(2020, 4, 23)),
        RuleViolation,
        "must be scheduled again",
    )
    workshops.cancel(store, workshop.ref, "no longer needed", by=MANAGER, when=on(2020, 5, 1))
    refuses(
        store,
        lambda: workshops.cancel(store, workshop.ref, "again", by=MANAGER, when=on(2020, 5, 2)),
        RuleViolation,
        "already cancelled",
    )


def test_programme_commands_follow_the_programme_rules(tendered: Store) -> None:
    store = tendered
    programmes.join(store, "data-hub-programm", "FAKT AG", by=MANAGER, when=on(2019, 1, 1))
    refuses(
        store,
        lambda: programmes.join(store, "data-hub-programm", "FAKT AG", by=MANAGER, when=on(2019, 1, 2)),
        RuleViolation,
        "already a partner",
    )
    programmes.note_activity(
        store,
        "data-hub-programm",
        title="Open Data Portal",
        kind="open data",
        partners=[],
        by=MANAGER,
        when=on(2019, 6, 1),
    )
    programmes.leave(store, "data-hub-programm", "FAKT AG", "moved on", by=MANAGER, when=on(2019, 7, 1))
    programmes.end(store, "data-hub-programm", "completed", by=MANAGER, when=on(2022, 1, 1))
    refuses(
        store,
        lambda: programmes.join(store, "data-hub-programm", "X", by=MANAGER, when=on(2022, 1, 2)),
        RuleViolation,
        "ended on 2022-01-01",
    )


def test_challenge_commands_through_the_whole_life(tendered: Store) -> None:
    store = tendered
    refuses(
        store,
        lambda: challenges.revise(
            store, "smart-waste-hunter", {"sector": "garbage"}, by=MANAGER, when=on(2019, 3, 2)
        ),
        InvalidValue,
        "sector: 'garbage' is not one of",
    )
    challenges.revise(store, "smart-waste-hunter", {"budget_eur": 90000}, by=MANAGER, when=on(2019, 3, 2))
    applications.apply(store, "smart-waste-hunter", "einsatzlotse", "pitch", by=STARTUP, when=on(2019, 4, 1))
    challenges.close(store, "smart-waste-hunter", "deadline", by=MANAGER, when=on(2019, 5, 1))
    challenges.award(store, "smart-waste-hunter", ["einsatzlotse"], by=MANAGER, when=on(2019, 7, 1))
    refuses(
        store,
        lambda: challenges.withdraw(store, "smart-waste-hunter", "oops", by=MANAGER, when=on(2019, 7, 2)),
        RuleViolation,
        "only its implementation can be recorded now",
    )
    challenges.start_implementation(
        store, "smart-waste-hunter", date(2021, 6, 30), by=MANAGER, when=on(2019, 9, 1)
    )
    done = challenges.complete_implementation(
        store, "smart-waste-hunter", "in operation", by=MANAGER, when=on(2021, 6, 30)
    )
    assert done.status == "completed" and done.version == 7


def test_drafting_needs_a_known_programme(store: Store) -> None:
    refuses(
        store,
        lambda: challenges.draft(
            store, challenge_details(), programme="unknown", by=MANAGER, when=on(2019, 2, 1)
        ),
        NotFound,
        "no programme is known as 'unknown'",
    )
