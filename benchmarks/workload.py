"""A large, plausible programme history for benchmarks and crash tests, grown through the domain.

Each cycle tenders one challenge: twenty startups register (texts from the real catalogues) and
five revise their profiles, ten apply (one withdraws), a shortlist of ten is produced and six
decisions and a finalisation follow, the challenge is closed, awarded and implemented, and a
workshop is planned, scheduled and held. About 52 events a cycle, every rule of the domain kept,
saved in atomic batches.
"""

from __future__ import annotations

import csv
import itertools
import json
from datetime import date, timedelta
from typing import Any

from domain import Actor, Application, Candidate, Challenge, Programme, Shortlist, Startup, When, Workshop
from services.infrastructure.data import data_file
from services.infrastructure.store import Store

MANAGER = Actor("Workload", "manager")
BATCH = 500
SECTORS = ["waste", "energy", "mobility", "buildings", "water", "health", "education", "data"]


def _texts() -> list[dict[str, Any]]:
    """Descriptions and capabilities from the dev catalogue and the YC catalogue."""
    rows = [json.loads(line) for line in data_file("eval-dev/startups.jsonl").read_text().splitlines()]
    texts = [
        {"description": r["description"], "capabilities": r["capabilities"], "language": r["language"]}
        for r in rows
    ]
    with data_file("yc-startups.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Description"].strip():
                categories = [c.strip() for c in row["Categories"].split(",") if c.strip()]
                texts.append(
                    {"description": row["Description"], "capabilities": categories, "language": "en"}
                )
    return texts


def grow(store: Store, events: int, *, start: date = date(2015, 1, 1)) -> int:
    """Append cycles until at least `events` events are written; return how many were written."""
    texts = _texts()
    written = 0
    pending: list[Any] = []
    counter = itertools.count()

    def save(*aggregates: Any) -> None:
        nonlocal written
        pending.extend(aggregates)
        if len(pending) >= BATCH:
            flush()

    def flush() -> None:
        nonlocal written
        written += sum(len(a.pending_events) for a in pending)
        store.save(*pending)
        pending.clear()

    base = store.recorder.max_notification_id() or 0
    programme = Programme.launch(
        ref=f"workload-{base}",
        name=f"Workload {base}",
        city="Herne",
        partners=["Gründerallianz Ruhr"],
        starts_on=start,
        by=MANAGER,
        when=When(start),
    )
    save(programme)
    cycle = 0
    while written + sum(len(a.pending_events) for a in pending) < events:
        day = start + timedelta(days=cycle % 3000)
        when = When(day)
        later = [When(day + timedelta(days=d)) for d in range(1, 8)]
        sector = SECTORS[cycle % len(SECTORS)]
        startups = []
        for _ in range(20):
            n = next(counter)
            text = texts[n % len(texts)]
            startups.append(
                Startup.register(
                    ref=f"w{base}-startup-{n}",
                    profile={
                        "name": f"Startup {base}-{n}",
                        "description": text["description"],
                        "capabilities": text["capabilities"][:6],
                        "sectors": [sector],
                        "languages": [text["language"]],
                        "city": "Bochum",
                        "stage": "seed",
                    },
                    by=MANAGER,
                    when=when,
                )
            )
        for s in startups[:5]:
            s.revise({"team_size": 5 + cycle % 40}, by=MANAGER, when=later[0])
        challenge = Challenge.draft(
            ref=f"w{base}-challenge-{cycle}",
            programme_id=programme.id,
            by=MANAGER,
            when=when,
            details={
                "title": f"Challenge {cycle}",
                "owner": "Stadt Herne",
                "sector": sector,
                "description": texts[cycle % len(texts)]["description"],
                "required_capabilities": ["x", "y"],
            },
        )
        challenge.publish(day + timedelta(days=30), by=MANAGER, when=later[0])
        applications = [
            Application.submit(challenge, s, "pitch", by=MANAGER, when=later[1]) for s in startups[:10]
        ]
        applications[-1].withdraw("changed plans", by=MANAGER, when=later[2])
        candidates = [
            Candidate(s.id, i, 1.0 / i, s.version, {"dense": 1.0 / i}) for i, s in enumerate(startups[:10], 1)
        ]
        shortlist = Shortlist.produce(
            challenge, 1, candidates, matcher={"name": "workload"}, settings={}, by=MANAGER, when=later[2]
        )
        for i, s in enumerate(startups[:6]):
            if i % 2:
                shortlist.reject(s.id, "not a fit", by=MANAGER, when=later[3])
            else:
                shortlist.accept(s.id, "fits", by=MANAGER, when=later[3])
        shortlist.finalise(by=MANAGER, when=later[3])
        challenge.close(by=MANAGER, when=later[4])
        challenge.award({startups[0].id: "applied"}, [startups[0].id], by=MANAGER, when=later[5])
        challenge.start_implementation(day + timedelta(days=300), by=MANAGER, when=later[6])
        workshop = Workshop.plan(
            ref=f"w{base}-workshop-{cycle}",
            theme=f"Workshop {cycle}",
            organisers=["Stadt"],
            programme_id=programme.id,
            by=MANAGER,
            when=when,
        )
        workshop.schedule(day + timedelta(days=5), "Herne", by=MANAGER, when=when)
        workshop.hold(["Stadt", "Allianz"], "ideas", by=MANAGER, when=When(day + timedelta(days=5)))
        save(*startups, challenge, *applications, shortlist, workshop)
        cycle += 1
    flush()
    return written
