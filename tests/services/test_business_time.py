"""Business time that cannot be bent, and corrections instead of dead ends (issue 13).

Every bound on a business date and every correction, through the service layer (`handle`, as
every entry point runs commands), on a SQLite file and on the real PostgreSQL. A refusal is one
line that names the field and the date it conflicts with, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest

from domain import (
    Actor,
    Application,
    Challenge,
    ChallengeStatus,
    DomainError,
    InvalidValue,
    RuleViolation,
    Shortlist,
    Startup,
    Verdict,
    When,
)
from services.application.commands import (
    AcceptCandidate,
    ApplyToChallenge,
    AwardChallenge,
    CloseChallenge,
    CorrectDate,
    DraftChallenge,
    HoldWorkshop,
    LaunchProgramme,
    PlanWorkshop,
    RejectCandidate,
    ReopenChallenge,
    ReviseChallenge,
    ReviseStartup,
    RevokeAward,
    StartImplementation,
    WithdrawApplication,
    WithdrawDecision,
    handle,
)
from services.errors import AccessDenied
from services.infrastructure.store import Store
from tests.conftest import MANAGER, written
from tests.herne import DATA_HUB, FIRST_SHORTLIST, SMART_WASTE_HUNTER, Herne, challenge_details

TODAY = date.today()
EINSATZLOTSE = Actor("Einsatzlotse GmbH", "startup", acts_for="einsatzlotse")


@pytest.fixture
def store(location: str) -> Iterator[Store]:  # the durable stores, not the in-memory one of this folder
    durable = Store(location)
    yield durable
    durable.close()


@pytest.fixture
def herne(store: Store) -> Herne:
    """The programme (launched 2018-03-01), Smart Waste Hunter drafted 2019-02-01, published
    2019-03-01 with its deadline 2019-04-30, and two startups registered 2019-01-01."""
    return Herne(store).tendered("Einsatzlotse", "Kerbside Ops")


def refuses(store: Store, command: Callable[[], object], error: type[Exception], match: str) -> str:
    before = written(store)
    with pytest.raises(error, match=match) as refused:
        command()
    assert written(store) == before, "a refused command wrote events"
    message = str(refused.value)
    assert "\n" not in message
    return message


def run(store: Store, command: object, day: date, by: Actor = MANAGER) -> object:
    return handle(store, command, by=by, when=When(day)).aggregate  # type: ignore[arg-type]


def shortlisted(herne: Herne, day: date = date(2019, 4, 5)) -> Shortlist:
    return herne.shortlisted(herne.candidates("einsatzlotse", "kerbside-ops"), day)


# Bounds ------------------------------------------------------------------------------------------


def test_no_date_before_the_floor_nor_in_the_future(store: Store) -> None:
    with pytest.raises(InvalidValue, match=r"occurred_on: 0001-01-01 is before 1990-01-01"):
        When(date(1, 1, 1))
    refuses(
        store,
        lambda: run(
            store, LaunchProgramme("Data-Hub", "Herne", [], starts_on=date(1, 1, 1)), date(2018, 3, 1)
        ),
        InvalidValue,
        r"starts_on: 0001-01-01 is before 1990-01-01",
    )
    tomorrow = TODAY + timedelta(days=1)
    refuses(
        store,
        lambda: run(store, LaunchProgramme("Data-Hub", "Herne", []), tomorrow),
        InvalidValue,
        rf"occurred_on: {tomorrow.isoformat()} is in the future",
    )


def test_no_event_before_the_last_one_of_its_item(herne: Herne) -> None:
    message = refuses(
        herne.store,
        lambda: run(herne.store, ReviseChallenge(SMART_WASTE_HUNTER, {"budget_eur": 1}), date(2019, 2, 15)),
        RuleViolation,
        r"occurred_on: 2019-02-15 is before the last recorded event of this challenge \(2019-03-01\)",
    )
    assert message.startswith("occurred_on:")


def test_nothing_in_a_programme_before_its_launch(herne: Herne) -> None:
    store = herne.store
    refuses(
        store,
        lambda: run(
            store,
            DraftChallenge(challenge_details(title="Früh: zu früh"), programme=DATA_HUB),
            date(2018, 2, 1),
        ),
        RuleViolation,
        r"occurred_on: 2018-02-01 is before the launch of its programme \(2018-03-01\)",
    )
    refuses(
        store,
        lambda: run(store, PlanWorkshop("Zu früh", ["Stadt Herne"], programme=DATA_HUB), date(2017, 12, 1)),
        RuleViolation,
        r"occurred_on: 2017-12-01 is before the launch of its programme \(2018-03-01\)",
    )
    # the same outside the programme, or on the day of the launch, is fine
    run(store, PlanWorkshop("Am Starttag", ["Stadt Herne"], programme=DATA_HUB), date(2018, 3, 1))
    run(store, DraftChallenge(challenge_details(title="Ohne Programm: früh")), date(2018, 2, 1))


def test_an_application_not_before_the_publication_nor_the_registration_nor_after_the_deadline(
    herne: Herne,
) -> None:
    store = herne.store
    refuses(
        store,
        lambda: run(store, ApplyToChallenge(SMART_WASTE_HUNTER, "einsatzlotse", "pitch"), date(2019, 2, 20)),
        RuleViolation,
        r"occurred_on: 2019-02-20 is before .*Smart Waste Hunter.* was published \(2019-03-01\)",
    )
    refuses(
        store,
        lambda: run(store, ApplyToChallenge(SMART_WASTE_HUNTER, "einsatzlotse", "pitch"), date(2019, 5, 1)),
        RuleViolation,
        r"the deadline of .* was 2019-04-30; an application on 2019-05-01 is too late",
    )
    herne.startup_registered("Spätstarter", date(2019, 4, 10))
    refuses(
        store,
        lambda: run(store, ApplyToChallenge(SMART_WASTE_HUNTER, "spaetstarter", "pitch"), date(2019, 4, 1)),
        RuleViolation,
        r"occurred_on: 2019-04-01 is before 'Spätstarter' registered \(2019-04-10\)",
    )
    assert run(store, ApplyToChallenge(SMART_WASTE_HUNTER, "einsatzlotse", "pitch"), date(2019, 3, 1))


def test_a_shortlist_not_before_its_challenge_and_a_decision_not_before_its_shortlist(herne: Herne) -> None:
    store = herne.store
    refuses(
        store,
        lambda: shortlisted(herne, date(2019, 1, 15)),
        RuleViolation,
        r"occurred_on: 2019-01-15 is before .*Smart Waste Hunter.* was drafted \(2019-02-01\)",
    )
    shortlisted(herne)
    refuses(
        store,
        lambda: run(store, AcceptCandidate(FIRST_SHORTLIST, "einsatzlotse"), date(2019, 4, 4)),
        RuleViolation,
        r"occurred_on: 2019-04-04 is before the last recorded event of this shortlist \(2019-04-05\)",
    )


def test_an_award_not_before_the_close_and_implementation_not_before_the_award(herne: Herne) -> None:
    store = herne.store
    herne.applied("einsatzlotse")
    herne.closed(day=date(2019, 5, 2))
    refuses(
        store,
        lambda: run(store, AwardChallenge(SMART_WASTE_HUNTER, ["einsatzlotse"]), date(2019, 5, 1)),
        RuleViolation,
        r"occurred_on: 2019-05-01 is before the last recorded event of this challenge \(2019-05-02\)",
    )
    herne.awarded("einsatzlotse", day=date(2019, 7, 1))
    refuses(
        store,
        lambda: run(store, StartImplementation(SMART_WASTE_HUNTER, date(2021, 6, 30)), date(2019, 6, 1)),
        RuleViolation,
        r"occurred_on: 2019-06-01 is before the last recorded event of this challenge \(2019-07-01\)",
    )


def test_a_workshop_is_not_held_before_it_was_planned(store: Store) -> None:
    Herne(store).programme_launched()
    workshop = run(store, PlanWorkshop("Datenschätze", ["Stadt Herne"], programme=DATA_HUB), date(2018, 5, 1))
    refuses(
        store,
        lambda: run(store, HoldWorkshop(workshop.ref, ["Stadt"], "outcomes"), date(2018, 4, 1)),  # type: ignore[attr-defined]
        RuleViolation,
        r"occurred_on: 2018-04-01 is before the last recorded event of this workshop \(2018-05-01\)",
    )


def test_a_startup_acts_today_and_only_managers_record_the_past(store: Store) -> None:
    """A startup's key cannot date its application 2000-01-01 (or any other day than today);
    a manager records the same application of 2019 within the bounds."""
    Herne(store).small_programme()  # Smart Waste Hunter open until 2099
    for command in (
        ApplyToChallenge(SMART_WASTE_HUNTER, "einsatzlotse", "pitch"),
        ReviseStartup("einsatzlotse", {"team_size": 9}),
    ):
        refuses(
            store,
            lambda command=command: run(store, command, date(2019, 4, 1), EINSATZLOTSE),  # type: ignore[misc]
            InvalidValue,
            r"occurred_on: 2019-04-01 is not today .*only programme managers record the past",
        )
    applied = run(store, ApplyToChallenge(SMART_WASTE_HUNTER, "einsatzlotse", "pitch"), TODAY, EINSATZLOTSE)
    assert applied.first_occurred_on == TODAY  # type: ignore[attr-defined]
    refuses(
        store,
        lambda: run(
            store,
            WithdrawApplication(f"{SMART_WASTE_HUNTER}/einsatzlotse", "x"),
            TODAY - timedelta(days=3),
            EINSATZLOTSE,
        ),
        InvalidValue,
        "only programme managers record the past",
    )
    assert run(store, ApplyToChallenge(SMART_WASTE_HUNTER, "kerbside-ops", "pitch"), date(2019, 4, 1))


# Corrections -------------------------------------------------------------------------------------


def test_a_close_before_the_deadline_is_an_early_close_and_a_close_can_be_undone(herne: Herne) -> None:
    store = herne.store
    early = run(store, CloseChallenge(SMART_WASTE_HUNTER, "genug Bewerbungen"), date(2019, 4, 1))
    assert early.status is ChallengeStatus.CLOSED_EARLY  # type: ignore[attr-defined]
    event = store.history(early.id)[-1]  # type: ignore[attr-defined]
    assert isinstance(event, Challenge.ClosedEarly) and event.deadline == date(2019, 4, 30)
    refuses(
        store,
        lambda: run(store, ReopenChallenge(SMART_WASTE_HUNTER, " "), date(2019, 4, 2)),
        InvalidValue,
        "reason",
    )
    reopened = run(store, ReopenChallenge(SMART_WASTE_HUNTER, "zu früh geschlossen"), date(2019, 4, 2))
    assert reopened.status is ChallengeStatus.PUBLISHED  # type: ignore[attr-defined]
    refuses(
        store,
        lambda: run(store, ReopenChallenge(SMART_WASTE_HUNTER, "again"), date(2019, 4, 3)),
        RuleViolation,
        "only a closed challenge can be reopened",
    )
    closed = run(store, CloseChallenge(SMART_WASTE_HUNTER), date(2019, 5, 2))
    assert closed.status is ChallengeStatus.CLOSED  # type: ignore[attr-defined]
    assert [type(e).__name__ for e in store.history(closed.id)][-3:] == ["ClosedEarly", "Reopened", "Closed"]  # type: ignore[attr-defined]


def test_an_award_can_be_revoked_and_counts_until_its_revocation(herne: Herne) -> None:
    store = herne.store
    herne.applied("einsatzlotse")
    herne.applied("kerbside-ops")
    herne.closed()
    herne.awarded("einsatzlotse", day=date(2019, 7, 1))
    refuses(
        store,
        lambda: run(store, RevokeAward(SMART_WASTE_HUNTER, "Versehen"), date(2019, 6, 30)),
        RuleViolation,
        r"2019-06-30 is before the last recorded event of this challenge \(2019-07-01\)",
    )
    revoked = run(store, RevokeAward(SMART_WASTE_HUNTER, "falscher Zuschlag"), date(2019, 7, 15))
    assert revoked.status is ChallengeStatus.CLOSED and revoked.awarded_to == []  # type: ignore[attr-defined]
    event = store.history(revoked.id)[-1]  # type: ignore[attr-defined]
    assert isinstance(event, Challenge.AwardRevoked)
    assert (
        event.startup_ids == [store.find(Startup, "einsatzlotse").id] and event.reason == "falscher Zuschlag"
    )
    as_awarded = store.as_of(revoked.id, date(2019, 7, 10))  # type: ignore[attr-defined]
    assert as_awarded is not None and as_awarded.status is ChallengeStatus.AWARDED  # type: ignore[attr-defined]
    again = run(store, AwardChallenge(SMART_WASTE_HUNTER, ["kerbside-ops"]), date(2019, 7, 20))
    assert again.awarded_to == [store.find(Startup, "kerbside-ops").id]  # type: ignore[attr-defined]
    refuses(
        store,
        lambda: run(store, RevokeAward(SMART_WASTE_HUNTER, "x"), date(2019, 6, 1)),
        RuleViolation,
        "before the last recorded event",
    )
    herne.implementation_started(day=date(2019, 9, 1))
    # an award under implementation may still be revoked; a completed one may not
    run(store, RevokeAward(SMART_WASTE_HUNTER, "Umsetzung gescheitert"), date(2019, 10, 1))
    refuses(
        store,
        lambda: run(store, RevokeAward(SMART_WASTE_HUNTER, "again"), date(2019, 10, 2)),
        RuleViolation,
        "only an award not yet implemented can be revoked",
    )


def test_a_decision_can_be_changed_with_a_reason_or_withdrawn(herne: Herne) -> None:
    store = herne.store
    shortlisted(herne)
    einsatzlotse = store.find(Startup, "einsatzlotse").id
    run(store, RejectCandidate(FIRST_SHORTLIST, "einsatzlotse", "zu klein"), date(2019, 4, 6))
    refuses(
        store,
        lambda: run(store, AcceptCandidate(FIRST_SHORTLIST, "einsatzlotse"), date(2019, 4, 7)),
        InvalidValue,
        r"reason: say why the decision changes \(it was rejected\)",
    )
    changed = run(store, AcceptCandidate(FIRST_SHORTLIST, "einsatzlotse", "Team gewachsen"), date(2019, 4, 7))
    assert changed.decisions[einsatzlotse].verdict is Verdict.ACCEPTED  # type: ignore[attr-defined]
    event = store.history(changed.id)[-1]  # type: ignore[attr-defined]
    assert isinstance(event, Shortlist.CandidateAccepted) and event.replaces == "rejected on 2019-04-06"
    refuses(
        store,
        lambda: run(store, WithdrawDecision(FIRST_SHORTLIST, "kerbside-ops", "Versehen"), date(2019, 4, 8)),
        RuleViolation,
        "no decision on startup .* stands",
    )
    withdrawn = run(store, WithdrawDecision(FIRST_SHORTLIST, "einsatzlotse", "Versehen"), date(2019, 4, 8))
    assert einsatzlotse not in withdrawn.decisions  # type: ignore[attr-defined]
    event = store.history(withdrawn.id)[-1]  # type: ignore[attr-defined]
    assert isinstance(event, Shortlist.DecisionWithdrawn) and event.withdrawn == "accepted on 2019-04-07"


def test_an_award_dated_today_by_mistake_gets_its_date_back(herne: Herne) -> None:
    """The dead end of the issue: an award recorded without a date for a challenge closed in 2019
    was dated today; the correction names it, the award then counts from 2019-07-01, and the
    implementation of 2019 can be recorded after it."""
    store = herne.store
    herne.applied("einsatzlotse")
    herne.closed(day=date(2019, 5, 2))
    awarded = run(store, AwardChallenge(SMART_WASTE_HUNTER, ["einsatzlotse"]), TODAY)
    refuses(
        store,
        lambda: run(store, StartImplementation(SMART_WASTE_HUNTER, date(2021, 6, 30)), date(2019, 9, 1)),
        RuleViolation,
        "before the last recorded event",
    )
    version = awarded.version  # type: ignore[attr-defined]
    challenge_id = awarded.id  # type: ignore[attr-defined]
    for now, error, match in (
        (
            date(2019, 5, 1),
            RuleViolation,
            r"now: 2019-05-01 is before the event before it \(event \d+\) \(2019-05-02\)",
        ),
        (date(1980, 1, 1), InvalidValue, "now: 1980-01-01 is before 1990-01-01"),
        (TODAY, RuleViolation, f"already dated {TODAY.isoformat()}"),
    ):
        refuses(
            store,
            lambda now=now: run(
                store, CorrectDate("challenge", SMART_WASTE_HUNTER, version, now, "ohne Datum erfasst"), TODAY
            ),  # type: ignore[misc]
            error,
            match,
        )
    for event, match in ((1, "the first event of a challenge keeps its date"), (99, "has no event 99")):
        refuses(
            store,
            lambda event=event: run(
                store, CorrectDate("challenge", SMART_WASTE_HUNTER, event, date(2019, 7, 1), "x"), TODAY
            ),  # type: ignore[misc]
            DomainError,
            match,
        )
    refuses(
        store,
        lambda: run(
            store, CorrectDate("challenge", SMART_WASTE_HUNTER, version, date(2019, 7, 1), ""), TODAY
        ),
        InvalidValue,
        "reason",
    )
    refuses(
        store,
        lambda: run(store, CorrectDate("startup", "einsatzlotse", 1, date(2019, 7, 1), "x"), TODAY),
        RuleViolation,
        "the dates of a startup are not corrected here",
    )
    refuses(
        store,
        lambda: run(
            store,
            CorrectDate("application", f"{SMART_WASTE_HUNTER}/einsatzlotse", 1, date(2019, 4, 2), "x"),
            TODAY,
            EINSATZLOTSE,
        ),
        AccessDenied,
        "dates are corrected by programme managers",
    )
    corrected = run(
        store,
        CorrectDate("challenge", SMART_WASTE_HUNTER, version, date(2019, 7, 1), "ohne Datum erfasst"),
        TODAY,
    )
    assert corrected.awarded_on == date(2019, 7, 1) and corrected.last_occurred_on == date(2019, 7, 1)  # type: ignore[attr-defined]
    correction = store.history(challenge_id)[-1]
    assert isinstance(correction, Challenge.DateCorrected)
    assert (correction.corrects, correction.event, correction.was, correction.now) == (
        version,
        Challenge.Awarded.TOPIC,
        TODAY,
        date(2019, 7, 1),
    )
    assert store.as_of(challenge_id, date(2019, 6, 30)).status is ChallengeStatus.CLOSED  # type: ignore[union-attr]
    then = store.as_of(challenge_id, date(2019, 7, 31))
    assert then is not None and then.status is ChallengeStatus.AWARDED and then.awarded_on == date(2019, 7, 1)  # type: ignore[attr-defined]
    herne.implementation_started(day=date(2019, 9, 1))  # now within the bounds
    refuses(
        store,
        lambda: run(
            store, CorrectDate("challenge", SMART_WASTE_HUNTER, version, date(2019, 9, 2), "x"), TODAY
        ),
        RuleViolation,
        r"now: 2019-09-02 is after the event that follows it",
    )


def test_other_items_get_their_dates_corrected_too(herne: Herne) -> None:
    """A withdrawal of an application, a decision, and a close that was early (moving it to the
    deadline's side would change what it was: refused)."""
    store = herne.store
    herne.applied("einsatzlotse")
    application = run(
        store, WithdrawApplication(f"{SMART_WASTE_HUNTER}/einsatzlotse", "keine Zeit"), date(2019, 4, 20)
    )
    fixed = run(
        store,
        CorrectDate(
            "application", f"{SMART_WASTE_HUNTER}/einsatzlotse", 2, date(2019, 4, 10), "Eingang 10.4."
        ),
        TODAY,
    )
    assert isinstance(fixed, Application) and fixed.withdrawn_on == date(2019, 4, 10)
    assert application.id == fixed.id  # type: ignore[attr-defined]
    shortlisted(herne)
    run(store, AcceptCandidate(FIRST_SHORTLIST, "kerbside-ops"), date(2019, 4, 9))
    decided = run(store, CorrectDate("shortlist", FIRST_SHORTLIST, 2, date(2019, 4, 6), "Tippfehler"), TODAY)
    assert decided.decisions[store.find(Startup, "kerbside-ops").id].on == date(2019, 4, 6)  # type: ignore[attr-defined]
    closed = run(store, CloseChallenge(SMART_WASTE_HUNTER), date(2019, 4, 25))
    refuses(
        store,
        lambda: run(
            store, CorrectDate("challenge", SMART_WASTE_HUNTER, closed.version, date(2019, 5, 3), "x"), TODAY
        ),  # type: ignore[attr-defined]
        RuleViolation,
        r"now: 2019-05-03 is not before the deadline \(2019-04-30\)",
    )


def test_the_history_and_the_export_show_both_dates(herne: Herne) -> None:
    """An auditor sees the corrected event with the date it got, the correction itself, and which
    events were recorded more than a day after they happened."""
    from services.application.audit.export import export
    from services.application.queries.history import history

    store = herne.store
    herne.applied("einsatzlotse")
    herne.closed(day=date(2019, 5, 2))
    awarded = run(store, AwardChallenge(SMART_WASTE_HUNTER, ["einsatzlotse"]), TODAY)
    version = awarded.version  # type: ignore[attr-defined]
    run(store, CorrectDate("challenge", SMART_WASTE_HUNTER, version, date(2019, 7, 1), "spät erfasst"), TODAY)
    entries = history(MANAGER, store, SMART_WASTE_HUNTER, kind="challenge")
    award, correction = entries[version - 1], entries[version]
    assert (award.event, award.occurred_on, award.corrected_on, award.recorded_later) == (
        "Awarded",
        TODAY,
        date(2019, 7, 1),
        False,
    )
    assert correction.event == "DateCorrected" and correction.changes["now"] == "2019-07-01"
    assert entries[0].recorded_later and entries[0].corrected_on is None  # drafted 2019, recorded today
    assert [
        e.version for e in history(MANAGER, store, SMART_WASTE_HUNTER, date(2019, 7, 1), kind="challenge")
    ][-1] == version  # as of the corrected date the award is there
    records = list(export(store, f"challenge/{SMART_WASTE_HUNTER}"))
    assert records[0]["recorded_later"] and not records[version - 1]["recorded_later"]
