"""`matchmaker evaluate DIR`: nDCG@10 and recall@20 of hybrid, lexical-only and dense-only rankers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from services.entrypoints.cli.options import console, reports_errors, session
from services.entrypoints.cli.render import progress_bar

COMPARISONS = ("minilm", "e5+0.25*minilm")


def register(app: typer.Typer) -> None:
    app.command("evaluate")(reports_errors(evaluate))


def evaluate(
    folder: Annotated[Path, typer.Argument(help="Folder with startups.jsonl, challenges.jsonl, qrels.tsv.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    compare: Annotated[
        bool, typer.Option(help=f"Also rank with {', '.join(COMPARISONS)} as dense models.")
    ] = False,
    tune: Annotated[bool, typer.Option(help="Grid-search the fusion weights with leave-one-out.")] = False,
    learning: Annotated[
        bool, typer.Option(help="Simulate managers' decisions and measure the re-ranking.")
    ] = False,
    model: Annotated[
        str | None, typer.Option(help="Dense model(s), as MATCHMAKER_MODEL (default e5).")
    ] = None,
) -> None:
    """Rank every startup of a labelled folder for each of its challenges and score the rankings."""
    from services.application.evaluation import Evaluation

    ranked = Evaluation(folder, session.location)

    def scores(spec: str | None) -> dict[str, dict[str, float]]:
        with progress_bar(console, disable=json_output) as progress:
            task = progress.add_task(f"embedding new texts for {spec or 'e5'}", total=None)
            return ranked.scores(spec, lambda _, n: progress.advance(task, n))

    results = scores(model)
    if json_output:
        print(json.dumps(results))
        return
    rows = [(name, model or "e5", figures) for name, figures in results.items()]
    if compare:
        for spec in COMPARISONS:
            other = scores(spec)
            rows += [(name, spec, figures) for name, figures in other.items() if name != "lexical"]
    out = Table(
        title=f"Ranking quality on {folder} ({len(ranked.data.challenges)} challenges, "
        f"{len(ranked.data.startups)} startups)",
        title_justify="left",
    )
    for column in ("ranker", "dense model", "nDCG@10", "recall@20", "cross-language recall@20"):
        out.add_column(column)
    for name, spec, figures in rows:
        out.add_row(
            name,
            spec if name != "lexical" else "-",
            f"{figures['ndcg@10']:.3f}",
            f"{figures['recall@20']:.3f}",
            f"{figures['cross_lingual_recall@20']:.3f}",
        )
    console.print(out)
    if tune:
        console.print("Fusion weights, grid search judged by leave-one-challenge-out:")
        console.print_json(json.dumps(ranked.tuned_weights(model)))
    if learning:
        console.print("Learning from simulated decisions (grades 2 accepted, 0 rejected, on the top 10):")
        console.print_json(json.dumps(ranked.learning(model)))
