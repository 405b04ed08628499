"""`matchmaker api`: the HTTP API (FastAPI on uvicorn) over the store of the global --store option."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer

from services.entrypoints.cli.options import console, errors, reports_errors, session


def register(app: typer.Typer) -> None:
    app.command("api")(reports_errors(api))


def api(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (each with its own store connections).")] = 1,
    openapi: Annotated[
        bool, typer.Option("--openapi", help="Print the OpenAPI document and exit (docs/openapi.json).")
    ] = False,
) -> None:
    """Serve the HTTP API. Keys: MATCHMAKER_API_KEYS (`key=role:name,…`) and/or
    MATCHMAKER_API_KEYS_FILE (TOML); docs at /docs, the document at /openapi.json."""
    # imported here: FastAPI, uvicorn and the matcher would slow every other command's start
    from services.application.keys import KeyConfigError, Keys
    from services.entrypoints.http import create_app

    if openapi:
        print(json.dumps(create_app(keys={}).openapi(), ensure_ascii=False, indent=2))
        return
    try:
        keys = Keys.from_environment()
    except KeyConfigError as error:
        errors.print(f"[bold red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    if not keys:
        errors.print(
            "[yellow]warning[/] no API keys configured (MATCHMAKER_API_KEYS, MATCHMAKER_API_KEYS_FILE): "
            "every request but /health is refused with 401",
            highlight=False,
        )
    location = session.location
    os.environ["MATCHMAKER_STORE"] = location  # each worker process bootstraps from the environment
    import uvicorn

    roles = ", ".join(f"{n} {role}" for role, n in sorted(keys.roles().items())) or "no keys"
    console.print(
        f"serving {location} on http://{host}:{port} ({roles}); docs at /docs",
        highlight=False,
    )
    if workers > 1:
        uvicorn.run(
            "services.entrypoints.http:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    else:
        uvicorn.run(create_app(location, keys), host=host, port=port, log_level="warning")
