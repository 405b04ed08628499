"""Rules of a challenge's life, each with the error a manager sees and no event triggered."""

from __future__ import annotations

from datetime import date

import pytest

from domain import Challenge, ChallengeStatus, InvalidValue, RuleViolation
from tests.builders import closed, draft, published, refused, startup
from tests.conftest import MANAGER, on
from tests.herne import challenge_details


def test_a_draft_names_the_bad_field() -> None:
    with pytest.raises(InvalidValue, match="sector: 'garbage' is not one of"):
        draft(sector="garbage")
    with pytest.raises(InvalidValue, match="title: must not be empty"):
        draft(title="  ")
    with pytest.raises(InvalidValue, match="region_preference"):
        draft(region_preference="Mars")
    with pytest.raises(InvalidValue, match="budget_eur: -5 is outside"):
        draft(budget_eur=-5)


def test_a_challenge_names_several_sectors_main_first() -> None:
    challenge = draft(sector=None, sectors=["waste", "logistics", "data"])
    stored = challenge.pending_events[0].details
    assert (stored["sectors"], stored["sector"]) == (["waste", "logistics", "data"], "waste")
    assert challenge.details["sectors"] == ["waste", "logistics", "data"]


def test_a_challenge_may_name_no_sector_and_is_published_without_one() -> None:
    for none in ({"sector": None}, {"sector": ""}, {"sectors": []}):
        challenge = draft(**none)
        assert (challenge.details["sectors"], challenge.details["sector"]) == ([], None)
    challenge.publish(date(2019, 4, 30), by=MANAGER, when=on(2019, 3, 1))
    assert challenge.status is ChallengeStatus.PUBLISHED


def test_the_old_single_sector_is_still_accepted_and_stored_both_ways() -> None:
    stored = draft(sector="energy").pending_events[0].details
    assert (stored["sectors"], stored["sector"]) == (["energy"], "energy")


