"""The plumbing of a write command: the options every write shares (--on, --assumed,
--expected-version), dispatching the command as the session's actor, and saying what it did.

A write command is a function that takes the command's own arguments and returns the command of
the service layer (services/application/commands); `creates` and `changes` register it with the
shared options and do the rest, as services/entrypoints/api/writes.py does for the HTTP API.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from domain import DomainAggregate
from services.entrypoints.cli.options import Assumed, ExpectedVersion, On, command, done, session, when

if TYPE_CHECKING:  # the commands are imported when a write runs
    from services.application.commands import Command, Done

A = TypeVar("A", bound=DomainAggregate)
Build = TypeVar("Build", bound="Callable[..., Command[Any]]")

ON = inspect.Parameter("on", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=On)
ASSUMED = inspect.Parameter("assumed", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Assumed)
EXPECTED_VERSION = inspect.Parameter(
    "expected_version", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ExpectedVersion
)


def dispatch(
    command: Command[A],
    on: datetime | None = None,
    assumed: bool = False,
    expected_version: int | None = None,
) -> Done[A]:
    """Run a command as the session's actor, on the business date --on/--assumed give."""
    from services.application.commands import handle

    return handle(
        session.store, command, by=session.actor, when=when(on, assumed), expected_version=expected_version
    )


def creates(group: typer.Typer, name: str, verb: str) -> Callable[[Build], Build]:
    """Register a write that creates an item: `workshop gebaeude planned`, or that it existed."""

    def says(result: Done[Any], _: Command[Any]) -> str:
        what = f"{result.aggregate.KIND} {result.aggregate.ref}"
        return f"{what} {verb}" if result.created else f"{what} already {verb}; nothing changed"

    return writes(group, name, says, (ON, ASSUMED))


def changes(
    group: typer.Typer,
    name: str,
    says: str | Callable[[Done[Any]], str],
    options: Sequence[inspect.Parameter] = (ON, ASSUMED, EXPECTED_VERSION),
) -> Callable[[Build], Build]:
    """Register a write that changes an item. `says` is a function of what the command did, or a
    message whose {names} are the command's fields, else the item's attributes (`ref`, `version`)."""

    def say(result: Done[Any], command: Command[Any]) -> str:
        return says(result) if callable(says) else says.format_map(Said(result, command))

    return writes(group, name, say, options)


def revised(result: Done[Any]) -> str:
    """What a revision says: only what differs is recorded."""
    if not result.changed:
        return "nothing differs; nothing recorded"
    return f"{result.aggregate.KIND} {result.aggregate.ref} revised (version {result.aggregate.version})"


def writes(
    group: typer.Typer,
    name: str,
    says: Callable[[Done[Any], Command[Any]], str],
    options: Sequence[inspect.Parameter],
) -> Callable[[Build], Build]:
    """Register `build` as command `name`: its parameters and the shared `options` on the command
    line; it builds the command, which is dispatched, and what it did is said."""

    def register(build: Build) -> Build:
        own = parameters(build)

        @functools.wraps(build)
        def write(
            *args: Any,
            on: datetime | None = None,
            assumed: bool = False,
            expected_version: int | None = None,
            **kwargs: Any,
        ) -> None:
            asked = build(*args, **kwargs)
            result = dispatch(asked, on, assumed, expected_version)
            done(says(result, asked))

        write.__signature__ = inspect.Signature([*own, *options])  # type: ignore[attr-defined]
        # What Typer reads (typing.get_type_hints): the parameters, not the command it returns.
        write.__annotations__ = {p.name: p.annotation for p in [*own, *options]}
        command(group, name)(write)
        return build

    return register


def parameters(build: Callable[..., Any]) -> list[inspect.Parameter]:
    """A builder's parameters with their annotations evaluated, as Typer reads them; its return
    annotation (the command it builds) is left unread, so that registering imports no command."""
    names = build.__globals__  # type: ignore[attr-defined]
    return [
        p.replace(annotation=eval(p.annotation, names) if isinstance(p.annotation, str) else p.annotation)
        for p in inspect.signature(build).parameters.values()
    ]


class Said:
    """The names a change's message may use: the command's fields, else the item's attributes; a
    list reads as its items joined by commas."""

    def __init__(self, result: Done[Any], command: Command[Any]) -> None:
        self.result, self.command = result, command

    def __getitem__(self, name: str) -> Any:
        own = name in {f.name for f in fields(self.command)}  # type: ignore[arg-type]
        value = getattr(self.command if own else self.result.aggregate, name)
        return ", ".join(value) if isinstance(value, list) else value
