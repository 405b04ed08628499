"""Rules of startups, applications and shortlists."""

from __future__ import annotations

from datetime import date

import pytest

from domain import InvalidValue, RuleViolation, Verdict
from domain.application import Application
from domain.shortlist import Candidate, Shortlist
from tests.builders import application, draft, profile, published, refused, shortlist, startup
from tests.conftest import MANAGER, STARTUP, on


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "name: must not be empty"),
        ("description", None, "description: must not be empty"),
        ("contact_email", "not-an-address", "contact_email: 'not-an-address' is not an e-mail address"),
        ("stage", "unicorn", "stage: 'unicorn' is not one of"),
        ("sectors", ["waste", "space"], "sectors: 'space' is not one of"),
        ("founded", 2999, "founded: 2999 is outside"),
        ("team_size", 0, "team_size: 0 is outside"),
        ("languages", ["english"], "languages: 'english' is not a two-letter language code"),
        ("capabilities", "routing", "capabilities: must be a list"),
    ],
)
def test_a_bad_profile_names_field_and_reason(field: str, value: object, message: str) -> None:
    from domain import Startup

    with pytest.raises(InvalidValue, match=message):
        Startup.register(ref="x", profile=profile(**{field: value}), by=MANAGER, when=on(2019, 1, 1))


def test_a_profile_revision_records_only_changes_and_a_withdrawn_startup_changes_no_more() -> None:
    s = startup()
    assert s.revise({"team_size": 15, "city": "Amsterdam"}, by=MANAGER, when=on(2019, 2, 1))
    assert s.pending_events[-1].changes == {"team_size": 15}
    assert not s.revise({"team_size": 15}, by=MANAGER, when=on(2019, 2, 2))
    s.withdraw("merged with a competitor", by=MANAGER, when=on(2019, 3, 1))
    refused(
        s, lambda: s.revise({"team_size": 3}, by=MANAGER, when=on(2019, 3, 2)), RuleViolation, "withdrew on"
    )


def test_erasing_contact_data_names_the_fields_never_the_values() -> None:
    s = startup()
    s.withdraw("left the programme", by=MANAGER, when=on(2019, 3, 1))
    assert s.erase_personal_data("Löschersuchen", by=MANAGER, when=on(2019, 4, 1))  # after withdrawal too
    erased = s.pending_events[-1]
    assert erased.fields == ["contact_name", "contact_email"] and erased.reason == "Löschersuchen"
    assert "Sanne" not in repr(vars(erased))
    assert s.profile["contact_name"] is None and s.profile["name"] == "Kerbside Ops"
    assert s.personal_data_erased_on == date(2019, 4, 1)
    assert not s.erase_personal_data("again", by=MANAGER, when=on(2019, 4, 2))  # nothing left to erase
    t = startup("Wastewise", when=on(2019, 3, 1))
    refused(
        t,
        lambda: t.erase_personal_data("on request", by=MANAGER, when=on(2019, 2, 1)),
        RuleViolation,
        "before the last recorded event",
    )


def test_applications_need_a_published_challenge_before_its_deadline() -> None:
    applicant = startup()
    with pytest.raises(RuleViolation, match="is draft, not open for applications"):
        Application.submit(draft(), applicant, "pitch", by=STARTUP, when=on(2019, 4, 1))
    with pytest.raises(
        RuleViolation, match="the deadline of .* was 2019-04-30; an application on 2019-05-01"
    ):
        Application.submit(published(), applicant, "pitch", by=STARTUP, when=on(2019, 5, 1))
    with pytest.raises(InvalidValue, match="pitch: must not be empty"):
        Application.submit(published(), applicant, " ", by=STARTUP, when=on(2019, 4, 1))
    applicant.withdraw("closed down", by=MANAGER, when=on(2019, 3, 1))
    with pytest.raises(RuleViolation, match="withdrew on 2019-03-01"):
        Application.submit(published(), applicant, "pitch", by=STARTUP, when=on(2019, 4, 1))


def test_an_application_is_identified_by_challenge_and_startup_and_withdrawn_once() -> None:
    challenge, applicant = published(), startup()
    first = application(challenge, applicant)
    assert first.id == Application.create_id("smart-waste-hunter/kerbside-ops")
    first.withdraw("found another partner", by=STARTUP, when=on(2019, 4, 2))
    refused(
        first,
        lambda: first.withdraw("again", by=STARTUP, when=on(2019, 4, 3)),
        RuleViolation,
        "already withdrawn",
    )


def test_a_shortlist_keeps_candidates_versions_and_matcher() -> None:
    challenge, a, b = published(), startup("Alpha"), startup("Beta")
    s = shortlist(challenge, a, b)
    assert s.challenge_version == challenge.version == 2
    assert [c.startup_id for c in s.candidates] == [a.id, b.id]
    assert s.matcher == {"name": "test"}
    assert s.ref == "smart-waste-hunter/shortlist-1"


def test_a_shortlist_refuses_bad_candidate_lists_and_unshortlistable_challenges() -> None:
    challenge, a = published(), startup("Alpha")
    twice = [Candidate(a.id, 1, 1.0, 1), Candidate(a.id, 2, 0.5, 1)]
    with pytest.raises(InvalidValue, match="appears twice"):
        Shortlist.produce(challenge, 1, twice, matcher={}, settings={}, by=MANAGER, when=on(2019, 5, 3))
    with pytest.raises(InvalidValue, match="ranks must run 1..n"):
        Shortlist.produce(
            challenge,
            1,
            [Candidate(a.id, 2, 1.0, 1)],
            matcher={},
            settings={},
            by=MANAGER,
            when=on(2019, 5, 3),
        )
    with pytest.raises(RuleViolation, match="is draft; shortlists are made for published or closed"):
        Shortlist.produce(draft(), 1, [], matcher={}, settings={}, by=MANAGER, when=on(2019, 5, 3))


def test_decisions_only_on_candidates_with_reasons_until_finalised() -> None:
    challenge, a, b, stranger = published(), startup("Alpha"), startup("Beta"), startup("Stranger")
    s = shortlist(challenge, a, b)
    when = on(2019, 5, 4)
    refused(s, lambda: s.accept(stranger.id, by=MANAGER, when=when), RuleViolation, "is not a candidate")
    refused(s, lambda: s.reject(b.id, "  ", by=MANAGER, when=when), InvalidValue, "reason: say why")
    assert s.accept(a.id, "fits the routing need", by=MANAGER, when=when)
    assert not s.accept(a.id, "fits the routing need", by=MANAGER, when=when)  # a retry records nothing
    assert s.reject(b.id, "consumer app, not municipal", by=MANAGER, when=when)
    assert s.decisions[b.id].verdict is Verdict.REJECTED
    assert s.not_rejected() == {a.id}
    s.finalise(by=MANAGER, when=on(2019, 5, 5))
    assert s.pending_events[-1].accepted == [a.id]
    refused(
        s,
        lambda: s.reject(a.id, "changed mind", by=MANAGER, when=on(2019, 5, 6)),
        RuleViolation,
        "was finalised on 2019-05-05",
    )
    refused(s, lambda: s.finalise(by=MANAGER, when=on(2019, 5, 6)), RuleViolation, "was finalised")


def test_a_decision_can_change_before_finalisation() -> None:
    s = shortlist(published(), a := startup("Alpha"))
    s.reject(a.id, "too small", by=MANAGER, when=on(2019, 5, 4))
    s.accept(a.id, "grew since", by=MANAGER, when=on(2019, 5, 6))
    assert s.decisions[a.id].verdict is Verdict.ACCEPTED
    assert s.decisions[a.id].on == date(2019, 5, 6)
