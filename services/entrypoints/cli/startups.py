"""`matchmaker startup …`: register, revise, withdraw, erase contact data, list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from services.application.queries import directory as queries
from services.entrypoints.cli.lazy import LazyModule
from services.entrypoints.cli.listings import chosen, name, print_listing, ref, value
from services.entrypoints.cli.options import Json, ListingFormat, Reason, command, console, session
from services.entrypoints.cli.writes import ON, changes, creates, revised

if TYPE_CHECKING:
    from services.application import commands
else:  # imported when a write runs: a listing needs none of it
    commands = LazyModule("services.application.commands")

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
    search: Annotated[
        str | None, typer.Option(help="Words of a name, capability or description (the lexical index).")
    ] = None,
    sector: Annotated[str | None, typer.Option(help="Only this sector.")] = None,
    stage: Annotated[str | None, typer.Option(help="Only this stage (idea … growth).")] = None,
    region: Annotated[str | None, typer.Option(help="Ruhrgebiet, NRW, Deutschland or EU.")] = None,
    language: Annotated[str | None, typer.Option(help="Only startups working in this language (de).")] = None,
    page: Annotated[int, typer.Option(help="Which page.")] = 1,
    page_size: Annotated[int, typer.Option(help="Startups per page.")] = queries.PAGE_SIZE,
    format: ListingFormat = None,
    as_json: Json = False,
) -> None:
    """The startup directory, a page at a time: profile, applications, shortlistings, awards (a
    startup: no other startup's contact data or applications, no shortlistings), searched and
    filtered as the web page's and the API's directory are."""
    asked = queries.Search(search or "", sector, stage, region, language, page, page_size)
    found = queries.find(session.actor, session.store, asked)
    entries = found.items
    rows = [
        {
            **r,
            "applied": _count(r["applications"]),
            "shortlisted": _count(r["shortlistings"]),
            "won": len(r["awards"]),
        }
        for r in entries
    ]
    print_listing(
        console,
        "Startup directory",
        rows,
        [
            ref(),
            name("profile.name", "name"),
            name("profile.city", "city"),
            name("profile.sectors", "sectors"),
            value("profile.stage", "stage"),
            value("applied"),
            value("shortlisted"),
            value("won"),
            value("withdrawn_on", "withdrawn"),
        ],
        chosen(format, as_json),
        data=entries,
    )
    if chosen(format, as_json) == "table":
        console.print(_found_line(found))


def _found_line(found: queries.Found) -> str:
    """Which of how many, which page, and how the search text was matched."""
    first = (found.page - 1) * found.page_size + 1
    shown = f"{first}–{first + len(found.items) - 1}" if found.items else "none"
    line = f"{shown} of {found.total} · page {found.page} of {found.pages}"
    if found.matched_by == queries.NAMES:
        return f"{line} · searched in {queries.NAMES} only: no lexical index yet (`project rebuild matching`)"
    return line + (f" · searched in the {found.matched_by}" if found.matched_by else "")


def _count(items: list[Any] | None) -> int | str:
    """How many, or nothing where the reader may not see them."""
    return "" if items is None else len(items)
