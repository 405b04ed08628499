"""The challenge board and one challenge, as the reader may see them.

Drafts are the city's internal work and who was shortlisted or accepted is between the city and
the startups concerned: a startup sees published challenges only, without those counts.
"""

from __future__ import annotations

from typing import Any

from domain import Actor, Challenge, Programme
from projections.board import board_rows
from services.application import access
from services.application.queries.readable import describe, named
from services.application.readmodels import folded
from services.errors import NotFound
from services.infrastructure.store import Store


def board(
    by: Actor,
    store: Store,
    programme: str | None = None,
    status: str | None = None,
    sector: str | None = None,
) -> list[dict[str, Any]]:
    """Every challenge with status, deadline and counts; `programme` is the programme's ref or id,
    `sector` one of the sectors a challenge names."""
    access.check_read(by, "challenge")
    programme_id = str(named(store, Programme, programme, "programme").id) if programme else None
    return [
        _row(by, r)
        for r in folded(store, "board", board_rows)
        if programme_id in (None, r["programme_id"])
        and status in (None, r["status"])
        and (sector is None or sector in r["sectors"])
        and access.sees_challenge(by, r["published_on"] is not None)
    ]


def _row(by: Actor, row: dict[str, Any]) -> dict[str, Any]:
    """Who was shortlisted and accepted is not for startups to see."""
    return row if access.may_read(by, "shortlist") else {**row, "shortlisted": None, "accepted": None}


def challenge(by: Actor, store: Store, reference: str) -> dict[str, Any]:
    """A challenge's state; to a startup, only once it was published."""
    access.check_read(by, "challenge")
    found = named(store, Challenge, reference, "challenge")
    if not access.sees_challenge(by, found.published_on is not None):
        raise NotFound("challenge", f"no published challenge is known as {reference!r}")
    return describe(store, found)
