"""Commands on startups: register (idempotent), revise the profile, withdraw, erase contact data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import Actor, Startup, When
from domain.values import slug, text
from services.application.commands.base import Change, Create, Done
from services.application.commands.handlers import Save, change
from services.application.readmodels import forget_erased
from services.infrastructure.store import Store


@dataclass(frozen=True)
class RegisterStartup(Create[Startup]):
    """Registering the same profile again changes nothing."""

    aggregate = Startup
    profile: dict[str, Any]
    source: str = ""
    ref: str | None = None

    def make(self, store: Store, by: Actor, when: When) -> Startup:
        ref = slug(self.ref or text("name", self.profile.get("name"), max_length=200))
        return Startup.register(ref=ref, profile=self.profile, source=self.source, by=by, when=when)

    def same(self, existing: Startup, made: Startup) -> bool:
        return not existing.profile_differences(made.profile, today=made.first_occurred_on)


@dataclass(frozen=True)
class ReviseStartup(Change[Startup]):
    aggregate = Startup
    startup: str
    changes: dict[str, Any]

    def apply(self, startup: Startup, by: Actor, when: When, store: Store) -> None:
        startup.revise(self.changes, by=by, when=when)


@dataclass(frozen=True)
class WithdrawStartup(Change[Startup]):
    aggregate = Startup
    startup: str
    reason: str

    def apply(self, startup: Startup, by: Actor, when: When, store: Store) -> None:
        startup.withdraw(self.reason, by=by, when=when)


@dataclass(frozen=True)
class ErasePersonalData(Change[Startup]):
    """The contact person's data erased on request (handled by `erase` below)."""

    aggregate = Startup
    startup: str
    reason: str

    def apply(self, startup: Startup, by: Actor, when: When, store: Store) -> None:
        startup.erase_personal_data(self.reason, by=by, when=when)


def erase(
    store: Store,
    command: ErasePersonalData,
    *,
    by: Actor,
    when: When,
    expected_version: int | None,
    save: Save,
) -> Done[Startup]:
    """Record that the contact data was erased, destroy the startup's key, which makes every
    stored copy unreadable (services/infrastructure/personal_data.py), then catch up and compact
    the read models that showed the data, so that none holds it when this returns.

    Recording first means read models learn of the erasure even if the process dies before the
    key is destroyed; running the command again then finishes the job without a second event.
    Destroying the key before catching up means a read model built afresh now never sees it.
    """
    erased = change(store, command, by=by, when=when, expected_version=expected_version, save=save)
    store.keys.destroy(str(erased.aggregate.id))
    forget_erased(store)
    return erased
