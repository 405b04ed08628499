"""The challenge board: every challenge with status, owner, programme, deadline, and how many
startups applied, were shortlisted, accepted and awarded."""

from __future__ import annotations

from typing import Any

from domain import Application, Challenge, Shortlist, Verdict, status_only
from projections.documents import Document, Documents
from projections.names import ProgrammeNames, StartupNames
from projections.readmodel import ReadModel, on, plain


class ChallengeBoard(ProgrammeNames, StartupNames, ReadModel):
    name = "board"

    @on(Challenge.Drafted)
    def drafted(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "challenge",
            "id": str(e.originator_id),
            "ref": e.ref,
            "programme_id": plain(e.programme_id),
            **_details(e.details),
            "status": e.LEADS_TO.value,
            "deadline": None,
            "published_on": None,
            "awarded_to": [],
            "awarded_on": None,
            "expected_end": None,
            "updated_on": e.occurred_on.isoformat(),
        }

    @on(Challenge.Revised)
    def revised(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, **_details(e.changes), "updated_on": e.occurred_on.isoformat()} if doc else doc

    @on(Challenge.Published)
    def published(self, e: Any, doc: Document | None) -> Document | None:
        return _status(doc, e, deadline=e.deadline.isoformat(), published_on=e.occurred_on.isoformat())

    @on(
        *status_only(
            Challenge,
            Challenge.Drafted,
            Challenge.Published,
            Challenge.Awarded,
            Challenge.ImplementationStarted,
        )
    )
    def status_changed(self, e: Any, doc: Document | None) -> Document | None:
        """Every event that only moves the challenge on (closed, reopened, completed, withdrawn):
        the domain's list, so a new one needs nothing here."""
        return _status(doc, e)

    @on(Challenge.Awarded)
    def awarded(self, e: Any, doc: Document | None) -> Document | None:
        return _status(doc, e, awarded_to=plain(e.startup_ids), awarded_on=e.occurred_on.isoformat())

    @on(Challenge.ImplementationStarted)
    def implementing(self, e: Any, doc: Document | None) -> Document | None:
        return _status(doc, e, expected_end=e.expected_end.isoformat())

    @on(Application.Submitted)
    def applied(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "application",
            "id": str(e.originator_id),
            "challenge_id": str(e.challenge_id),
            "startup_id": str(e.startup_id),
            "active": True,
        }

    @on(Application.Withdrawn)
    def application_withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "active": False} if doc else doc

    @on(Shortlist.Produced)
    def shortlisted(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "shortlist",
            "id": str(e.originator_id),
            "ref": e.ref,
            "challenge_id": str(e.challenge_id),
            "candidates": [str(c["startup_id"]) for c in e.candidates],
            "verdicts": {},
        }

    @on(Shortlist.CandidateAccepted, Shortlist.CandidateRejected)
    def decided(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "verdicts": {**doc["verdicts"], str(e.startup_id): e.VERDICT.value}} if doc else doc


def _details(details: dict[str, Any]) -> dict[str, Any]:
    names = {
        "title": "title",
        "owner": "owner",
        "sector": "sector",
        "language": "language",
        "region_preference": "region",
        "budget_eur": "budget_eur",
    }
    return {names[k]: v for k, v in details.items() if k in names}


def _status(doc: Document | None, e: Any, **values: Any) -> Document | None:
    """The challenge in the status its event leads to (the domain says which: `LEADS_TO`)."""
    if doc is None:
        return doc
    return {**doc, "status": e.LEADS_TO.value, **values, "updated_on": e.occurred_on.isoformat()}


def board_rows(view: Documents) -> list[dict[str, Any]]:
    """One row per challenge, with the counts the board shows."""
    docs = view.all()
    by_kind: dict[str, list[Document]] = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], []).append(doc)
    names = {d["id"]: d["name"] for d in by_kind.get("startup", [])}
    programmes = {d["id"]: d["name"] for d in by_kind.get("programme", [])}
    applied: dict[str, set[str]] = {}
    for a in by_kind.get("application", []):
        if a["active"]:
            applied.setdefault(a["challenge_id"], set()).add(a["startup_id"])
    shortlisted: dict[str, set[str]] = {}
    accepted: dict[str, set[str]] = {}
    for s in by_kind.get("shortlist", []):
        shortlisted.setdefault(s["challenge_id"], set()).update(s["candidates"])
        accepted.setdefault(s["challenge_id"], set()).update(
            k for k, v in s["verdicts"].items() if v == Verdict.ACCEPTED
        )
    rows = []
    for c in sorted(by_kind.get("challenge", []), key=lambda d: (d.get("published_on") or "9999", d["ref"])):
        rows.append(
            {
                **c,
                "programme": programmes.get(c["programme_id"] or "", ""),
                "applications": len(applied.get(c["id"], ())),
                "shortlisted": len(shortlisted.get(c["id"], ())),
                "accepted": len(accepted.get(c["id"], ())),
                "awarded": [names.get(s, s) for s in c["awarded_to"]],
            }
        )
    return rows
