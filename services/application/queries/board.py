"""The challenge board and one challenge, as the reader may see them.

Drafts are the city's internal work and who was shortlisted or accepted is between the city and
the startups concerned: a startup sees published challenges only, without those counts.

`find` is the board as the page and its search form ask for it: the filters of `board`, words to
find in a challenge's title, owner, programme, reference or text (description, capabilities asked
for, datasets offered; each word somewhere, umlauts spelt either way), and one page of the rows
with their total. The board's read model keeps no texts: a challenge whose row does not hold the
words is read from the store, one aggregate per challenge on the board, only when words are given.
"""

from __future__ import annotations

from typing import Any

from domain import Actor, Challenge, Programme
from domain.errors import InvalidValue
from projections.board import board_rows
from services.application import access
from services.application.queries.readable import describe, named
from services.application.queries.startup_search import MAX_PAGE_SIZE, Found, folded_text
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


PAGE_SIZE = 50


def find(
    by: Actor,
    store: Store,
    programme: str | None = None,
    status: str | None = None,
    sector: str | None = None,
    text: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Found:
    """One page of the board's rows that the filters keep and whose title, owner, programme,
    reference or text hold every word of `text`; the total over all pages with it."""
    if page < 1:
        raise InvalidValue("page", f"{page} is not a page: pages start at 1")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidValue("page_size", f"{page_size} is outside 1..{MAX_PAGE_SIZE}")
    words = folded_text(text.strip()).split()
    rows = [r for r in board(by, store, programme, status, sector) if _holds(store, r, words)]
    first = (page - 1) * page_size
    return Found(rows[first : first + page_size], len(rows), page, page_size, "words" if words else None)


#: What a board search looks in: the row's fields, then the challenge's texts.
SEARCHED = ("title", "owner", "programme", "ref")


def _holds(store: Store, row: dict[str, Any], words: list[str]) -> bool:
    """Whether every word is in the row or, failing that, in the challenge's texts."""
    if not words:
        return True
    shown = folded_text(" ".join(str(row.get(k) or "") for k in SEARCHED))
    if all(w in shown for w in words):
        return True
    details = store.find(Challenge, row["id"]).details
    texts = [str(details.get("description") or "")]
    texts += [str(v) for k in ("required_capabilities", "datasets_offered") for v in details.get(k) or ()]
    told = folded_text(" ".join([shown, *texts]))
    return all(w in told for w in words)


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
