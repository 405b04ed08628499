"""Requesting a shortlist through the service layer: what the event records, filters, learning, pool by date.

These use a small fake embedder; tests/matching/test_quality.py runs the real model.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain import RuleViolation, Shortlist, Startup
from domain.errors import InvalidValue
from matching.learning import CHECKPOINT, Example, examples_from
from services.application.commands import (
    AcceptCandidate,
    ApplyToChallenge,
    RegisterStartup,
    RejectCandidate,
    WithdrawChallenge,
    WithdrawDecision,
    handle,
)
from services.application.shortlisting import Request, Shortlisting, request_shortlist, use
from services.infrastructure.store import Store
from tests.conftest import MANAGER, on, written
from tests.herne import Herne, profile
from tests.matching.fakes import cached_fake

NAMES = ["Einsatzlotse", "Kerbside Ops", "Binfolio", "Blumenladen", "Kaffeehaus", "Tourenprofi"]


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    """On SQLite and on PostgreSQL, not in memory: the ranking reads the embeddings read model."""
    s = Store(location)
    yield s
    s.close()


@pytest.fixture
def programme(store: Store) -> Store:
    """Smart Waste Hunter published (outside any programme), four waste startups and two others."""
    herne = Herne(store)
    herne.smart_waste_hunter_drafted(programme=None)
    herne.smart_waste_hunter_published()
    for name in NAMES:
        waste = name not in ("Blumenladen", "Kaffeehaus")
        herne.startup_registered(
            name,
            description="Tourenplanung und Online-Anmeldung für Sperrmüll."
            if waste
            else "Wir verkaufen Blumen und Kaffee.",
            sectors=["waste"] if waste else ["retail"],
            languages=["de"],
        )
    return store


@pytest.fixture(autouse=True)
def fake_models(store: Store) -> Shortlisting:
    """The store's shortlisting service with the small fake embedder, embedding as it ranks."""
    return use(store, Shortlisting(store, dense=[(cached_fake(), 1.0)], inline=True))


def training_examples(store: Store, until: date | None = None) -> list[Example]:
    index, _ = Shortlisting(store).current()
    return examples_from(index, until)


def test_the_event_records_what_a_recomputation_needs(programme: Store) -> None:
    store = programme
    shortlist, ranked = request_shortlist(
        store,
        "smart-waste-hunter",
        Request(top=3),
        by=MANAGER,
        when=on(2019, 3, 5),
    )
    produced = store.history(shortlist.id)[0]
    assert produced.matcher["models"] == [
        {"name": "word-hash test embedder", "fingerprint": "test-wordhash-1", "weight": 1.0}
    ]
    assert produced.matcher["weights"]["lexical"] == 0.25 and produced.matcher["reranker"] is None
    assert produced.challenge_version == 2
    assert produced.settings["top"] == 3 and produced.settings["pool_as_of"] == "2019-03-05"
    assert produced.settings["log_position"] > 0 and produced.settings["pool_size"] == len(NAMES)
    assert len(produced.candidates) == 3
    for candidate in produced.candidates:
        assert candidate["profile_version"] == store.load(Startup, candidate["startup_id"]).version
        assert {"dense", "lexical", "sector", "fused", "final"} <= set(candidate["components"])
        assert "matched_terms" in candidate["reasons"] and "best_sentence" in candidate["reasons"]
    assert {r.profile.name for r in ranked} <= {"Einsatzlotse", "Kerbside Ops", "Binfolio", "Tourenprofi"}


def test_exclusions_a_manager_asks_for(programme: Store) -> None:
    store = programme
    handle(
        store,
        ApplyToChallenge("smart-waste-hunter", "einsatzlotse", "pitch"),
        by=MANAGER,
        when=on(2019, 3, 2),
    )
    first, _ = request_shortlist(
        store,
        "smart-waste-hunter",
        Request(top=6),
        by=MANAGER,
        when=on(2019, 3, 5),
    )
    handle(
        store, RejectCandidate(first.ref, "kerbside-ops", "consumer focus"), by=MANAGER, when=on(2019, 3, 6)
    )
    request = Request(
        top=6, exclude_applied=True, exclude_rejected=True, exclude=("binfolio",), sectors=("waste",)
    )
    second, ranked = request_shortlist(
        store,
        "smart-waste-hunter",
        request,
        by=MANAGER,
        when=on(2019, 3, 7),
    )
    assert [r.profile.name for r in ranked] == ["Tourenprofi"]
    reasons = dict(second.settings["filters"]["exclusion_reasons"])
    assert sorted(reasons.values()) == [
        "applied",
        "excluded by name (conflict of interest)",
        "rejected on smart-waste-hunter/shortlist-1",
    ]


