"""Every shortlist with its candidates, scores, reasons and the manager's decisions."""

from __future__ import annotations

from typing import Any

from domain import Challenge, Shortlist, Startup
from projections.documents import Document, Documents
from projections.readmodel import ReadModel, on, plain, stamp


class Shortlists(ReadModel):
    name = "shortlists"

    @on(Startup.Registered)
    def startup(self, e: Any, doc: Document | None) -> Document:
        return {"kind": "startup", "id": str(e.originator_id), "ref": e.ref, "name": e.profile["name"]}

    @on(Startup.ProfileRevised)
    def startup_renamed(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "name": e.changes.get("name", doc["name"])} if doc else doc

    @on(Challenge.Drafted)
    def challenge(self, e: Any, doc: Document | None) -> Document:
        return {"kind": "challenge", "id": str(e.originator_id), "ref": e.ref, "title": e.details["title"]}

    @on(Challenge.Revised)
    def challenge_revised(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "title": e.changes.get("title", doc["title"])} if doc else doc

    @on(Shortlist.Produced)
    def produced(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "shortlist",
            "id": str(e.originator_id),
            "ref": e.ref,
            "number": e.number,
            "challenge_id": str(e.challenge_id),
            "challenge_version": e.challenge_version,
            "produced": stamp(e),
            "candidates": plain(e.candidates),
            "matcher": plain(e.matcher),
            "settings": plain(e.settings),
            "decisions": {},
            "history": [],
            "finalised": None,
        }

    @on(Shortlist.CandidateAccepted, Shortlist.CandidateRejected)
    def decided(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        verdict = "accepted" if isinstance(e, Shortlist.CandidateAccepted) else "rejected"
        decision = {"startup_id": str(e.startup_id), "verdict": verdict, "reason": e.reason, **stamp(e)}
        return {
            **doc,
            "decisions": {**doc["decisions"], str(e.startup_id): decision},
            "history": [*doc["history"], decision],
        }

    @on(Shortlist.Finalised)
    def finalised(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "finalised": stamp(e)} if doc else doc


def shortlist_rows(view: Documents) -> list[dict[str, Any]]:
    docs = view.all()
    names = {d["id"]: d["name"] for d in docs if d["kind"] == "startup"}
    titles = {d["id"]: d["title"] for d in docs if d["kind"] == "challenge"}
    rows = []
    for s in sorted(
        (d for d in docs if d["kind"] == "shortlist"), key=lambda d: (d["produced"]["on"], d["ref"])
    ):
        candidates = [
            {
                **c,
                "name": names.get(c["startup_id"], c["startup_id"]),
                "decision": s["decisions"].get(c["startup_id"]),
            }
            for c in s["candidates"]
        ]
        rows.append({**s, "challenge": titles.get(s["challenge_id"], ""), "candidates": candidates})
    return rows
