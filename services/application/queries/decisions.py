"""One decision view per challenge, and each challenge once on a startup's page.

A challenge gets several shortlists (a first one, a second after the deadline moved, one with other
filters), and a manager decides on each. What stands for a startup is its latest decision across
all of them: accepted on shortlist 1, then rejected on shortlist 3, is rejected. A withdrawn
decision stands no more, so the one before it (on another shortlist) stands again; every decision
and withdrawal stays in the history, oldest first. "Latest" is by business date, then by when it
was recorded, so a decision dated back (a corrected date) takes its place among the others.

Both views fold the read models the other queries read (the shortlists, and the directory for
applications and awards); no read model of their own, nothing more to rebuild. Shortlists are the
city's working knowledge, so a startup sees its own applications and awards on its page but no
decisions, as everywhere else.
"""

from __future__ import annotations

from typing import Any

from domain import Actor, Challenge, Startup
from projections.documents import Documents
from services.application import access
from services.application.queries.readable import named
from services.application.readmodels import folded
from services.infrastructure.store import Store

#: The states of a startup for a challenge, strongest first: what its page shows once.
STATES = ("awarded", "accepted", "rejected", "shortlisted", "applied", "withdrawn")


def _when(entry: dict[str, Any]) -> tuple[str, str]:
    """The order of decisions across shortlists: business date, then recording time."""
    return (entry["on"], entry.get("recorded") or "")


def _shortlists_of(view: Documents, challenge_id: str | None = None) -> dict[str, Any]:
    """The shortlists (of one challenge, or all) with the startups' refs and names and the
    challenges' refs and titles they name."""
    docs = view.all()
    return {
        "shortlists": sorted(
            (d for d in docs if d["kind"] == "shortlist" and challenge_id in (None, d["challenge_id"])),
            key=lambda d: d["number"],
        ),
        "startups": {d["id"]: d for d in docs if d["kind"] == "startup"},
        "challenges": {d["id"]: d for d in docs if d["kind"] == "challenge"},
    }


def _history_entry(shortlist: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """A decision or a withdrawal, with the shortlist it was taken on."""
    return {
        "shortlist": shortlist["ref"],
        "number": shortlist["number"],
        "verdict": entry["verdict"] if entry.get("verdict") else "withdrawn",
        "reason": entry.get("reason") or "",
        "on": entry["on"],
        "recorded": entry.get("recorded"),
        "actor": entry.get("actor"),
    }


def _decided(shortlists: list[dict[str, Any]], startup_id: str) -> dict[str, Any]:
    """A startup's latest standing decision and its whole history over these shortlists."""
    standing = [
        {**_history_entry(s, s["decisions"][startup_id])} for s in shortlists if startup_id in s["decisions"]
    ]
    history = sorted(
        (_history_entry(s, e) for s in shortlists for e in s["history"] if e["startup_id"] == startup_id),
        key=_when,
    )
    return {"current": max(standing, key=_when) if standing else None, "history": history}


def decisions(by: Actor, store: Store, challenge: str) -> dict[str, Any]:
    """Every startup on any of the challenge's shortlists, in the order of its best rank: where it
    was shortlisted, its latest standing decision and the history of decisions on it."""
    access.check_read(by, "shortlist")
    found = named(store, Challenge, challenge, "challenge")
    seen = folded(store, "shortlists", lambda view: _shortlists_of(view, str(found.id)))
    shortlists = seen["shortlists"]
    placed: dict[str, list[dict[str, Any]]] = {}
    for s in shortlists:
        for c in s["candidates"]:
            placed.setdefault(str(c["startup_id"]), []).append(
                {"shortlist": s["ref"], "number": s["number"], "rank": c["rank"], "score": c["score"]}
            )
    rows = []
    for startup_id, places in placed.items():
        startup = seen["startups"].get(startup_id, {})
        rows.append(
            {
                "startup": f"startup/{startup['ref']}" if startup else startup_id,
                "startup_id": startup_id,
                "name": startup.get("name", startup_id),
                "shortlisted": places,
                "best_rank": min(p["rank"] for p in places),
                **_decided(shortlists, startup_id),
            }
        )
    rows.sort(key=lambda r: (r["best_rank"], r["name"]))
    return {
        "challenge": f"challenge/{found.ref}",
        "title": found.details.get("title", ""),
        "shortlists": [s["ref"] for s in shortlists],
        "startups": rows,
    }


def _directory_of(view: Documents, startup_id: str) -> dict[str, Any]:
    """The challenges (refs, titles, awards) and the startup's applications from the directory."""
    docs = view.all()
    return {
        "challenges": {d["id"]: d for d in docs if d["kind"] == "challenge"},
        "applications": [d for d in docs if d["kind"] == "application" and d["startup_id"] == startup_id],
    }


def challenges_of(by: Actor, store: Store, startup: str) -> list[dict[str, Any]]:
    """Each challenge the startup applied to, was shortlisted for or was awarded, once, with its
    current state there (`STATES`): awarded, else its latest standing decision (managers and
    auditors), else shortlisted, else applied (or withdrawn its application). A startup sees its
    own applications, and awards, which are public; never shortlists."""
    access.check_read(by, "startup")
    found = named(store, Startup, startup, "startup")
    startup_id = str(found.id)
    known = folded(store, "directory", lambda view: _directory_of(view, startup_id))
    rows: dict[str, dict[str, Any]] = {}

    def row(challenge_id: str) -> dict[str, Any]:
        challenge = known["challenges"].get(challenge_id, {})
        return rows.setdefault(
            challenge_id,
            {
                "challenge": f"challenge/{challenge['ref']}" if challenge else challenge_id,
                "title": challenge.get("title", ""),
                "applied_on": None,
                "application_withdrawn_on": None,
                "shortlisted": [],
                "current": None,
                "history": [],
                "awarded_on": None,
            },
        )

    for challenge_id, challenge in known["challenges"].items():
        if startup_id in challenge["awarded_to"]:
            row(challenge_id)["awarded_on"] = challenge["awarded_on"]
    if access.sees_application(by, startup_id):
        for application in sorted(known["applications"], key=lambda a: a["on"]):
            applied = row(application["challenge_id"])
            applied["applied_on"] = application["on"]
            applied["application_withdrawn_on"] = application["withdrawn_on"]
    if access.may_read(by, "shortlist"):
        seen = folded(store, "shortlists", _shortlists_of)
        by_challenge: dict[str, list[dict[str, Any]]] = {}
        for s in seen["shortlists"]:
            by_challenge.setdefault(s["challenge_id"], []).append(s)
        for challenge_id, shortlists in by_challenge.items():
            places = [
                {"shortlist": s["ref"], "number": s["number"], "rank": c["rank"], "score": c["score"]}
                for s in shortlists
                for c in s["candidates"]
                if str(c["startup_id"]) == startup_id
            ]
            if places:
                shortlisted = row(challenge_id)
                shortlisted["shortlisted"] = places
                shortlisted.update(_decided(shortlists, startup_id))
    shown = [{**r, "state": _state(r)} for r in rows.values()]
    return sorted(shown, key=lambda r: (STATES.index(r["state"]), r["title"]))


def _state(row: dict[str, Any]) -> str:
    if row["awarded_on"]:
        return "awarded"
    if row["current"]:
        return str(row["current"]["verdict"])
    if row["shortlisted"]:
        return "shortlisted"
    if row["applied_on"] and not row["application_withdrawn_on"]:
        return "applied"
    return "withdrawn"
