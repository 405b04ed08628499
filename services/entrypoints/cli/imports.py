"""`matchmaker import startups FILE`: a catalogue in, a summary out.

The summary counts the rejected rows by reason (a messy catalogue rejects hundreds; a screenful of
them hides the two reasons that matter); `--verbose` lists each. The exit status is 1 when rows were
rejected and none was taken, so that a script notices a file that is wrong as a whole.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from services.application.catalogue_files import read_catalogue
from services.application.imports import COLUMNS, import_startups
from services.entrypoints.cli.options import On, command, console, errors, session, when
from services.entrypoints.cli.render import progress_bar

app = typer.Typer(help="Import catalogues.", no_args_is_help=True)

#: How `--encoding` is reported when it was found, not given.
NAMES = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


@command(app, "startups")
def import_startups_command(
    file: Annotated[Path, typer.Argument(help="CSV (comma, semicolon or tab) or JSON Lines (.jsonl) file.")],
    on: On = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="The file's encoding (default: UTF-16/UTF-8 by a byte-order mark, else UTF-8, else cp1252)."
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every rejected row.")] = False,
) -> None:
    """Import startups; a second run adds nothing; rejected rows are counted by reason (exit 1 if
    every row was rejected)."""
    catalogue = read_catalogue(file, COLUMNS, encoding)
    if encoding is None:
        _say_how_read(file, catalogue.encoding, catalogue.delimiter)
    with progress_bar(console, transient=not os.environ.get("MATCHMAKER_KEEP_PROGRESS")) as progress:
        task = progress.add_task(f"importing {file.name}", total=len(catalogue.rows))
        report = import_startups(
            session.store,
            file,
            rows=catalogue.rows,
            by=session.actor,
            when=when(on),
            progress=lambda n: progress.advance(task, n),
        )
    for rejection in report.rejected if verbose else []:
        errors.print(
            f"  rejected row {rejection.row} ({rejection.name}): {rejection.reason}", highlight=False
        )
    console.print(report.summary(), highlight=False)
    if report.rejected:
        hint = "" if verbose else " (--verbose lists each row)"
        errors.print(f"{report.rejections()}{hint}", highlight=False)
    if report.failed:
        raise typer.Exit(1)


def _say_how_read(file: Path, encoding: str, delimiter: str | None) -> None:
    """A guess other than UTF-8 and commas is said, so that a garbled name leads to --encoding."""
    if encoding in ("utf-8", "utf-8-sig") and delimiter in (None, ","):
        return
    how = f"read {file.name} as {NAMES.get(encoding, encoding)}"
    if delimiter is not None:
        how += f", columns separated by {DELIMITER_NAMES[delimiter]}"
    errors.print(how, style="dim", highlight=False)
