"""The one dispatcher every command goes through, on an event store held in memory: the access
check before anything is loaded, the business date, idempotent creation, the expected version and
retries after a concurrent writer (the store: tests/services/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from domain import Actor, InvalidValue, Shortlist, When, Workshop
from services.application.commands import (
    AcceptCandidate,
    ErasePersonalData,
    PlanWorkshop,
    RegisterStartup,
    RejectCandidate,
    ScheduleWorkshop,
    handle,
)
from services.application.commands.common import RETRIES
from services.errors import AccessDenied, Conflict, NotFound
from services.infrastructure.store import Store
from tests.conftest import AUDITOR, MANAGER, STARTUP, on, written
from tests.herne import Herne, profile


@pytest.fixture
def planned(store: Store) -> Store:
    """The buildings workshop planned, outside any programme."""
    Herne(store).buildings_workshop_planned(programme=None)
    return store


@pytest.fixture
def shortlisted(store: Store) -> Store:
    """Smart Waste Hunter published (outside any programme) and its first shortlist of two candidates."""
    herne = Herne(store)
    herne.smart_waste_hunter_drafted(programme=None)
    herne.smart_waste_hunter_published()
    herne.startups_registered("Einsatzlotse", "Kerbside Ops")
    herne.shortlisted(herne.candidates("einsatzlotse", "kerbside-ops"), date(2019, 4, 2))
    return store


def test_the_access_check_comes_before_anything_is_loaded(store: Store) -> None:
    with pytest.raises(AccessDenied):  # not NotFound: an auditor learns nothing of what exists
        handle(store, ScheduleWorkshop("no-such-workshop", date(2020, 4, 23), "Herne"), by=AUDITOR)
    with pytest.raises(AccessDenied):
        handle(store, PlanWorkshop("Audit", []), by=STARTUP)
    with pytest.raises(NotFound, match="no workshop is known as 'no-such-workshop'"):
        handle(store, ScheduleWorkshop("no-such-workshop", date(2020, 4, 23), "Herne"), by=MANAGER)
    assert written(store) == 0


def test_the_business_date_is_today_unless_given_and_never_in_the_future(planned: Store) -> None:
    before = written(planned)
    tomorrow = When(date.today() + timedelta(days=1))
    with pytest.raises(InvalidValue, match="occurred_on: .* is in the future"):
        handle(
            planned,
            ScheduleWorkshop("gebaeude-und-wohnungswirtschaft", date.today(), "Herne"),
            by=MANAGER,
            when=tomorrow,
        )
    assert written(planned) == before
    scheduled = handle(
        planned, ScheduleWorkshop("gebaeude-und-wohnungswirtschaft", date.today(), "Herne"), by=MANAGER
    )
    assert scheduled.aggregate.last_occurred_on == date.today()
    assert (scheduled.changed, scheduled.created) == (True, False)


def test_creating_again_changes_nothing_and_a_taken_ref_is_a_conflict(store: Store) -> None:
    first = handle(store, RegisterStartup(profile("Einsatzlotse")), by=MANAGER, when=on(2019, 1, 1))
    count = written(store)
    again = handle(store, RegisterStartup(profile("Einsatzlotse")), by=MANAGER, when=on(2019, 1, 2))
    assert (first.created, first.changed) == (True, True)
    assert (again.created, again.changed, again.aggregate.id) == (False, False, first.aggregate.id)
    with pytest.raises(Conflict, match="startup 'einsatzlotse' already exists with other details"):
        handle(store, RegisterStartup(profile("Einsatzlotse", city="Rotterdam")), by=MANAGER)
    with pytest.raises(InvalidValue, match="team_size"):  # validated first, though the ref is taken
        handle(store, RegisterStartup(profile("Einsatzlotse", team_size=-1)), by=MANAGER)
    with pytest.raises(InvalidValue, match="expected_version: a new item has no version to expect"):
        handle(store, RegisterStartup(profile("Einsatzlotse")), by=MANAGER, expected_version=1)
    assert written(store) == count


def test_an_expected_version_that_moved_on_is_a_conflict(planned: Store) -> None:
    ref = "gebaeude-und-wohnungswirtschaft"
    handle(
        planned,
        ScheduleWorkshop(ref, date(2020, 4, 23), "Herne"),
        by=MANAGER,
        when=on(2020, 2, 10),
        expected_version=1,
    )
    before = written(planned)
    with pytest.raises(
        Conflict, match="is at version 2, not 1: it was changed meanwhile; nothing was written"
    ):
        handle(
            planned,
            ScheduleWorkshop(ref, date(2020, 5, 7), "Bochum"),
            by=MANAGER,
            when=on(2020, 2, 11),
            expected_version=1,
        )
    assert written(planned) == before
    assert planned.find(Workshop, ref).version == 2


def test_a_change_that_loses_a_race_is_applied_again_unless_a_version_was_expected(
    shortlisted: Store,
) -> None:
    ref = "smart-waste-hunter/shortlist-1"
    attempts: list[int] = []
    decided = handle(
        shortlisted, AcceptAfterARival(ref, "einsatzlotse", "fits", attempts), by=MANAGER
    ).aggregate
    assert attempts == [1, 2]  # loaded at version 1, lost to the rival, loaded again at 2
    assert decided.version == 3 and len(decided.decisions) == 2
    attempts.clear()
    before = written(shortlisted)
    with pytest.raises(Conflict, match="changed by someone else"):
        handle(
            shortlisted,
            AcceptAfterARival(ref, "einsatzlotse", "fits well", attempts),
            by=MANAGER,
            expected_version=3,
        )
    assert attempts == [3] and written(shortlisted) == before + 1  # the rival's decision only


def test_retries_end_with_the_conflict(shortlisted: Store) -> None:
    ref = "smart-waste-hunter/shortlist-1"
    attempts: list[int] = []
    with pytest.raises(Conflict, match="changed by someone else"):
        handle(
            shortlisted, AcceptAfterARival(ref, "einsatzlotse", "fits", attempts, rivals=RETRIES), by=MANAGER
        )
    assert len(attempts) == RETRIES
    assert shortlisted.find(Shortlist, ref).version == 1 + RETRIES  # every rival's decision, not ours


def test_a_consumer_saves_new_events_its_own_way(planned: Store) -> None:
    saved: list[Workshop] = []
    done = handle(
        planned,
        ScheduleWorkshop("gebaeude-und-wohnungswirtschaft", date(2020, 4, 23), "Herne"),
        by=Actor("auto", "system"),
        when=on(2020, 2, 10),
        save=saved.append,
    )
    assert saved == [done.aggregate] and done.changed
    assert planned.find(Workshop, "gebaeude-und-wohnungswirtschaft").version == 1  # not the store's save


def test_erasure_records_then_destroys_the_key_and_running_it_again_records_nothing(store: Store) -> None:
    contact = {"contact_name": "Eva Einsatz", "contact_email": "eva@einsatzlotse.example"}
    registered = handle(store, RegisterStartup(profile("Einsatzlotse", **contact)), by=MANAGER).aggregate
    erased = handle(store, ErasePersonalData("einsatzlotse", "Art. 17"), by=MANAGER)
    assert erased.changed and erased.aggregate.profile["contact_name"] is None
    assert store.keys.destroy(str(registered.id)) == 0  # none left to destroy
    assert store.history(registered.id)[0].profile["contact_email"] is None  # unreadable now
    assert not handle(store, ErasePersonalData("einsatzlotse", "Art. 17"), by=MANAGER).changed


@dataclass(frozen=True)
class AcceptAfterARival(AcceptCandidate):
    """An acceptance during which, the first `rivals` times, another manager records a decision
    between our load and our save."""

    attempts: list[int] = field(default_factory=list)  # the version each attempt loaded
    rivals: int = 1

    def apply(self, shortlist: Shortlist, by: Actor, when: When, store: Store) -> None:
        if len(self.attempts) < self.rivals:  # each rival's reason differs, so each is recorded
            rival = RejectCandidate(
                self.shortlist, "kerbside-ops", f"rival {len(self.attempts)} of {self.reason}"
            )
            handle(store, rival, by=by)
        self.attempts.append(shortlist.version)
        super().apply(shortlist, by, when, store)
