"""One decision view per challenge: the latest standing decision per startup across the
challenge's shortlists, with every decision and withdrawal in its history; and a startup's
challenges, each once, with its current state (fast: the small Herne programme on SQLite)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain import Actor
from services.application.commands import WithdrawDecision
from services.application.queries import decisions
from services.errors import AccessDenied
from services.infrastructure.store import Store
from tests.conftest import AUDITOR, MANAGER, on
from tests.herne import FIRST_SHORTLIST, SMART_WASTE_HUNTER, Herne

SECOND = f"{SMART_WASTE_HUNTER}/shortlist-2"
THIRD = f"{SMART_WASTE_HUNTER}/shortlist-3"
EINSATZLOTSE = Actor("Eva Einsatz", "startup", acts_for="einsatzlotse")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Three shortlists of Smart Waste Hunter: Einsatzlotse accepted on 1 and rejected on 3 later;
    Kerbside Ops rejected on 1 and accepted on 2, that acceptance withdrawn; Solarfuchs on 3 only,
    undecided. Einsatzlotse applied; Kerbside Ops is awarded nothing."""
    store = Store(str(tmp_path_factory.mktemp("decisions") / "store.db"))
    herne = Herne(store).small_programme()
    herne.applied("einsatzlotse", day=date(2019, 3, 10))
    herne.shortlist_picked_by_hand("einsatzlotse", "kerbside-ops", day=date(2019, 3, 12))
    herne.accepted("einsatzlotse", "passt", day=date(2019, 3, 20))
    herne.rejected("kerbside-ops", "zu früh", day=date(2019, 3, 20))
    herne.shortlisted(herne.candidates("kerbside-ops", "einsatzlotse"), date(2019, 4, 1))
    herne.accepted("kerbside-ops", "jetzt reif", shortlist=SECOND, day=date(2019, 4, 2))
    herne.record(WithdrawDecision(SECOND, "kerbside-ops", "versehentlich"), on(2019, 4, 3))
    herne.shortlisted(herne.candidates("solarfuchs", "einsatzlotse"), date(2019, 4, 10))
    herne.rejected("einsatzlotse", "Budget fehlt", shortlist=THIRD, day=date(2019, 4, 11))
    yield store
    store.close()


def by_ref(view: dict) -> dict[str, dict]:
    return {row["startup"]: row for row in view["startups"]}


def test_the_latest_decision_across_shortlists_stands_and_the_history_keeps_every_one(store: Store) -> None:
    view = decisions.decisions(MANAGER, store, SMART_WASTE_HUNTER)
    assert view["shortlists"] == [FIRST_SHORTLIST, SECOND, THIRD]
    rows = by_ref(view)
    assert list(rows) == ["startup/einsatzlotse", "startup/kerbside-ops", "startup/solarfuchs"]
    einsatzlotse = rows["startup/einsatzlotse"]
    assert einsatzlotse["current"]["verdict"] == "rejected"  # shortlist 3, later than shortlist 1
    assert einsatzlotse["current"]["shortlist"] == THIRD and einsatzlotse["current"]["on"] == "2019-04-11"
    assert [(h["number"], h["verdict"], h["on"]) for h in einsatzlotse["history"]] == [
        (1, "accepted", "2019-03-20"),
        (3, "rejected", "2019-04-11"),
    ]
    assert [p["number"] for p in einsatzlotse["shortlisted"]] == [1, 2, 3]


def test_a_withdrawn_decision_stands_no_more_and_the_one_before_stands_again(store: Store) -> None:
    kerbside = by_ref(decisions.decisions(MANAGER, store, SMART_WASTE_HUNTER))["startup/kerbside-ops"]
    assert kerbside["current"]["verdict"] == "rejected" and kerbside["current"]["number"] == 1
    assert [(h["number"], h["verdict"], h["reason"]) for h in kerbside["history"]] == [
        (1, "rejected", "zu früh"),
        (2, "accepted", "jetzt reif"),
        (2, "withdrawn", "versehentlich"),
    ]
    solarfuchs = by_ref(decisions.decisions(AUDITOR, store, SMART_WASTE_HUNTER))["startup/solarfuchs"]
    assert solarfuchs["current"] is None and solarfuchs["history"] == []


def test_a_startup_sees_no_decisions(store: Store) -> None:
    with pytest.raises(AccessDenied):
        decisions.decisions(EINSATZLOTSE, store, SMART_WASTE_HUNTER)


def test_a_startup_page_lists_each_challenge_once_with_its_current_state(store: Store) -> None:
    seen = decisions.challenges_of(MANAGER, store, "einsatzlotse")
    assert [(r["challenge"], r["state"]) for r in seen] == [(f"challenge/{SMART_WASTE_HUNTER}", "rejected")]
    assert seen[0]["applied_on"] == "2019-03-10" and len(seen[0]["shortlisted"]) == 3
    kerbside = decisions.challenges_of(MANAGER, store, "kerbside-ops")
    assert [r["state"] for r in kerbside] == ["rejected"]
    own = decisions.challenges_of(EINSATZLOTSE, store, "einsatzlotse")
    assert [(r["state"], r["shortlisted"], r["current"]) for r in own] == [("applied", [], None)]
    assert decisions.challenges_of(EINSATZLOTSE, store, "kerbside-ops") == []  # not its application


def test_an_award_outranks_the_decisions_and_a_withdrawn_application_is_said(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store(str(tmp_path / "store.db"))
    try:
        herne = Herne(store).tendered("Einsatzlotse", "Kerbside Ops")
        herne.applied("einsatzlotse", day=date(2019, 3, 10))
        herne.applied("kerbside-ops", day=date(2019, 3, 10))
        herne.application_withdrawn("kerbside-ops", "kein Team frei", date(2019, 3, 11))
        herne.shortlist_picked_by_hand("einsatzlotse", day=date(2019, 3, 12))
        herne.accepted("einsatzlotse", "passt", day=date(2019, 3, 20))
        herne.closed(day=date(2019, 5, 2))
        herne.awarded("einsatzlotse", day=date(2019, 7, 1))
        awarded = decisions.challenges_of(MANAGER, store, "einsatzlotse")
        assert [(r["state"], r["awarded_on"]) for r in awarded] == [("awarded", "2019-07-01")]
        assert awarded[0]["current"]["verdict"] == "accepted"  # still said beside the award
        seen = decisions.challenges_of(EINSATZLOTSE, store, "einsatzlotse")
        assert [r["state"] for r in seen] == ["awarded"]  # awards are public
        withdrawn = decisions.challenges_of(MANAGER, store, "kerbside-ops")
        assert [(r["state"], r["application_withdrawn_on"]) for r in withdrawn] == [
            ("withdrawn", "2019-03-11")
        ]
    finally:
        store.close()
