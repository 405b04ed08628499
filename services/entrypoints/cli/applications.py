"""`matchmaker apply` and `matchmaker application …`: applications of startups to challenges."""

from __future__ import annotations

from typing import Annotated

import typer

from services.application.commands import ApplyToChallenge, WithdrawApplication
from services.application.queries import applications as queries
from services.entrypoints.cli.listings import chosen, name, print_listing, ref, text, value
from services.entrypoints.cli.options import Json, ListingFormat, Reason, command, console, session
from services.entrypoints.cli.writes import changes, creates

app = typer.Typer(help="Applications of startups to challenges.", no_args_is_help=True)


def register(main: typer.Typer) -> None:
    """`apply` is a command of its own on the root (`matchmaker apply CHALLENGE STARTUP`)."""
    creates(main, "apply", "submitted")(apply)


def apply(
    challenge: str, startup: str, pitch: Annotated[str, typer.Option(help="A short pitch.")]
) -> ApplyToChallenge:
    """A startup applies to a published challenge before its deadline."""
    return ApplyToChallenge(challenge, startup, pitch)


@changes(app, "withdraw", "application {ref} withdrawn")
def withdraw_application(application: str, reason: Reason) -> WithdrawApplication:
    """Withdraw an application."""
    return WithdrawApplication(application, reason)


@command(app, "list")
def list_applications(
    challenge: Annotated[str | None, typer.Option(help="Only for this challenge.")] = None,
    format: ListingFormat = None,
    as_json: Json = False,
) -> None:
    """Every application (a startup: its own), or those to one challenge; its ref names the
    challenge and the startup (`smart-waste-hunter/einsatzlotse`)."""
    rows = queries.applications(session.actor, session.store, challenge)
    print_listing(
        console,
        "Applications",
        rows,
        [ref(), name("startup"), value("on"), text("pitch"), value("withdrawn_on", "withdrawn")],
        chosen(format, as_json),
    )
