"""The Herne story of council inquiry 2021/0401, as the tests build it: one scenario builder for
every test folder.

`Herne(store)` records the story's steps through the application layer itself (the commands as
data and the one dispatcher, `handle`), so a test's data obeys every rule the entry points obey
and no folder keeps its own copy of the story. Each step is named in the programme's words and
has the dates and texts the tests rely on as defaults; an option exists only where tests differ.
The compositions at the end are the states the test folders start from:

- `small_programme`: the API's, the pages' and the read side's start (eight events);
- `small_programme_shortlisted`: the same with an application and a shortlist picked by hand;
- `tendered`: a published challenge and a few startups, for the rules of the commands;
- `whole_history`: a history that touches every read model;
- `demo_until_the_deadline` / `told_by_the_demo`: the demo's own story (its 118 and 240 startups).

`challenge_details` and `profile` are the story's texts as plain values, for tests of one rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from domain import (
    Actor,
    Application,
    Candidate,
    Challenge,
    DomainAggregate,
    Programme,
    Shortlist,
    Startup,
    When,
    Workshop,
)
from services.application import demo
from services.application.commands import (
    AcceptCandidate,
    ApplyToChallenge,
    AwardChallenge,
    CloseChallenge,
    Command,
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
from services.application.readmodels import embed_new_profiles
from services.infrastructure.store import Store
from tests.conftest import MANAGER, on

A = TypeVar("A", bound=DomainAggregate)

DATA_HUB = "data-hub-programm"
SMART_WASTE_HUNTER = "smart-waste-hunter"
SMART_ENERGY = "smart-energy-plattform"
FIRST_SHORTLIST = f"{SMART_WASTE_HUNTER}/shortlist-1"
BUILDINGS = "gebaeude-und-wohnungswirtschaft"


def challenge_details(**overrides: Any) -> dict[str, Any]:
    """Smart Waste Hunter's details, as a manager drafts them (short texts: no model reads them)."""
    details: dict[str, Any] = {
        "title": "Smart Waste Hunter: Intelligente Sperrmüllprozesse",
        "owner": "entsorgung herne AöR",
        "sector": "waste",
        "description": "Sperrmüll digital anmelden, Touren planen, Aufträge mobil dokumentieren.",
        "required_capabilities": ["Tourenplanung", "Online-Anmeldung"],
        "datasets_offered": ["Sperrmüllaufträge"],
        "budget_eur": 80000,
        "language": "de",
        "region_preference": "Ruhrgebiet",
    }
    details.update(overrides)
    return details


#: The second challenge, drafted for the Stadtwerke.
SMART_ENERGY_DETAILS = {"title": "Smart Energy Plattform", "sector": "energy", "owner": "Stadtwerke Herne AG"}


def profile(name: str = "Kerbside Ops", **overrides: Any) -> dict[str, Any]:
    """A startup's profile: any name, with a crew app's texts and a contact person unless told."""
    values: dict[str, Any] = {
        "name": name,
        "description": "A mobile app for collection crews that replaces paper route sheets.",
        "capabilities": ["mobile job documentation", "route sheets"],
        "sectors": ["waste"],
        "stage": "seed",
        "city": "Amsterdam",
        "founded": 2016,
        "team_size": 12,
        "languages": ["en", "nl"],
        "contact_name": "Sanne de Vries",
        "contact_email": "sanne@kerbside.example",
    }
    values.update(overrides)
    return values


