"""`matchmaker demo`: the Herne story of council inquiry 2021/0401 recorded and shown."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from domain import Shortlist, When
from services.application.queries import history as history_queries
from services.entrypoints.cli.options import command, console, session
from services.entrypoints.cli.render import progress_bar, state_table


def register(main: typer.Typer) -> None:
    command(main, "demo")(demo)


def demo(
    fresh: Annotated[bool, typer.Option(help="Delete the SQLite store first and record anew.")] = False,
) -> None:
    """Record the Herne story (council inquiry 2021/0401) and the startup catalogue, and show it."""
    from services.application.demo import PAIRED_DEV_CHALLENGE, already_told, tell
    from services.entrypoints.cli.shortlists import shortlist_table

    location = session.location
    if fresh:
        if not session.app.configuration.embedded:
            raise typer.BadParameter(
                "--fresh deletes a SQLite file; on PostgreSQL use an empty schema instead"
            )
        session.close()
        for suffix in ("", "-wal", "-shm"):
            Path(location + suffix).unlink(missing_ok=True)
    store = session.store
    if already_told(store):
        console.print(f"The Herne story is already recorded in {location}; use --fresh to record it anew.")
    else:
        steps: list[tuple[When, str]] = []
        with _progress() as progress:
            task = progress.add_task("embedding startup profiles (once; kept for later runs)", total=None)
            tell(
                store,
                lambda w, text: steps.append((w, text)),
                lambda done, total: progress.update(task, completed=done, total=total),
            )
        console.rule(f"The Herne story, recorded in {location}")
        for step_when, text in sorted(steps, key=lambda s: s[0].on):
            mark = "≈" if step_when.assumed else " "
            console.print(f"[cyan]{step_when.on.isoformat()}{mark}[/] {text}", highlight=False)
        console.print("≈ date assumed: the council document gives none", style="dim")
    for challenge in PAIRED_DEV_CHALLENGE:
        console.print(shortlist_table(store.find(Shortlist, f"{challenge}/shortlist-1")))
    console.rule("Smart Waste Hunter, as the council saw it on 2021-04-27")
    console.print(
        state_table(
            "challenge smart-waste-hunter as of 2021-04-27",
            history_queries.state(session.actor, store, "challenge/smart-waste-hunter", date(2021, 4, 27)),
        )
    )
    console.print(
        "Try: matchmaker history smart-waste-hunter --as-of 2019-04-01 · matchmaker challenge list · "
        "matchmaker workshop list · matchmaker history smart-waste-hunter/shortlist-1",
        style="dim",
        highlight=False,
    )


def _progress() -> Progress:
    return progress_bar(console, transient=not os.environ.get("MATCHMAKER_KEEP_PROGRESS"))
