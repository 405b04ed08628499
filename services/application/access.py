"""Who may read and change what: the one access policy of every entry point.

The commands call the write checks themselves (services/application/commands/common.py), so the CLI, the bus
consumers and the HTTP API cannot differ on who may change what; the read checks are asked by the
entry points that show things (the HTTP API), because what a reader may see depends on who asks.

- **manager** and **system** (bus consumers) read and change everything;
- **auditor** reads everything (histories, shortlists, contact data) and changes nothing;
- **startup** reads what is public (programmes, published challenges, workshops, startups'
  profiles without other startups' contact data, the council report, its own applications) and
  changes only its own profile and its own applications. The startup it speaks for is
  `Actor.acts_for`; every API key of the startup role names one. An actor of the startup role that
  names none (the CLI's self-declared `--role startup`) is held to the kinds it may change only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from domain import Actor, DomainAggregate, InvalidValue, Role, Startup
from domain.startup import PERSONAL_FIELDS
from services.errors import AccessDenied

#: What a startup may change: its profile and its applications.
WRITABLE_BY_STARTUPS = frozenset({"startup", "application"})
#: What a startup may read: the public side of the programme.
READABLE_BY_STARTUPS = frozenset({"programme", "challenge", "startup", "workshop", "application", "report"})


def check_write(by: Actor, kind: str) -> None:
    """Refuse, before anything is loaded, a change of this kind that the actor's role may not make."""
    if by.role is Role.AUDITOR:
        raise AccessDenied("role", "an auditor may read the programme's history but not change it")
    if by.role is Role.STARTUP and kind not in WRITABLE_BY_STARTUPS:
        raise AccessDenied(
            "role", f"a startup may change only its own profile and applications, not a {kind}"
        )


def check_may_record_past(by: Actor, on: date, today: date) -> None:
    """A startup's own actions are dated today, always: only managers and the system (importing
    history, reacting to messages) record what happened on an earlier day."""
    if by.role is Role.STARTUP:
        raise InvalidValue(
            "occurred_on",
            f"{on.isoformat()} is not today ({today.isoformat()}); what a startup does is dated the "
            "day it does it, and only programme managers record the past",
        )


def check_may_correct_dates(by: Actor) -> None:
    if by.role is Role.STARTUP:
        raise AccessDenied("role", "dates are corrected by programme managers, not by startups")


def check_owner(by: Actor, aggregate: DomainAggregate) -> None:
    """Refuse a change to something that belongs to another startup than the one the actor speaks for."""
    check_write(by, aggregate.KIND)
    subject = aggregate.id if isinstance(aggregate, Startup) else getattr(aggregate, "startup_id", None)
    if isinstance(subject, UUID):
        check_acts_for(by, subject)


def check_acts_for(by: Actor, startup_id: UUID) -> None:
    """A startup's person changes its own startup's things only."""
    if by.role is Role.STARTUP and by.acts_for is not None and own_startup(by) != startup_id:
        raise AccessDenied(
            "startup",
            f"{by.name} speaks for startup {by.acts_for!r}; another startup's profile and "
            "applications are theirs to change",
        )


def own_startup(by: Actor) -> UUID | None:
    """The id of the startup the actor speaks for (`acts_for` is its ref or its UUID)."""
    if by.acts_for is None:
        return None
    try:
        return UUID(by.acts_for)
    except ValueError:
        return Startup.create_id(by.acts_for.removeprefix("startup/"))


def owns(by: Actor, startup_id: UUID | str) -> bool:
    return by.role is Role.STARTUP and str(own_startup(by)) == str(startup_id)


def may_read(by: Actor, kind: str) -> bool:
    return by.role is not Role.STARTUP or kind in READABLE_BY_STARTUPS


def check_read(by: Actor, kind: str) -> None:
    """Refuse reading a kind of thing the role may not see at all (a startup sees no shortlists)."""
    if not may_read(by, kind):
        raise AccessDenied("role", f"a startup may not read {kind}s")


def check_history(by: Actor) -> None:
    """Histories and past states show everything every actor did: managers and auditors only."""
    if by.role is Role.STARTUP:
        raise AccessDenied("role", "histories and past states are for managers and auditors")


def sees_personal_data(by: Actor, startup_id: UUID | str) -> bool:
    """Contact persons are personal data: a startup sees only its own."""
    return by.role is not Role.STARTUP or owns(by, startup_id)


def public_profile(by: Actor, startup_id: UUID | str, profile: Mapping[str, Any]) -> dict[str, Any]:
    """A profile as this reader may see it: without another startup's contact data."""
    if sees_personal_data(by, startup_id):
        return dict(profile)
    return {k: v for k, v in profile.items() if k not in PERSONAL_FIELDS}


def withheld(by: Actor, startup_id: UUID | str) -> list[str]:
    """The profile fields withheld from this reader, so that a client knows they exist."""
    return [] if sees_personal_data(by, startup_id) else list(PERSONAL_FIELDS)


def sees_challenge(by: Actor, published: bool) -> bool:
    """Drafts are the city's internal work: a startup sees challenges once they were published."""
    return by.role is not Role.STARTUP or published


def sees_application(by: Actor, startup_id: UUID | str) -> bool:
    """Applications are between a startup and the city: a startup sees only its own."""
    return by.role is not Role.STARTUP or owns(by, startup_id)
