"""`matchmaker serve` and `matchmaker worker`: the message bus processes."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import typer

from services.entrypoints.cli.options import console, reports_errors, session

CONSUMERS = (
    "auto-shortlister",
    "match-alerts",
    "inbound",
)  # services.application.consumers; not imported here: it loads the matcher
Consumer = Annotated[
    list[str] | None, typer.Option("--consumer", help=f"Only these: {', '.join(CONSUMERS)}.")
]


def register(app: typer.Typer) -> None:
    app.command("serve")(reports_errors(serve))
    app.command("worker")(reports_errors(worker))


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def serve(
    consumer: Consumer = None,
    relay: Annotated[bool, typer.Option(help="Publish stored events to the broker.")] = True,
    read_models: Annotated[bool, typer.Option(help="Keep the read models current as well.")] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every message handled.")] = False,
) -> None:
    """Relay, consumers and read models in one process. Without MATCHMAKER_BROKER_URL it starts an
    embedded NATS server with JetStream (store under ./var)."""
    from services.entrypoints.bus.runtime import run

    _logging(verbose)
    url = session.app.configuration.broker_url
    console.print(
        f"serving {session.location} on {url or 'an embedded NATS server'}; Ctrl-C stops",
        highlight=False,
    )
    asyncio.run(
        run(
            session.app,
            url=url,
            relay=relay,
            consumers=set(consumer) if consumer else None,
            read_models=read_models,
        )
    )


def worker(
    consumer: Consumer = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every message handled.")] = False,
) -> None:
    """Consumers only; several workers share the messages (durable consumers, queues, groups)."""
    from services.entrypoints.bus.runtime import run

    _logging(verbose)
    url = session.app.broker_url()
    if url is None:
        raise typer.BadParameter("no broker: set MATCHMAKER_BROKER_URL, or start `matchmaker serve` first")
    console.print(f"working for {session.location} on {url}; Ctrl-C stops", highlight=False)
    asyncio.run(run(session.app, url=url, relay=False, consumers=set(consumer) if consumer else None))