def test_a_withdrawn_decision_no_longer_excludes_nor_teaches(programme: Store) -> None:
    """A reject entered by mistake and withdrawn: the next shortlist may show the startup again,
    and the learned component no longer takes it as a rejection."""
    store = programme
    first, _ = request_shortlist(store, "smart-waste-hunter", Request(top=6), by=MANAGER, when=on(2019, 3, 5))
    handle(store, RejectCandidate(first.ref, "kerbside-ops", "Versehen"), by=MANAGER, when=on(2019, 3, 6))
    kerbside = str(store.find(Startup, "kerbside-ops").id)

    def label() -> int | None:
        (example,) = [e for e in training_examples(store) if e.startup_id == kerbside]
        return example.label

    assert label() == 0
    handle(
        store,
        WithdrawDecision(first.ref, "kerbside-ops", "falscher Kandidat"),
        by=MANAGER,
        when=on(2019, 3, 7),
    )
    assert label() is None
    _, ranked = request_shortlist(
        store, "smart-waste-hunter", Request(top=6, exclude_rejected=True), by=MANAGER, when=on(2019, 3, 8)
    )
    assert "Kerbside Ops" in {r.profile.name for r in ranked}


def test_decisions_train_a_reranker_whose_version_is_recorded(
    programme: Store, fake_models: Shortlisting
) -> None:
    store = programme
    first, ranked = request_shortlist(
        store,
        "smart-waste-hunter",
        Request(top=6),
        by=MANAGER,
        when=on(2019, 3, 5),
    )
    assert training_examples(store) == []  # a shortlist nobody decided on teaches nothing
    for r in ranked:
        if "waste" in r.profile.sectors:
            handle(store, AcceptCandidate(first.ref, r.profile.name, "fits"), by=MANAGER, when=on(2019, 3, 6))
        else:
            handle(
                store, RejectCandidate(first.ref, r.profile.name, "no fit"), by=MANAGER, when=on(2019, 3, 6)
            )
    challenge = str(first.challenge_id)
    index, _ = fake_models.current()
    learned = fake_models.reranker(index, None, None, challenge)
    # six decisions: this challenge's feedback learns from all of them at once; the cross-challenge
    # model from the first four (its checkpoints: the 1st, 2nd, 4th, 8th, 16th, then every 20th)
    assert learned is not None and learned.decisions == 4 and learned.describe()["feedback_decisions"] == 6
    second, _ = request_shortlist(
        store, "smart-waste-hunter", Request(top=6), by=MANAGER, when=on(2019, 3, 7)
    )
    assert second.matcher["reranker"]["version"] == learned.version
    assert any(c.components["feedback"] != 0 for c in second.candidates)
    for n in range(CHECKPOINT - 6):  # managers change their minds: every decision counts
        r = ranked[n % len(ranked)]
        if n % 2:
            handle(
                store,
                AcceptCandidate(first.ref, r.profile.name, f"on reflection {n}"),
                by=MANAGER,
                when=on(2019, 3, 8),
            )
        else:
            handle(
                store,
                RejectCandidate(first.ref, r.profile.name, f"on reflection {n}"),
                by=MANAGER,
                when=on(2019, 3, 8),
            )
    third, _ = request_shortlist(store, "smart-waste-hunter", Request(top=6), by=MANAGER, when=on(2019, 3, 9))
    assert third.matcher["reranker"]["decisions"] == 6  # its latest verdict on each of the six
    assert third.matcher["reranker"]["trained_through"] > second.settings["log_position"]
    assert any(c.components["reranker"] != 0 for c in third.candidates)
    # decisions recorded after a business date do not train a shortlist of that date
    assert all(e.label is None for e in training_examples(store, until=date(2019, 3, 5)))