#: What the small programme's startups say of themselves beyond the default profile: the waste
#: applicant with its own contact person (the API's startup key speaks for it), and an energy startup.
PROFILES: dict[str, dict[str, Any]] = {
    "Einsatzlotse": {
        "description": "Tourenplanung und mobile Auftragsdokumentation für kommunale Entsorger; "
        "Sperrmüll online anmelden.",
        "capabilities": ["Tourenplanung", "Online-Anmeldung"],
        "languages": ["de"],
        "city": "Bochum",
        "contact_name": "Eva Einsatz",
        "contact_email": "eva@einsatzlotse.example",
    },
    "Solarfuchs": {
        "description": "Photovoltaik-Planung für Mehrfamilienhäuser und Mieterstrom.",
        "capabilities": ["Photovoltaik"],
        "sectors": ["energy"],
        "languages": ["de"],
        "contact_name": "Fritz Fuchs",
        "contact_email": "fritz@solarfuchs.example",
    },
}
#: Einsatzlotse's best-matching sentence, as a ranked shortlist records it.
BEST_SENTENCE = PROFILES["Einsatzlotse"]["description"]


def by_rank(rank: int) -> float:
    return 1.0 / rank


class Herne:
    """Records the Herne story's steps in `store`, as the programme team (`by`) unless a step says
    otherwise, each on its business date `day`; a step returns the aggregate it created or changed."""

    def __init__(self, store: Store, by: Actor = MANAGER) -> None:
        self.store = store
        self.by = by

    def record(self, command: Command[A], when: When, by: Actor | None = None) -> A:
        """One command through the dispatcher, as every entry point runs it."""
        return handle(self.store, command, by=by or self.by, when=when).aggregate

    # The programme

    def programme_launched(self, day: date = date(2018, 3, 1)) -> Programme:
        """The Data-Hub-Programm of the city of Herne, with the Gründerallianz Ruhr."""
        return self.record(
            LaunchProgramme(name="Data-Hub-Programm", city="Herne", partners=["Gründerallianz Ruhr"]),
            When(day),
        )

    def open_data_portal_noted(self, day: date = date(2018, 4, 1)) -> Programme:
        return self.record(
            NoteActivity(DATA_HUB, title="Open Data Portal", kind="open data", partners=[]), When(day)
        )

    # Startups

    def startup_registered(self, name: str, day: date = date(2019, 1, 1), **overrides: Any) -> Startup:
        """A startup with the default profile under its name, changed by `overrides` (the small
        programme's startups pass their `PROFILES`)."""
        return self.record(RegisterStartup(profile(name, **overrides)), When(day))

    def startups_registered(self, *names: str, day: date = date(2019, 1, 1)) -> list[Startup]:
        return [self.startup_registered(name, day) for name in names]

    def startup_revised(self, ref: str, changes: dict[str, Any], day: date) -> Startup:
        return self.record(ReviseStartup(ref, changes), When(day))

    def startup_withdrawn(self, ref: str, reason: str, day: date) -> Startup:
        return self.record(WithdrawStartup(ref, reason), When(day))

    # The two challenges

    def smart_waste_hunter_drafted(
        self, programme: str | None = DATA_HUB, day: date = date(2019, 2, 1)
    ) -> Challenge:
        """Smart Waste Hunter with the entsorgung herne AöR; `programme=None` drafts it outside any
        programme (for tests that need no programme)."""
        return self.record(DraftChallenge(challenge_details(), programme=programme), When(day))

    def smart_waste_hunter_revised(self, changes: dict[str, Any], day: date = date(2019, 2, 2)) -> Challenge:
        return self.record(ReviseChallenge(SMART_WASTE_HUNTER, changes), When(day))

    def smart_waste_hunter_published(
        self, deadline: date = date(2019, 4, 30), day: date = date(2019, 3, 1)
    ) -> Challenge:
        """Tendered on 2019-03-01; applications until `deadline` (the story's 2019-04-30 unless
        a test needs the deadline still ahead, as the API's tests do)."""
        return self.record(PublishChallenge(SMART_WASTE_HUNTER, deadline), When(day))

    def smart_energy_drafted(
        self, programme: str | None = DATA_HUB, day: date = date(2019, 2, 2)
    ) -> Challenge:
        """Smart Energy Plattform with the Stadtwerke Herne AG, left a draft."""
        return self.record(
            DraftChallenge(challenge_details(**SMART_ENERGY_DETAILS), programme=programme), When(day)
        )

    def closed(self, challenge: str = SMART_WASTE_HUNTER, day: date = date(2019, 5, 2)) -> Challenge:
        return self.record(CloseChallenge(challenge), When(day))

    def awarded(
        self, *startups: str, challenge: str = SMART_WASTE_HUNTER, day: date = date(2019, 7, 1)
    ) -> Challenge:
        return self.record(AwardChallenge(challenge, list(startups)), When(day))

    def implementation_started(
        self,
        challenge: str = SMART_WASTE_HUNTER,
        expected_end: date = date(2021, 6, 30),
        day: date = date(2019, 9, 1),
    ) -> Challenge:
        """Implementation until mid-2021, as the council document says."""
        return self.record(StartImplementation(challenge, expected_end), When(day))

    # Applications

    def applied(
        self,
        startup: str,
        pitch: str = "Wir planen Touren.",
        challenge: str = SMART_WASTE_HUNTER,
        day: date = date(2019, 4, 1),
        by: Actor = MANAGER,
    ) -> Application:
        """A startup's application, recorded by the programme's manager (history is recorded by
        managers: a startup's own actions are dated the day it acts)."""
        return self.record(ApplyToChallenge(challenge, startup, pitch), When(day), by)

    def application_withdrawn(
        self, startup: str, reason: str, day: date, challenge: str = SMART_WASTE_HUNTER
    ) -> Application:
        return self.record(WithdrawApplication(f"{challenge}/{startup}", reason), When(day))

    # Shortlists

    def candidates(
        self,
        *refs: str,
        score: Callable[[int], float] = by_rank,
        components: Mapping[str, dict[str, float]] | None = None,
        reasons: Mapping[str, dict[str, Any]] | None = None,
    ) -> list[Candidate]:
        """The startups in this order as ranked candidates at their current versions; `components`
        and `reasons` by startup, none unless given."""
        startups = [self.store.find(Startup, ref) for ref in refs]
        return [
            Candidate(
                s.id,
                rank,
                score(rank),
                s.version,
                dict((components or {}).get(ref, {})),
                dict((reasons or {}).get(ref, {})),
            )
            for rank, (ref, s) in enumerate(zip(refs, startups, strict=True), start=1)
        ]

    def shortlisted(
        self,
        candidates: list[Candidate],
        day: date,
        matcher: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        challenge: str = SMART_WASTE_HUNTER,
    ) -> Shortlist:
        """The challenge's next shortlist of these candidates (no model: the tests choose them)."""
        return self.record(ProduceShortlist(challenge, candidates, matcher or {}, settings or {}), When(day))

    def shortlist_picked_by_hand(self, *refs: str, day: date = date(2019, 3, 12)) -> Shortlist:
        """A shortlist the team picked without the matcher: no scores, a reason that says so."""
        picked = self.candidates(
            *refs, score=lambda rank: 0.0, reasons={r: {"picked": "by hand"} for r in refs}
        )
        return self.shortlisted(picked, day, matcher={"name": "manual"}, settings={"picked": list(refs)})

    def shortlist_ranked_with_reasons(self, day: date = date(2019, 5, 2)) -> Shortlist:
        """Einsatzlotse, Kerbside Ops and Solarfuchs ranked with scores and reasons as the matcher
        records them (Einsatzlotse's best sentence is `BEST_SENTENCE`), for the pages to show."""
        refs = ("einsatzlotse", "kerbside-ops", "solarfuchs")
        unmatched = {"matched_capabilities": [], "matched_terms": [], "best_sentence": {}}
        reasons = {
            "einsatzlotse": {
                "matched_capabilities": [
                    {"required": "Tourenplanung", "offered": "Tourenplanung", "similarity": 1.0}
                ],
                "matched_terms": [{"profile": "Sperrmüll", "challenge": "Sperrmüll", "similarity": 1.0}],
                "best_sentence": {"text": BEST_SENTENCE, "similarity": 0.91},
            },
            "kerbside-ops": unmatched,
            "solarfuchs": unmatched,
        }
        components = {
            "einsatzlotse": {
                "dense": 2.6,
                "lexical": 3.9,
                "sector": 1.0,
                "capabilities": 1.7,
                "region": 1.0,
                "stage": 0.75,
            },
            "kerbside-ops": {
                "dense": 0.4,
                "lexical": -1.2,
                "sector": 1.0,
                "capabilities": -0.6,
                "region": 0.0,
                "stage": 0.75,
            },
            "solarfuchs": {
                "dense": -1.1,
                "lexical": -0.3,
                "sector": 0.0,
                "capabilities": -0.7,
                "region": 0.0,
                "stage": 0.75,
            },
        }
        ranked = self.candidates(
            *refs, score=lambda rank: round(4.0 / rank, 3), components=components, reasons=reasons
        )
        return self.shortlisted(
            ranked,
            day,
            matcher={"models": [{"name": "by hand", "fingerprint": "-"}]},
            settings={"top": 3, "filters": {}, "diverse": False, "pool_size": 3},
        )

    def accepted(
        self, startup: str, reason: str = "", shortlist: str = FIRST_SHORTLIST, day: date = date(2019, 4, 6)
    ) -> Shortlist:
        return self.record(AcceptCandidate(shortlist, startup, reason), When(day))

    def rejected(
        self, startup: str, reason: str, shortlist: str = FIRST_SHORTLIST, day: date = date(2019, 4, 6)
    ) -> Shortlist:
        return self.record(RejectCandidate(shortlist, startup, reason), When(day))

    def finalised(self, shortlist: str = FIRST_SHORTLIST, day: date = date(2019, 4, 7)) -> Shortlist:
        return self.record(FinaliseShortlist(shortlist), When(day))

    # Workshops

    def data_treasures_workshop_held(self) -> Workshop:
        """'Datenschätze', planned in May 2018 and held on 2018-06-12 at the Rathaus."""
        workshop = self.record(
            PlanWorkshop(theme="Datenschätze", organisers=["Stadt Herne"], programme=DATA_HUB), on(2018, 5, 1)
        )
        self.record(ScheduleWorkshop(workshop.ref, date(2018, 6, 12), "Rathaus"), on(2018, 5, 2))
        return self.record(
            HoldWorkshop(workshop.ref, ["Stadt", "Allianz"], "two challenges"), on(2018, 6, 12)
        )

    def buildings_workshop_planned(
        self, programme: str | None = DATA_HUB, day: date = date(2020, 1, 20)
    ) -> Workshop:
        """'Gebäude und Wohnungswirtschaft', agreed with the alliance in January 2020."""
        return self.record(
            PlanWorkshop(
                theme="Gebäude und Wohnungswirtschaft", organisers=["Stadt Herne"], programme=programme
            ),
            When(day),
        )

    def buildings_workshop_postponed(self) -> Workshop:
        """Scheduled for 2020-04-23 in Herne, then postponed because of Corona (the document)."""
        self.record(ScheduleWorkshop(BUILDINGS, date(2020, 4, 23), "Herne"), on(2020, 2, 10))
        return self.record(PostponeWorkshop(BUILDINGS, "Corona"), on(2020, 3, 16))

    # The states the test folders start from

    def tendered(self, *startups: str) -> Herne:
        """The programme, Smart Waste Hunter published (deadline 2019-04-30), and these startups."""
        self.programme_launched()
        self.smart_waste_hunter_drafted()
        self.smart_waste_hunter_published()
        self.startups_registered(*startups)
        return self

    def small_programme(self) -> Herne:
        """Eight events: the programme, Smart Waste Hunter published with its deadline ahead (2099),
        Smart Energy Plattform a draft outside the programme (so a filter by programme shows a
        difference), Einsatzlotse, Kerbside Ops and Solarfuchs with contact persons, and the
        buildings workshop planned."""
        self.programme_launched()
        self.smart_waste_hunter_drafted()
        self.smart_waste_hunter_published(deadline=date(2099, 4, 30))
        self.smart_energy_drafted(programme=None)
        for day, name in enumerate(("Einsatzlotse", "Kerbside Ops", "Solarfuchs"), start=2):
            self.startup_registered(name, date(2019, 1, day), **PROFILES.get(name, {}))
        self.buildings_workshop_planned(programme=None)
        return self

    def small_programme_shortlisted(self) -> Herne:
        """The small programme, Einsatzlotse's application, and shortlist 1 of Einsatzlotse and
        Kerbside Ops picked by hand."""
        self.small_programme()
        self.applied("einsatzlotse", "Wir planen Sperrmülltouren.", day=date(2019, 3, 10))
        self.shortlist_picked_by_hand("einsatzlotse", "kerbside-ops")
        return self

    def whole_history(self) -> Herne:
        """A history that touches every read model: both challenges, a revised and a withdrawn
        startup, a withdrawn application, a decided and finalised shortlist, Smart Waste Hunter
        awarded to Einsatzlotse and in implementation, one workshop held and one postponed."""
        self.programme_launched()
        self.open_data_portal_noted()
        self.startups_registered("Einsatzlotse", "Kerbside Ops", "Binfolio", "Later Startup")
        self.startup_revised(
            "kerbside-ops", {"team_size": 20, "name": "Kerbside Operations"}, date(2019, 1, 5)
        )
        self.smart_waste_hunter_drafted()
        self.smart_waste_hunter_revised({"budget_eur": 90000})
        self.smart_waste_hunter_published()
        self.smart_energy_drafted()
        self.applied("einsatzlotse")
        self.applied("binfolio", "Citizen app.", day=date(2019, 4, 2))
        self.application_withdrawn("binfolio", "no capacity", date(2019, 4, 3))
        refs = ("einsatzlotse", "kerbside-ops")
        ranked = self.candidates(
            *refs, components={r: {"dense": 1.0} for r in refs}, reasons={r: {"why": "test"} for r in refs}
        )
        self.shortlisted(ranked, date(2019, 4, 5), matcher={"name": "test"}, settings={"top": 2})
        self.accepted("einsatzlotse", "fits")
        self.rejected("kerbside-ops", "consumer app")
        self.finalised()
        self.closed()
        self.awarded("einsatzlotse")
        self.implementation_started()
        self.data_treasures_workshop_held()
        self.buildings_workshop_planned()
        self.buildings_workshop_postponed()
        self.startup_withdrawn("later-startup", "closed down", date(2020, 6, 1))
        return self

    def demo_until_the_deadline(self) -> Herne:
        """The demo's own story (services/application/demo.py, its own steps and data, so it cannot
        drift) as it stood on 2019-05-02, when the application deadline had passed and the team had
        yet to choose: the programme with the alliance, the alliance's network (118 startups of the
        catalogue), both challenges tendered, the nine applications, Smart Energy Plattform already
        awarded to the demo's winner (so the board and the report show more than one status) and
        the Corona postponement. The demo's shortlists are left out (the whole demo ends awarded,
        and the domain makes no shortlist for an awarded challenge): a test requests its own."""
        say = demo.quiet
        demo.launch_programme(self.store, say)
        demo.join_network(self.store, say)
        demo.tender(self.store, say)
        demo.receive_applications(self.store, say)
        for ref in demo.WINNERS:
            demo.close_applications(self.store, say, ref)
        self.record(
            AwardChallenge(SMART_ENERGY, [demo.WINNERS[SMART_ENERGY]]), demo.assumed(2019, 7, 1), demo.CITY
        )
        demo.postpone_buildings_workshop(self.store, say)
        embed_new_profiles(self.store)  # as the demo does after its import: reasons need the vectors
        return self

    def told_by_the_demo(self) -> Herne:
        """The whole demo, as `matchmaker demo` records it (the real model ranks its shortlists)."""
        demo.tell(self.store, demo.quiet)
        return self
