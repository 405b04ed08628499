"""A history that touches every read model, built through the ordinary commands."""

from __future__ import annotations

from datetime import date

from domain import Candidate, Startup
from services.application.commands import (
    applications,
    challenges,
    programmes,
    shortlists,
    startups,
    workshops,
)
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import MANAGER, STARTUP, on


def record_history(store: Store) -> None:
    programmes.launch(
        store,
        name="Data-Hub-Programm",
        city="Herne",
        partners=["Gründerallianz Ruhr"],
        by=MANAGER,
        when=on(2018, 3, 1),
    )
    programmes.note_activity(
        store,
        "data-hub-programm",
        title="Open Data Portal",
        kind="open data",
        partners=[],
        by=MANAGER,
        when=on(2018, 4, 1),
    )
    for name in ("Einsatzlotse", "Kerbside Ops", "Binfolio", "Later Startup"):
        startups.register(store, profile(name), by=MANAGER, when=on(2019, 1, 1))
    startups.revise(
        store,
        "kerbside-ops",
        {"team_size": 20, "name": "Kerbside Operations"},
        by=MANAGER,
        when=on(2019, 1, 5),
    )
    challenges.draft(
        store, challenge_details(), programme="data-hub-programm", by=MANAGER, when=on(2019, 2, 1)
    )
    challenges.revise(store, "smart-waste-hunter", {"budget_eur": 90000}, by=MANAGER, when=on(2019, 2, 2))
    challenges.publish(store, "smart-waste-hunter", date(2019, 4, 30), by=MANAGER, when=on(2019, 3, 1))
    challenges.draft(
        store,
        challenge_details(title="Smart Energy Plattform", sector="energy"),
        programme="data-hub-programm",
        by=MANAGER,
        when=on(2019, 2, 1),
    )
    applications.apply(
        store, "smart-waste-hunter", "einsatzlotse", "Wir planen Touren.", by=STARTUP, when=on(2019, 4, 1)
    )
    applications.apply(
        store, "smart-waste-hunter", "binfolio", "Citizen app.", by=STARTUP, when=on(2019, 4, 2)
    )
    applications.withdraw(
        store, "smart-waste-hunter/binfolio", "no capacity", by=STARTUP, when=on(2019, 4, 3)
    )
    ids = [store.find(Startup, s) for s in ("einsatzlotse", "kerbside-ops")]
    shortlist = shortlists.produce(
        store,
        "smart-waste-hunter",
        [
            Candidate(s.id, i, 1.0 / i, s.version, {"dense": 1.0}, {"why": "test"})
            for i, s in enumerate(ids, 1)
        ],
        matcher={"name": "test"},
        settings={"top": 2},
        by=MANAGER,
        when=on(2019, 4, 5),
    )
    shortlists.accept(store, shortlist.ref, "einsatzlotse", "fits", by=MANAGER, when=on(2019, 4, 6))
    shortlists.reject(store, shortlist.ref, "kerbside-ops", "consumer app", by=MANAGER, when=on(2019, 4, 6))
    shortlists.finalise(store, shortlist.ref, by=MANAGER, when=on(2019, 4, 7))
    challenges.close(store, "smart-waste-hunter", by=MANAGER, when=on(2019, 5, 2))
    challenges.award(store, "smart-waste-hunter", ["einsatzlotse"], by=MANAGER, when=on(2019, 7, 1))
    challenges.start_implementation(
        store, "smart-waste-hunter", date(2021, 6, 30), by=MANAGER, when=on(2019, 9, 1)
    )
    held, _ = workshops.plan(
        store,
        theme="Datenschätze",
        organisers=["Stadt Herne"],
        programme="data-hub-programm",
        by=MANAGER,
        when=on(2018, 5, 1),
    )
    workshops.schedule(store, held.ref, date(2018, 6, 12), "Rathaus", by=MANAGER, when=on(2018, 5, 2))
    workshops.hold(store, held.ref, ["Stadt", "Allianz"], "two challenges", by=MANAGER, when=on(2018, 6, 12))
    later, _ = workshops.plan(
        store,
        theme="Gebäude und Wohnungswirtschaft",
        organisers=["Stadt Herne"],
        programme="data-hub-programm",
        by=MANAGER,
        when=on(2020, 1, 20),
    )
    workshops.schedule(store, later.ref, date(2020, 4, 23), "Herne", by=MANAGER, when=on(2020, 2, 10))
    workshops.postpone(store, later.ref, "Corona", by=MANAGER, when=on(2020, 3, 16))
    startups.withdraw(store, "later-startup", "closed down", by=MANAGER, when=on(2020, 6, 1))
