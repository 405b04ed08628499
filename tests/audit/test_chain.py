"""Tamper test: the audit chain catches a changed byte, a deleted event, two swapped events and an
inserted one, each at its position, on SQLite and PostgreSQL; and exit status 6 from the CLI."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from projections.chain import AuditChain
from projections.storage import sibling
from services.application.commands import RegisterStartup, ReviseStartup, handle
from services.infrastructure.store import Store
from tests.builders import profile
from tests.conftest import MANAGER

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 40


@pytest.fixture
def chained(location: str) -> tuple[Store, AuditChain]:
    store = Store(location)
    for i in range(EVENTS // 2):
        handle(store, RegisterStartup(profile(f"Startup {i}")), by=MANAGER)
        handle(store, ReviseStartup(f"startup-{i}", {"team_size": 20 + i}), by=MANAGER)
    chain = AuditChain(store, location)
    assert chain.catch_up() == EVENTS
    assert chain.catch_up() == 0  # exactly once: nothing is chained twice
    assert chain.verify().ok
    return store, chain


def run_sql(store: Store, statements: list[tuple[str, tuple[object, ...]]]) -> None:
    """Edit the stored events behind the application's back."""
    if store.location.startswith("postgres"):
        import psycopg
        from psycopg import sql

        schema = store.recorder.datastore.schema  # type: ignore[attr-defined]
        table = sql.Identifier(schema, store.recorder.events_table_name)  # type: ignore[attr-defined]
        with psycopg.connect(store.location.split("?")[0], autocommit=False) as conn:
            for statement, parameters in statements:
                conn.execute(sql.SQL(statement.replace("TABLE", "{}")).format(table), parameters)
        return
    with sqlite3.connect(store.location) as conn:
        for statement, parameters in statements:
            conn.execute(statement.replace("TABLE", "stored_events").replace("%s", "?"), parameters)


def position_column(store: Store) -> str:
    return "notification_id" if store.location.startswith("postgres") else "rowid"


def read_state(store: Store, position: int) -> bytes:
    (notification,) = store.recorder.select_notifications(start=position, limit=1)
    assert notification.id == position
    return bytes(notification.state)


def flip_a_byte(store: Store, position: int) -> None:
    state = bytearray(read_state(store, position))
    state[len(state) // 2] ^= 0x01
    column = position_column(store)
    run_sql(store, [(f"UPDATE TABLE SET state = %s WHERE {column} = %s", (bytes(state), position))])


def delete(store: Store, position: int) -> None:
    run_sql(store, [(f"DELETE FROM TABLE WHERE {position_column(store)} = %s", (position,))])


def swap(store: Store, first: int, second: int) -> None:
    column = position_column(store)
    run_sql(
        store,
        [
            (f"UPDATE TABLE SET {column} = %s WHERE {column} = %s", (1_000_000, first)),
            (f"UPDATE TABLE SET {column} = %s WHERE {column} = %s", (first, second)),
            (f"UPDATE TABLE SET {column} = %s WHERE {column} = %s", (second, 1_000_000)),
        ],
    )


def move(store: Store, position: int, to: int) -> None:
    """Take an event out of its place and put it where a gap was: a delete plus an insert."""
    column = position_column(store)
    run_sql(store, [(f"UPDATE TABLE SET {column} = %s WHERE {column} = %s", (to, position))])


Tamper = Callable[[Store], object]


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (lambda s: flip_a_byte(s, 17), {(17, "changed")}),
        (lambda s: delete(s, 23), {(23, "deleted")}),
        (lambda s: swap(s, 5, 31), {(5, "reordered"), (31, "reordered")}),
        (lambda s: (delete(s, 9), move(s, 12, 9)), {(9, "reordered"), (12, "deleted")}),
    ],
    ids=["changed-byte", "deleted", "swapped", "moved"],
)
def test_tampering_is_caught_at_its_position(
    chained: tuple[Store, AuditChain], tamper: Tamper, expected: set[tuple[int, str]]
) -> None:
    store, chain = chained
    tamper(store)
    result = chain.verify()
    assert {(f.position, f.kind) for f in result.findings} == expected
    assert result.first_bad_position == min(p for p, _ in expected)


def test_an_event_inserted_into_a_gap_of_the_log_is_caught(location: str) -> None:
    """Positions can have gaps (PostgreSQL's sequence skips the ids of failed inserts): an event
    forged into one shows as inserted."""
    store = Store(location)
    for i in range(10):
        handle(store, RegisterStartup(profile(f"Startup {i}")), by=MANAGER)
    move(store, 10, 15)  # a gap 10..14, as a failed insert leaves it
    chain = AuditChain(store, location)
    assert chain.catch_up() == 10 and chain.verify().ok
    forged = read_state(store, 3)
    (original,) = store.recorder.select_notifications(start=3, limit=1)
    column = position_column(store)
    run_sql(
        store,
        [
            (
                f"INSERT INTO TABLE ({column}, originator_id, originator_version, topic, state) "
                "VALUES (%s, %s, %s, %s, %s)",
                (12, str(uuid.uuid4()), 1, original.topic, forged),
            )
        ],
    )
    result = chain.verify()
    assert [(f.position, f.kind) for f in result.findings] == [(12, "inserted")]


def test_the_swapped_events_name_each_other(chained: tuple[Store, AuditChain]) -> None:
    store, chain = chained
    swap(store, 5, 31)
    details = {f.position: f.detail for f in chain.verify().findings}
    assert "chained at position 31" in details[5] and "chained at position 5" in details[31]


def test_an_edited_chain_and_a_rewritten_history_show(chained: tuple[Store, AuditChain]) -> None:
    store, chain = chained
    anchor = chain.verify().anchor
    # Someone changes an event and rebuilds the chain from the changed log: the links verify again,
    # but the chain no longer passes through the anchor an auditor wrote down.
    if store.location.startswith("postgres"):
        pytest.skip("rewriting the chain is shown on SQLite, where it is a file to delete")
    flip_a_byte(store, 3)
    chain.close()
    sibling(store.location, "chain").unlink()
    rewritten = AuditChain(store, store.location)
    assert rewritten.verify().ok  # a fresh chain blesses whatever the log holds now...
    result = rewritten.verify(anchor=anchor)
    assert [(f.position, f.kind) for f in result.findings] == [(EVENTS, "anchor")]  # ...but not the anchor


def test_audit_verify_exits_6_and_names_the_first_bad_position(tmp_path: Path) -> None:
    location = str(tmp_path / "store.db")
    store = Store(location)
    for i in range(5):
        handle(store, RegisterStartup(profile(f"Startup {i}")), by=MANAGER)
    env = {**os.environ, "MATCHMAKER_STORE": location}
    command = [sys.executable, "-m", "services.entrypoints.cli.main", "audit", "verify"]
    ok = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "5 stored events match the chain" in ok.stdout
    flip_a_byte(store, 4)
    bad = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 6
    assert "first bad position: 4" in bad.stderr
