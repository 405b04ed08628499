"""One dispatcher for every command, as the service layer every entry point calls.

What each entry point once did around each command happens here once: the access policy's check
before anything is loaded, the business date (today unless given; never in the future), then the
command's handler: create once, or load-check-save with the expected version and retries
(handlers.py), or one of the few commands that are more than that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from domain import Actor, DomainAggregate, When
from services.application.commands.applications import ApplyToChallenge, submit
from services.application.commands.base import Change, Command, Create, Done
from services.application.commands.common import check_may_write, occurrence
from services.application.commands.handlers import Save, change, create
from services.application.commands.shortlists import ProduceShortlist, produce
from services.application.commands.startups import ErasePersonalData, erase
from services.infrastructure.store import Store

A = TypeVar("A", bound=DomainAggregate)

#: The handler of each kind of command; a command takes the first its class (or a base) is named in.
HANDLERS: dict[type[Command[Any]], Callable[..., Done[Any]]] = {
    ApplyToChallenge: submit,
    ProduceShortlist: produce,
    ErasePersonalData: erase,
    Create: create,
    Change: change,
}


def handle(
    store: Store,
    command: Command[A],
    *,
    by: Actor,
    when: When | None = None,
    expected_version: int | None = None,
    save: Save | None = None,
) -> Done[A]:
    """Run a command for `by` on its business date `when`.

    `expected_version` guards a change (Conflict if the aggregate moved on; without it a change
    that loses a race is re-applied). `save` records the new events (default: the store's atomic
    save; a bus consumer records its message as processed in the same transaction).
    """
    check_may_write(by, command.aggregate)
    handler = next(HANDLERS[kind] for kind in type(command).__mro__ if kind in HANDLERS)
    return handler(
        store,
        command,
        by=by,
        when=occurrence(when, by),
        expected_version=expected_version,
        save=save or store.save_all,
    )
