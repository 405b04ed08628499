"""`matchmaker export shortlist CHALLENGE [N] --format csv|xlsx --output FILE`: files for the council.

The application layer builds the file (services/application/exports/); this writes it whole or
not at all (a temporary file renamed into place), and replaces an existing file only with
--force, as `audit export -o` does. Without --output a CSV goes to standard output; a spreadsheet
needs a file.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from domain.errors import InvalidValue
from services.application.exports import shortlist as shortlist_exports
from services.entrypoints.cli import messages
from services.entrypoints.cli.options import command, done, session
from services.entrypoints.cli.outputs import atomic_output

app = typer.Typer(
    help="Files for the council's papers: a shortlist as CSV or a spreadsheet.", no_args_is_help=True
)


@app.callback()
def files() -> None:
    # a group even while it has one command (else Typer makes `export` the command itself)
    pass


class FileFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@command(app, "shortlist")
def shortlist(
    challenge: Annotated[str, typer.Argument(help="The challenge (its ref).")],
    number: Annotated[int | None, typer.Argument(help="The shortlist's number (default: latest).")] = None,
    format: Annotated[FileFormat, typer.Option("--format", help="csv or xlsx.")] = FileFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout, CSV only).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            help="de or en: headers, verdicts and reasons in its words (default: headers and verdicts "
            "as keys, reasons in the locale's language)."
        ),
    ] = None,
) -> None:
    """A shortlist's candidates with refs, names, scores per component and fused, reasons, and the
    decisions with their dates and reasons (managers and auditors)."""
    language = messages.language(lang)
    if language not in messages.LANGUAGES:
        known = ", ".join(messages.LANGUAGES)
        raise typer.BadParameter(f"{lang!r} is not one of {known}", param_hint="--lang")
    if output is None and format is FileFormat.xlsx:
        raise InvalidValue("output", "a spreadsheet is written to a file: add --output FILE.xlsx")
    made = shortlist_exports.export(
        session.actor,
        session.store,
        challenge,
        number,
        format.value,
        language=lang,
        explain=None if lang else partial(shortlist_exports.explained, language=language),
    )  # refused (unknown, not allowed) before any file is touched
    if output is None:
        sys.stdout.write(made.content.decode("utf-8-sig"))
        return
    with atomic_output(output, force=force, binary=True) as out:
        out.write(made.content)
    done(f"{made.filename.rsplit('.', 1)[0]} written to {output} ({len(made.content):,} bytes)")
