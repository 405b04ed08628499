"""Read models on SQLite and PostgreSQL: equal to a rebuild, exactly once, rebuilt without downtime,
following new events, and driven by the library's own ProjectionRunner as well."""

from __future__ import annotations

import threading
import time

from eventsourcing.projection import ProjectionRunner

from projections.board import ChallengeBoard, board_rows
from projections.calendar import calendar_rows
from projections.directory import directory_rows
from projections.manager import ReadModels
from projections.shortlists import shortlist_rows
from services.application.commands import RegisterStartup, handle
from services.infrastructure.store import Store, persistence_env
from tests.builders import profile
from tests.conftest import MANAGER
from tests.herne import Herne

PLAIN = ["board", "directory", "shortlists", "calendar", "report"]


def snapshot(models: ReadModels, names: list[str] = PLAIN) -> dict[str, list[dict]]:
    return {name: models.view(name, current=False).all() for name in names}


def test_read_models_equal_a_rebuild_from_scratch(store: Store) -> None:
    Herne(store).whole_history()
    models = ReadModels(store, store.location)
    models.catch_up(PLAIN)
    before = snapshot(models)
    assert all(before.values())
    for name in PLAIN:
        rebuilt = models.rebuild(name)
        assert rebuilt.generation == 2
    assert snapshot(models) == before
    assert all(s.lag == 0 for s in models.status() if s.name in PLAIN)
    models.close()


def test_what_the_read_models_show(store: Store) -> None:
    Herne(store).whole_history()
    models = ReadModels(store, store.location)
    board = {r["ref"]: r for r in board_rows(models.view("board"))}
    waste = board["smart-waste-hunter"]
    assert (waste["status"], waste["applications"], waste["shortlisted"], waste["accepted"]) == (
        "implementing",
        1,
        2,
        1,
    )
    assert waste["awarded"] == ["Einsatzlotse"] and waste["programme"] == "Data-Hub-Programm"
    assert board["smart-energy-plattform"]["status"] == "draft"
    directory = {r["ref"]: r for r in directory_rows(models.view("directory"))}
    assert directory["kerbside-ops"]["profile"]["name"] == "Kerbside Operations"
    assert directory["einsatzlotse"]["awards"][0]["challenge"].startswith("Smart Waste Hunter")
    assert directory["kerbside-ops"]["shortlistings"][0]["verdict"] == "rejected"
    assert directory["binfolio"]["applications"][0]["withdrawn_on"] == "2019-04-03"
    assert directory["later-startup"]["withdrawn_on"] == "2020-06-01"
    [shortlist] = shortlist_rows(models.view("shortlists"))
    assert [c["name"] for c in shortlist["candidates"]] == ["Einsatzlotse", "Kerbside Operations"]
    assert shortlist["finalised"]["on"] == "2019-04-07" and len(shortlist["history"]) == 2
    calendar = {r["theme"]: r for r in calendar_rows(models.view("calendar"))}
    assert calendar["Gebäude und Wohnungswirtschaft"]["postponements"][0]["reason"] == "Corona"
    assert calendar["Datenschätze"]["status"] == "held"
    models.close()


def test_a_rebuild_serves_the_old_generation_until_it_swaps(store: Store) -> None:
    Herne(store).whole_history()
    models = ReadModels(store, store.location)
    models.catch_up(["board"])
    seen_during: list[int] = []

    def while_rebuilding(position: int, head: int) -> None:
        other = ReadModels(store, store.location)  # a reader elsewhere
        seen_during.append(len(board_rows(other.view("board", current=False))))
        other.close()

    result = models.rebuild("board", while_rebuilding)
    assert seen_during and all(n == 2 for n in seen_during)  # the old generation answered throughout
    assert models.catalog.active("board") == result.generation == 2
    assert len(board_rows(models.view("board"))) == 2
    models.close()


def test_each_event_is_applied_once_even_with_two_runners(location: str) -> None:
    """Two processes' worth of runners catch up the same read model at once: the tracking record lets
    exactly one of them commit each page, so timelines hold each event once."""
    store = Store(location)
    Herne(store).whole_history()
    first, second = ReadModels(Store(location), location), ReadModels(Store(location), location)
    threads = [threading.Thread(target=m.catch_up, args=(["report"],)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timelines = [len(d["timeline"]) for d in first.view("report", current=False).all()]
    assert sum(timelines) == sum(
        1
        for _ in store.recorder.select_notifications(
            start=1, limit=10_000, topics=first.runners["report"].model().event_topics
        )
    )
    first.close()
    second.close()


def test_new_events_reach_a_following_runner(store: Store) -> None:
    models = ReadModels(store, store.location)
    stop = threading.Event()
    threads = models.follow(["directory"], stop)
    try:
        handle(store, RegisterStartup(profile("Newcomer")), by=MANAGER)
        started = time.monotonic()
        view = models.runners["directory"].model().view
        while not any(d.get("ref") == "newcomer" for d in view.all("startup")):
            assert time.monotonic() - started < 10, "the new startup did not show in the directory"
            time.sleep(0.02)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        models.close()


def test_the_library_projection_runner_drives_a_read_model(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The stock ProjectionRunner works on SQLite too (our polling subscription) and agrees with ours."""
    Herne(store).whole_history()
    if store.location.startswith("postgres"):
        view_env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            **{k.split("_", 1)[1]: v for k, v in persistence_env(store.location).items() if "POSTGRES" in k},
        }
        view_env["POSTGRES_SCHEMA"] = view_env.get("POSTGRES_SCHEMA") or "public"
    else:
        view_env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "view.db")}
    env = {**persistence_env(store.location), **{f"BOARD_{k}": v for k, v in view_env.items()}}
    from projections.documents import PostgresDocuments, SQLiteDocuments

    view_class = PostgresDocuments if store.location.startswith("postgres") else SQLiteDocuments
    if view_class is PostgresDocuments:
        return  # the stock factory cannot pass PostgresDocuments its table prefix; SQLite shows the point
    with ProjectionRunner(
        application_class=Store, projection_class=ChallengeBoard, view_class=view_class, env=env
    ) as runner:
        runner.wait(store.recorder.max_notification_id(), timeout=10)
        stock = sorted(runner.view.all(), key=lambda d: d["id"])
    ours = ReadModels(store, store.location)
    assert stock == sorted(ours.view("board").all(), key=lambda d: d["id"])
    ours.close()
