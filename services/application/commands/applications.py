"""Commands on applications: a startup applies to a published challenge, or withdraws."""

from __future__ import annotations

from dataclasses import dataclass

from domain import Actor, Application, Challenge, Startup, When
from domain.application import application_ref
from domain.errors import RuleViolation
from services.application import access
from services.application.commands.base import Change, Command, Done
from services.application.commands.handlers import Save
from services.errors import Conflict, NotFound
from services.infrastructure.store import Store


@dataclass(frozen=True)
class ApplyToChallenge(Command[Application]):
    """A startup applies once per challenge; resubmitting the very same application (a retry)
    changes nothing (handled by `submit` below)."""

    aggregate = Application
    challenge: str
    startup: str
    pitch: str


def submit(
    store: Store,
    command: ApplyToChallenge,
    *,
    by: Actor,
    when: When,
    expected_version: int | None,
    save: Save,
) -> Done[Application]:
    """Unlike other creations the existing application is looked for first: a retry after the
    deadline finds it instead of being refused as too late."""
    the_challenge = store.find(Challenge, command.challenge)
    if not access.sees_challenge(by, the_challenge.published_on is not None):
        # a draft is hidden from startups as on reading it: no refusal that names its title
        raise NotFound(
            "challenge",
            f"no published challenge is known as {command.challenge!r}",
            kind="challenge",
            reference=command.challenge,
        )
    the_startup = store.find(Startup, command.startup)
    access.check_acts_for(by, the_startup.id)
    application_id = Application.create_id(application_ref(the_challenge, the_startup))
    if not store.exists(application_id):
        application = Application.submit(the_challenge, the_startup, command.pitch, by=by, when=when)
        try:
            save(application)
            return Done(application, changed=True, created=True)
        except Conflict:
            pass  # a concurrent submission of the same pair got there first
    existing = store.load(Application, application_id)
    if existing.active and existing.pitch == command.pitch.strip():
        return Done(existing, changed=False)
    raise RuleViolation(
        "startup",
        f"{the_startup.name!r} already applied to {the_challenge.title!r} on "
        f"{existing.first_occurred_on.isoformat()}; a startup applies once per challenge",
    )


@dataclass(frozen=True)
class WithdrawApplication(Change[Application]):
    aggregate = Application
    application: str
    reason: str

    def apply(self, application: Application, by: Actor, when: When, store: Store) -> None:
        application.withdraw(self.reason, by=by, when=when)
