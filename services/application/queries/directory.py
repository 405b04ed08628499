"""The startup directory and one startup, as the reader may see them; a page of the directory found
by search, filters and paging.

Contact persons are personal data: a startup sees only its own, and is told which fields were
withheld. Applications are between a startup and the city, shortlistings are the city's: a
startup sees its own applications and no shortlistings.

`find` is what the CLI's `startup list`, the API's listing and the directory page all ask, so they
find the same startups in the same order (services/application/queries/startup_search.py: how).
"""

from __future__ import annotations

from typing import Any

from domain import Actor, Startup
from projections.directory import directory_rows
from services.application import access
from services.application.queries.readable import describe, named
from services.application.queries.startup_search import INDEX, NAMES, PAGE_SIZE, Found, Search, searched
from services.application.readmodels import folded
from services.infrastructure.store import Store

__all__ = ["INDEX", "NAMES", "PAGE_SIZE", "Found", "Search", "as_seen_by", "directory", "find", "startup"]


def as_seen_by(by: Actor, entry: dict[str, Any]) -> dict[str, Any]:
    """A directory entry without what the reader may not see."""
    own = access.sees_application(by, entry["id"])
    return {
        **entry,
        "profile": access.public_profile(by, entry["id"], entry["profile"]),
        "withheld": access.withheld(by, entry["id"]),
        "applications": entry["applications"] if own else None,
        "shortlistings": entry["shortlistings"] if access.may_read(by, "shortlist") else None,
    }


def directory(by: Actor, store: Store, sector: str | None = None) -> list[dict[str, Any]]:
    """Every startup's profile and what happened to it, optionally of one sector."""
    access.check_read(by, "startup")
    return [
        as_seen_by(by, r)
        for r in folded(store, "directory", directory_rows)
        if sector in (None, *r["profile"].get("sectors", []))
    ]


def find(by: Actor, store: Store, asked: Search, *, build: bool = False) -> Found:
    """One page of the directory: the startups the search and filters find (best first when
    searched, else by name), how many in all, and how the text was matched;
    `build` (servers): build the lexical index on a thread if there is none yet."""
    access.check_read(by, "startup")
    rows = folded(store, "directory", directory_rows)
    return searched(store, rows, asked, lambda r: as_seen_by(by, r), build=build)


def startup(by: Actor, store: Store, reference: str) -> dict[str, Any]:
    """A startup's state, its profile without another startup's contact data."""
    access.check_read(by, "startup")
    found = named(store, Startup, reference, "startup")
    state = describe(store, found)
    return {
        **state,
        "profile": access.public_profile(by, found.id, state["profile"]),
        "withheld": access.withheld(by, found.id),
    }
