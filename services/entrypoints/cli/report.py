"""`matchmaker report council`: the council inquiry answered from the history, for any date."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import typer

from services.application.queries import report as queries
from services.application.reporting import LABELS, render
from services.entrypoints.cli.options import DATE_FORMATS, command, console, session

app = typer.Typer(help="Reports from the read models.", no_args_is_help=True)


@command(app, "council")
def council(
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=DATE_FORMATS, help="Business date of the report (default today)."),
    ] = None,
    lang: Annotated[str, typer.Option(help=f"Language: {', '.join(LABELS)}.")] = "de",
    since: Annotated[int, typer.Option(help="Projects started since this year.")] = 2018,
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Answer the council's questions 1–4 (and 6) of inquiry 2021/0401 as of a date."""
    if lang not in LABELS:
        raise typer.BadParameter(f"{lang!r} is not one of {', '.join(LABELS)}", param_hint="--lang")
    day = as_of.date() if as_of else date.today()
    report = queries.council(session.actor, session.store, day, since)
    if json_output:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        console.print(render(report, lang), highlight=False, soft_wrap=True)