def test_the_learned_components_change_only_when_decisions_are_recorded(
    programme: Store, fake_models: Shortlisting
) -> None:
    """Two shortlists with no decision between them learn the same (same coefficients, same
    training-set version, same learned components); a decision between them changes what is learnt.
    (Before, the candidates of every recorded shortlist counted as impressions, so recording a
    shortlist changed what the next one learnt.)"""
    store = programme

    def shortlist(day: int) -> Shortlist:
        made, _ = request_shortlist(
            store, "smart-waste-hunter", Request(top=6), by=MANAGER, when=on(2019, 3, day)
        )
        return made

    def learned(made: Shortlist) -> dict[str, tuple[float, float]]:
        return {
            str(c.startup_id): (c.components["reranker"], c.components["feedback"]) for c in made.candidates
        }

    first = shortlist(5)
    names = {str(store.find(Startup, n.lower().replace(" ", "-")).id): n for n in NAMES}
    for c in first.candidates:
        waste = names[str(c.startup_id)] not in ("Blumenladen", "Kaffeehaus")
        decision = (AcceptCandidate if waste else RejectCandidate)(first.ref, str(c.startup_id), "passt?")
        handle(store, decision, by=MANAGER, when=on(2019, 3, 6))
    second, third = shortlist(7), shortlist(8)
    assert second.matcher["reranker"] == third.matcher["reranker"]  # version, coefficients, decisions
    assert learned(second) == learned(third) and any(f for _, f in learned(second).values())
    index, _ = fake_models.current()
    challenge = str(first.challenge_id)
    at_second = fake_models.reranker(index, None, second.settings["log_position"], challenge)
    at_third = fake_models.reranker(index, None, third.settings["log_position"], challenge)
    assert at_second is not None and at_third is not None
    assert at_second.version == at_third.version
    sources = [[e.source for e in r.feedback[challenge]] for r in (at_second, at_third)]
    assert sources[0] == sources[1]
    # a decision on the third shortlist: its candidates now teach (impressions and the decision)
    kerbside = str(store.find(Startup, "kerbside-ops").id)
    handle(store, RejectCandidate(third.ref, kerbside, "doch nicht"), by=MANAGER, when=on(2019, 3, 9))
    fourth = shortlist(10)
    assert fourth.matcher["reranker"]["version"] != third.matcher["reranker"]["version"]
    assert learned(fourth) != learned(third)


def test_the_pool_is_what_the_programme_knew_on_the_business_date(programme: Store) -> None:
    store = programme
    handle(
        store,
        RegisterStartup(profile("Latecomer", description="Tourenplanung für Sperrmüll.", languages=["de"])),
        by=MANAGER,
        when=on(2019, 6, 1),
    )
    shortlist, ranked = request_shortlist(
        store,
        "smart-waste-hunter",
        Request(top=10),
        by=MANAGER,
        when=on(2019, 3, 5),
    )
    assert "Latecomer" not in {r.profile.name for r in ranked}
    assert shortlist.settings["pool_size"] == len(NAMES)


def test_refusals_come_before_the_costly_ranking_and_write_nothing(programme: Store) -> None:
    store = programme
    before = written(store)
    with pytest.raises(InvalidValue, match="top: 0 is outside 1..100"):
        request_shortlist(
            store,
            "smart-waste-hunter",
            Request(top=0),
            by=MANAGER,
        )
    with pytest.raises(InvalidValue, match="region: 'Mars' is not one of"):
        request_shortlist(
            store,
            "smart-waste-hunter",
            Request(region="Mars"),
            by=MANAGER,
        )
    handle(store, WithdrawChallenge("smart-waste-hunter", "no budget"), by=MANAGER, when=on(2019, 3, 10))
    before = written(store)
    with pytest.raises(RuleViolation, match="is withdrawn; shortlists are made for published or closed"):
        request_shortlist(store, "smart-waste-hunter", Request(), by=MANAGER)
    assert written(store) == before
    assert not list(store.every(Shortlist))
