"""`matchmaker workshop …`: plan, schedule, postpone, hold, cancel, list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from services.application.commands import workshops
from services.entrypoints.cli.options import (
    DATE_FORMATS,
    Assumed,
    ExpectedVersion,
    On,
    Reason,
    command,
    console,
    done,
    session,
    when,
)
from services.entrypoints.cli.render import listing_table

app = typer.Typer(help="Workshops: planned, scheduled, postponed, held, cancelled.", no_args_is_help=True)


@command(app, "plan")
def plan(
    theme: str,
    organiser: Annotated[list[str], typer.Option("--organiser", help="An organiser (repeat).")] = [],  # noqa: B006
    programme: Annotated[str | None, typer.Option(help="The programme it belongs to.")] = None,
    description: str = "",
    ref: Annotated[str | None, typer.Option(help="Reference (default: from the theme).")] = None,
    on: On = None,
    assumed: Assumed = False,
) -> None:
    """Plan a workshop on a theme."""
    workshop, created = workshops.plan(
        session.store,
        theme=theme,
        organisers=organiser,
        programme=programme,
        description=description,
        ref=ref,
        by=session.actor,
        when=when(on, assumed),
    )
    done(f"workshop {workshop.ref} {'planned' if created else 'already planned; nothing changed'}")


@command(app, "schedule")
def schedule(
    workshop: str,
    date: Annotated[datetime, typer.Option("--date", formats=DATE_FORMATS, help="The day it takes place.")],
    place: Annotated[str, typer.Option(help="Where.")],
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Schedule (or reschedule) a workshop."""
    w = workshops.schedule(
        session.store,
        workshop,
        date.date(),
        place,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"workshop {w.ref} scheduled for {date.date().isoformat()} in {place}")


@command(app, "postpone")
def postpone(
    workshop: str,
    reason: Reason,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Postpone a workshop, saying why."""
    w = workshops.postpone(
        session.store,
        workshop,
        reason,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"workshop {w.ref} postponed")


@command(app, "hold")
def hold(
    workshop: str,
    participant: Annotated[list[str], typer.Option("--participant", help="Who took part (repeat).")] = [],  # noqa: B006
    outcomes: Annotated[str, typer.Option(help="What came out of it.")] = "",
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Record that a workshop was held (use --on for the day)."""
    w = workshops.hold(
        session.store,
        workshop,
        participant,
        outcomes,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"workshop {w.ref} held on {w.held_on}")


@command(app, "cancel")
def cancel(
    workshop: str,
    reason: Reason,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Cancel a workshop, saying why."""
    w = workshops.cancel(
        session.store,
        workshop,
        reason,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"workshop {w.ref} cancelled")


@command(app, "list")
def list_workshops() -> None:
    """The workshop calendar: planned, scheduled, postponed (with the reason), held, cancelled."""
    from projections.calendar import calendar_rows
    from services.application.readmodels import read_models

    rows = [
        {**r, "postponed": r["postponements"][-1]["reason"] if r["postponements"] else ""}
        for r in calendar_rows(read_models(session.store).view("calendar"))
    ]
    console.print(
        listing_table(
            "Workshop calendar",
            rows,
            [
                "ref",
                "theme",
                "programme",
                "status",
                "takes_place_on",
                "held_on",
                "postponed",
            ],
        )
    )
