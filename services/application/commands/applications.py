"""Commands on applications: a startup applies to a published challenge, or withdraws."""

from __future__ import annotations

from domain import Actor, Application, Challenge, Startup, When
from domain.application import application_ref
from domain.errors import RuleViolation
from services.application import access
from services.application.commands.common import change, check_may_write, occurrence
from services.errors import Conflict
from services.infrastructure.store import Store


def apply(
    store: Store, challenge: str, startup: str, pitch: str, *, by: Actor, when: When | None = None
) -> tuple[Application, bool]:
    """Submit an application; resubmitting the very same one (a retry) changes nothing."""
    check_may_write(by, Application)
    when = occurrence(when)
    the_challenge = store.find(Challenge, challenge)
    the_startup = store.find(Startup, startup)
    access.check_acts_for(by, the_startup.id)
    application_id = Application.create_id(application_ref(the_challenge, the_startup))
    if not store.exists(application_id):
        application = Application.submit(the_challenge, the_startup, pitch, by=by, when=when)
        try:
            store.save_all(application)
            return application, True
        except Conflict:
            pass  # a concurrent submission of the same pair got there first
    existing = store.load(Application, application_id)
    if existing.active and existing.pitch == pitch.strip():
        return existing, False
    raise RuleViolation(
        "startup",
        f"{the_startup.name!r} already applied to {the_challenge.title!r} on "
        f"{existing.first_occurred_on.isoformat()}; a startup applies once per challenge",
    )


def withdraw(
    store: Store,
    application: str,
    reason: str,
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
) -> Application:
    when = occurrence(when)
    return change(
        store,
        Application,
        application,
        lambda a: a.withdraw(reason, by=by, when=when),
        by=by,
        expected_version=expected_version,
    )
