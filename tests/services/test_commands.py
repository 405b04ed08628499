"""Every command through the service layer: its rule holds, a refusal names the problem and writes nothing
(on the in-memory store: tests/services/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from domain import Candidate, DomainError, InvalidValue, RuleViolation, Startup, When
from services.application.commands import (
    AcceptCandidate,
    ApplyToChallenge,
    AwardChallenge,
    CancelWorkshop,
    CloseChallenge,
    CompleteImplementation,
    DraftChallenge,
    EndProgramme,
    FinaliseShortlist,
    HoldWorkshop,
    JoinProgramme,
    LeaveProgramme,
    NoteActivity,
    PlanWorkshop,
    PostponeWorkshop,
    ProduceShortlist,
    RegisterStartup,
    RejectCandidate,
    ReviseChallenge,
    ScheduleWorkshop,
    StartImplementation,
    WithdrawApplication,
    WithdrawChallenge,
    WithdrawStartup,
    handle,
)
from services.errors import AccessDenied, NotFound
from services.infrastructure.store import Store
from tests.conftest import AUDITOR, MANAGER, on, written
from tests.herne import Herne, challenge_details, profile


@pytest.fixture
def tendered(store: Store) -> Store:
    """A programme, a published challenge (deadline 2019-04-30) and three startups."""
    Herne(store).tendered("Einsatzlotse", "Kerbside Ops", "Stranger")
    return store


def refuses(store: Store, command: Callable[[], object], error: type[DomainError], match: str) -> None:
    before = written(store)
    with pytest.raises(error, match=match):
        command()
    assert written(store) == before, "a refused command wrote events"


def test_award_goes_to_applicants_and_shortlisted_startups_only(tendered: Store) -> None:
    store = tendered
    handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "Wir planen Touren."),
        by=MANAGER,
        when=on(2019, 4, 1),
    )
    kerbside = store.find(Startup, "kerbside-ops")
    handle(
        store,
        ProduceShortlist(
            "smart-waste-hunter",
            [Candidate(kerbside.id, 1, 0.9, kerbside.version)],
            matcher={"name": "test"},
            settings={},
        ),
        by=MANAGER,
        when=on(2019, 4, 2),
    )
    handle(store, CloseChallenge("smart-waste-hunter"), by=MANAGER, when=on(2019, 5, 1))
    refuses(
        store,
        lambda: handle(
            store, AwardChallenge("smart-waste-hunter", ["stranger"]), by=MANAGER, when=on(2019, 5, 2)
        ),
        RuleViolation,
        "neither applied to nor was shortlisted",
    )
    awarded = handle(
        store,
        AwardChallenge("smart-waste-hunter", ["einsatzlotse", "kerbside-ops"]),
        by=MANAGER,
        when=on(2019, 5, 2),
    ).aggregate
    grounds = store.history(awarded.id)[-1].grounds
    assert grounds == {
        str(store.find(Startup, "einsatzlotse").id): "applied",
        str(kerbside.id): "shortlisted on smart-waste-hunter/shortlist-1",
    }


def test_a_rejected_or_withdrawn_candidate_is_not_eligible(tendered: Store) -> None:
    store = tendered
    handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "pitch"),
        by=MANAGER,
        when=on(2019, 4, 1),
    )
    handle(
        store,
        WithdrawApplication("smart-waste-hunter/einsatzlotse", "no capacity"),
        by=MANAGER,
        when=on(2019, 4, 2),
    )
    kerbside = store.find(Startup, "kerbside-ops")
    handle(
        store,
        ProduceShortlist("smart-waste-hunter", [Candidate(kerbside.id, 1, 0.9, 1)], matcher={}, settings={}),
        by=MANAGER,
        when=on(2019, 4, 2),
    )
    handle(
        store,
        RejectCandidate("smart-waste-hunter/shortlist-1", "kerbside-ops", "consumer focus"),
        by=MANAGER,
        when=on(2019, 4, 3),
    )
    handle(store, CloseChallenge("smart-waste-hunter"), by=MANAGER, when=on(2019, 5, 1))
    for startup in ("einsatzlotse", "kerbside-ops"):
        refuses(
            store,
            lambda s=startup: handle(
                store, AwardChallenge("smart-waste-hunter", [s]), by=MANAGER, when=on(2019, 5, 2)
            ),
            RuleViolation,
            "neither applied",
        )


def test_one_application_per_startup_and_challenge_and_retries_are_harmless(tendered: Store) -> None:
    store = tendered
    first = handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "pitch"),
        by=MANAGER,
        when=on(2019, 4, 1),
    )
    again = handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "pitch"),
        by=MANAGER,
        when=on(2019, 4, 1),
    )
    assert (first.created, again.created, again.aggregate.id) == (True, False, first.aggregate.id)
    refuses(
        store,
        lambda: handle(
            store,
            ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "another pitch"),
            by=MANAGER,
            when=on(2019, 4, 2),
        ),
        RuleViolation,
        "already applied to .* on 2019-04-01; a startup applies once per challenge",
    )


def test_applications_after_the_deadline_or_to_unknown_things_are_refused(tendered: Store) -> None:
    store = tendered
    refuses(
        store,
        lambda: handle(
            store,
            ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "late"),
            by=MANAGER,
            when=on(2019, 5, 1),
        ),
        RuleViolation,
        "the deadline of .* was 2019-04-30",
    )
    refuses(
        store,
        lambda: handle(
            store, ApplyToChallenge("no-such-challenge", "einsatzlotse", "x"), by=MANAGER, when=on(2019, 4, 1)
        ),
        NotFound,
        "no challenge is known as 'no-such-challenge'",
    )


def test_shortlists_are_numbered_and_decisions_are_recorded(tendered: Store) -> None:
    store = tendered
    ids = [store.find(Startup, s) for s in ("einsatzlotse", "kerbside-ops")]
    candidates = [Candidate(s.id, i, 1.0 / i, s.version) for i, s in enumerate(ids, start=1)]
    one = handle(
        store,
        ProduceShortlist("smart-waste-hunter", candidates, matcher={}, settings={}),
        by=MANAGER,
        when=on(2019, 4, 2),
    ).aggregate
    two = handle(
        store,
        ProduceShortlist("smart-waste-hunter", candidates[:1], matcher={}, settings={}),
        by=MANAGER,
        when=on(2019, 4, 3),
    ).aggregate
    assert (one.ref, two.ref) == ("smart-waste-hunter/shortlist-1", "smart-waste-hunter/shortlist-2")
    handle(
        store,
        AcceptCandidate(one.ref, "einsatzlotse", "routing for municipal fleets"),
        by=MANAGER,
        when=on(2019, 4, 4),
    )
    refuses(
        store,
        lambda: handle(
            store, RejectCandidate(one.ref, "stranger", "no fit"), by=MANAGER, when=on(2019, 4, 4)
        ),
        RuleViolation,
        "is not a candidate",
    )
    handle(store, FinaliseShortlist(one.ref), by=MANAGER, when=on(2019, 4, 5))
    refuses(
        store,
        lambda: handle(store, AcceptCandidate(one.ref, "kerbside-ops"), by=MANAGER, when=on(2019, 4, 6)),
        RuleViolation,
        "was finalised",
    )


def test_an_auditor_writes_nothing(tendered: Store) -> None:
    store = tendered
    for command in (
        lambda: handle(store, CloseChallenge("smart-waste-hunter"), by=AUDITOR),
        lambda: handle(store, RegisterStartup(profile("Audited")), by=AUDITOR),
        lambda: handle(store, WithdrawStartup("stranger", "audit"), by=AUDITOR),
        lambda: handle(store, PlanWorkshop(theme="Audit", organisers=[]), by=AUDITOR),
        lambda: handle(store, ApplyToChallenge("smart-waste-hunter", "stranger", "x"), by=AUDITOR),
    ):
        refuses(store, command, AccessDenied, "an auditor may read the programme's history but not change it")


def test_a_business_date_in_the_future_is_refused(tendered: Store) -> None:
    tomorrow = When(date.today() + timedelta(days=1))
    refuses(
        tendered,
        lambda: handle(tendered, CloseChallenge("smart-waste-hunter"), by=MANAGER, when=tomorrow),
        InvalidValue,
        "occurred_on: .* is in the future",
    )


def test_workshop_commands_follow_the_workshop_rules(tendered: Store) -> None:
    store = tendered
    workshop = handle(
        store,
        PlanWorkshop(
            theme="Gebäude und Wohnungswirtschaft", organisers=["Stadt Herne"], programme="data-hub-programm"
        ),
        by=MANAGER,
        when=on(2020, 1, 20),
    ).aggregate
    handle(
        store, ScheduleWorkshop(workshop.ref, date(2020, 4, 23), "Herne"), by=MANAGER, when=on(2020, 2, 10)
    )
    handle(store, PostponeWorkshop(workshop.ref, "Corona"), by=MANAGER, when=on(2020, 3, 16))
    refuses(
        store,
        lambda: handle(store, HoldWorkshop(workshop.ref, ["x"]), by=MANAGER, when=on(2020, 4, 23)),
        RuleViolation,
        "must be scheduled again",
    )
    handle(store, CancelWorkshop(workshop.ref, "no longer needed"), by=MANAGER, when=on(2020, 5, 1))
    refuses(
        store,
        lambda: handle(store, CancelWorkshop(workshop.ref, "again"), by=MANAGER, when=on(2020, 5, 2)),
        RuleViolation,
        "already cancelled",
    )


def test_programme_commands_follow_the_programme_rules(tendered: Store) -> None:
    store = tendered
    handle(store, JoinProgramme("data-hub-programm", "FAKT AG"), by=MANAGER, when=on(2019, 1, 1))
    refuses(
        store,
        lambda: handle(store, JoinProgramme("data-hub-programm", "FAKT AG"), by=MANAGER, when=on(2019, 1, 2)),
        RuleViolation,
        "already a partner",
    )
    handle(
        store,
        NoteActivity("data-hub-programm", title="Open Data Portal", kind="open data", partners=[]),
        by=MANAGER,
        when=on(2019, 6, 1),
    )
    handle(store, LeaveProgramme("data-hub-programm", "FAKT AG", "moved on"), by=MANAGER, when=on(2019, 7, 1))
    handle(store, EndProgramme("data-hub-programm", "completed"), by=MANAGER, when=on(2022, 1, 1))
    refuses(
        store,
        lambda: handle(store, JoinProgramme("data-hub-programm", "X"), by=MANAGER, when=on(2022, 1, 2)),
        RuleViolation,
        "ended on 2022-01-01",
    )


def test_challenge_commands_through_the_whole_life(tendered: Store) -> None:
    store = tendered
    refuses(
        store,
        lambda: handle(
            store,
            ReviseChallenge("smart-waste-hunter", {"sector": "garbage"}),
            by=MANAGER,
            when=on(2019, 3, 2),
        ),
        InvalidValue,
        "sector: 'garbage' is not one of",
    )
    handle(
        store, ReviseChallenge("smart-waste-hunter", {"budget_eur": 90000}), by=MANAGER, when=on(2019, 3, 2)
    )
    handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "pitch"),
        by=MANAGER,
        when=on(2019, 4, 1),
    )
    handle(store, CloseChallenge("smart-waste-hunter", "deadline"), by=MANAGER, when=on(2019, 5, 1))
    handle(store, AwardChallenge("smart-waste-hunter", ["einsatzlotse"]), by=MANAGER, when=on(2019, 7, 1))
    refuses(
        store,
        lambda: handle(
            store, WithdrawChallenge("smart-waste-hunter", "oops"), by=MANAGER, when=on(2019, 7, 2)
        ),
        RuleViolation,
        "only its implementation can be recorded now",
    )
    handle(
        store, StartImplementation("smart-waste-hunter", date(2021, 6, 30)), by=MANAGER, when=on(2019, 9, 1)
    )
    done = handle(
        store, CompleteImplementation("smart-waste-hunter", "in operation"), by=MANAGER, when=on(2021, 6, 30)
    ).aggregate
    assert done.status == "completed" and done.version == 7


def test_drafting_needs_a_known_programme(store: Store) -> None:
    refuses(
        store,
        lambda: handle(
            store, DraftChallenge(challenge_details(), programme="unknown"), by=MANAGER, when=on(2019, 2, 1)
        ),
        NotFound,
        "no programme is known as 'unknown'",
    )
