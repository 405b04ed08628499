"""The startup directory: each startup's current profile, its applications, shortlistings and awards."""

from __future__ import annotations

from typing import Any

from domain import Application, Challenge, Shortlist, Startup
from projections.documents import Document, Documents
from projections.readmodel import ReadModel, on, plain


class StartupDirectory(ReadModel):
    name = "directory"

    @on(Startup.Registered)
    def registered(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "startup",
            "id": str(e.originator_id),
            "ref": e.ref,
            "profile": dict(e.profile),
            "source": e.source,
            "registered_on": e.occurred_on.isoformat(),
            "withdrawn_on": None,
            "personal_data_erased_on": None,
            "version": e.originator_version,
        }

    @on(Startup.ProfileRevised)
    def revised(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        return {**doc, "profile": {**doc["profile"], **e.changes}, "version": e.originator_version}

    @on(Startup.Withdrawn)
    def withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        return (
            {**doc, "withdrawn_on": e.occurred_on.isoformat(), "version": e.originator_version}
            if doc
            else doc
        )

    @on(Startup.PersonalDataErased)
    def erased(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        profile = {**doc["profile"], **dict.fromkeys(e.fields)}
        return {
            **doc,
            "profile": profile,
            "personal_data_erased_on": e.occurred_on.isoformat(),
            "version": e.originator_version,
        }

    @on(Challenge.Drafted)
    def challenge(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "challenge",
            "id": str(e.originator_id),
            "ref": e.ref,
            "title": e.details["title"],
            "awarded_to": [],
            "awarded_on": None,
        }

    @on(Challenge.Revised)
    def challenge_revised(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "title": e.changes.get("title", doc["title"])} if doc else doc

    @on(Challenge.Awarded)
    def awarded(self, e: Any, doc: Document | None) -> Document | None:
        return (
            {**doc, "awarded_to": plain(e.startup_ids), "awarded_on": e.occurred_on.isoformat()}
            if doc
            else doc
        )

    @on(Application.Submitted)
    def applied(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "application",
            "id": str(e.originator_id),
            "ref": e.ref,
            "challenge_id": str(e.challenge_id),
            "startup_id": str(e.startup_id),
            "pitch": e.pitch,
            "on": e.occurred_on.isoformat(),
            "withdrawn_on": None,
        }

    @on(Application.Withdrawn)
    def application_withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "withdrawn_on": e.occurred_on.isoformat()} if doc else doc

    @on(Shortlist.Produced)
    def shortlisted(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "shortlist",
            "id": str(e.originator_id),
            "ref": e.ref,
            "challenge_id": str(e.challenge_id),
            "on": e.occurred_on.isoformat(),
            "candidates": {
                str(c["startup_id"]): {"rank": c["rank"], "score": c["score"]} for c in e.candidates
            },
            "decisions": {},
        }

    @on(Shortlist.CandidateAccepted, Shortlist.CandidateRejected)
    def decided(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        verdict = e.VERDICT.value
        decision = {"verdict": verdict, "reason": e.reason, "on": e.occurred_on.isoformat()}
        return {**doc, "decisions": {**doc["decisions"], str(e.startup_id): decision}}


def directory_rows(view: Documents) -> list[dict[str, Any]]:
    """Every startup with its profile and what happened to it in the programme."""
    docs = view.all()
    startups = [d for d in docs if d["kind"] == "startup"]
    challenges = {d["id"]: d for d in docs if d["kind"] == "challenge"}
    applications: dict[str, list[Document]] = {}
    shortlistings: dict[str, list[Document]] = {}
    for doc in docs:
        if doc["kind"] == "application":
            title = challenges.get(doc["challenge_id"], {}).get("title", "")
            applications.setdefault(doc["startup_id"], []).append({**doc, "challenge": title})
        elif doc["kind"] == "shortlist":
            for startup_id, candidate in doc["candidates"].items():
                decision = doc["decisions"].get(startup_id)
                shortlistings.setdefault(startup_id, []).append(
                    {
                        "shortlist": doc["ref"],
                        "on": doc["on"],
                        **candidate,
                        "challenge": challenges.get(doc["challenge_id"], {}).get("title", ""),
                        "verdict": decision["verdict"] if decision else None,
                        "reason": decision["reason"] if decision else None,
                    }
                )
    awards: dict[str, list[Document]] = {}
    for challenge in challenges.values():
        for startup_id in challenge["awarded_to"]:
            awards.setdefault(startup_id, []).append(
                {"challenge": challenge["title"], "on": challenge["awarded_on"]}
            )
    return [
        {
            **s,
            "applications": applications.get(s["id"], []),
            "shortlistings": shortlistings.get(s["id"], []),
            "awards": awards.get(s["id"], []),
        }
        for s in sorted(startups, key=lambda d: d["ref"])
    ]
