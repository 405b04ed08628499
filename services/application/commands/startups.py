"""Commands on startups: register (idempotent), revise the profile, withdraw."""

from __future__ import annotations

from typing import Any

from domain import Actor, Startup, When
from domain.values import slug, text
from services.application.commands.common import change, check_may_write, create_once, occurrence
from services.infrastructure.store import Store


def register(
    store: Store,
    profile: dict[str, Any],
    *,
    source: str = "",
    ref: str | None = None,
    by: Actor,
    when: When | None = None,
) -> tuple[Startup, bool]:
    """Register a startup; registering the same profile again changes nothing."""
    check_may_write(by)
    when = occurrence(when)
    ref = slug(ref or text("name", profile.get("name"), max_length=200))

    def make() -> Startup:
        return Startup.register(ref=ref, profile=profile, source=source, by=by, when=when)

    def same(existing: Startup) -> bool:
        return not existing.profile_differences(profile, today=when.on)

    return create_once(store, Startup, ref, make, same, by=by)


def revise(
    store: Store,
    startup: str,
    changes: dict[str, Any],
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Startup:
    when = occurrence(when)
    return change(
        store,
        Startup,
        startup,
        lambda s: s.revise(changes, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def withdraw(
    store: Store,
    startup: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Startup:
    when = occurrence(when)
    return change(
        store,
        Startup,
        startup,
        lambda s: s.withdraw(reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )


def erase_personal_data(
    store: Store,
    startup: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
) -> Startup:
    """Erase the contact person's data on request: record that it was erased, then destroy the
    startup's key, which makes every stored copy unreadable (services/infrastructure/personal_data.py).

    Recording first means read models learn of the erasure even if the process dies before the
    key is destroyed; running the command again then finishes the job without a second event.
    """
    when = occurrence(when)
    erased = change(store, Startup, startup, lambda s: s.erase_personal_data(reason, by=by, when=when), by=by)
    store.keys.destroy(str(erased.id))
    return erased
