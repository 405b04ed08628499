"""What every command shares: the business date and the access check before anything is loaded."""

from __future__ import annotations

from datetime import date

from domain import Actor, DomainAggregate, When
from domain.errors import InvalidValue
from services.application import access

#: How often a change without an expected version is tried on a freshly loaded aggregate when a
#: concurrent writer saved first (two managers deciding on one shortlist at once). Each loss means
#: another writer's change was recorded, so N writers at once need at most N tries each: 50 lets
#: every one of dozens of simultaneous changes through (handlers.py `change` pauses between tries).
RETRIES = 50


def occurrence(when: When | None, by: Actor | None = None, *, today: date | None = None) -> When:
    """The business date of a command: given by the user or today, and never in the future.

    Only managers and the system record the past: what a startup does itself (apply, revise,
    withdraw) is dated the day it does it, whatever date it sends.
    """
    today = today or date.today()
    when = when or When(today)
    if when.on > today:
        raise InvalidValue(
            "occurred_on", f"{when.on.isoformat()} is in the future; record what has happened, up to today"
        )
    if by is not None and when.on != today:
        access.check_may_record_past(by, when.on, today)
    return when


def check_may_write(by: Actor, aggregate_class: type[DomainAggregate] | None = None) -> None:
    """The access policy's check before anything is loaded (services/application/access.py)."""
    access.check_write(by, aggregate_class.KIND if aggregate_class else "startup")
