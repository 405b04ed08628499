"""`matchmaker programme …`: launch, partners, activities, end, list."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from services.application.queries import programmes as queries
from services.entrypoints.cli.lazy import LazyModule
from services.entrypoints.cli.listings import chosen, name, print_listing, ref, value
from services.entrypoints.cli.options import (
    DATE_FORMATS,
    Json,
    ListingFormat,
    Reason,
    command,
    console,
    day,
    session,
)
from services.entrypoints.cli.writes import changes, creates

if TYPE_CHECKING:
    from services.application import commands
else:  # imported when a write runs: a listing needs none of it
    commands = LazyModule("services.application.commands")

app = typer.Typer(help="Programmes of a city and their partners.", no_args_is_help=True)

Partners = Annotated[list[str], typer.Option("--partner", help="A partner (repeat for several).")]


@creates(app, "launch", "launched")
def launch(
    name: str,
    city: Annotated[str, typer.Option(help="The city running the programme.")],
    partner: Partners = [],  # noqa: B006 - Typer reads the default
    starts_on: Annotated[datetime | None, typer.Option(formats=DATE_FORMATS, help="Default: --on.")] = None,
    description: str = "",
    ref: Annotated[str | None, typer.Option(help="Reference (default: from the name).")] = None,
) -> commands.LaunchProgramme:
    """Launch a programme with its partners."""
    return commands.LaunchProgramme(name, city, partner, day(starts_on), description, ref)


@changes(app, "join", "{partner} joined {ref} (version {version})")
def join(programme: str, partner: str) -> commands.JoinProgramme:
    """A partner joins the programme."""
    return commands.JoinProgramme(programme, partner)


@changes(app, "leave", "{partner} left {ref} (version {version})")
def leave(programme: str, partner: str, reason: Reason) -> commands.LeaveProgramme:
    """A partner leaves the programme."""
    return commands.LeaveProgramme(programme, partner, reason)


@changes(app, "activity", "activity {title!r} noted on {ref} (version {version})")
def activity(
    programme: str,
    title: str,
    kind: Annotated[str, typer.Option(help="e.g. membership, advice, event series, open data, co-working.")],
    partner: Partners = [],  # noqa: B006
    description: str = "",
) -> commands.NoteActivity:
    """Note an activity of the programme besides challenges and workshops."""
    return commands.NoteActivity(programme, title, kind, partner, description)


@changes(app, "end", "programme {ref} ended")
def end(programme: str, reason: Reason) -> commands.EndProgramme:
    """End the programme."""
    return commands.EndProgramme(programme, reason)


@command(app, "list")
def list_programmes(format: ListingFormat = None, as_json: Json = False) -> None:
    """Every programme with its partners, as of today."""
    programmes = queries.programmes(session.actor, session.store)
    rows = [
        {
            **p,
            "partners": [x["name"] for x in p["partners"] if not x["left_on"]],
            "status": "active" if p["active"] else f"ended {p['ended_on']}",
        }
        for p in programmes
    ]
    print_listing(
        console,
        "Programmes",
        rows,
        [ref(), name("name"), name("city"), name("partners"), value("starts_on", "starts"), value("status")],
        chosen(format, as_json),
        data=programmes,
    )
