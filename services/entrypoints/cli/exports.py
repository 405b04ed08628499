"""`matchmaker export shortlist CHALLENGE [N] --format csv|xlsx --output FILE`: files for the council.

The application layer builds the file (services/application/exports/); this writes it whole or
not at all (a temporary file renamed into place), and replaces an existing file only with
--force, as `audit export -o` does. Without --output a CSV goes to standard output; a spreadsheet
needs a file.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from domain.errors import InvalidValue
from services.application.exports import shortlist as shortlist_exports
from services.entrypoints.cli import messages
from services.entrypoints.cli.options import command, done, session
from services.entrypoints.cli.outputs import atomic_output

app = typer.Typer(
    help="Files for the council's papers: a shortlist as CSV or a spreadsheet.", no_args_is_help=True
)


class FileFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="export")


def _explain(lang: str) -> shortlist_exports.Explain:
    """A score component's explanation in the command line's words, startups named by name."""

    def said(explanation: Mapping[str, Any]) -> str:
        params = dict(explanation.get("params") or {})
        if params.get("names"):
            params["startups"] = params["names"]
        return messages.explanation_text({**explanation, "params": params}, lang)

    return said


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
        str | None, typer.Option(help="Language of the reasons: de or en (default: the locale's, else en).")
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
        session.actor, session.store, challenge, number, format.value, explain=_explain(language)
    )  # refused (unknown, not allowed) before any file is touched
    if output is None:
        sys.stdout.write(made.content.decode("utf-8-sig"))
        return
    with atomic_output(output, force=force, binary=True) as out:
        out.write(made.content)
    done(f"{made.filename.rsplit('.', 1)[0]} written to {output} ({len(made.content):,} bytes)")
