"""The read models take the lifecycles from the domain, and the report folds on the events' stored
topics: renaming an event class (or a status enum's member) changes nothing they show."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from eventsourcing.persistence import Tracking

from domain import KINDS, UPCOMING, ChallengeStatus, Verdict, WorkshopStatus, event_classes
from projections.board import board_rows
from projections.calendar import calendar_rows
from projections.manager import ReadModels
from projections.report import ProgrammeReport, council_report
from projections.storage import documents_at
from services.application.reporting import LANGUAGES, labels, render
from services.infrastructure.store import Store
from tests.herne import Herne

PROJECTIONS = Path(__file__).resolve().parents[2] / "projections"
DAYS = [date(2018, 6, 30), date(2019, 4, 2), date(2019, 4, 4), date(2019, 12, 31), date(2021, 4, 27)]
#: Values the domain's status enums define: read models name them by the enum, never as literals.
STATUS_VALUES = {s.value for enum in (ChallengeStatus, WorkshopStatus, Verdict) for s in enum}


def _shown(models: ReadModels) -> dict[str, object]:
    reports = {day.isoformat(): council_report(models.view("report"), day) for day in DAYS}
    return {
        "reports": reports,
        "texts": [render(r, language) for r in reports.values() for language in LANGUAGES],
        "board": board_rows(models.view("board")),
        "calendar": calendar_rows(models.view("calendar")),
    }


def test_renaming_every_event_class_changes_nothing_the_read_models_show(store: Store) -> None:
    Herne(store).whole_history()
    models = ReadModels(store, store.location)
    before = _shown(models)
    assert before["reports"]["2021-04-27"]["projects"][0]["status"] == "implementing"
    classes = [c for aggregate in KINDS.values() for c in event_classes(aggregate)]
    names = [(c.__name__, c.__qualname__) for c in classes]
    try:
        for event_class, (name, qualname) in zip(classes, names, strict=True):
            event_class.__name__, event_class.__qualname__ = f"Renamed{name}", f"Renamed{qualname}"
        for model in ("report", "board", "calendar"):
            models.rebuild(model)
        after = _shown(models)
    finally:
        for event_class, (name, qualname) in zip(classes, names, strict=True):
            event_class.__name__, event_class.__qualname__ = name, qualname
    assert after == before
    models.close()


def test_the_report_keys_its_timelines_on_topics(store: Store) -> None:
    Herne(store).whole_history()
    models = ReadModels(store, store.location)
    topics = {entry["topic"] for doc in models.view("report").all() for entry in doc["timeline"]}
    assert "matchmaker:Challenge.ImplementationStarted@1" in topics
    assert topics <= set(ProgrammeReport.event_topics)
    assert all("event" not in entry for doc in models.view("report").all() for entry in doc["timeline"])
    models.close()


@pytest.mark.parametrize("stored_as", ["report", "report_f2", "report_f3", "report_f4"])
def test_a_report_stored_in_an_earlier_format_is_never_read(store: Store, stored_as: str) -> None:
    """Format 1 named events by class, format 2 kept neither the day an entry was recorded nor
    corrected dates, format 3 no challenge's sectors, format 4 no shortlist's decisions: such a
    generation stays apart, and the report is built anew."""
    Herne(store).whole_history()
    head = store.recorder.max_notification_id() or 0
    earlier = documents_at(store.location, stored_as, 1)  # where that format kept generation 1
    stale = {"kind": "challenge", "id": "x", "ref": "stale", "programme_id": None, "timeline": []}
    earlier.commit({"x": stale}, Tracking(store.name, head))
    earlier.close()
    models = ReadModels(store, store.location)
    assert ProgrammeReport.stored_name() == "report_f5"
    docs = models.view("report").all()
    assert "stale" not in {d.get("ref") for d in docs} and docs
    report = council_report(models.view("report"), date(2021, 4, 27))
    assert [p["status"] for p in report["projects"]] == ["implementing"]
    models.close()


NEWER_THAN_FORMAT_5: set[str] = set()  # event types added after format 5


def test_the_report_format_follows_the_topics_it_stores() -> None:
    """Timeline entries store topics: if the report handles other topics, or a topic changes, old
    generations lack or misname entries, so `document_format` must be raised (and this list updated).
    An event type created after the format (NEWER) cannot be in an old generation's log prefix, so
    handling it needs no new format."""
    assert ProgrammeReport.document_format == 5
    assert tuple(t for t in ProgrammeReport.event_topics if t not in NEWER_THAN_FORMAT_5) == (
        "matchmaker:Application.DateCorrected@1",
        "matchmaker:Application.Submitted@1",
        "matchmaker:Application.Withdrawn@1",
        "matchmaker:Challenge.AwardRevoked@1",
        "matchmaker:Challenge.Awarded@1",
        "matchmaker:Challenge.Closed@1",
        "matchmaker:Challenge.ClosedEarly@1",
        "matchmaker:Challenge.DateCorrected@1",
        "matchmaker:Challenge.Drafted@1",
        "matchmaker:Challenge.ImplementationCompleted@1",
        "matchmaker:Challenge.ImplementationStarted@1",
        "matchmaker:Challenge.Published@1",
        "matchmaker:Challenge.Reopened@1",
        "matchmaker:Challenge.Revised@1",
        "matchmaker:Challenge.Withdrawn@1",
        "matchmaker:Programme.ActivityNoted@1",
        "matchmaker:Programme.DateCorrected@1",
        "matchmaker:Programme.Ended@1",
        "matchmaker:Programme.Launched@1",
        "matchmaker:Programme.PartnerJoined@1",
        "matchmaker:Programme.PartnerLeft@1",
        "matchmaker:Shortlist.CandidateAccepted@1",
        "matchmaker:Shortlist.CandidateRejected@1",
        "matchmaker:Shortlist.DateCorrected@1",
        "matchmaker:Shortlist.DecisionWithdrawn@1",
        "matchmaker:Shortlist.Produced@1",
        "matchmaker:Startup.ProfileRevised@1",
        "matchmaker:Startup.Registered@1",
        "matchmaker:Workshop.Cancelled@1",
        "matchmaker:Workshop.DateCorrected@1",
        "matchmaker:Workshop.Held@1",
        "matchmaker:Workshop.Planned@1",
        "matchmaker:Workshop.Postponed@1",
        "matchmaker:Workshop.Scheduled@1",
    )


def _status_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals used as a status: compared with, assigned to a "status" or "verdict" key,
    or listed in a tuple, set or list that something is compared with."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                items = operand.elts if isinstance(operand, (ast.Tuple, ast.Set, ast.List)) else [operand]
                found += [(i.lineno, i.value) for i in items if isinstance(i, ast.Constant)]
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                is_status = isinstance(key, ast.Constant) and key.value in ("status", "verdict")
                if is_status and isinstance(value, ast.Constant):
                    found.append((value.lineno, value.value))
        elif isinstance(node, ast.IfExp):
            found += [(n.lineno, n.value) for n in (node.body, node.orelse) if isinstance(n, ast.Constant)]
    return [(line, value) for line, value in found if value in STATUS_VALUES]


@pytest.mark.parametrize("module", sorted(PROJECTIONS.glob("*.py")), ids=lambda p: p.name)
def test_read_models_name_neither_event_classes_nor_status_strings(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    class_names = [
        node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "__name__"
    ]
    assert not class_names, f"{module.name}:{class_names}: fold on an event's TOPIC, not its class's name"
    literals = _status_literals(tree)
    assert not literals, f"{module.name}: {literals}: use the domain's enum (or the event's LEADS_TO/VERDICT)"


def test_the_report_says_every_status_in_words() -> None:
    for language in LANGUAGES:
        words = labels(language)
        assert set(words["status"]) == set(ChallengeStatus)
        assert set(words["workshop_status"]) == set(UPCOMING)
        assert all(not w.startswith("report_") for w in words["status"].values())
