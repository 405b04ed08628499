"""The read side's application layer: every query applies the access policy itself, so that no
entry point can forget to (fast: the small Herne programme, no HTTP, no matcher). The queries read
the read models, which live in SQLite files beside the store: so a SQLite store, not `:memory:`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain import Actor
from domain.startup import PERSONAL_FIELDS
from services.application.queries import applications, audit, board, directory, history, items, shortlists
from services.errors import AccessDenied, NotFound
from services.infrastructure.store import Store
from tests.conftest import AUDITOR, MANAGER, STARTUP
from tests.herne import Herne

EINSATZLOTSE = Actor("Eva Einsatz", "startup", acts_for="einsatzlotse")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(str(tmp_path_factory.mktemp("queries") / "store.db"))
    Herne(store).small_programme_shortlisted()
    yield store
    store.close()


def test_a_startup_sees_published_challenges_without_shortlist_counts(store: Store) -> None:
    staff = {r["ref"]: r for r in board.board(MANAGER, store)}
    seen = {r["ref"]: r for r in board.board(EINSATZLOTSE, store)}
    assert set(staff) == {"smart-waste-hunter", "smart-energy-plattform"}
    assert set(seen) == {"smart-waste-hunter"}
    assert staff["smart-waste-hunter"]["shortlisted"] == 2
    assert (
        seen["smart-waste-hunter"]["shortlisted"] is None and seen["smart-waste-hunter"]["accepted"] is None
    )
    assert board.board(AUDITOR, store) == list(staff.values())


def test_the_board_is_filtered_by_the_programme_s_ref_and_an_unknown_one_is_named(store: Store) -> None:
    assert [r["ref"] for r in board.board(MANAGER, store, programme="data-hub-programm")] == [
        "smart-waste-hunter"
    ]
    with pytest.raises(NotFound) as refused:
        board.board(MANAGER, store, programme="Data")  # a part of the name is no programme
    assert refused.value.field == "programme"


def test_a_draft_is_unknown_to_a_startup_whichever_way_it_asks(store: Store) -> None:
    assert board.challenge(AUDITOR, store, "smart-energy-plattform")["status"] == "draft"
    for read in (board.challenge, items.item):
        with pytest.raises(NotFound):
            read(EINSATZLOTSE, store, "smart-energy-plattform")


def test_a_startup_sees_no_other_startup_s_contact_person(store: Store) -> None:
    entries = {e["ref"]: e for e in directory.directory(EINSATZLOTSE, store)}
    assert entries["einsatzlotse"]["profile"]["contact_name"] == "Eva Einsatz"
    assert entries["einsatzlotse"]["applications"] and entries["einsatzlotse"]["withheld"] == []
    for other in ("solarfuchs", "kerbside-ops"):
        assert not set(PERSONAL_FIELDS) & set(entries[other]["profile"])
        assert entries[other]["withheld"] == list(PERSONAL_FIELDS) and entries[other]["applications"] is None
    assert all(e["shortlistings"] is None for e in entries.values())
    one = directory.startup(EINSATZLOTSE, store, "solarfuchs")
    assert "contact_email" not in one["profile"] and items.item(EINSATZLOTSE, store, "solarfuchs") == one
    # without a startup to speak for, no contact person at all
    assert all(not set(PERSONAL_FIELDS) & set(e["profile"]) for e in directory.directory(STARTUP, store))
    assert (
        directory.startup(AUDITOR, store, "solarfuchs")["profile"]["contact_email"]
        == "fritz@solarfuchs.example"
    )


def test_a_startup_sees_its_own_applications_only(store: Store) -> None:
    assert [a["ref"] for a in applications.applications(EINSATZLOTSE, store)] == [
        "smart-waste-hunter/einsatzlotse"
    ]
    other = Actor("Sanne de Vries", "startup", acts_for="kerbside-ops")
    assert applications.applications(other, store) == []
    with pytest.raises(AccessDenied):
        applications.application(other, store, "smart-waste-hunter", "einsatzlotse")


def test_shortlists_histories_and_audits_are_not_for_startups(store: Store) -> None:
    assert [s["ref"] for s in shortlists.summaries(AUDITOR, store)] == ["smart-waste-hunter/shortlist-1"]
    assert [
        c["name"] for c in shortlists.shortlist(AUDITOR, store, "smart-waste-hunter", 1)["candidates"]
    ] == [
        "Einsatzlotse",
        "Kerbside Ops",
    ]
    assert [e.event for e in history.history(AUDITOR, store, "smart-waste-hunter")][:2] == [
        "Drafted",
        "Published",
    ]
    refusals = [
        lambda: shortlists.summaries(EINSATZLOTSE, store),
        lambda: shortlists.shortlist(EINSATZLOTSE, store, "smart-waste-hunter", 1),
        lambda: items.item(EINSATZLOTSE, store, "smart-waste-hunter/shortlist-1"),
        lambda: history.history(EINSATZLOTSE, store, "smart-waste-hunter"),
        lambda: history.state(EINSATZLOTSE, store, "smart-waste-hunter"),
        lambda: audit.export(EINSATZLOTSE, store),  # refused before the first record is read
        lambda: audit.verify(EINSATZLOTSE, store),
    ]
    for refusal in refusals:
        with pytest.raises(AccessDenied):
            refusal()


def test_history_as_of_a_date_and_a_uuid_of_another_kind(store: Store) -> None:
    up_to = history.history(AUDITOR, store, "smart-waste-hunter", date(2019, 2, 15))
    assert [e.event for e in up_to] == ["Drafted"]
    challenge_id = board.challenge(MANAGER, store, "smart-waste-hunter")["id"]
    with pytest.raises(NotFound) as refused:
        history.history(MANAGER, store, challenge_id, kind="startup")
    assert refused.value.field == "ref"
