"""Rich tables for histories and states (listings: listings.py), and the progress bar every long
command shows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from services.application.queries.history import HistoryEntry

MAX_CELL = 90


def progress_bar(console: Console, *, transient: bool = True, disable: bool = False) -> Progress:
    """A bar with a count and the time spent, on the given console (stderr where stdout is data)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=transient,
        disable=disable,
    )


def as_json(value: Any) -> str:
    """What a query answered, as JSON: the same fields the HTTP API answers with."""

    def plain(item: Any) -> Any:
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, UUID):
            return str(item)
        if hasattr(item, "__dataclass_fields__"):
            return vars(item)
        raise TypeError(f"{type(item).__name__} is not JSON")

    return json.dumps(value, ensure_ascii=False, default=plain)


def short(value: Any, limit: int = MAX_CELL) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def history_table(title: str, entries: Sequence[HistoryEntry]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("v", justify="right")
    table.add_column("occurred on")
    table.add_column("recorded at")
    table.add_column("actor (role)")
    table.add_column("event", style="bold")
    table.add_column("what it says")
    for entry in entries:
        occurred = entry.occurred_on.isoformat() + (" ≈" if entry.date_assumed else "")
        if entry.corrected_on:
            occurred += f"\n→ {entry.corrected_on.isoformat()} (corrected)"
        recorded = entry.recorded_at.strftime("%Y-%m-%d %H:%M:%S") + (
            " (later)" if entry.recorded_later else ""
        )
        changes = "\n".join(f"{k}: {short(v)}" for k, v in entry.changes.items())
        table.add_row(
            str(entry.version),
            occurred,
            recorded,
            f"{entry.actor} ({entry.role})",
            entry.event,
            Text(changes),
        )
    table.caption = (
        "≈ the business date is assumed, not known; → the date a later correction gave it; "
        "(later): recorded more than a day after it happened"
    )
    return table


def state_table(title: str, fields: dict[str, Any]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for name, value in fields.items():
        if isinstance(value, dict) and value and name in ("details", "profile"):
            for key, inner in value.items():
                table.add_row(f"{name}.{key}", Text(short(inner, 200)))
        else:
            table.add_row(name, Text(short(value, 200)))
    return table
