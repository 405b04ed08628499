"""Commands on workshops: plan, schedule, postpone, hold, cancel."""

from __future__ import annotations

from datetime import date

from domain import Actor, Programme, When, Workshop
from domain.values import slug, text
from services.application.commands.common import change, check_may_write, create_once, occurrence
from services.infrastructure.store import Store


def plan(
    store: Store,
    *,
    theme: str,
    organisers: list[str],
    programme: str | None = None,
    description: str = "",
    ref: str | None = None,
    by: Actor,
    when: When | None = None,
) -> tuple[Workshop, bool]:
    check_may_write(by, Workshop)
    when = occurrence(when)
    ref = slug(ref or text("theme", theme, max_length=300))
    programme_id = store.find(Programme, programme).id if programme else None

    def make() -> Workshop:
        return Workshop.plan(
            ref=ref,
            theme=theme,
            organisers=organisers,
            programme_id=programme_id,
            description=description,
            by=by,
            when=when,
        )

    def same(existing: Workshop) -> bool:
        return existing.theme == theme.strip() and existing.programme_id == programme_id

    return create_once(store, Workshop, ref, make, same, by=by)


def schedule(
    store: Store,
    workshop: str,
    takes_place_on: date,
    place: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Workshop:
    when = occurrence(when)
    return change(
        store,
        Workshop,
        workshop,
        lambda w: w.schedule(takes_place_on, place, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def postpone(
    store: Store,
    workshop: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Workshop:
    when = occurrence(when)
    return change(
        store,
        Workshop,
        workshop,
        lambda w: w.postpone(reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def hold(
    store: Store,
    workshop: str,
    participants: list[str],
    outcomes: str = "",
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Workshop:
    when = occurrence(when)
    return change(
        store,
        Workshop,
        workshop,
        lambda w: w.hold(participants, outcomes, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def cancel(
    store: Store,
    workshop: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Workshop:
    when = occurrence(when)
    return change(
        store,
        Workshop,
        workshop,
        lambda w: w.cancel(reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )
