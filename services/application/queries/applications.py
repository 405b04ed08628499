"""Applications of startups to challenges: a startup sees its own, staff see them all."""

from __future__ import annotations

from typing import Any

from domain import Actor, Application, Challenge, Startup
from domain.application import application_ref
from projections.directory import directory_rows
from services.application import access
from services.application.queries.readable import describe, named
from services.application.readmodels import folded
from services.errors import AccessDenied
from services.infrastructure.store import Store


def applications(
    by: Actor, store: Store, challenge: str | None = None, startup: str | None = None
) -> list[dict[str, Any]]:
    """Every application the reader may see, optionally to one challenge or of one startup (refs
    or ids), with the applying startup's name."""
    access.check_read(by, "application")
    challenge_id = str(named(store, Challenge, challenge, "challenge").id) if challenge else None
    startup_id = str(named(store, Startup, startup, "startup").id) if startup else None
    return [
        {**a, "startup": s["profile"]["name"]}
        for s in folded(store, "directory", directory_rows)
        for a in s["applications"]
        if challenge_id in (None, a["challenge_id"])
        and startup_id in (None, a["startup_id"])
        and access.sees_application(by, a["startup_id"])
    ]


def application(by: Actor, store: Store, challenge: str, startup: str) -> dict[str, Any]:
    """One application, named by its challenge and startup (`<challenge ref>/<startup ref>`)."""
    access.check_read(by, "application")
    reference = application_ref(
        named(store, Challenge, challenge, "challenge"), named(store, Startup, startup, "startup")
    )
    return application_named(by, store, reference)


def application_named(by: Actor, store: Store, reference: str) -> dict[str, Any]:
    """One application by its reference or id."""
    access.check_read(by, "application")
    found = named(store, Application, reference, "startup")
    if not access.sees_application(by, found.startup_id):
        raise AccessDenied("startup", "an application is for the startup that made it and the city")
    return describe(store, found)
