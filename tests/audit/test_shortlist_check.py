"""`audit verify-shortlist` with the real model: identical when nothing changed, even after later
and backdated events; a named difference when the weights or the installed model differ."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from domain import Shortlist, Startup
from services.application.audit.shortlists import verify_shortlist
from services.application.commands import (
    AcceptCandidate,
    ProduceShortlist,
    RegisterStartup,
    RejectCandidate,
    ReviseStartup,
    handle,
)
from services.application.shortlisting import Request, request_shortlist
from services.infrastructure.store import Store
from tests.conftest import MANAGER, on
from tests.herne import Herne, profile

ROOT = Path(__file__).resolve().parents[2]
WASTE = [
    ("Einsatzlotse", "Tourenplanung für Müllabfuhr und Sperrmüll, Aufträge aus Bürgerportalen.", "de"),
    ("Kerbside Ops", "Mobile app for collection crews replacing paper route sheets.", "en"),
    ("Binfolio", "Bürger melden Sperrmüll per App an und wählen einen Abholtermin.", "de"),
    ("Dropline Routing", "Route optimisation for delivery and service fleets.", "en"),
    ("Fillsense", "Fill-level sensors for waste containers and smart collection.", "en"),
]
OTHER = [
    ("Blumenladen Online", "Wir verkaufen Blumen im Internet.", "de"),
    ("Kaffeehaus Digital", "Kassensystem für Cafés.", "de"),
    ("Ledgerly", "Accounting software for freelancers.", "en"),
]


@pytest.fixture
def shortlisted(tmp_path: Path) -> Iterator[Store]:
    store = Store(str(tmp_path / "store.db"))
    herne = Herne(store)
    herne.smart_waste_hunter_drafted(programme=None)
    herne.smart_waste_hunter_published()
    for name, description, language in WASTE + OTHER:
        waste = (name, description, language) in WASTE
        herne.startup_registered(
            name,
            date(2019, 1, 10),
            description=description,
            languages=[language],
            sectors=["waste" if waste else "retail"],
        )
    first, _ = request_shortlist(
        store, "smart-waste-hunter", Request(top=5, wait=True), by=MANAGER, when=on(2019, 3, 5)
    )
    ids = [c.startup_id for c in first.candidates]
    handle(store, AcceptCandidate(first.ref, str(ids[0]), "passt"), by=MANAGER, when=on(2019, 3, 6))
    handle(store, RejectCandidate(first.ref, str(ids[-1]), "passt nicht"), by=MANAGER, when=on(2019, 3, 6))
    request_shortlist(
        store, "smart-waste-hunter", Request(top=4, diverse=True, wait=True), by=MANAGER, when=on(2019, 3, 7)
    )
    yield store
    store.close()


def test_both_shortlists_recompute_identically(shortlisted: Store) -> None:
    for ref in ("smart-waste-hunter/shortlist-1", "smart-waste-hunter/shortlist-2"):
        check = verify_shortlist(shortlisted, ref)
        assert check.identical and not check.differences and not check.reasons, check.as_record()
        assert len(check.recomputed) == len(check.recorded) > 0
    second = shortlisted.find(Shortlist, "smart-waste-hunter/shortlist-2")
    assert (
        second.matcher["reranker"]["feedback_decisions"] == 2
    )  # the second learnt from the first's decisions


def test_later_and_backdated_events_do_not_change_the_recomputation(shortlisted: Store) -> None:
    """A startup registered afterwards with an earlier business date, a profile revised, a decision
    backdated: the shortlist read the log at a position, and the check reads it there again."""
    handle(
        shortlisted,
        RegisterStartup(
            profile(
                "Sperrmüllheld", description="Sperrmüll-Abholung per App mit Tourenplanung.", languages=["de"]
            )
        ),
        by=MANAGER,
        when=on(2019, 1, 5),
    )
    handle(
        shortlisted,
        ReviseStartup("fillsense", {"description": "Blumenversand."}),
        by=MANAGER,
        when=on(2019, 3, 8),
    )
    first = shortlisted.find(Shortlist, "smart-waste-hunter/shortlist-1")
    handle(
        shortlisted,
        AcceptCandidate(first.ref, str(first.candidates[1].startup_id), "doch"),
        by=MANAGER,
        when=on(2019, 3, 6),
    )
    for ref in ("smart-waste-hunter/shortlist-1", "smart-waste-hunter/shortlist-2"):
        check = verify_shortlist(shortlisted, ref)
        assert check.identical, check.as_record()


def test_changed_weights_are_named_and_shown_to_explain_the_difference(
    shortlisted: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHMAKER_FUSION_WEIGHTS", "lexical=1.5,sector=0")
    check = verify_shortlist(shortlisted, "smart-waste-hunter/shortlist-1")
    assert not check.identical and check.differences
    assert check.reasons == ["the fusion weights differ: lexical 0.25 -> 1.5, sector 2.0 -> 0.0"]
    assert "the weights explain the difference" in check.explanation


def test_another_installed_model_is_named(shortlisted: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHMAKER_MODEL", "minilm")
    check = verify_shortlist(shortlisted, "smart-waste-hunter/shortlist-1")
    assert not check.identical
    (reason,) = [r for r in check.reasons if r.startswith("a different model is installed now")]
    recorded, installed = reason.split("; installed ")
    assert "multilingual-e5-small" in recorded and "minilm" in installed.lower()


def test_a_hand_picked_shortlist_has_nothing_to_recompute(shortlisted: Store) -> None:
    from domain import Candidate

    einsatzlotse = shortlisted.find(Startup, "einsatzlotse")
    handle(
        shortlisted,
        ProduceShortlist(
            "smart-waste-hunter",
            [Candidate(einsatzlotse.id, 1, 0.0, einsatzlotse.version)],
            matcher={"name": "manual"},
            settings={"picked": ["einsatzlotse"]},
        ),
        by=MANAGER,
    )
    check = verify_shortlist(shortlisted, "smart-waste-hunter/shortlist-3")
    assert not check.recomputable and "picked by hand" in check.reasons[0]


def test_the_cli_exits_6_on_a_difference(shortlisted: Store) -> None:
    env = {**os.environ, "MATCHMAKER_STORE": shortlisted.location}
    command = [sys.executable, "-m", "services.entrypoints.cli.main", "audit", "verify-shortlist"]
    same = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert same.returncode == 0, same.stdout + same.stderr
    assert same.stdout.count("identical") == 2
    env["MATCHMAKER_FUSION_WEIGHTS"] = "lexical=2"
    changed = subprocess.run(
        [*command, "smart-waste-hunter/shortlist-1"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert changed.returncode == 6
    assert "the fusion weights differ: lexical 0.25 -> 2.0" in changed.stdout


def test_identical_after_a_thousand_profile_revisions(shortlisted: Store) -> None:
    """A thousand revisions after the first shortlists, and shortlists ranked between them on the
    revised pool: every shortlist still recomputes identically from the index's versioned entries."""
    names = [name for name, _, _ in WASTE + OTHER]
    variants = [description for _, description, _ in WASTE + OTHER]
    for n in range(1000):
        name = names[n % len(names)]
        changes = (
            {"description": f"{variants[(n // len(names)) % len(variants)]} ({name})"}
            if n % 3
            else {"capabilities": [f"Fähigkeit {n % 7}", "Tourenplanung"]}
        )
        handle(shortlisted, ReviseStartup(name, changes), by=MANAGER, when=on(2019, 3, 9))
        if n in (300, 700):
            request_shortlist(
                shortlisted,
                "smart-waste-hunter",
                Request(top=5, wait=True, diverse=n == 700),
                by=MANAGER,
                when=on(2019, 3, 9),
            )
    refs = [f"smart-waste-hunter/shortlist-{n}" for n in range(1, 5)]
    for ref in refs:
        check = verify_shortlist(shortlisted, ref)
        assert check.identical, check.as_record()
    later = shortlisted.find(Shortlist, refs[-1])
    assert later.settings["not_embedded"] == 0 and later.settings["pool_size"] == len(names)
