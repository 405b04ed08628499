"""Erasure test: after a startup's contact data is erased on request, it appears in no read model,
export, history, snapshot, bus message or rebuilt projection (on SQLite not even in the files'
bytes), and the audit chain still verifies the whole log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError
from psycopg import sql

from domain import Startup
from projections.manager import READ_MODELS
from projections.storage import PostgresLocation, is_postgres
from services.application.audit.export import export
from services.application.audit.replay import replay
from services.application.commands import ErasePersonalData, RegisterStartup, ReviseStartup, handle
from services.application.queries.history import history
from services.application.readmodels import PERSONAL, close_read_models, read_models
from services.entrypoints.cli.main import app
from services.errors import AccessDenied
from services.infrastructure.bus.messages import to_message
from services.infrastructure.personal_data import POSTGRES_KEYS_TABLE
from services.infrastructure.store import Store
from tests.builders import profile
from tests.cli.test_cli import runner
from tests.conftest import AUDITOR, MANAGER, on

ERASED = ("Kim Geheimnis", "kim.geheimnis@wastewise.example")
KEPT = ("Sanne de Vries", "sanne@kerbside.example")


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    store = Store(location, env={"IS_SNAPSHOTTING_ENABLED": "y"})
    handle(store, RegisterStartup(profile("Kerbside Ops")), by=MANAGER, when=on(2019, 2, 1))
    handle(
        store,
        RegisterStartup(
            profile("Wastewise", contact_name="Kim Vorher", contact_email="kim@wastewise.example")
        ),
        by=MANAGER,
        when=on(2019, 2, 1),
    )
    handle(
        store,
        ReviseStartup("wastewise", {"contact_name": ERASED[0], "contact_email": ERASED[1]}),
        by=MANAGER,
        when=on(2019, 3, 1),
    )
    store.take_snapshot(Startup.create_id("wastewise"))
    read_models(store, embeddings=True).catch_up()  # the contact data reached every read model first
    yield store
    close_read_models(store)
    store.close()


def everything_shown(store: Store) -> str:
    """Every place an erased value could still be read from, as one text."""
    models = read_models(store, embeddings=True)
    models.catch_up()
    shown = [json.dumps(models.view(name, current=False).items(), ensure_ascii=False) for name in READ_MODELS]
    shown += [json.dumps(record, ensure_ascii=False) for record in export(store)]
    shown += [repr(entry) for entry in history(AUDITOR, store, "wastewise")]
    snapshot = next(iter(store.snapshots.get(Startup.create_id("wastewise"))))  # type: ignore[union-attr]
    shown.append(repr(vars(snapshot)))
    shown.append(repr(store.find(Startup, "wastewise").profile))
    for notification in store.recorder.select_notifications(start=1, limit=1000):
        event = store.mapper.to_domain_event(notification)
        shown.append(to_message(event, notification.id).model_dump_json())
    return "\n".join(shown)


def test_erased_contact_data_is_shown_nowhere_and_the_log_still_verifies(store: Store) -> None:
    before = everything_shown(store)
    assert all(value in before for value in (*ERASED, *KEPT))  # shown before, so the test can see it go
    chain = read_models(store).chain
    anchor = chain.verify().anchor

    handle(
        store, ErasePersonalData("wastewise", "Löschersuchen vom 2021-03-01"), by=MANAGER, when=on(2021, 3, 1)
    )

    after = everything_shown(store)
    assert not any(value in after for value in ERASED) and "Kim Vorher" not in after
    assert all(value in after for value in KEPT)  # another startup's contact data is untouched
    erased = store.find(Startup, "wastewise")
    assert erased.profile["contact_name"] is None and erased.personal_data_erased_on is not None
    assert erased.profile["description"] == profile()["description"]  # the rest of the profile stays
    result = chain.verify(anchor=anchor)
    assert result.ok and result.checked == store.recorder.max_notification_id()


def test_only_the_read_models_erasure_compacts_hold_contact_data(store: Store) -> None:
    """Erasure catches up and compacts only these before it returns: any other read model that
    showed contact data would keep it until its next reader came."""
    models = read_models(store, embeddings=True)
    holding = {
        name
        for name in READ_MODELS
        if ERASED[1] in json.dumps(models.view(name, current=False).items(), ensure_ascii=False)
    }
    assert holding == set(PERSONAL)


def test_a_replay_and_a_rebuild_show_no_erased_data(store: Store) -> None:
    handle(store, ErasePersonalData("wastewise", "on request"), by=MANAGER)
    models = read_models(store, embeddings=True)
    models.rebuild("directory")
    rebuilt = json.dumps(models.view("directory").items(), ensure_ascii=False)
    assert ERASED[1] not in rebuilt and KEPT[1] in rebuilt
    assert all(comparison.identical for comparison in replay(store))


def test_no_file_of_the_sqlite_store_holds_the_erased_bytes(tmp_path: Path) -> None:
    location = str(tmp_path / "store.db")
    store = Store(location, env={"IS_SNAPSHOTTING_ENABLED": "y"})
    handle(
        store,
        RegisterStartup(profile("Wastewise", contact_name=ERASED[0], contact_email=ERASED[1])),
        by=MANAGER,
    )
    handle(store, RegisterStartup(profile("Kerbside Ops")), by=MANAGER)
    store.take_snapshot(Startup.create_id("wastewise"))
    read_models(store, embeddings=True).catch_up()
    files = sorted(tmp_path.iterdir())
    assert not any(
        ERASED[1].encode() in f.read_bytes() for f in files if f.name.startswith("store.db")
    )  # sealed
    assert any(ERASED[1].encode() in f.read_bytes() for f in files)  # but the directory shows it

    handle(store, ErasePersonalData("wastewise", "on request"), by=MANAGER)
    read_models(store, embeddings=True).catch_up()

    holding = [
        f.name for f in sorted(tmp_path.iterdir()) if any(v.encode() in f.read_bytes() for v in ERASED)
    ]
    assert holding == []
    assert any(KEPT[1].encode() in f.read_bytes() for f in tmp_path.iterdir())
    close_read_models(store)


def test_erasing_again_records_nothing_and_an_auditor_may_not_erase(store: Store) -> None:
    head = store.recorder.max_notification_id()
    with pytest.raises(AccessDenied):
        handle(store, ErasePersonalData("wastewise", "on request"), by=AUDITOR)
    assert store.recorder.max_notification_id() == head
    handle(store, ErasePersonalData("wastewise", "on request"), by=MANAGER)
    handle(store, ErasePersonalData("wastewise", "on request"), by=MANAGER)
    assert store.recorder.max_notification_id() == head + 1


def test_a_new_contact_after_erasure_is_sealed_with_a_new_key(store: Store) -> None:
    handle(store, ErasePersonalData("wastewise", "on request"), by=MANAGER)
    handle(store, ReviseStartup("wastewise", {"contact_name": "Neue Person"}), by=MANAGER)
    again = Store(store.location, env={"IS_SNAPSHOTTING_ENABLED": "y"})  # nothing cached
    assert again.find(Startup, "wastewise").profile["contact_name"] == "Neue Person"
    assert ERASED[0] not in everything_shown(again)
    close_read_models(again)
    again.close()


def keys_of(store: Store, startup: str) -> list[str]:
    """The ids of the startup's keys, read straight from the store's database."""
    subject = str(Startup.create_id(startup))
    if not is_postgres(store.location):
        with closing(sqlite3.connect(store.location)) as conn:
            rows = conn.execute("SELECT key_id FROM personal_keys WHERE subject = ?", (subject,)).fetchall()
        return [row[0] for row in rows]
    table = sql.Identifier(PostgresLocation.parse(store.location).schema or "public", POSTGRES_KEYS_TABLE)
    with psycopg.connect(store.location.split("?")[0]) as conn:
        query = sql.SQL("SELECT key_id FROM {} WHERE subject = %s").format(table)
        return [row[0] for row in conn.execute(query, (subject,))]


def test_a_key_is_written_with_its_event_or_not_at_all(location: str) -> None:
    """A save that loses a race writes neither its events nor the key it made for them."""
    winner, loser = Store(location), Store(location)
    make = loser.keys.pending.make

    def make_then_lose_the_race(subjects: Any) -> Any:
        made = make(subjects)  # a new key for Wastewise, held for loser's save
        handle(
            winner,
            RegisterStartup(profile("Wastewise", contact_name="Kim Erst")),
            by=MANAGER,
            when=on(2019, 2, 1),
        )
        return made

    loser.keys.pending.make = make_then_lose_the_race  # type: ignore[method-assign]
    late = Startup.register(
        ref="wastewise",
        profile=profile("Wastewise", contact_name="Kim Spät"),
        by=MANAGER,
        when=on(2019, 2, 1),
    )
    with pytest.raises(IntegrityError):
        loser.save(late)
    assert len(keys_of(winner, "wastewise")) == 1  # the winner's; the loser's was never written
    assert loser.find(Startup, "wastewise").profile["contact_name"] == "Kim Erst"
    winner.close()
    loser.close()


def holders(location: str, directory: Path) -> list[str]:
    """Where the erased values can still be found: the SQLite files under `directory` that hold
    their bytes, or the PostgreSQL tables of the store's schema with a row that holds them (as
    text, or as bytes in a bytea column)."""
    values = [value.encode() for value in ERASED]
    if not is_postgres(location):
        return [f.name for f in sorted(directory.iterdir()) if any(v in f.read_bytes() for v in values)]
    schema = PostgresLocation.parse(location).schema
    found = []
    with psycopg.connect(location.split("?")[0]) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL("SELECT COUNT(*) FROM {} AS t WHERE t::text LIKE ANY(%s)").format(
                sql.Identifier(schema, table)
            )
            patterns = [f"%{v.decode()}%" for v in values] + [f"%{v.hex()}%" for v in values]
            if conn.execute(query, (patterns,)).fetchone()[0]:  # type: ignore[index]
                found.append(table)
    return found


def shown_in_read_models(location: str, tmp_path: Path) -> Store:
    """A store whose read models were caught up after a startup with contact data registered, left
    open as a process serving requests keeps them."""
    serving = Store(location)
    for name, contact in (("Wastewise", ERASED), ("Kerbside Ops", KEPT)):
        person = {"contact_name": contact[0], "contact_email": contact[1]}
        handle(serving, RegisterStartup(profile(name, **person)), by=MANAGER, when=on(2019, 2, 1))
    read_models(serving).catch_up()
    assert holders(location, tmp_path)  # the directory shows them, so the test can see them go
    return serving


def test_erase_returns_when_no_read_model_file_or_row_holds_the_erased_data(
    location: str, tmp_path: Path
) -> None:
    """In a process whose read models are attached (the API), nothing reads them after the erasure."""
    serving = shown_in_read_models(location, tmp_path)
    handle(serving, ErasePersonalData("wastewise", "on request"), by=MANAGER)
    assert holders(location, tmp_path) == []
    assert KEPT[1] in json.dumps(read_models(serving).view("directory", current=False).items())
    close_read_models(serving)
    serving.close()


def test_erase_on_the_command_line_returns_when_no_read_model_holds_the_erased_data(
    location: str, tmp_path: Path
) -> None:
    """The command line opens the store, erases and exits, while another process keeps the read
    models it caught up open: when the command returns, they hold the erased data no more."""
    serving = shown_in_read_models(location, tmp_path)
    args = ["--store", location, "--actor", "Petra Programm", "--role", "manager"]
    result = runner.invoke(app, [*args, "startup", "erase", "wastewise", "--reason", "on request"])
    assert result.exit_code == 0, result.output
    assert holders(location, tmp_path) == []
    close_read_models(serving)
    serving.close()
