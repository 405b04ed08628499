"""A history that touches every read model, built through the ordinary commands."""

from __future__ import annotations

from datetime import date

from domain import Candidate, Startup
from services.application.commands import (
    AcceptCandidate,
    ApplyToChallenge,
    AwardChallenge,
    CloseChallenge,
    DraftChallenge,
    FinaliseShortlist,
    HoldWorkshop,
    LaunchProgramme,
    NoteActivity,
    PlanWorkshop,
    PostponeWorkshop,
    ProduceShortlist,
    PublishChallenge,
    RegisterStartup,
    RejectCandidate,
    ReviseChallenge,
    ReviseStartup,
    ScheduleWorkshop,
    StartImplementation,
    WithdrawApplication,
    WithdrawStartup,
    handle,
)
from services.infrastructure.store import Store
from tests.builders import challenge_details, profile
from tests.conftest import MANAGER, STARTUP, on


def record_history(store: Store) -> None:
    handle(
        store,
        LaunchProgramme(name="Data-Hub-Programm", city="Herne", partners=["Gründerallianz Ruhr"]),
        by=MANAGER,
        when=on(2018, 3, 1),
    )
    handle(
        store,
        NoteActivity("data-hub-programm", title="Open Data Portal", kind="open data", partners=[]),
        by=MANAGER,
        when=on(2018, 4, 1),
    )
    for name in ("Einsatzlotse", "Kerbside Ops", "Binfolio", "Later Startup"):
        handle(store, RegisterStartup(profile(name)), by=MANAGER, when=on(2019, 1, 1))
    handle(
        store,
        ReviseStartup("kerbside-ops", {"team_size": 20, "name": "Kerbside Operations"}),
        by=MANAGER,
        when=on(2019, 1, 5),
    )
    handle(
        store,
        DraftChallenge(challenge_details(), programme="data-hub-programm"),
        by=MANAGER,
        when=on(2019, 2, 1),
    )
    handle(
        store, ReviseChallenge("smart-waste-hunter", {"budget_eur": 90000}), by=MANAGER, when=on(2019, 2, 2)
    )
    handle(store, PublishChallenge("smart-waste-hunter", date(2019, 4, 30)), by=MANAGER, when=on(2019, 3, 1))
    handle(
        store,
        DraftChallenge(
            challenge_details(title="Smart Energy Plattform", sector="energy"), programme="data-hub-programm"
        ),
        by=MANAGER,
        when=on(2019, 2, 1),
    )
    handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "Wir planen Touren."),
        by=STARTUP,
        when=on(2019, 4, 1),
    )
    handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "binfolio", "Citizen app."),
        by=STARTUP,
        when=on(2019, 4, 2),
    )
    handle(
        store,
        WithdrawApplication("smart-waste-hunter/binfolio", "no capacity"),
        by=STARTUP,
        when=on(2019, 4, 3),
    )
    ids = [store.find(Startup, s) for s in ("einsatzlotse", "kerbside-ops")]
    shortlist = handle(
        store,
        ProduceShortlist(
            "smart-waste-hunter",
            [
                Candidate(s.id, i, 1.0 / i, s.version, {"dense": 1.0}, {"why": "test"})
                for i, s in enumerate(ids, 1)
            ],
            matcher={"name": "test"},
            settings={"top": 2},
        ),
        by=MANAGER,
        when=on(2019, 4, 5),
    ).aggregate
    handle(store, AcceptCandidate(shortlist.ref, "einsatzlotse", "fits"), by=MANAGER, when=on(2019, 4, 6))
    handle(
        store, RejectCandidate(shortlist.ref, "kerbside-ops", "consumer app"), by=MANAGER, when=on(2019, 4, 6)
    )
    handle(store, FinaliseShortlist(shortlist.ref), by=MANAGER, when=on(2019, 4, 7))
    handle(store, CloseChallenge("smart-waste-hunter"), by=MANAGER, when=on(2019, 5, 2))
    handle(store, AwardChallenge("smart-waste-hunter", ["einsatzlotse"]), by=MANAGER, when=on(2019, 7, 1))
    handle(
        store, StartImplementation("smart-waste-hunter", date(2021, 6, 30)), by=MANAGER, when=on(2019, 9, 1)
    )
    held = handle(
        store,
        PlanWorkshop(theme="Datenschätze", organisers=["Stadt Herne"], programme="data-hub-programm"),
        by=MANAGER,
        when=on(2018, 5, 1),
    ).aggregate
    handle(store, ScheduleWorkshop(held.ref, date(2018, 6, 12), "Rathaus"), by=MANAGER, when=on(2018, 5, 2))
    handle(
        store,
        HoldWorkshop(held.ref, ["Stadt", "Allianz"], "two challenges"),
        by=MANAGER,
        when=on(2018, 6, 12),
    )
    later = handle(
        store,
        PlanWorkshop(
            theme="Gebäude und Wohnungswirtschaft", organisers=["Stadt Herne"], programme="data-hub-programm"
        ),
        by=MANAGER,
        when=on(2020, 1, 20),
    ).aggregate
    handle(store, ScheduleWorkshop(later.ref, date(2020, 4, 23), "Herne"), by=MANAGER, when=on(2020, 2, 10))
    handle(store, PostponeWorkshop(later.ref, "Corona"), by=MANAGER, when=on(2020, 3, 16))
    handle(store, WithdrawStartup("later-startup", "closed down"), by=MANAGER, when=on(2020, 6, 1))
