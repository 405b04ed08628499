"""`matchmaker history`, `show` and `correct-date`: any item by its reference, its events, its
state on a date, and a wrongly dated event corrected."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

import typer

from domain import KINDS
from services.application.commands import CorrectDate
from services.application.queries import history as history_queries
from services.application.queries import items
from services.entrypoints.cli import audit
from services.entrypoints.cli.options import DATE_FORMATS, Json, Reason, command, console, session
from services.entrypoints.cli.render import as_json, state_table
from services.entrypoints.cli.writes import changes

#: The kinds of item whose events' dates a manager may correct (not a startup's: it acts itself).
Kind = StrEnum(  # type: ignore[misc]
    "Kind", {kind: kind for kind, cls in KINDS.items() if cls.DATES_CORRECTED}
)

AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=DATE_FORMATS, help="The state at the end of this business date."),
]


def register(main: typer.Typer) -> None:
    changes(main, "correct-date", "event {event} of {kind} {item} now dated {now}")(correct_date)
    command(main, "history")(history)
    command(main, "show")(show)


def correct_date(
    kind: Annotated[Kind, typer.Argument(help="What the item is.")],
    item: Annotated[str, typer.Argument(help="Its ref (e.g. smart-waste-hunter) or UUID.")],
    event: Annotated[int, typer.Argument(help="The event's number, as `matchmaker history` lists it.")],
    to: Annotated[datetime, typer.Option("--to", formats=DATE_FORMATS, help="The date it should have had.")],
    reason: Reason,
) -> CorrectDate:
    """Correct the business date of a wrongly dated event (a manager's correction, recorded as an
    event of its own that names the event it corrects; the event keeps its place in the history)."""
    return CorrectDate(kind.value, item, event, to.date(), reason)


def history(reference: str, as_of: AsOf = None, json_output: Json = False) -> None:
    """An item's events in order (who, when, what); with --as-of also its state on that date
    (managers and auditors)."""
    audit.print_history(reference, as_of, json_output)


def show(reference: str, as_of: AsOf = None, json_output: Json = False) -> None:
    """An item's current state as the reader may see it, or its state as of a date (managers and
    auditors)."""
    if as_of is None:
        fields = items.item(session.actor, session.store, reference)
    else:
        fields = history_queries.state(session.actor, session.store, reference, as_of.date())
    if json_output:
        print(as_json(fields))
        return
    suffix = f" as of {as_of.date().isoformat()}" if as_of else ""
    console.print(state_table(f"{fields['kind']} {fields['ref']}{suffix}", fields))
