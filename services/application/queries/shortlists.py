"""Shortlists: the ranked candidates with scores and reasons, and the decisions taken on them.

Who was shortlisted is the city's working knowledge: startups see no shortlists.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain import Actor, Challenge, Shortlist, Startup
from domain.errors import RuleViolation
from domain.shortlist import shortlist_ref
from projections.shortlists import shortlist_rows
from services.application import access
from services.application.queries.readable import Readable, named
from services.application.readmodels import folded
from services.infrastructure.store import Store


def summaries(by: Actor, store: Store, challenge: str | None = None) -> list[dict[str, Any]]:
    """Every shortlist (or a challenge's): when it was made, by which matcher, how many candidates
    and decisions, whether it is final."""
    access.check_read(by, "shortlist")
    challenge_id = str(named(store, Challenge, challenge, "challenge").id) if challenge else None
    return [
        {
            "ref": r["ref"],
            "id": r["id"],
            "number": r["number"],
            "challenge": r["challenge"],
            "produced_on": r["produced"]["on"],
            "matcher": r["matcher"],
            "candidates": len(r["candidates"]),
            "decided": len(r["decisions"]),
            "finalised_on": (r["finalised"] or {}).get("on"),
        }
        for r in folded(store, "shortlists", shortlist_rows)
        if challenge_id in (None, r["challenge_id"])
    ]


def shortlist(by: Actor, store: Store, challenge: str, number: int) -> dict[str, Any]:
    """A challenge's shortlist by its number: candidates with scores, components, reasons, decisions."""
    access.check_read(by, "shortlist")
    the_challenge = named(store, Challenge, challenge, "challenge")
    return shortlist_named(by, store, shortlist_ref(the_challenge, number))


def shortlist_named(by: Actor, store: Store, reference: str) -> dict[str, Any]:
    """A shortlist by its reference (`<challenge ref>/shortlist-<n>`) or id."""
    access.check_read(by, "shortlist")
    return view(store, named(store, Shortlist, reference, "number"))


def view(store: Store, found: Shortlist, names: dict[str, str] | None = None) -> dict[str, Any]:
    """A shortlist with its candidates' names, scores, reasons and decisions (`names`: the
    candidates' names by id when the caller knows them, as the ranking that just made it does)."""
    readable = Readable(store)
    known = dict(names or {})
    candidates = []
    for c in found.candidates:
        decision = found.decisions.get(c.startup_id)
        name = known.get(str(c.startup_id)) or store.load(Startup, c.startup_id).name
        known[str(c.startup_id)] = name
        candidates.append(
            {
                "rank": c.rank,
                "startup": readable(c.startup_id),
                "startup_id": c.startup_id,
                "name": name,
                "score": c.score,
                "profile_version": c.profile_version,
                "components": c.components,
                "reasons": readable(_named_explanations(store, c.reasons, readable, known)),
                "decision": readable(decision) if decision else None,
            }
        )
    return {
        "kind": found.KIND,
        "ref": found.ref,
        "id": found.id,
        "number": found.number,
        "challenge": readable(found.challenge_id),
        "challenge_version": found.challenge_version,
        "version": found.version,
        "produced_on": found.first_occurred_on,
        "finalised_on": found.finalised_on,
        "matcher": readable(found.matcher),
        "settings": readable(found.settings),
        "candidates": candidates,
    }


def _named_explanations(
    store: Store, reasons: dict[str, Any], readable: Readable, names: dict[str, str]
) -> dict[str, Any]:
    """The reasons with the startups an explanation names (by id: those a manager accepted or
    rejected for the challenge) as refs, and their names beside them, for every reader to show."""
    if not reasons.get("explanations"):
        return reasons
    explained = []
    for explanation in reasons["explanations"]:
        params = explanation.get("params") or {}
        if params.get("startups"):
            ids = [str(s) for s in params["startups"]]
            for startup in ids:
                if startup not in names:
                    try:
                        names[startup] = store.load(Startup, UUID(startup)).name
                    except Exception:  # no such startup (any more): named by its id
                        names[startup] = startup
            params = {
                **params,
                "startups": [_ref(readable, s) for s in ids],
                "names": [names[s] for s in ids],
            }
        explained.append({**explanation, "params": params})
    return {**reasons, "explanations": explained}


def _ref(readable: Readable, startup: str) -> str:
    try:
        return readable.ref_of(UUID(startup))
    except ValueError:
        return startup


def not_shortlistable(by: Actor, store: Store, challenge: str) -> str | None:
    """Why no shortlist can be made for the challenge now (the domain's rule), or None; for the
    forms that offer to request one."""
    access.check_read(by, "shortlist")
    try:
        named(store, Challenge, challenge, "challenge").check_can_be_shortlisted()
    except RuleViolation as error:
        return error.reason
    return None
