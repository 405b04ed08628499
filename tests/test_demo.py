"""The demo records the council document's story; checked through the same queries an auditor uses."""

from __future__ import annotations

from datetime import date

import pytest

from domain import Application, Challenge, Programme, Startup, Workshop
from services.demo import tell
from services.store import Store


@pytest.fixture(scope="module")
def herne(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(str(tmp_path_factory.mktemp("herne") / "herne.db"))
    tell(store, lambda when, text: None)
    return store


def test_two_challenges_with_the_two_municipal_companies_awarded_to_two_startups(herne: Store) -> None:
    challenges = {c.ref: c for c in herne.every(Challenge)}
    assert set(challenges) == {"smart-waste-hunter", "smart-energy-plattform"}
    assert challenges["smart-waste-hunter"].details["owner"] == "entsorgung herne AöR"
    assert challenges["smart-energy-plattform"].details["owner"] == "Stadtwerke Herne AG"
    winners = {w for c in challenges.values() for w in c.awarded_to}
    assert len(winners) == 2
    assert all(
        c.status == "implementing" and c.expected_end == date(2021, 6, 30) for c in challenges.values()
    )


def test_the_programme_with_the_alliance_from_2018_and_the_other_measures(herne: Store) -> None:
    data_hub = herne.find(Programme, "data-hub-programm")
    assert data_hub.partners == ["Gründerallianz Ruhr"] and data_hub.starts_on.year == 2018
    other = herne.find(Programme, "startup-foerderung-herne")
    assert "Veranstaltungsreihe Digital.Herne.Business" in other.activities
    assert "Ruhrvalley Cluster e.V." in other.partners


def test_the_buildings_workshop_is_postponed_because_of_corona(herne: Store) -> None:
    workshops = {w.theme: w for w in herne.every(Workshop)}
    buildings = workshops["Gebäude und Wohnungswirtschaft"]
    assert buildings.status == "postponed" and "Corona" in buildings.postponement_reason
    assert sum(w.status == "held" for w in workshops.values()) == 2


def test_applications_and_the_catalogue(herne: Store) -> None:
    assert len(list(herne.every(Application))) == 9
    assert len(list(herne.every(Startup))) == 240  # the applicants are part of the catalogue: none twice


def test_time_travel_and_assumed_dates(herne: Store) -> None:
    swh = Challenge.create_id("smart-waste-hunter")
    assert herne.as_of(swh, date(2019, 1, 1)) is None
    assert herne.as_of(swh, date(2019, 4, 1)).status == "published"
    assert herne.as_of(swh, date(2021, 4, 27)).status == "implementing"
    assert all(e.date_assumed for e in herne.history(swh))
    catalogue_event = herne.history(herne.find(Startup, "Kubikblick").id)[0]
    assert not catalogue_event.date_assumed  # imported today, a known date
