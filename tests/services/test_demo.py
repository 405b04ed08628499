"""The demo records the council document's story; checked through the same queries an auditor uses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain import Application, Challenge, Programme, Shortlist, Startup, Workshop
from services.application.demo import CITY, SMART_WASTE_HUNTER, tell
from services.infrastructure.store import Store


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
    network = [s for s in herne.every(Startup) if s.first_occurred_on == date(2019, 2, 15)]
    assert len(network) == 118 and all(s.profile["founded"] <= 2018 for s in network)


def test_shortlists_with_reasons_and_decisions_before_the_award(herne: Store) -> None:
    for ref, winner in (
        ("smart-waste-hunter", "Einsatzlotse"),
        ("smart-energy-plattform", "Quartiva Energiesysteme"),
    ):
        shortlist = herne.find(Shortlist, f"{ref}/shortlist-1")
        assert len(shortlist.candidates) == 8 and shortlist.first_occurred_on == date(2019, 3, 8)
        assert shortlist.matcher["models"][0]["fingerprint"].startswith("e5q4-")
        assert shortlist.settings["pool_size"] == 118  # the startups known in March 2019
        names = [herne.load(Startup, c.startup_id).name for c in shortlist.candidates]
        assert winner in names[:3]
        assert any(c.reasons["matched_capabilities"] for c in shortlist.candidates)
        assert all(c.reasons["best_sentence"]["text"] for c in shortlist.candidates)
        verdicts = {d.verdict for d in shortlist.decisions.values()}
        assert verdicts == {"accepted", "rejected"}


def test_shortlists_embed_no_profile_and_a_restart_embeds_nothing(herne: Store) -> None:
    """The demo's catalogue was embedded by the embeddings read model when it was imported: today's
    shortlist ranks every startup with its vectors and embeds no profile on the request path; after
    a restart (no embedder in memory) ranking it again embeds nothing: every vector is found by its
    text."""
    from services.application import shortlisting
    from services.application.commands import DraftChallenge, PublishChallenge, handle

    handle(
        herne,
        DraftChallenge(
            {**SMART_WASTE_HUNTER, "title": "Sperrmüll 2.0: Abholung per App"}, programme="data-hub-programm"
        ),
        by=CITY,
    )
    handle(herne, PublishChallenge("sperrmuell-2-0", date.today() + timedelta(days=30)), by=CITY)
    first, _ = shortlisting.request_shortlist(herne, "sperrmuell-2-0", shortlisting.Request(top=5), by=CITY)
    assert first.settings["pool_size"] == 240 and first.settings["not_embedded"] == 0
    assert first.matcher["reranker"]["decisions"] > 0  # learned from the demo's decisions
    shortlisting._embedders.clear()  # a restart: no embedder in memory, no shortlisting service
    herne.detach("shortlisting")
    ranked, _, matcher = shortlisting.shortlisting_for(herne).recompute(first)
    assert matcher.primary.embedded == 0
    assert [r.profile.id for r in ranked] == [str(c.startup_id) for c in first.candidates]


def test_the_demo_shortlists_recompute_identically_unless_the_weights_change(
    herne: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.application.audit.shortlists import recomputable_shortlists, verify_shortlist

    refs = recomputable_shortlists(herne)
    assert refs[:2] == ["smart-waste-hunter/shortlist-1", "smart-energy-plattform/shortlist-1"]
    for ref in refs:  # the demo's, and those of today made by the test above
        check = verify_shortlist(herne, ref)
        assert check.identical, check.differences
        assert [r.startup for r in check.recomputed] == [r.startup for r in check.recorded]
    monkeypatch.setenv("MATCHMAKER_FUSION_WEIGHTS", "lexical=0.75,sector=0.5")
    check = verify_shortlist(herne, refs[0])
    assert not check.identical and check.differences
    assert any("fusion weights differ: lexical 0.25 -> 0.75, sector 2.0 -> 0.5" in r for r in check.reasons)
    assert "the weights explain the difference" in check.explanation


def test_an_applicant_asked_for_erasure_of_its_contact_data(herne: Store) -> None:
    dropline = herne.find(Startup, "dropline-routing")
    assert dropline.personal_data_erased_on == date(2019, 10, 1)
    assert dropline.profile["contact_name"] is None and dropline.profile["contact_email"] is None
    winner = herne.find(Startup, "einsatzlotse")
    assert winner.profile["contact_email"] == "kontakt@einsatzlotse.example"
