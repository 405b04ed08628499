"""The part of the demo's Herne story the browser test needs, recorded with the demo's own data.

The whole demo (`services.demo.tell`) ends with Smart Waste Hunter awarded and in implementation,
and the domain makes no shortlist for an awarded challenge. So this records the story as it stood
on 2019-05-02, when the application deadline had passed and the programme team had yet to choose:
the Data-Hub-Programm with the Gründerallianz Ruhr, the alliance's startup network (118 startups
of the catalogue, as in the demo), both challenges with the demo's texts tendered on 2019-03-01,
the demo's nine applications in April, Smart Energy Plattform already awarded to the demo's winner
(so the board and the report show more than one status), and the Corona postponement. The demo's
own shortlists are left out: the test requests the first one itself.
"""

from __future__ import annotations

import json
from datetime import date

from domain import Actor
from domain.values import slug
from services import demo
from services.commands import applications, challenges, programmes, workshops
from services.data import data_file
from services.imports import import_startups
from services.store import Store


def record(store: Store) -> None:
    assumed = demo.assumed
    programmes.launch(
        store,
        name="Data-Hub-Programm",
        city="Herne",
        partners=[demo.ALLIANCE],
        starts_on=date(2018, 3, 1),
        ref=demo.DATA_HUB,
        by=demo.CITY,
        when=assumed(2018, 3, 1),
    )
    catalogue = data_file(demo.CATALOGUE)
    rows = [json.loads(line) for line in catalogue.open(encoding="utf-8") if line.strip()]
    network = [
        (i, r)
        for i, r in enumerate(rows, start=1)
        if int(r.get("founded") or 9999) <= demo.NETWORK_FOUNDED_BY
    ]
    import_startups(store, catalogue, rows=network, by=demo.PARTNER, when=assumed(2019, 2, 15))
    for details in (demo.SMART_WASTE_HUNTER, demo.SMART_ENERGY_PLATTFORM):
        challenge, _ = challenges.draft(
            store, details, programme=demo.DATA_HUB, by=demo.CITY, when=assumed(2019, 2, 1)
        )
        challenges.publish(store, challenge.ref, date(2019, 4, 30), by=demo.CITY, when=assumed(2019, 3, 1))
    by_name = {r["name"]: r for r in rows}
    for day, name in enumerate(demo.WASTE_APPLICANTS + demo.ENERGY_APPLICANTS, start=1):
        target = "smart-waste-hunter" if name in demo.WASTE_APPLICANTS else "smart-energy-plattform"
        applications.apply(
            store,
            target,
            name,
            f"{name} bewirbt sich mit seiner Lösung: {by_name[name]['capabilities'][0]}.",
            by=Actor(name, "startup", acts_for=slug(name)),
            when=assumed(2019, 4, day),
        )
    for ref in demo.WINNERS:
        challenges.close(store, ref, "Bewerbungsfrist abgelaufen", by=demo.CITY, when=assumed(2019, 5, 2))
    energy = "smart-energy-plattform"
    challenges.award(store, energy, [demo.WINNERS[energy]], by=demo.CITY, when=assumed(2019, 7, 1))
    buildings, _ = workshops.plan(
        store,
        theme="Gebäude und Wohnungswirtschaft",
        organisers=["Stadt Herne", demo.ALLIANCE],
        programme=demo.DATA_HUB,
        by=demo.CITY,
        when=assumed(2020, 1, 20),
    )
    workshops.schedule(
        store, buildings.ref, date(2020, 4, 23), "Herne", by=demo.CITY, when=assumed(2020, 2, 10)
    )
    workshops.postpone(
        store,
        buildings.ref,
        "Auf Wunsch der Gründerallianz Ruhr wegen der Corona-Pandemie verschoben.",
        by=demo.CITY,
        when=assumed(2020, 3, 16),
    )
