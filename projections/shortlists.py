"""Every shortlist with its candidates, scores, reasons and the manager's decisions."""

from __future__ import annotations

from typing import Any

from domain import Shortlist
from projections.documents import Document, Documents
from projections.names import ChallengeTitles, StartupNames
from projections.readmodel import ReadModel, on, plain, stamp


class Shortlists(StartupNames, ChallengeTitles, ReadModel):
    name = "shortlists"

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
        verdict = e.VERDICT.value
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
