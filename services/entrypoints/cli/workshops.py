"""`matchmaker workshop …`: plan, schedule, postpone, hold, cancel, list."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from services.application.queries import calendar as queries
from services.entrypoints.cli.lazy import LazyModule
from services.entrypoints.cli.listings import chosen, name, print_listing, ref, text, value
from services.entrypoints.cli.options import (
    DATE_FORMATS,
    Json,
    ListingFormat,
    Reason,
    command,
    console,
    session,
)
from services.entrypoints.cli.writes import changes, creates

if TYPE_CHECKING:
    from services.application import commands
else:  # imported when a write runs: a listing needs none of it
    commands = LazyModule("services.application.commands")

app = typer.Typer(help="Workshops: planned, scheduled, postponed, held, cancelled.", no_args_is_help=True)


@creates(app, "plan", "planned")
def plan(
    theme: str,
    organiser: Annotated[list[str], typer.Option("--organiser", help="An organiser (repeat).")] = [],  # noqa: B006
    programme: Annotated[str | None, typer.Option(help="The programme it belongs to.")] = None,
    description: str = "",
    ref: Annotated[str | None, typer.Option(help="Reference (default: from the theme).")] = None,
) -> commands.PlanWorkshop:
    """Plan a workshop on a theme."""
    return commands.PlanWorkshop(theme, organiser, programme, description, ref)


@changes(app, "schedule", "workshop {ref} scheduled for {takes_place_on} in {place}")
def schedule(
    workshop: str,
    date: Annotated[datetime, typer.Option("--date", formats=DATE_FORMATS, help="The day it takes place.")],
    place: Annotated[str, typer.Option(help="Where.")],
) -> commands.ScheduleWorkshop:
    """Schedule (or reschedule) a workshop."""
    return commands.ScheduleWorkshop(workshop, date.date(), place)


@changes(app, "postpone", "workshop {ref} postponed")
def postpone(workshop: str, reason: Reason) -> commands.PostponeWorkshop:
    """Postpone a workshop, saying why."""
    return commands.PostponeWorkshop(workshop, reason)


@changes(app, "hold", "workshop {ref} held on {held_on}")
def hold(
    workshop: str,
    participant: Annotated[list[str], typer.Option("--participant", help="Who took part (repeat).")] = [],  # noqa: B006
    outcomes: Annotated[str, typer.Option(help="What came out of it.")] = "",
) -> commands.HoldWorkshop:
    """Record that a workshop was held (use --on for the day)."""
    return commands.HoldWorkshop(workshop, participant, outcomes)


@changes(app, "cancel", "workshop {ref} cancelled")
def cancel(workshop: str, reason: Reason) -> commands.CancelWorkshop:
    """Cancel a workshop, saying why."""
    return commands.CancelWorkshop(workshop, reason)


@command(app, "list")
def list_workshops(format: ListingFormat = None, as_json: Json = False) -> None:
    """The workshop calendar: planned, scheduled, postponed (with the reason), held, cancelled."""
    workshops = queries.calendar(session.actor, session.store)
    rows = [
        {**r, "postponed": r["postponements"][-1]["reason"] if r["postponements"] else ""} for r in workshops
    ]
    print_listing(
        console,
        "Workshop calendar",
        rows,
        [
            ref(),
            name("theme"),
            value("status"),
            value("takes_place_on", "on"),
            value("held_on", "held"),
            text("postponed"),
            value("programme"),
        ],
        chosen(format, as_json),
        data=workshops,
    )
