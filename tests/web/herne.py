"""The part of the demo's Herne story the browser test needs, recorded with the demo's own data.

The whole demo (`services.application.demo.tell`) ends with Smart Waste Hunter awarded and in implementation,
and the domain makes no shortlist for an awarded challenge. So this records the story as it stood
on 2019-05-02, when the application deadline had passed and the programme team had yet to choose:
the Data-Hub-Programm with the Gründerallianz Ruhr, the alliance's startup network (118 startups
of the catalogue, as in the demo), both challenges with the demo's texts tendered on 2019-03-01,
the demo's nine applications in April, Smart Energy Plattform already awarded to the demo's winner
(so the board and the report show more than one status), and the Corona postponement. The demo's
own shortlists are left out: the test requests the first one itself. The steps are the demo's
own functions (services/application/demo.py), so the story cannot drift from the demo's.
"""

from __future__ import annotations

from services.application import demo
from services.application.commands import AwardChallenge, handle
from services.infrastructure.store import Store


def record(store: Store) -> None:
    """The demo's own steps, up to the close of applications; Smart Energy Plattform awarded."""
    say = demo.quiet
    demo.launch_programme(store, say)
    demo.join_network(store, say)
    demo.tender(store, say)
    demo.receive_applications(store, say)
    for ref in demo.WINNERS:
        demo.close_applications(store, say, ref)
    energy = "smart-energy-plattform"
    handle(store, AwardChallenge(energy, [demo.WINNERS[energy]]), by=demo.CITY, when=demo.assumed(2019, 7, 1))
    demo.postpone_buildings_workshop(store, say)
