"""`matchmaker report`: the council inquiry answered from the history, for any date, as text, JSON,
CSV, XLSX or PDF.

`matchmaker report --format pdf -o ratsbericht.pdf` and `matchmaker report council …` are the
same command (the group runs the council report when no subcommand is named). A file is written
whole or not at all (cli/outputs.py), and an existing one only replaced with --force.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from domain.errors import InvalidValue
from services.application.queries import report as queries
from services.application.reporting import LANGUAGES, render
from services.entrypoints.cli.options import DATE_FORMATS, command, console, done, reports_errors, session
from services.entrypoints.cli.outputs import atomic_output

app = typer.Typer(help="Reports from the read models.", invoke_without_command=True)
FORMATS = ("text", "json", "csv", "xlsx", "pdf")
BINARY = ("xlsx", "pdf")

AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=DATE_FORMATS, help="Business date of the report (default today)."),
]
Lang = Annotated[str, typer.Option(help=f"Language: {', '.join(LANGUAGES)}.")]
Since = Annotated[int, typer.Option(help="Projects started since this year.")]
Format = Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")]
Json = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write (default: stdout; xlsx and pdf need one)."),
]
Force = Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")]


def _council(
    as_of: datetime | None, lang: str, since: int, format: str, output: Path | None, force: bool
) -> None:
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"{lang!r} is not one of {', '.join(LANGUAGES)}", param_hint="--lang")
    if format not in FORMATS:
        raise InvalidValue("format", f"{format!r} is not one of {', '.join(FORMATS)}")
    if format in BINARY and output is None and sys.stdout.isatty():
        raise InvalidValue("output", f"a {format} file needs --output FILE (or a pipe)")
    day = as_of.date() if as_of else date.today()
    report = queries.council(session.actor, session.store, day, since)
    if format in ("text", "json"):
        text = json.dumps(report, ensure_ascii=False, indent=2) if format == "json" else render(report, lang)
        if output is None:
            console.print(text, highlight=False, soft_wrap=True, markup=False)
            return
        with atomic_output(output, force=force) as out:
            out.write(text + "\n")
    else:
        from services.application.exports import report as exports  # openpyxl, Jinja: only when exporting

        doc = exports.council(session.actor, session.store, day, since, lang, report=report)
        content = exports.export(doc, format).content
        if output is None:
            sys.stdout.buffer.write(content)
            return
        with atomic_output(output, force=force, binary=True) as handle:
            handle.write(content)
    done(f"council report as of {day.isoformat()} ({lang}, {format}) written to {output}")


@app.callback()
@reports_errors
def report(
    context: typer.Context,
    as_of: AsOf = None,
    lang: Lang = "de",
    since: Since = 2018,
    format: Format = "text",
    json_output: Json = False,
    output: Output = None,
    force: Force = False,
) -> None:
    """Reports from the read models; without a subcommand, the council report (see `council`)."""
    if context.invoked_subcommand is None:
        _council(as_of, lang, since, "json" if json_output else format, output, force)


@command(app, "council")
def council(
    as_of: AsOf = None,
    lang: Lang = "de",
    since: Since = 2018,
    format: Format = "text",
    json_output: Json = False,
    output: Output = None,
    force: Force = False,
) -> None:
    """Answer council inquiry 2021/0401 as of a date, numbered like its questions (1–6).

    As text, JSON, CSV, XLSX or PDF; the PDF is printed by Chromium (/usr/bin/chromium,
    or MATCHMAKER_CHROMIUM)."""
    _council(as_of, lang, since, "json" if json_output else format, output, force)
