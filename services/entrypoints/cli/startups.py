"""`matchmaker startup …`: register, revise, withdraw, erase contact data, list."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from services.application import commands
from services.application.queries import directory as queries
from services.entrypoints.cli.options import Json, Reason, command, console, session
from services.entrypoints.cli.render import as_json as as_json_text
from services.entrypoints.cli.render import listing_table
from services.entrypoints.cli.writes import ON, changes, creates, revised

app = typer.Typer(help="Startups and their profiles.", no_args_is_help=True)

Description = Annotated[str | None, typer.Option(help="What the startup does.")]
Capabilities = Annotated[list[str] | None, typer.Option("--capability", help="A capability (repeat).")]
Sectors = Annotated[list[str] | None, typer.Option("--sector", help="A sector, main first (repeat).")]
StageOpt = Annotated[str | None, typer.Option("--stage", help="idea, pre-seed, seed, series-a, growth.")]
City = Annotated[str | None, typer.Option(help="Where it sits.")]
Founded = Annotated[int | None, typer.Option(help="Year founded.")]
TeamSize = Annotated[int | None, typer.Option(help="People in the team.")]
Languages = Annotated[list[str] | None, typer.Option("--language", help="Working language, profile's first.")]
Website = Annotated[str | None, typer.Option(help="Web address.")]
ContactName = Annotated[str | None, typer.Option(help="Contact person (personal data).")]
ContactEmail = Annotated[str | None, typer.Option(help="Contact e-mail (personal data).")]


#: The options that are profile fields, as the domain names them.
PROFILE = {
    "name": "name",
    "description": "description",
    "capability": "capabilities",
    "sector": "sectors",
    "stage": "stage",
    "city": "city",
    "founded": "founded",
    "team_size": "team_size",
    "language": "languages",
    "website": "website",
    "contact_name": "contact_name",
    "contact_email": "contact_email",
}


def _profile(given: dict[str, Any]) -> dict[str, Any]:
    """The profile fields among the options given (a command's locals)."""
    return {PROFILE[k]: v for k, v in given.items() if k in PROFILE and v is not None}


@creates(app, "register", "registered")
def register(
    name: str,
    description: Annotated[str, typer.Option(help="What the startup does.")],
    capability: Capabilities = None,
    sector: Sectors = None,
    stage: StageOpt = None,
    city: City = None,
    founded: Founded = None,
    team_size: TeamSize = None,
    language: Languages = None,
    website: Website = None,
    contact_name: ContactName = None,
    contact_email: ContactEmail = None,
) -> commands.RegisterStartup:
    """Register a startup (registering the same profile again changes nothing)."""
    return commands.RegisterStartup(_profile(locals()), source="cli")


@changes(app, "revise", revised)
def revise(
    startup: str,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    description: Description = None,
    capability: Capabilities = None,
    sector: Sectors = None,
    stage: StageOpt = None,
    city: City = None,
    founded: Founded = None,
    team_size: TeamSize = None,
    language: Languages = None,
    website: Website = None,
    contact_name: ContactName = None,
    contact_email: ContactEmail = None,
) -> commands.ReviseStartup:
    """Revise a startup's profile; only what differs is recorded."""
    return commands.ReviseStartup(startup, _profile(locals()))


@changes(app, "withdraw", "startup {ref} withdrawn")
def withdraw(startup: str, reason: Reason) -> commands.WithdrawStartup:
    """Withdraw a startup from the programme."""
    return commands.WithdrawStartup(startup, reason)


@changes(app, "erase", "contact data of startup {ref} erased; its key is destroyed", options=(ON,))
def erase(startup: str, reason: Reason) -> commands.ErasePersonalData:
    """Erase the contact person's name and email on request (GDPR): no read model, export, replay
    or snapshot shows them again; the rest of the history stays verifiable."""
    return commands.ErasePersonalData(startup, reason)


@command(app, "list")
def list_startups(
    sector: Annotated[str | None, typer.Option(help="Only this sector.")] = None, as_json: Json = False
) -> None:
    """The startup directory: profile, applications, shortlistings, awards (a startup: no other
    startup's contact data or applications, no shortlistings)."""
    entries = queries.directory(session.actor, session.store, sector)
    if as_json:
        print(as_json_text(entries))
        return
    rows = [
        {
            **r,
            "applied": _count(r["applications"]),
            "shortlisted": _count(r["shortlistings"]),
            "won": len(r["awards"]),
        }
        for r in entries
    ]
    console.print(
        listing_table(
            "Startup directory",
            rows,
            [
                "ref",
                "profile.name",
                "profile.city",
                "profile.sectors",
                "profile.stage",
                "applied",
                "shortlisted",
                "won",
                "withdrawn_on",
            ],
        )
    )


def _count(items: list[Any] | None) -> int | str:
    """How many, or nothing where the reader may not see them."""
    return "" if items is None else len(items)
