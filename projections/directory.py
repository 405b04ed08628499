"""The startup directory: each startup's current profile, its applications, shortlistings and awards.

Corrections are folded as they stand: a revoked award is no award, a withdrawn decision no verdict,
and a corrected date moves what its event (named by version) set.
"""

from __future__ import annotations

from typing import Any

from domain import Application, Challenge, Shortlist, Startup
from projections.documents import Document, Documents
from projections.readmodel import ReadModel, on, plain


class StartupDirectory(ReadModel):
    name = "directory"
    document_format = 2  # awards, withdrawals and decisions remember the version that dated them

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
            "dated": {},
        }

    @on(Challenge.Revised)
    def challenge_revised(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "title": e.changes.get("title", doc["title"])} if doc else doc

    @on(Challenge.Awarded)
    def awarded(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        return {
            **doc,
            "awarded_to": plain(e.startup_ids),
            "awarded_on": e.occurred_on.isoformat(),
            "dated": {**doc["dated"], "awarded_on": e.originator_version},
        }

    @on(Challenge.AwardRevoked)
    def award_revoked(self, e: Any, doc: Document | None) -> Document | None:
        """The startups no longer hold the award."""
        if doc is None:
            return doc
        dated = {k: v for k, v in doc["dated"].items() if k != "awarded_on"}
        return {**doc, "awarded_to": [], "awarded_on": None, "dated": dated}

    @on(Challenge.DateCorrected, Application.DateCorrected)
    def redated(self, e: Any, doc: Document | None) -> Document | None:
        """The corrected event happened on `now`: the date it set (an award, a withdrawal) moves."""
        if doc is None:
            return doc
        moved = {name: e.now.isoformat() for name, version in doc["dated"].items() if version == e.corrects}
        return {**doc, **moved} if moved else doc

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
            "dated": {},
        }

    @on(Application.Withdrawn)
    def application_withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        dated = {**doc["dated"], "withdrawn_on": e.originator_version}
        return {**doc, "withdrawn_on": e.occurred_on.isoformat(), "dated": dated}

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
        decision = {
            "verdict": e.VERDICT.value,
            "reason": e.reason,
            "replaces": e.replaces,
            "on": e.occurred_on.isoformat(),
            "version": e.originator_version,
        }
        return {**doc, "decisions": {**doc["decisions"], str(e.startup_id): decision}}

    @on(Shortlist.DecisionWithdrawn)
    def decision_withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        """Undecided again."""
        if doc is None:
            return doc
        startup_id = str(e.startup_id)
        return {**doc, "decisions": {k: d for k, d in doc["decisions"].items() if k != startup_id}}

    @on(Shortlist.DateCorrected)
    def decision_redated(self, e: Any, doc: Document | None) -> Document | None:
        """The corrected decision was taken on `now`."""
        if doc is None:
            return doc
        now = e.now.isoformat()
        decisions = {
            k: {**d, "on": now} if d["version"] == e.corrects else d for k, d in doc["decisions"].items()
        }
        return {**doc, "decisions": decisions}


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
            shown = {k: v for k, v in doc.items() if k != "dated"}
            applications.setdefault(doc["startup_id"], []).append({**shown, "challenge": title})
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
                        "decided_on": decision["on"] if decision else None,
                        "replaces": decision["replaces"] if decision else None,
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
