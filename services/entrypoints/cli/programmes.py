"""`matchmaker programme …`: launch, partners, activities, end, list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from services.application.commands import programmes
from services.entrypoints.cli.options import (
    DATE_FORMATS,
    Assumed,
    ExpectedVersion,
    On,
    Reason,
    command,
    console,
    day,
    done,
    session,
    when,
)
from services.entrypoints.cli.render import listing_table

app = typer.Typer(help="Programmes of a city and their partners.", no_args_is_help=True)

Partners = Annotated[list[str], typer.Option("--partner", help="A partner (repeat for several).")]


@command(app, "launch")
def launch(
    name: str,
    city: Annotated[str, typer.Option(help="The city running the programme.")],
    partner: Partners = [],  # noqa: B006 - Typer reads the default
    starts_on: Annotated[datetime | None, typer.Option(formats=DATE_FORMATS, help="Default: --on.")] = None,
    description: str = "",
    ref: Annotated[str | None, typer.Option(help="Reference (default: from the name).")] = None,
    on: On = None,
    assumed: Assumed = False,
) -> None:
    """Launch a programme with its partners."""
    programme, created = programmes.launch(
        session.store,
        name=name,
        city=city,
        partners=partner,
        starts_on=day(starts_on),
        description=description,
        ref=ref,
        by=session.actor,
        when=when(on, assumed),
    )
    done(f"programme {programme.ref} {'launched' if created else 'already launched; nothing changed'}")


@command(app, "join")
def join(
    programme: str,
    partner: str,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """A partner joins the programme."""
    p = programmes.join(
        session.store,
        programme,
        partner,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"{partner} joined {p.ref} (version {p.version})")


@command(app, "leave")
def leave(
    programme: str,
    partner: str,
    reason: Reason,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """A partner leaves the programme."""
    p = programmes.leave(
        session.store,
        programme,
        partner,
        reason,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"{partner} left {p.ref} (version {p.version})")


@command(app, "activity")
def activity(
    programme: str,
    title: str,
    kind: Annotated[str, typer.Option(help="e.g. membership, advice, event series, open data, co-working.")],
    partner: Partners = [],  # noqa: B006
    description: str = "",
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Note an activity of the programme besides challenges and workshops."""
    p = programmes.note_activity(
        session.store,
        programme,
        title=title,
        kind=kind,
        partners=partner,
        description=description,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"activity {title!r} noted on {p.ref} (version {p.version})")


@command(app, "end")
def end(
    programme: str,
    reason: Reason,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """End the programme."""
    p = programmes.end(
        session.store,
        programme,
        reason,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"programme {p.ref} ended")


@command(app, "list")
def list_programmes() -> None:
    """Every programme with its partners, as of today."""
    from datetime import date

    from projections.report import council_report
    from services.application.readmodels import read_models

    rows = [
        {
            **p,
            "partners": [x["name"] for x in p["partners"] if not x["left_on"]],
            "status": "active" if p["active"] else f"ended {p['ended_on']}",
        }
        for p in council_report(read_models(session.store).view("report"), date.today())["programmes"]
    ]
    console.print(
        listing_table("Programmes", rows, ["ref", "name", "city", "partners", "starts_on", "status"])
    )
