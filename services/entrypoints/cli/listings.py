"""Listings (challenges, startups, programmes, workshops, applications, shortlists) as a table, JSON
or CSV: `--format table|json|csv` on every listing, `--json` kept as the short form of `--format json`.

A table never cuts a reference: it is what a manager types next (`matchmaker accept … hausgespraech`),
so its column is as wide as the longest reference and never wraps; names and titles wrap instead.
When even that does not fit the terminal, the least important columns are left out, and the caption
says which (CSV and JSON always carry every column, in full).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

#: A table cell of free text (a pitch, a reason) is cut after this many characters; refs and names never.
MAX_TEXT = 60
#: The narrowest a wrapping column (a name, a title) gets before columns are left out.
MIN_WRAPPED = 12
#: A word longer than this may be broken to fit; shorter ones wrap whole.
MAX_WORD = 20
#: Below this a wrapping column does not shrink, whatever the terminal's width.
NARROWEST = 6


class Format(StrEnum):
    """How a listing is printed: a table for people, JSON as the HTTP API answers, CSV for spreadsheets."""

    table = "table"
    json = "json"
    csv = "csv"


def chosen(format: Format | None, as_json: bool = False) -> Format:
    """The format asked for: `--json` is `--format json`; neither is a table."""
    if as_json:
        return Format.json
    return format or Format.table


@dataclass(frozen=True)
class Column:
    """A column of a listing: where its value is in a row (`profile.name`), its header, and how it
    behaves in a table: a reference (full, one line), wrapping text (names), or a short value."""

    path: str
    header: str = ""
    ref: bool = False
    wraps: bool = False
    limit: int | None = None  # free text cut after this many characters in a table

    @property
    def title(self) -> str:
        return self.header or self.path.split(".")[-1]


def ref(path: str = "ref", header: str = "") -> Column:
    return Column(path, header, ref=True)


def name(path: str, header: str = "") -> Column:
    return Column(path, header, wraps=True)


def text(path: str, header: str = "") -> Column:
    return Column(path, header, wraps=True, limit=MAX_TEXT)


def value(path: str, header: str = "") -> Column:
    return Column(path, header)


def columns_of(specs: Iterable[Column | str]) -> list[Column]:
    """Columns given as `Column`s or plain paths (a path named `ref` is a reference, others short)."""
    return [s if isinstance(s, Column) else ref(s) if s == "ref" else value(s) for s in specs]


def print_listing(
    console: Console,
    title: str,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column | str],
    format: Format,
    data: Any = None,
) -> None:
    """Print a listing in the format asked for. JSON prints `data` (what the query answered, as the
    HTTP API does) or else the rows; CSV and the table print the columns."""
    if format is Format.json:
        from services.entrypoints.cli.render import as_json

        print(as_json(rows if data is None else data))
    elif format is Format.csv:
        write_csv(rows, columns_of(columns))
    else:
        console.print(listing_table(title, rows, columns, console.width))


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[Column], out: Any = None) -> None:
    """The rows as CSV on standard output: a header of column titles, then every value in full."""
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow([c.title for c in columns])
    for row in rows:
        writer.writerow([cell(row, c.path, "; ") for c in columns])


def listing_table(
    title: str, rows: Sequence[dict[str, Any]], specs: Sequence[Column | str], width: int = 200
) -> Table:
    """A table that fits `width`: references whole, names wrapping, and the last columns left out
    (said in the caption) when the rest would not fit."""
    columns = columns_of(specs)
    cells = [[cell(row, c.path) for c in columns] for row in rows]
    minimum = [_minimum(c, [r[i] for r in cells]) for i, c in enumerate(columns)]
    shown = list(range(len(columns)))
    first_name = next((i for i, c in enumerate(columns) if c.wraps), 0)
    kept = {i for i, c in enumerate(columns) if c.ref} | {first_name}  # never left out
    while _needed(minimum, shown) > width and any(i not in kept for i in shown):
        shown.remove(next(i for i in reversed(shown) if i not in kept))
    left_out = [columns[i].title for i in range(len(columns)) if i not in shown]
    table = Table(
        title=f"{title} ({len(rows)})",
        title_justify="left",
        caption=f"not shown at this width: {', '.join(left_out)} (a wider terminal, or --format csv)"
        if left_out
        else None,
        caption_justify="left",
    )
    widths = _widths(columns, cells, minimum, shown, width)
    for i in shown:
        column = columns[i]
        if column.ref:
            table.add_column(column.title, width=widths[i], no_wrap=True, overflow="fold", style="cyan")
        elif column.wraps:
            table.add_column(column.title, width=widths[i], overflow="fold")
        else:
            table.add_column(column.title, width=widths[i], no_wrap=True)
    for values in cells:
        table.add_row(*(Text(_cut(values[i], columns[i].limit)) for i in shown))
    return table


def _widths(
    columns: list[Column], cells: list[list[str]], minimum: list[int], shown: list[int], width: int
) -> dict[int, int]:
    """Each shown column's width: its minimum, and what is left of the terminal's width shared out
    one character at a time among the wrapping columns still narrower than their longest text.
    Rich then has nothing to squeeze, so it cuts nothing."""
    widths = {i: minimum[i] for i in shown}
    wanted = {
        i: max(max((len(_cut(r[i], columns[i].limit)) for r in cells), default=0), len(columns[i].title))
        for i in shown
        if columns[i].wraps
    }
    spare = width - _needed(minimum, shown)
    for i in wanted:  # too narrow even so: the wrapping columns give way first, never a reference
        give = min(max(spare, -widths[i]), 0) if widths[i] > NARROWEST else 0
        give = max(give, NARROWEST - widths[i])
        widths[i] += give
        spare -= give
    while spare > 0:
        growing = [i for i, most in wanted.items() if widths[i] < most]
        if not growing:
            break
        for i in growing[:spare]:
            widths[i] += 1
        spare -= min(spare, len(growing))
    return widths


def _minimum(column: Column, values: list[str]) -> int:
    longest = max((len(v) for v in values), default=0)
    if column.ref:
        return max(longest, len(column.title))
    if column.wraps:  # as wide as its longest word (up to a point), so that words wrap whole
        word = max((len(w) for v in values for w in v.split()), default=0)
        return max(min(longest, MIN_WRAPPED), min(word, MAX_WORD), min(len(column.title), MIN_WRAPPED))
    return max(longest, len(column.title))


def _needed(minimum: list[int], shown: list[int]) -> int:
    """The width the shown columns need at least: their content, a space either side, the rules."""
    return sum(minimum[i] for i in shown) + 3 * len(shown) + 1


def _cut(value: str, limit: int | None) -> str:
    return value if limit is None or len(value) <= limit else value[: limit - 1] + "…"


def cell(row: dict[str, Any], path: str, joiner: str = ", ") -> str:
    """The value at a dotted path of a row, as text: nothing for None, a list joined."""
    found: Any = row
    for part in path.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    if found is None:
        return ""
    if isinstance(found, list):
        return joiner.join(str(v) for v in found)
    if isinstance(found, dict):
        import json

        return json.dumps(found, ensure_ascii=False, default=str)
    return str(found)
