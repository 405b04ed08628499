"""`matchmaker audit …`: replay the history, check it was not tampered with, recompute shortlists."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from domain.errors import InvalidValue
from services.application.queries import audit as audits
from services.application.queries import history as queries
from services.entrypoints.cli.options import DATE_FORMATS, command, console, done, errors, session
from services.entrypoints.cli.outputs import atomic_output
from services.entrypoints.cli.render import as_json, history_table, progress_bar, state_table

app = typer.Typer(help="Auditors: history, tamper check, replay, shortlist recomputation, export.")

#: Exit status when an audit finds something: tampering, a differing replay or shortlist.
FOUND = 6

AsOf = Annotated[
    datetime | None,
    typer.Option(
        "--as-of", formats=DATE_FORMATS, help="Also show the state at the end of this business date."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def print_history(reference: str, as_of: datetime | None, json_output: bool = False) -> None:
    """An item's events (managers and auditors), and with `as_of` its state on that date."""
    by, store = session.actor, session.store
    shown = queries.history(by, store, reference, as_of.date() if as_of else None)
    if json_output:
        print(as_json([vars(e) for e in shown]))
        return
    current = queries.state(by, store, reference)
    title = f"History of {current['kind']}/{current['ref']}" + (
        f" up to {as_of.date().isoformat()}" if as_of else ""
    )
    console.print(history_table(title, shown))
    if as_of is not None:
        day = as_of.date()
        console.print(state_table(f"State as of {day.isoformat()}", queries.state(by, store, reference, day)))


@command(app, "history")
def history(reference: str, as_of: AsOf = None, as_json: Json = False) -> None:
    """Every event of an item: who acted, in which role, when it happened and when it was recorded."""
    print_history(reference, as_of, as_json)


def _progress() -> Progress:
    return progress_bar(errors, transient=False)


@command(app, "verify")
def verify(
    anchor: Annotated[
        str | None,
        typer.Option(
            help="POSITION:HASH printed by an earlier verify; checks the chain still passes through it."
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Check every stored event against the hash chain; name the first bad position (exit 6)."""
    with _progress() as progress:
        task = progress.add_task("verifying the event log", total=None)
        result = audits.verify(
            session.actor, session.store, anchor, lambda p, h: progress.update(task, completed=p, total=h)
        )
    if as_json:
        print(json.dumps({**vars(result), "findings": [vars(f) for f in result.findings], "ok": result.ok}))
    elif result.ok:
        done(f"{result.checked} stored events match the chain; anchor {result.anchor}")
    else:
        table = Table(title="The event log differs from its hash chain", title_justify="left")
        for column in ("position", "what", "detail"):
            table.add_column(column)
        for finding in result.findings:
            table.add_row(str(finding.position), finding.kind, finding.detail)
        console.print(table)
        errors.print(
            f"[bold red]tampered[/] first bad position: {result.first_bad_position}", highlight=False
        )
    if not result.ok:
        raise typer.Exit(FOUND)


@command(app, "verify-shortlist")
def verify_shortlist(
    shortlists: Annotated[
        list[str] | None, typer.Argument(help="Shortlist refs (default: every ranked one).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Recompute shortlists from the history as it was when they were made; say identical or what differs
    and why (exit 6 if any differs)."""
    by, store = session.actor, session.store
    chosen = shortlists or audits.recomputable_shortlists(by, store)
    results = [audits.verify_shortlist(by, store, ref) for ref in chosen]
    if as_json:
        print(json.dumps([r.as_record() for r in results], ensure_ascii=False))
    for result in [] if as_json else results:
        if not result.recomputable:
            console.print(f"[yellow]–[/] {result.shortlist}: {'; '.join(result.reasons)}", highlight=False)
        elif result.identical:
            done(
                f"{result.shortlist}: identical "
                f"({len(result.recorded)} candidates, same order, scores within 1e-6)"
            )
        else:
            console.print(f"[bold red]✗[/] {result.shortlist} differs:", highlight=False)
            for line in result.differences[:10]:
                console.print(f"    {line}", highlight=False)
            for reason in result.reasons:
                console.print(f"  why: {reason}", highlight=False)
            if result.explanation:
                console.print(f"  {result.explanation}", highlight=False)
    if any(r.recomputable and not r.identical for r in results):
        raise typer.Exit(FOUND)


@command(app, "replay")
def replay(as_json: Json = False) -> None:
    """Rebuild every read model from the first event into a scratch store and compare with the live ones
    (exit 6 on any difference)."""
    with _progress() as progress:
        tasks: dict[str, int] = {}

        def advance(name: str, position: int, head: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(f"replaying {name}", total=head)
            progress.update(tasks[name], completed=position, total=head)

        results = audits.replay(session.actor, session.store, advance)
    if as_json:
        print(json.dumps([{**vars(r), "identical": r.identical} for r in results], ensure_ascii=False))
    else:
        table = Table(title="Read models replayed from the first event", title_justify="left")
        for column in ("read model", "position", "live", "replayed", "differing", "first differences"):
            table.add_column(
                column, justify="left" if column in ("read model", "first differences") else "right"
            )
        for r in results:
            mark = "[green]0[/]" if r.identical else f"[red]{r.count}[/]"
            table.add_row(
                r.name, str(r.position), str(r.live), str(r.replayed), mark, "\n".join(r.differences[:3])
            )
        console.print(table)
    if not all(r.identical for r in results):
        raise typer.Exit(FOUND)


@command(app, "export")
def export(
    reference: Annotated[
        str | None, typer.Argument(help="One item's history (default: the whole log).")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="jsonl (one JSON object per event).")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")] = False,
) -> None:
    """The history of one item, or of everything, as JSON lines for auditors' own tools. A file is
    written whole or not at all, and an existing one only replaced with --force."""
    if format != "jsonl":
        raise InvalidValue("format", f"{format!r} is not supported; use jsonl")
    records = audits.export(session.actor, session.store, reference)
    first = next(records, None)  # an unknown reference is refused before any file is touched
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in chain([first] if first else [], records))
    if output is None:
        sys.stdout.writelines(lines)
        return
    count = 0
    with atomic_output(output, force=force) as out:
        for line in lines:
            out.write(line)
            count += 1
    done(f"{count} events written to {output}")