@pytest.mark.parametrize(
    ("sectors", "reason"),
    [
        (["waste", "garbage"], "sectors: 'garbage' is not one of: waste, energy"),
        (["waste", "energy", "waste"], "sectors: 'waste' is named twice"),
        (["waste", "energy", "water", "data", "health"], "sectors: names 5 sectors, at most 4 allowed"),
        ("waste", "sectors: 'waste' is not a list of sectors"),
        (["waste", 7], "sectors: 7 is not a sector"),
    ],
)
def test_bad_sectors_name_the_field_and_the_reason(sectors: object, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        draft(sectors=sectors)
    challenge = draft()
    refused(
        challenge,
        lambda: challenge.revise({"sectors": sectors}, by=MANAGER, when=on(2019, 2, 2)),
        InvalidValue,
        reason,
    )


def test_revised_sectors_win_and_a_single_sector_replaces_the_list() -> None:
    challenge = draft(sectors=["waste", "logistics"])
    assert challenge.revise({"sectors": ["logistics", "waste"]}, by=MANAGER, when=on(2019, 2, 2))
    assert challenge.pending_events[-1].changes == {"sectors": ["logistics", "waste"], "sector": "logistics"}
    assert challenge.revise({"sectors": ["logistics", "waste", "data"]}, by=MANAGER, when=on(2019, 2, 3))
    assert challenge.pending_events[-1].changes == {"sectors": ["logistics", "waste", "data"]}
    assert challenge.revise({"sector": "energy"}, by=MANAGER, when=on(2019, 2, 4))
    assert (challenge.details["sectors"], challenge.details["sector"]) == (["energy"], "energy")
    assert challenge.revise({"sector": "water", "sectors": ["data"]}, by=MANAGER, when=on(2019, 2, 5))
    assert (challenge.details["sectors"], challenge.details["sector"]) == (["data"], "data")
    assert challenge.revise({"sectors": []}, by=MANAGER, when=on(2019, 2, 6))
    assert (challenge.details["sectors"], challenge.details["sector"]) == ([], None)
    assert not challenge.revise({"sector": None}, by=MANAGER, when=on(2019, 2, 7))
    assert not challenge.revise({"sectors": [" "]}, by=MANAGER, when=on(2019, 2, 7))


def test_a_challenge_drafted_before_sectors_replays_and_revises() -> None:
    """Events recorded before challenges could name several hold `sector` only, in the draft and
    in a revision: replayed, the challenge has its sectors, and the same sector given again (alone
    or as a list) records nothing."""
    old = challenge_details(sector="waste")
    recorded = Challenge._start(
        Challenge.Drafted, MANAGER, on(2019, 2, 1), ref="smart-waste-hunter", programme_id=None, details=old
    )
    recorded._record(Challenge.Revised, MANAGER, on(2019, 2, 2), changes={"sector": "energy"})
    assert "sectors" not in recorded.pending_events[0].details
    challenge = None
    for event in recorded.collect_events():
        challenge = event.mutate(challenge)
    assert isinstance(challenge, Challenge)
    assert (challenge.details["sectors"], challenge.details["sector"]) == (["energy"], "energy")
    assert not challenge.revise({"sector": "energy"}, by=MANAGER, when=on(2019, 2, 3))
    assert not challenge.revise({"sectors": ["energy"]}, by=MANAGER, when=on(2019, 2, 3))
    challenge.details = old  # as a snapshot taken before `sectors` holds them
    assert not challenge.revise({"sector": "waste"}, by=MANAGER, when=on(2019, 2, 3))
    assert challenge.revise({"sectors": ["waste", "energy"]}, by=MANAGER, when=on(2019, 2, 3))
    assert challenge.pending_events[-1].changes == {"sectors": ["waste", "energy"]}
    assert challenge.details["sector"] == "waste"


def test_no_publishing_without_a_description() -> None:
    challenge = draft(description="")
    refused(
        challenge,
        lambda: challenge.publish(date(2019, 4, 30), by=MANAGER, when=on(2019, 3, 1)),
        RuleViolation,
        "description: a challenge cannot be published without a description",
    )


def test_the_deadline_must_follow_publication() -> None:
    challenge = draft()
    refused(
        challenge,
        lambda: challenge.publish(date(2019, 3, 1), by=MANAGER, when=on(2019, 3, 1)),
        RuleViolation,
        "deadline",
    )


def test_publishing_twice_is_refused() -> None:
    challenge = published()
    refused(
        challenge,
        lambda: challenge.publish(date(2019, 6, 1), by=MANAGER, when=on(2019, 3, 2)),
        RuleViolation,
        "only a draft can be published",
    )


def test_a_revision_records_only_what_differs() -> None:
    challenge = draft()
    assert challenge.revise({"budget_eur": 90000, "title": challenge.title}, by=MANAGER, when=on(2019, 2, 2))
    assert challenge.pending_events[-1].changes == {"budget_eur": 90000}
    assert not challenge.revise({"budget_eur": 90000}, by=MANAGER, when=on(2019, 2, 3))
    assert challenge.details["budget_eur"] == 90000


def test_business_time_never_runs_backwards() -> None:
    challenge = draft()
    refused(
        challenge,
        lambda: challenge.revise({"budget_eur": 1}, by=MANAGER, when=on(2019, 1, 31)),
        RuleViolation,
        "occurred_on: 2019-01-31 is before the last recorded event",
    )


def test_only_a_published_challenge_closes() -> None:
    challenge = draft()
    refused(
        challenge,
        lambda: challenge.close(by=MANAGER, when=on(2019, 5, 2)),
        RuleViolation,
        "only a published challenge can be closed",
    )


def test_a_close_is_undone_by_reopening_with_a_reason_and_stays_in_the_history() -> None:
    challenge = closed()
    refused(challenge, lambda: challenge.reopen("", by=MANAGER, when=on(2019, 5, 3)), InvalidValue, "reason")
    challenge.reopen("closed by mistake", by=MANAGER, when=on(2019, 5, 3))
    assert challenge.status is ChallengeStatus.PUBLISHED
    events = challenge.pending_events
    assert [type(e).TOPIC for e in events[-2:]] == [
        "matchmaker:Challenge.Closed@1",
        "matchmaker:Challenge.Reopened@1",
    ]
    assert events[-1].reason == "closed by mistake"
    challenge.close("deadline passed", by=MANAGER, when=on(2019, 5, 4))  # and may be closed again
    assert challenge.status is ChallengeStatus.CLOSED


def test_only_a_closed_challenge_not_yet_awarded_reopens() -> None:
    challenge = published()
    refused(
        challenge,
        lambda: challenge.reopen("why not", by=MANAGER, when=on(2019, 5, 3)),
        RuleViolation,
        "only a closed challenge can be reopened; this one is published",
    )
    winner = startup("Winner")
    challenge = closed()
    challenge.award({winner.id: "applied"}, [winner.id], by=MANAGER, when=on(2019, 5, 3))
    refused(
        challenge,
        lambda: challenge.reopen("why not", by=MANAGER, when=on(2019, 5, 4)),
        RuleViolation,
        "was awarded on 2019-05-03",
    )


def test_award_needs_a_closed_challenge_and_eligible_startups() -> None:
    winner, stranger = startup("Winner"), startup("Stranger")
    challenge = published()
    refused(
        challenge,
        lambda: challenge.award({winner.id: "applied"}, [winner.id], by=MANAGER, when=on(2019, 5, 3)),
        RuleViolation,
        "close the challenge before the award",
    )
    challenge = closed()
    refused(
        challenge,
        lambda: challenge.award({winner.id: "applied"}, [stranger.id], by=MANAGER, when=on(2019, 5, 3)),
        RuleViolation,
        "neither applied to nor was shortlisted",
    )
    refused(
        challenge,
        lambda: challenge.award({}, [], by=MANAGER, when=on(2019, 5, 3)),
        InvalidValue,
        "name at least one startup",
    )
    challenge.award({winner.id: "applied"}, [winner.id], by=MANAGER, when=on(2019, 5, 3))
    assert challenge.status is ChallengeStatus.AWARDED
    assert challenge.awarded_to == [winner.id]


def test_nothing_but_implementation_after_the_award() -> None:
    winner = startup("Winner")
    challenge = closed()
    challenge.award({winner.id: "applied"}, [winner.id], by=MANAGER, when=on(2019, 7, 1))
    later = on(2019, 8, 1)
    for action in (
        lambda: challenge.revise({"budget_eur": 1}, by=MANAGER, when=later),
        lambda: challenge.close(by=MANAGER, when=later),
        lambda: challenge.withdraw("changed our mind", by=MANAGER, when=later),
        lambda: challenge.award({winner.id: "applied"}, [winner.id], by=MANAGER, when=later),
        lambda: challenge.check_can_be_shortlisted(),
    ):
        refused(challenge, action, RuleViolation, "only its implementation can be recorded now")
    refused(
        challenge,
        lambda: challenge.complete_implementation(by=MANAGER, when=later),
        RuleViolation,
        "only an implementation under way",
    )
    refused(
        challenge,
        lambda: challenge.start_implementation(date(2019, 7, 1), by=MANAGER, when=later),
        RuleViolation,
        "expected_end",
    )
    challenge.start_implementation(date(2021, 6, 30), by=MANAGER, when=later)
    challenge.complete_implementation("delivered", by=MANAGER, when=on(2021, 6, 30))
    assert challenge.status is ChallengeStatus.COMPLETED


def test_withdrawal_needs_a_reason_and_happens_once() -> None:
    challenge = published()
    refused(
        challenge,
        lambda: challenge.withdraw(" ", by=MANAGER, when=on(2019, 3, 2)),
        InvalidValue,
        "reason: must not be empty",
    )
    challenge.withdraw("no budget", by=MANAGER, when=on(2019, 3, 2))
    refused(
        challenge,
        lambda: challenge.withdraw("again", by=MANAGER, when=on(2019, 3, 3)),
        RuleViolation,
        "already withdrawn",
    )
    refused(
        challenge,
        lambda: challenge.revise({"budget_eur": 1}, by=MANAGER, when=on(2019, 3, 3)),
        RuleViolation,
        "can no longer be revised",
    )


def test_events_carry_actor_role_and_both_times() -> None:
    challenge = draft()
    event = challenge.pending_events[0]
    assert (event.actor, event.role, event.occurred_on, event.date_assumed) == (
        "Petra Programm",
        "manager",
        date(2019, 2, 1),
        False,
    )
    assert event.timestamp.date() >= date(2026, 1, 1)  # recorded now, not in 2019
