"""Rules of programmes and workshops."""

from __future__ import annotations

from datetime import date

import pytest

from domain import InvalidValue, RuleViolation, WorkshopStatus
from domain.programme import Programme
from tests.builders import programme, refused, workshop
from tests.conftest import MANAGER, on


def test_a_programme_needs_a_name_and_a_city() -> None:
    with pytest.raises(InvalidValue, match="city: must not be empty"):
        Programme.launch(
            ref="x", name="X", city="", partners=[], starts_on=None, by=MANAGER, when=on(2018, 1, 1)
        )


def test_partners_join_once_and_leave_only_if_partners() -> None:
    p = programme()
    refused(
        p,
        lambda: p.join("gründerallianz ruhr", by=MANAGER, when=on(2018, 2, 1)),
        RuleViolation,
        "already a partner",
    )
    refused(
        p,
        lambda: p.leave("FAKT AG", "moved", by=MANAGER, when=on(2018, 2, 1)),
        RuleViolation,
        "is not a partner",
    )
    p.join("FAKT AG", by=MANAGER, when=on(2018, 2, 1))
    p.leave("fakt ag", "co-working space closed", by=MANAGER, when=on(2019, 2, 1))
    assert p.partners == ["Gründerallianz Ruhr"]
    assert p.former_partners == ["FAKT AG"]


def test_nothing_happens_to_an_ended_programme() -> None:
    p = programme()
    refused(p, lambda: p.end("", by=MANAGER, when=on(2020, 1, 1)), InvalidValue, "reason")
    p.end("cooperation completed", by=MANAGER, when=on(2022, 1, 1))
    refused(
        p, lambda: p.join("FAKT AG", by=MANAGER, when=on(2022, 2, 1)), RuleViolation, "ended on 2022-01-01"
    )
    refused(
        p, lambda: p.note_activity("x", "y", [], "", by=MANAGER, when=on(2022, 2, 1)), RuleViolation, "ended"
    )


def test_a_programme_cannot_end_before_it_starts() -> None:
    p = Programme.launch(
        ref="x",
        name="X",
        city="Herne",
        partners=[],
        starts_on=date(2019, 1, 1),
        by=MANAGER,
        when=on(2018, 6, 1),
    )
    refused(
        p,
        lambda: p.end("never started", by=MANAGER, when=on(2018, 7, 1)),
        RuleViolation,
        "cannot end before it starts",
    )


def test_a_workshop_postponed_for_corona_must_be_rescheduled_before_it_is_held() -> None:
    w = workshop()
    w.schedule(date(2020, 4, 23), "Herne", by=MANAGER, when=on(2020, 2, 10))
    w.postpone("Corona-Pandemie", by=MANAGER, when=on(2020, 3, 16))
    assert (w.status, w.postponement_reason, w.takes_place_on) == (
        WorkshopStatus.POSTPONED,
        "Corona-Pandemie",
        None,
    )
    refused(
        w, lambda: w.postpone("again", by=MANAGER, when=on(2020, 3, 17)), RuleViolation, "already postponed"
    )
    refused(
        w,
        lambda: w.hold(["Stadt"], "", by=MANAGER, when=on(2020, 4, 23)),
        RuleViolation,
        "must be scheduled again",
    )
    w.schedule(date(2022, 5, 5), "Herne", by=MANAGER, when=on(2022, 1, 5))
    refused(
        w,
        lambda: w.hold(["Stadt"], "", by=MANAGER, when=on(2022, 5, 4)),
        RuleViolation,
        "cannot be held before",
    )
    w.hold(["Stadt Herne", "Gründerallianz Ruhr"], "Two challenge ideas", by=MANAGER, when=on(2022, 5, 5))
    assert (w.status, w.held_on) == (WorkshopStatus.HELD, date(2022, 5, 5))
    refused(w, lambda: w.cancel("too late", by=MANAGER, when=on(2022, 5, 6)), RuleViolation, "already held")


def test_a_workshop_is_not_scheduled_in_the_past() -> None:
    w = workshop()
    refused(
        w,
        lambda: w.schedule(date(2020, 1, 1), "Herne", by=MANAGER, when=on(2020, 1, 20)),
        RuleViolation,
        "takes_place_on",
    )
    w.cancel("no interest", by=MANAGER, when=on(2020, 2, 1))
    refused(
        w,
        lambda: w.schedule(date(2020, 5, 1), "Herne", by=MANAGER, when=on(2020, 2, 2)),
        RuleViolation,
        "already cancelled",
    )
