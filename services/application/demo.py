"""The Herne story of council inquiry 2021/0401, recorded as events through the ordinary commands.

Source: ../shared/seed/herne-council-inquiry-2021-0401.txt. Where the document gives a date (the
year 2018, implementation until mid-2021) it is used; every other date is a plausible assumption
and recorded with `date_assumed`. The document does not name the applicants or the two winners;
the demo uses invented startups of the development catalogue as stand-ins, and the texts of the
two challenges are illustrative beyond their titles and owners.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from domain import Actor, Programme, Shortlist, When
from domain.values import slug
from services.application.commands import (
    AcceptCandidate,
    ApplyToChallenge,
    AwardChallenge,
    CloseChallenge,
    DraftChallenge,
    ErasePersonalData,
    HoldWorkshop,
    LaunchProgramme,
    NoteActivity,
    PlanWorkshop,
    PostponeWorkshop,
    PublishChallenge,
    RejectCandidate,
    ReviseStartup,
    ScheduleWorkshop,
    StartImplementation,
    handle,
)
from services.application.imports import ImportReport, import_startups
from services.application.readmodels import embed_new_profiles
from services.application.shortlisting import Request, request_shortlist
from services.infrastructure.data import data_file
from services.infrastructure.store import Store

CITY = Actor("Stadt Herne, Stabsstelle Digitalisierung", "manager")
ALLIANCE = "Gründerallianz Ruhr"
DATA_HUB = "data-hub-programm"
CATALOGUE = "eval-dev/startups.jsonl"

#: Stand-in applicants from the development catalogue (all founded before 2019).
WASTE_APPLICANTS = ("Einsatzlotse", "Binfolio Citizen App", "Termintakt Software", "Dropline Routing")
ENERGY_APPLICANTS = (
    "Quartiva Energiesysteme",
    "Gridmosaic",
    "Mietwatt",
    "Netzspiegel Simulation",
    "Gatewayhof Messdienste",
)
NETWORK_FOUNDED_BY = 2018
PARTNER = Actor("Gründerallianz Ruhr (Partner)", "manager")
#: The development set's challenges that echo Herne's two (see data/eval-dev/README.md).
PAIRED_DEV_CHALLENGE = {"smart-waste-hunter": "c01", "smart-energy-plattform": "c02"}
ERASED_ON_REQUEST = "Dropline Routing"  # an applicant that did not win and asked for erasure
WINNERS = {"smart-waste-hunter": "Einsatzlotse", "smart-energy-plattform": "Quartiva Energiesysteme"}

SMART_WASTE_HUNTER = {
    "title": "Smart Waste Hunter: Intelligente Sperrmüllprozesse",
    "owner": "entsorgung herne AöR",
    "sector": "waste",
    "description": (
        "Die entsorgung herne AöR sucht gemeinsam mit der Gründerallianz Ruhr ein Start-up, das die "
        "Sperrmüllprozesse intelligent macht: Bürgerinnen und Bürger melden Sperrmüll einfach online an, "
        "Menge und Aufwand werden vorab geschätzt, die Abholtouren werden tagesaktuell geplant und die "
        "Teams vor Ort dokumentieren Aufträge mobil. Start-ups erhalten dafür Zugang zu städtischen Daten. "
        "(Text zur Veranschaulichung; die Ratsanfrage nennt nur Titel und Partner.)"
    ),
    "required_capabilities": [
        "Online-Anmeldung von Sperrmüll",
        "Mengen- und Aufwandsschätzung",
        "dynamische Tourenplanung",
        "mobile Auftragsdokumentation",
    ],
    "datasets_offered": ["Sperrmüllaufträge (anonymisiert)", "Abfuhrbezirke", "Fahrzeugtelematik"],
    "language": "de",
    "region_preference": None,
}

SMART_ENERGY_PLATTFORM = {
    "title": "Smart Energy Plattform: Intelligente Steuerung für das Klimaviertel",
    "owner": "Stadtwerke Herne AG",
    "sector": "energy",
    "description": (
        "Die Stadtwerke Herne AG suchen gemeinsam mit der Gründerallianz Ruhr eine Plattform, die die "
        "Energieanlagen des Klimaviertels intelligent steuert: Photovoltaik, Wärmepumpen, Speicher und "
        "Ladepunkte werden vernetzt, Lasten prognostiziert und Erzeugung und Verbrauch im Quartier "
        "aufeinander abgestimmt. Start-ups erhalten dafür Zugang zu Daten der Stadtwerke. "
        "(Text zur Veranschaulichung; die Ratsanfrage nennt nur Titel und Partner.)"
    ),
    "required_capabilities": [
        "Quartiersenergiemanagement",
        "Last- und Erzeugungsprognose",
        "Steuerung von Wärmepumpen und Speichern",
        "offene Schnittstellen",
    ],
    "datasets_offered": ["Lastgänge des Klimaviertels (aggregiert)", "Erzeugungsdaten Photovoltaik"],
    "language": "de",
    "region_preference": None,
}


def dev_grades() -> dict[str, dict[str, int]]:
    grades: dict[str, dict[str, int]] = {}
    for line in data_file("eval-dev/qrels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        challenge, startup, grade = line.split("\t")
        grades.setdefault(challenge, {})[startup] = int(grade)
    return grades


def assumed(year: int, month: int, day: int) -> When:
    return When(date(year, month, day), assumed=True)


def already_told(store: Store) -> bool:
    return store.exists(Programme.create_id(DATA_HUB))


@dataclass
class Told:
    """What the demo recorded that it shows afterwards."""

    shortlists: list[str] = field(default_factory=list)
    catalogue: ImportReport | None = None


def tell(
    store: Store,
    say: Callable[[When, str], None],
    progress: Callable[[int, int], None] | None = None,
) -> Told:
    """Record the story; `say` reports each step with its business date, `progress` the embedding."""
    told = Told()
    catalogue, rows = catalogue_rows()
    launch_programme(store, say)
    _other_measures(store, say)
    _workshop(
        store,
        say,
        "Datenschätze im Konzern Stadt",
        assumed(2018, 5, 15),
        assumed(2018, 6, 12),
        "Themenfelder Abfallwirtschaft und Energie für Ausschreibungen ausgewählt.",
    )
    _workshop(
        store,
        say,
        "Challenges mit entsorgung herne und Stadtwerken Herne",
        assumed(2018, 8, 1),
        assumed(2018, 9, 20),
        "Zwei Ausschreibungen vorbereitet: Smart Waste Hunter und Smart Energy Plattform.",
    )
    join_network(store, say)
    tender(store, say)

    dev_ids = {r["name"]: str(r["id"]) for r in rows}
    for ref, dev_challenge in PAIRED_DEV_CHALLENGE.items():
        told.shortlists.append(_shortlist_and_decide(store, say, ref, dev_challenge, dev_ids, progress))

    receive_applications(store, say)

    for ref, winner in WINNERS.items():
        close_applications(store, say, ref)
        handle(store, AwardChallenge(ref, [winner]), by=CITY, when=assumed(2019, 7, 1))
        say(assumed(2019, 7, 1), f"{ref} awarded to {winner} (document: two startups won the award)")
        handle(store, StartImplementation(ref, date(2021, 6, 30)), by=CITY, when=assumed(2019, 9, 1))
        say(assumed(2019, 9, 1), f"{ref}: implementation started, expected to end by mid-2021 (document)")

    handle(
        store,
        ErasePersonalData(ERASED_ON_REQUEST, "Löschersuchen nach Art. 17 DSGVO nach Ende der Bewerbung"),
        by=CITY,
        when=assumed(2019, 10, 1),
    )
    say(
        assumed(2019, 10, 1),
        f"{ERASED_ON_REQUEST} asked to be forgotten: its contact data is erased (its key destroyed)",
    )
    postpone_buildings_workshop(store, say)

    told.catalogue = import_startups(store, catalogue, by=CITY)
    say(When(date.today()), f"Startup catalogue {catalogue.name} imported today: {told.catalogue.summary()}")
    embed_new_profiles(store, progress)  # as the import command does: shortlists need no model pass
    return told


def quiet(when: When, message: str) -> None:
    """A `say` for telling only part of the story, as tests do."""


def catalogue_rows() -> tuple[Path, list[dict[str, Any]]]:
    catalogue = data_file(CATALOGUE)
    return catalogue, [json.loads(line) for line in catalogue.open(encoding="utf-8") if line.strip()]


def launch_programme(store: Store, say: Callable[[When, str], None]) -> None:
    when = assumed(2018, 3, 1)
    handle(
        store,
        LaunchProgramme(
            name="Data-Hub-Programm",
            city="Herne",
            partners=[ALLIANCE],
            starts_on=when.on,
            ref=DATA_HUB,
            description="Kooperation der Stadt Herne mit der Gründerallianz Ruhr: Start-ups erhalten "
            "Zugang zu städtischen Datenschätzen, um darauf Unternehmenskonzepte aufzubauen. "
            "Im Ruhrgebiet einmalig.",
        ),
        by=CITY,
        when=when,
    )
    say(
        when,
        f"Programme 'Data-Hub-Programm' of the city of Herne launched with the {ALLIANCE} (document: 2018)",
    )


def join_network(store: Store, say: Callable[[When, str], None]) -> None:
    catalogue, rows = catalogue_rows()
    network = [
        (i, r) for i, r in enumerate(rows, start=1) if int(r.get("founded") or 9999) <= NETWORK_FOUNDED_BY
    ]
    joined = import_startups(store, catalogue, rows=network, by=PARTNER, when=assumed(2019, 2, 15))
    say(
        assumed(2019, 2, 15),
        f"The {ALLIANCE} brings its startup network into the programme: "
        f"{joined.imported} startups founded by {NETWORK_FOUNDED_BY} (stand-ins from the catalogue)",
    )


def tender(store: Store, say: Callable[[When, str], None]) -> None:
    for details in (SMART_WASTE_HUNTER, SMART_ENERGY_PLATTFORM):
        challenge = handle(
            store, DraftChallenge(details, programme=DATA_HUB), by=CITY, when=assumed(2019, 2, 1)
        ).aggregate
        handle(store, PublishChallenge(challenge.ref, date(2019, 4, 30)), by=CITY, when=assumed(2019, 3, 1))
        say(
            assumed(2019, 3, 1),
            f"Challenge '{challenge.title}' with {details['owner']} tendered, deadline 2019-04-30",
        )


def receive_applications(store: Store, say: Callable[[When, str], None]) -> None:
    """The applicants name a contact person (fictitious; personal data, sealed in the store) and apply.

    The programme office records what it received in 2019: only managers record the past (a
    startup's own actions are dated the day it acts)."""
    by_name = {r["name"]: r for r in catalogue_rows()[1]}
    for day, name in enumerate(WASTE_APPLICANTS + ENERGY_APPLICANTS, start=1):
        target = "smart-waste-hunter" if name in WASTE_APPLICANTS else "smart-energy-plattform"
        applicant = Actor(f"{CITY.name}, Bewerbung von {name}", "manager")
        handle(
            store,
            ReviseStartup(
                name, {"contact_name": f"Kontakt {name}", "contact_email": f"kontakt@{slug(name)}.example"}
            ),
            by=applicant,
            when=assumed(2019, 4, day),
        )
        handle(
            store,
            ApplyToChallenge(
                target, name, f"{name} bewirbt sich mit seiner Lösung: {by_name[name]['capabilities'][0]}."
            ),
            by=applicant,
            when=assumed(2019, 4, day),
        )
        say(assumed(2019, 4, day), f"{name} ({by_name[name]['city']}) applied to {target}")


def close_applications(store: Store, say: Callable[[When, str], None], ref: str) -> None:
    handle(store, CloseChallenge(ref, "Bewerbungsfrist abgelaufen"), by=CITY, when=assumed(2019, 5, 2))
    say(assumed(2019, 5, 2), f"{ref} closed: the application deadline has passed")


def postpone_buildings_workshop(store: Store, say: Callable[[When, str], None]) -> None:
    buildings = handle(
        store,
        PlanWorkshop(
            theme="Gebäude und Wohnungswirtschaft",
            organisers=["Stadt Herne", ALLIANCE],
            programme=DATA_HUB,
            description="Weiterer Workshop, vereinbart mit der Gründerallianz Ruhr.",
        ),
        by=CITY,
        when=assumed(2020, 1, 20),
    ).aggregate
    handle(
        store, ScheduleWorkshop(buildings.ref, date(2020, 4, 23), "Herne"), by=CITY, when=assumed(2020, 2, 10)
    )
    say(
        assumed(2020, 2, 10), "Workshop 'Gebäude und Wohnungswirtschaft' planned and scheduled for 2020-04-23"
    )
    handle(
        store,
        PostponeWorkshop(
            buildings.ref,
            "Auf Wunsch der Gründerallianz Ruhr wegen der Corona-Pandemie verschoben; "
            "die Stadt hält daran fest, sobald sich die Lage ändert.",
        ),
        by=CITY,
        when=assumed(2020, 3, 16),
    )
    say(
        assumed(2020, 3, 16),
        "Workshop 'Gebäude und Wohnungswirtschaft' postponed because of Corona (document)",
    )


def _shortlist_and_decide(
    store: Store,
    say: Callable[[When, str], None],
    challenge: str,
    dev_challenge: str,
    dev_ids: dict[str, str],
    progress: Callable[[int, int], None] | None,
) -> str:
    """A ranked shortlist, and the manager's decisions on it.

    The demo's manager decides as the labelled grades of the development set's twin of this
    challenge say (c01 and c02 echo Herne's two challenges): strong fits are accepted, startups
    graded unfit are rejected, partial fits stay open.
    """
    shortlist, ranked = request_shortlist(
        store, challenge, Request(top=8, wait=True), by=CITY, when=assumed(2019, 3, 8), progress=progress
    )
    say(
        assumed(2019, 3, 8),
        f"Shortlist {shortlist.ref} ranked {shortlist.settings['pool_size']} startups "
        "with the hybrid matcher",
    )
    grades = dev_grades().get(dev_challenge, {})
    for candidate in ranked:
        name = candidate.profile.name
        grade = grades.get(dev_ids.get(name, ""), 0)
        if grade == 2:
            matched = candidate.reasons.get("matched_capabilities") or [
                {"offered": candidate.profile.capabilities[0]}
            ]
            handle(
                store,
                AcceptCandidate(shortlist.ref, name, f"passt: {matched[0]['offered']}"),
                by=CITY,
                when=assumed(2019, 3, 12),
            )
        elif grade == 0:
            handle(
                store,
                RejectCandidate(shortlist.ref, name, "löst ein anderes Problem als die Ausschreibung"),
                by=CITY,
                when=assumed(2019, 3, 12),
            )
    decided = len(store.find(Shortlist, shortlist.ref).decisions)
    say(assumed(2019, 3, 12), f"The programme team decided on {decided} candidates of {shortlist.ref}")
    return shortlist.ref


def _workshop(
    store: Store, say: Callable[[When, str], None], theme: str, planned: When, held: When, outcomes: str
) -> None:
    workshop = handle(
        store,
        PlanWorkshop(theme=theme, organisers=["Stadt Herne", ALLIANCE], programme=DATA_HUB),
        by=CITY,
        when=planned,
    ).aggregate
    handle(store, ScheduleWorkshop(workshop.ref, held.on, "Rathaus Herne"), by=CITY, when=planned)
    participants = [
        "Konzern Stadt Herne",
        ALLIANCE,
        "internationale Start-up-Szene",
        "Stabsstelle Digitalisierung",
    ]
    handle(store, HoldWorkshop(workshop.ref, participants, outcomes), by=CITY, when=held)
    say(held, f"Workshop '{theme}' held with the Konzern Stadt, the alliance and the start-up scene")


def _other_measures(store: Store, say: Callable[[When, str], None]) -> None:
    """Questions 5 and 6 of the inquiry: what the city does besides the Data-Hub-Programm."""
    ref = "startup-foerderung-herne"
    launched = assumed(2018, 1, 1)
    handle(
        store,
        LaunchProgramme(
            name="Startup-Förderung der Stadt Herne",
            city="Herne",
            ref=ref,
            starts_on=launched.on,
            partners=["Ruhrvalley Cluster e.V.", "Wirtschaftsförderungsgesellschaft Herne mbH", "FAKT AG"],
            description="Maßnahmen der Stadt mit anderen Akteuren, um Start-ups nach Herne zu holen.",
        ),
        by=CITY,
        when=launched,
    )
    measures = [
        (
            "Mitglied im Ruhrvalley Cluster e.V.",
            "membership",
            ["Ruhrvalley Cluster e.V."],
            "Technologietransfer in Energie, Mobilität und Digitalisierung; "
            "Impulsveranstaltungen, Workshops, digitales Marketing.",
            assumed(2018, 1, 1),
        ),
        (
            "Startup-Center der Wirtschaftsförderung",
            "advice",
            ["Wirtschaftsförderungsgesellschaft Herne mbH"],
            "Gründer- und Förderberatung, Aufbau von Netzwerken und Strukturen.",
            assumed(2018, 1, 1),
        ),
        (
            "Veranstaltungsreihe Digital.Herne.Business",
            "event series",
            ["Stabsstelle Digitalisierung"],
            "Informiert über technologische Trends und vernetzt die Akteure.",
            assumed(2019, 1, 15),
        ),
        (
            "Ausbau des Open Data Portals",
            "open data",
            ["Stabsstelle Digitalisierung"],
            "Daten nutzbar machen, damit ansässige Unternehmen neue Services entwickeln.",
            assumed(2019, 6, 1),
        ),
        (
            "Co-Working-Spaces der FAKT AG",
            "co-working",
            ["FAKT AG"],
            "Räume für neue, agile Arbeitsformen.",
            assumed(2020, 1, 1),
        ),
    ]
    for title, kind, partners, description, when in measures:
        handle(
            store,
            NoteActivity(ref, title=title, kind=kind, partners=partners, description=description),
            by=CITY,
            when=when,
        )
    say(
        launched,
        "Other measures recorded: Ruhrvalley Cluster, Startup-Center, Digital.Herne.Business, "
        "Open Data Portal, FAKT AG co-working",
    )
