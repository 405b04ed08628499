"""`matchmaker project …`: run, rebuild and inspect the read models."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer
from rich.table import Table

from services.application.readmodels import READ_MODELS, read_models
from services.entrypoints.cli.options import command, console, done, session
from services.entrypoints.cli.render import progress_bar

app = typer.Typer(help="Read models: run, rebuild, status.", no_args_is_help=True)

Names = Annotated[
    list[str] | None, typer.Argument(help=f"Read models (default all): {', '.join(READ_MODELS)}.")
]


@command(app, "run")
def run(
    names: Names = None, once: Annotated[bool, typer.Option(help="Catch up once and exit.")] = False
) -> None:
    """Keep read models current: catch up, then follow new events until stopped (Ctrl-C, SIGTERM)."""
    models = read_models(session.store, embeddings=not names or "embeddings" in names)
    chosen = models.names(names)
    if once:
        applied = models.catch_up(names or None)
        done(", ".join(f"{n}: {k} events" for n, k in applied.items()))
        return
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    threads = models.follow(names or None, stop)  # all: the audit chain too
    console.print(f"following {', '.join(chosen)} on {session.store.location}; Ctrl-C stops", highlight=False)
    while not stop.wait(0.5):
        pass
    for thread in threads:
        thread.join(timeout=10)
    done("stopped")


@command(app, "rebuild")
def rebuild(name: Annotated[str, typer.Argument(help="The read model to rebuild.")]) -> None:
    """Rebuild a read model from the first event in a fresh generation while the old one serves; swap."""
    models = read_models(session.store, embeddings=name == "embeddings")
    with progress_bar(console, transient=False) as progress:
        task = progress.add_task(f"rebuilding {name}", total=models.app.recorder.max_notification_id() or 0)
        result = models.rebuild(
            name, lambda position, head: progress.update(task, completed=position, total=head)
        )
    done(
        f"{name} rebuilt as generation {result.generation}: "
        f"{result.events} events in {result.seconds:.1f} s; now serving"
    )


@command(app, "status")
def status() -> None:
    """Each read model's generation, position, lag behind the event log, and size."""
    table = Table(title=f"Read models of {session.store.location}", title_justify="left")
    for column in ("read model", "generation", "position", "head", "lag", "documents"):
        table.add_column(column, justify="left" if column == "read model" else "right")
    for s in read_models(session.store, embeddings=True).status():
        table.add_row(
            s.name,
            str(s.generation),
            str(s.position),
            str(s.head),
            f"[{'green' if s.lag == 0 else 'yellow'}]{s.lag}[/]",
            str(s.documents),
        )
    console.print(table)
