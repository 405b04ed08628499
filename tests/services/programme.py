"""A small programme for the read side's tests: the API tests' seed (a published challenge, a
draft, startups with contact persons, a workshop), one application and a hand-picked shortlist."""

from __future__ import annotations

from domain import Candidate, Startup
from services.application.commands import ApplyToChallenge, handle
from services.application.commands.shortlists import ProduceShortlist
from services.infrastructure.store import Store
from tests.api.conftest import seed
from tests.conftest import MANAGER, on


def record_programme(store: Store) -> None:
    seed(store)
    handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "Wir planen Sperrmülltouren."),
        by=MANAGER,
        when=on(2019, 3, 10),
    )
    picked = [store.find(Startup, ref) for ref in ("einsatzlotse", "kerbside-ops")]
    handle(
        store,
        ProduceShortlist(
            "smart-waste-hunter",
            [
                Candidate(
                    startup_id=s.id,
                    rank=i,
                    score=0.0,
                    profile_version=s.version,
                    reasons={"picked": "by hand"},
                )
                for i, s in enumerate(picked, start=1)
            ],
            matcher={"name": "manual"},
            settings={"picked": [s.ref for s in picked]},
        ),
        by=MANAGER,
        when=on(2019, 3, 12),
    )
