"""Run the benchmarks: `python -m benchmarks [NAME ...] [--scale N] [--json]`."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.table import Table

import benchmarks.api_load
import benchmarks.bus
import benchmarks.ingest
import benchmarks.projections
import benchmarks.shortlist
import benchmarks.startup
import benchmarks.store_writes  # noqa: F401
from benchmarks.runner import BENCHMARKS, Figure, to_json


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"which to run (default all): {', '.join(BENCHMARKS)}")
    parser.add_argument("--scale", type=int, default=1, help="multiply the workload")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    console = Console()
    figures: list[Figure] = []
    for name in args.names or list(BENCHMARKS):
        func, description = BENCHMARKS[name]
        if not args.json:
            console.print(f"[bold]{name}[/]: {description}")
        figures.extend(func(args.scale))
    if args.json:
        print(to_json(figures))
        return 0
    table = Table(title="Figures against baselines measured in the same run", title_justify="left")
    for column in ("figure", "value", "baseline", "baseline value", "ratio", "target", "met"):
        table.add_column(column)
    for f in figures:
        met = {True: "[green]yes[/]", False: "[red]no[/]", None: "-"}[f.meets_target]
        table.add_row(
            f.name,
            f"{f.value:,.1f} {f.unit}" if f.value < 100 else f"{f.value:,.0f} {f.unit}",
            f.baseline_name,
            f"{f.baseline:,.1f} {f.unit}" if f.baseline < 100 else f"{f.baseline:,.0f} {f.unit}",
            f"{f.ratio:.2f}",
            f.target,
            met,
        )
    console.print(table)
    return 0 if all(f.meets_target is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
