"""`matchmaker evaluate DIR`: nDCG@10 and recall@20 of hybrid, lexical-only and dense-only rankers,
on the labelled challenges as written and as managers really fill them in (`--variant`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from services.entrypoints.cli.options import console, reports_errors, session
from services.entrypoints.cli.render import progress_bar

COMPARISONS = ("minilm", "e5+0.25*minilm")
VARIANT_HELP = (
    "clean, no-sector, neighbour-sector, multi-sector or terse (repeat; default: all five). "
    "See matching/variants.py."
)


def register(app: typer.Typer) -> None:
    app.command("evaluate")(reports_errors(evaluate))


def evaluate(
    folder: Annotated[Path, typer.Argument(help="Folder with startups.jsonl, challenges.jsonl, qrels.tsv.")],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: figures per variant and ranker.")
    ] = False,
    variant: Annotated[list[str] | None, typer.Option("--variant", help=VARIANT_HELP)] = None,
    compare: Annotated[
        bool, typer.Option(help=f"Also rank with {', '.join(COMPARISONS)} as dense models.")
    ] = False,
    tune: Annotated[
        bool, typer.Option(help="Grid-search the fusion weights, leave-one-challenge-out over the variants.")
    ] = False,
    learning: Annotated[
        bool, typer.Option(help="Simulate managers' decisions and measure the re-ranking.")
    ] = False,
    model: Annotated[
        str | None, typer.Option(help="Dense model(s), as MATCHMAKER_MODEL (default e5).")
    ] = None,
) -> None:
    """Rank every startup of a labelled folder for each of its challenges and score the rankings."""
    from services.application.evaluation import Evaluation, checked_variants

    variants = checked_variants(variant)
    ranked = Evaluation(folder, session.location)

    def scores(spec: str | None) -> dict[str, dict[str, dict[str, float]]]:
        with progress_bar(console, disable=json_output) as progress:
            task = progress.add_task(f"embedding new texts for {spec or 'e5'}", total=None)
            return {v: ranked.scores(spec, v, lambda _, n: progress.advance(task, n)) for v in variants}

    results = scores(model)
    extra: dict[str, Any] = {}
    if tune:
        extra["tuning"] = ranked.tuned_weights(model, variants)
    if learning:
        extra["learning"] = {v: ranked.learning(model, v) for v in variants}
    others = {spec: scores(spec) for spec in COMPARISONS} if compare else {}
    if json_output:
        print(json.dumps({**results, **extra, **({"comparison": others} if compare else {})}))
        return
    rows = [(v, name, model or "e5", figures) for v, by in results.items() for name, figures in by.items()]
    for spec, other in others.items():
        rows += [(v, n, spec, f) for v, by in other.items() for n, f in by.items() if n != "lexical"]
    out = Table(
        title=f"Ranking quality on {folder} ({len(ranked.data.challenges)} challenges, "
        f"{len(ranked.data.startups)} startups)",
        title_justify="left",
    )
    for column in ("variant", "ranker", "dense model", "nDCG@10", "recall@20", "cross-language recall@20"):
        out.add_column(column)
    for v, name, spec, figures in sorted(rows, key=lambda r: variants.index(r[0])):
        out.add_row(
            v,
            name,
            spec if name != "lexical" else "-",
            f"{figures['ndcg@10']:.3f}",
            f"{figures['recall@20']:.3f}",
            f"{figures['cross_lingual_recall@20']:.3f}",
        )
    console.print(out)
    if tune:
        over = ", ".join(variants)
        console.print(f"Fusion weights, grid search judged by leave-one-challenge-out over {over}:")
        console.print_json(json.dumps(extra["tuning"]))
    if learning:
        console.print("Learning from simulated decisions (grades 2 accepted, 0 rejected, on the top 10):")
        console.print_json(json.dumps(extra["learning"]))
