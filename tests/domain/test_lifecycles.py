"""Lifecycles are defined once, in the domain: the status enums, and on each event the status it
leads to (`LEADS_TO`) or the verdict it records (`VERDICT`). The aggregates apply these, and the
read models take them from here."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain import (
    UPCOMING,
    Challenge,
    ChallengeStatus,
    Shortlist,
    Verdict,
    Workshop,
    WorkshopStatus,
    event_classes,
    leads_to,
)
from tests.builders import closed, draft, shortlist, startup, workshop
from tests.conftest import MANAGER, on


def test_the_stored_values_of_the_statuses_never_change() -> None:
    """Read models store these values and pages and the API show them: renaming a member is fine,
    changing a value is not."""
    assert [s.value for s in ChallengeStatus] == [
        "draft",
        "published",
        "closed",
        "awarded",
        "implementing",
        "completed",
        "withdrawn",
        "closed early",
    ]
    assert [s.value for s in WorkshopStatus] == ["planned", "scheduled", "postponed", "held", "cancelled"]
    assert [v.value for v in Verdict] == ["accepted", "rejected"]
    assert {WorkshopStatus.PLANNED, WorkshopStatus.SCHEDULED, WorkshopStatus.POSTPONED} == UPCOMING


CORRECTIONS = {
    "matchmaker:Challenge.Reopened@1": ChallengeStatus.PUBLISHED,
    "matchmaker:Challenge.AwardRevoked@1": ChallengeStatus.CLOSED,
}


@pytest.mark.parametrize(
    ("aggregate", "statuses"), [(Challenge, ChallengeStatus), (Workshop, WorkshopStatus)]
)
def test_every_status_is_reached_by_an_event(aggregate: Any, statuses: Any) -> None:
    """Each status by one event of its own; a correction (a close undone) leads back to one."""
    reached = [s for topic, s in leads_to(aggregate).items() if topic not in CORRECTIONS]
    assert sorted(reached) == sorted(statuses)
    assert all(isinstance(s, statuses) for s in reached)
    # the first event leads to the status a new aggregate is in
    assert aggregate.Created.LEADS_TO is next(iter(statuses))


def test_the_topics_the_lifecycles_are_keyed_on() -> None:
    """Read models fold on these topics: they are stored, so they are part of the history's format."""
    assert leads_to(Challenge) == {
        "matchmaker:Challenge.Drafted@1": ChallengeStatus.DRAFT,
        "matchmaker:Challenge.Published@1": ChallengeStatus.PUBLISHED,
        "matchmaker:Challenge.Closed@1": ChallengeStatus.CLOSED,
        "matchmaker:Challenge.ClosedEarly@1": ChallengeStatus.CLOSED_EARLY,
        "matchmaker:Challenge.Reopened@1": ChallengeStatus.PUBLISHED,
        "matchmaker:Challenge.Awarded@1": ChallengeStatus.AWARDED,
        "matchmaker:Challenge.AwardRevoked@1": ChallengeStatus.CLOSED,
        "matchmaker:Challenge.ImplementationStarted@1": ChallengeStatus.IMPLEMENTING,
        "matchmaker:Challenge.ImplementationCompleted@1": ChallengeStatus.COMPLETED,
        "matchmaker:Challenge.Withdrawn@1": ChallengeStatus.WITHDRAWN,
    }
    assert leads_to(Workshop) == {
        "matchmaker:Workshop.Planned@1": WorkshopStatus.PLANNED,
        "matchmaker:Workshop.Scheduled@1": WorkshopStatus.SCHEDULED,
        "matchmaker:Workshop.Postponed@1": WorkshopStatus.POSTPONED,
        "matchmaker:Workshop.Held@1": WorkshopStatus.HELD,
        "matchmaker:Workshop.Cancelled@1": WorkshopStatus.CANCELLED,
    }
    assert {c.TOPIC: c.VERDICT for c in event_classes(Shortlist) if hasattr(c, "VERDICT")} == {
        "matchmaker:Shortlist.CandidateAccepted@1": Verdict.ACCEPTED,
        "matchmaker:Shortlist.CandidateRejected@1": Verdict.REJECTED,
    }


