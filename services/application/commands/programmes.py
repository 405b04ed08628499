"""Commands on programmes: launch, partners joining and leaving, activities, end."""

from __future__ import annotations

from datetime import date

from domain import Actor, Programme, When
from domain.values import slug, text
from services.application.commands.common import change, check_may_write, create_once, occurrence
from services.infrastructure.store import Store


def launch(
    store: Store,
    *,
    name: str,
    city: str,
    partners: list[str],
    starts_on: date | None = None,
    description: str = "",
    ref: str | None = None,
    by: Actor,
    when: When | None = None,
) -> tuple[Programme, bool]:
    check_may_write(by, Programme)
    when = occurrence(when)
    ref = slug(ref or text("name", name, max_length=200))

    def make() -> Programme:
        return Programme.launch(
            ref=ref,
            name=name,
            city=city,
            partners=partners,
            starts_on=starts_on,
            description=description,
            by=by,
            when=when,
        )

    def same(existing: Programme) -> bool:
        return (existing.name, existing.city) == (name.strip(), city.strip())

    return create_once(store, Programme, ref, make, same, by=by)


def join(
    store: Store,
    programme: str,
    partner: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Programme:
    when = occurrence(when)
    return change(
        store,
        Programme,
        programme,
        lambda p: p.join(partner, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def leave(
    store: Store,
    programme: str,
    partner: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Programme:
    when = occurrence(when)
    return change(
        store,
        Programme,
        programme,
        lambda p: p.leave(partner, reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def note_activity(
    store: Store,
    programme: str,
    *,
    title: str,
    kind: str,
    partners: list[str],
    description: str = "",
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Programme:
    when = occurrence(when)
    return change(
        store,
        Programme,
        programme,
        lambda p: p.note_activity(title, kind, partners, description, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def end(
    store: Store,
    programme: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Programme:
    when = occurrence(when)
    return change(
        store,
        Programme,
        programme,
        lambda p: p.end(reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )
