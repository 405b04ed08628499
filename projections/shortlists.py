"""Every shortlist with its candidates, scores, reasons and the manager's decisions.

Decisions stand as the manager last left them: a changed decision names the one it `replaces`, a
withdrawn one is gone (the candidate is undecided again), and both stay in the `history`; a
corrected date moves the decision (or the finalisation) its version names.
"""

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
        decision = {
            "startup_id": str(e.startup_id),
            "verdict": verdict,
            "reason": e.reason,
            "replaces": e.replaces,
            **stamp(e),
        }
        return {
            **doc,
            "decisions": {**doc["decisions"], str(e.startup_id): decision},
            "history": [*doc["history"], decision],
        }

    @on(Shortlist.DecisionWithdrawn)
    def decision_withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        """The candidate is undecided again; the history says which decision was taken back."""
        if doc is None:
            return doc
        startup_id = str(e.startup_id)
        withdrawal = {
            "startup_id": startup_id,
            "verdict": None,
            "withdrawn": e.withdrawn,
            "reason": e.reason,
            **stamp(e),
        }
        return {
            **doc,
            "decisions": {k: v for k, v in doc["decisions"].items() if k != startup_id},
            "history": [*doc["history"], withdrawal],
        }

    @on(Shortlist.Finalised)
    def finalised(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "finalised": stamp(e)} if doc else doc

    @on(Shortlist.DateCorrected)
    def redated(self, e: Any, doc: Document | None) -> Document | None:
        """The corrected event (a decision, the finalisation) happened on `now`."""
        if doc is None:
            return doc

        def moved(stamped: dict[str, Any] | None) -> dict[str, Any] | None:
            if stamped is None or stamped["version"] != e.corrects:
                return stamped
            return {**stamped, "on": e.now.isoformat()}

        return {
            **doc,
            "decisions": {k: moved(d) for k, d in doc["decisions"].items()},
            "history": [moved(d) for d in doc["history"]],
            "finalised": moved(doc["finalised"]),
        }


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