def test_the_status_fields_are_class_constants_not_event_fields() -> None:
    """`LEADS_TO` and `VERDICT` belong to the class: stored events do not carry them."""
    challenge = closed()
    event = challenge.collect_events()[-1]
    assert "LEADS_TO" not in vars(event) and type(event).LEADS_TO is ChallengeStatus.CLOSED


def _after_each_event(aggregate: Any) -> None:
    """The aggregate's status is what the last event of it declares it leads to."""
    last = aggregate.pending_events[-1]
    if type(last).LEADS_TO is not None:
        assert aggregate.status is type(last).LEADS_TO


def test_a_challenge_is_in_the_status_its_last_event_leads_to() -> None:
    winner = startup("Winner")
    challenge = draft()
    _after_each_event(challenge)
    challenge.revise({"budget_eur": 90000}, by=MANAGER, when=on(2019, 2, 2))
    assert challenge.status is ChallengeStatus.DRAFT  # a revision leaves it as it was
    challenge.publish(date(2019, 4, 30), by=MANAGER, when=on(2019, 3, 1))
    _after_each_event(challenge)
    challenge.close("deadline passed", by=MANAGER, when=on(2019, 5, 2))
    _after_each_event(challenge)
    challenge.award({winner.id: "applied"}, [winner.id], by=MANAGER, when=on(2019, 5, 3))
    _after_each_event(challenge)
    challenge.start_implementation(date(2021, 6, 30), by=MANAGER, when=on(2019, 6, 1))
    _after_each_event(challenge)
    challenge.complete_implementation("delivered", by=MANAGER, when=on(2021, 6, 30))
    _after_each_event(challenge)
    assert challenge.status is ChallengeStatus.COMPLETED
    withdrawn = draft()
    withdrawn.withdraw("no budget", by=MANAGER, when=on(2019, 2, 2))
    _after_each_event(withdrawn)
    assert withdrawn.status is ChallengeStatus.WITHDRAWN


def test_a_workshop_is_in_the_status_its_last_event_leads_to() -> None:
    w = workshop()
    _after_each_event(w)
    assert w.status in UPCOMING
    w.schedule(date(2020, 3, 20), "Rathaus", by=MANAGER, when=on(2020, 2, 1))
    _after_each_event(w)
    w.postpone("Corona", by=MANAGER, when=on(2020, 3, 16))
    _after_each_event(w)
    assert w.status in UPCOMING
    w.schedule(date(2021, 9, 1), "Rathaus", by=MANAGER, when=on(2021, 6, 1))
    w.hold(["Stadt Herne"], "ideas", by=MANAGER, when=on(2021, 9, 1))
    _after_each_event(w)
    assert w.status not in UPCOMING
    cancelled = workshop()
    cancelled.cancel("no interest", by=MANAGER, when=on(2020, 2, 1))
    _after_each_event(cancelled)
    assert cancelled.status is WorkshopStatus.CANCELLED


def test_a_decision_records_the_verdict_its_event_declares() -> None:
    challenge = closed()
    chosen, other = startup("Chosen"), startup("Other")
    s = shortlist(challenge, chosen, other)
    s.accept(chosen.id, "fits", by=MANAGER, when=on(2019, 5, 4))
    s.reject(other.id, "too far", by=MANAGER, when=on(2019, 5, 4))
    assert s.decisions[chosen.id].verdict is Shortlist.CandidateAccepted.VERDICT is Verdict.ACCEPTED
    assert s.decisions[other.id].verdict is Shortlist.CandidateRejected.VERDICT is Verdict.REJECTED
    assert s.accept(chosen.id, "fits", by=MANAGER, when=on(2019, 5, 5)) is False  # the same again
    assert s.reject(chosen.id, "changed our mind", by=MANAGER, when=on(2019, 5, 5)) is True
    assert s.not_rejected() == set()
