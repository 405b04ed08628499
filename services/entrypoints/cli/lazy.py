"""The root command group that imports a command's module only when that command runs.

Every module of the command line imports the application layer, and through it the domain, the
event store, the read models, numpy and the drivers: together about half a second before anything
happens. `matchmaker --help` needs none of it, `matchmaker challenge list` only its own module's
share. So the root knows each command by name and by the one line its help shows, and imports the
module behind it when it is run (or its own help is asked for); tests/cli/test_startup.py checks
that these lines say what the modules' docstrings say.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any, ClassVar

from typer import _click as click  # the click Typer carries (not the click package)
from typer.core import TyperCommand, TyperGroup

PACKAGE = "services.entrypoints.cli"


@dataclass(frozen=True)
class Lazy:
    """A command of the root: the module that makes it, and the help line `--help` lists.

    `group`: the module's `app` (a Typer group) is the command; otherwise the module's
    `register(root)` adds it among others (`shortlist`, `accept`, … come from one module)."""

    module: str
    help: str
    group: bool = False


class LazyGroup(TyperGroup):
    """A Typer group whose commands listed in `LAZY` are loaded on first use, once per process."""

    lazy: ClassVar[dict[str, Lazy]] = {}
    listing = False  # while the root's help is formatted: placeholders, nothing imported

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in self.lazy if n not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        if self.listing:
            return TyperCommand(cmd_name, help=self.lazy[cmd_name].help)
        self.commands[cmd_name] = loaded(cmd_name, self.lazy[cmd_name])
        return self.commands[cmd_name]

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As Typer resolves, with every command known for its "Did you mean" (Typer looks among
        the commands made so far, and a lazy root has made none)."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.UsageError as error:
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches and "Did you mean" not in error.message:
                suggestions = ", ".join(f"{m!r}" for m in matches)
                error.message = f"{error.message.rstrip('.')}. Did you mean {suggestions}?"
            raise

    def format_help(self, ctx: click.Context, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


_loaded: dict[str, click.Group] = {}


def loaded(name: str, lazy: Lazy) -> click.Command:
    """The click command `name` of its module, imported now (a module's commands are made once)."""
    import typer
    import typer.main

    module = importlib.import_module(f"{PACKAGE}.{lazy.module}")
    if lazy.group:  # a group even when it has one command (`import startups`)
        command = typer.main.get_group(module.app)
        command.name = name
        return command
    if lazy.module not in _loaded:
        holder = typer.Typer()
        module.register(holder)
        _loaded[lazy.module] = typer.main.get_group(holder)
    return _loaded[lazy.module].commands[name]


class LazyModule:
    """A module imported when one of its names is first used: `commands.DraftChallenge(…)` in a
    write imports the application layer's commands then, and a listing beside it never does."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)
