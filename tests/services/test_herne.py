"""The Herne story through the application layer on the in-memory store: what the scenario builder
records is what the other folders' tests assume (their data comes from here), every step goes
through the dispatcher's access check, and the story can be read back on any business date.

No database and no read model: the event store on the library's POPO recorders, in milliseconds."""

from __future__ import annotations

from datetime import date

import pytest

from domain import Application, Challenge, Programme, Shortlist, Startup, Workshop
from services.errors import AccessDenied
from services.infrastructure.store import Store
from tests.conftest import AUDITOR, written
from tests.herne import BUILDINGS, DATA_HUB, FIRST_SHORTLIST, SMART_ENERGY, SMART_WASTE_HUNTER, Herne


def test_the_small_programme_is_eight_events_with_a_deadline_ahead(store: Store) -> None:
    Herne(store).small_programme()
    assert written(store) == 8  # tests/api/test_schemathesis.py counts on it
    waste, energy = store.find(Challenge, SMART_WASTE_HUNTER), store.find(Challenge, SMART_ENERGY)
    programme = store.find(Programme, DATA_HUB)
    assert (waste.status, waste.deadline, waste.programme_id) == (
        "published",
        date(2099, 4, 30),
        programme.id,
    )
    assert (energy.status, energy.programme_id, energy.details["owner"]) == (
        "draft",
        None,
        "Stadtwerke Herne AG",
    )
    contacts = {s.ref: s.profile["contact_name"] for s in store.every(Startup)}
    assert contacts == {
        "einsatzlotse": "Eva Einsatz",
        "kerbside-ops": "Sanne de Vries",
        "solarfuchs": "Fritz Fuchs",
    }
    assert store.find(Workshop, BUILDINGS).programme_id is None


def test_the_whole_history_ends_as_the_story_says(store: Store) -> None:
    Herne(store).whole_history()
    waste = store.find(Challenge, SMART_WASTE_HUNTER)
    einsatzlotse = store.find(Startup, "einsatzlotse")
    assert (waste.status, waste.awarded_to, waste.expected_end) == (
        "implementing",
        [einsatzlotse.id],
        date(2021, 6, 30),
    )
    shortlist = store.find(Shortlist, FIRST_SHORTLIST)
    verdicts = {store.load(Startup, s).ref: d.verdict for s, d in shortlist.decisions.items()}
    assert verdicts == {"einsatzlotse": "accepted", "kerbside-ops": "rejected"}
    assert shortlist.finalised_on == date(2019, 4, 7)
    assert store.find(Application, f"{SMART_WASTE_HUNTER}/binfolio").withdrawn_on == date(2019, 4, 3)
    assert store.find(Startup, "later-startup").withdrawn_on == date(2020, 6, 1)
    assert store.find(Startup, "kerbside-ops").profile["name"] == "Kerbside Operations"
    workshops = {w.theme: w.status for w in store.every(Workshop)}
    assert workshops == {"Datenschätze": "held", "Gebäude und Wohnungswirtschaft": "postponed"}


def test_the_story_read_back_on_its_business_dates(store: Store) -> None:
    Herne(store).whole_history()
    waste = Challenge.create_id(SMART_WASTE_HUNTER)
    assert store.as_of(waste, date(2019, 1, 31)) is None
    statuses = [store.as_of(waste, date(2019, m, d)).status for m, d in ((2, 15), (4, 15), (6, 1), (10, 1))]
    assert statuses == ["draft", "published", "closed", "implementing"]
    buildings = Workshop.create_id(BUILDINGS)
    assert store.as_of(buildings, date(2020, 3, 1)).takes_place_on == date(2020, 4, 23)
    assert store.as_of(buildings, date(2020, 3, 16)).status == "postponed"


def test_every_step_goes_through_the_dispatcher_s_access_check(store: Store) -> None:
    """The builder is no back door: an auditor recording the story is refused before anything is written."""
    with pytest.raises(AccessDenied):
        Herne(store, by=AUDITOR).programme_launched()
    assert written(store) == 0
