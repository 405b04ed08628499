"""`matchmaker challenge decisions CHALLENGE`: one decision view per challenge.

What stands for each startup across all the challenge's shortlists (the latest decision; a
withdrawn one no more), with the history of decisions a line per startup, as a table, JSON (what
the HTTP API answers) or CSV (services/application/queries/decisions.py decides; this prints).
"""

from __future__ import annotations

from typing import Any

import typer

from services.application.queries import decisions as queries
from services.entrypoints.cli.listings import chosen, name, print_listing, ref, text, value
from services.entrypoints.cli.options import Json, ListingFormat, command, console, session


def register(challenges: typer.Typer) -> None:
    command(challenges, "decisions")(decisions)


def history_line(history: list[dict[str, Any]]) -> str:
    """`accepted on 1 (2019-03-20); rejected on 3 (2019-04-11)`: each decision or withdrawal with
    the shortlist's number and its date, oldest first."""
    return "; ".join(f"{h['verdict']} on {h['number']} ({h['on']})" for h in history)


def decisions(challenge: str, format: ListingFormat = None, as_json: Json = False) -> None:
    """The latest decision per startup across all the challenge's shortlists, with the history of
    decisions (managers and auditors)."""
    view = queries.decisions(session.actor, session.store, challenge)
    rows = [
        {
            **r,
            "ref": r["startup"].removeprefix("startup/"),
            "state": (r["current"] or {}).get("verdict", "open"),
            "on": (r["current"] or {}).get("on", ""),
            "on_shortlist": (r["current"] or {}).get("number", ""),
            "reason": (r["current"] or {}).get("reason", ""),
            "shortlists": [p["number"] for p in r["shortlisted"]],
            "decisions": history_line(r["history"]),
        }
        for r in view["startups"]
    ]
    title = view["challenge"].removeprefix("challenge/")
    print_listing(
        console,
        f"Decisions on {title} over {len(view['shortlists'])} shortlists",
        rows,
        [
            ref(),
            name("name"),
            value("state"),
            name("decisions", "history"),
            text("reason"),
            value("on"),
            value("on_shortlist", "shortlist"),
            value("shortlists"),
        ],
        chosen(format, as_json),
        data=view,
    )
