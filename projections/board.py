"""The challenge board: every challenge with status, owner, programme, deadline, and how many
startups applied, were shortlisted, accepted and awarded.

Corrections are folded as the domain states them: a revoked award leaves no winner, a reopened
challenge no close, a withdrawn decision no verdict; a corrected date moves the date it set (each
date remembers the version of the event that set it, in `dated`, so only a correction of that event
moves it).
"""

from __future__ import annotations

from typing import Any

from domain import Application, Challenge, Shortlist, Verdict, status_only
from domain.challenge import with_sectors
from projections.documents import Document, Documents
from projections.names import ProgrammeNames, StartupNames
from projections.readmodel import ReadModel, on, plain


class ChallengeBoard(ProgrammeNames, StartupNames, ReadModel):
    name = "board"
    # Format 2: challenges keep `closed_on` and the versions that set their dates (`dated`).
    # Format 3: challenges keep their `sectors` (main first) beside the main `sector`.
    document_format = 3

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
            "closed_on": None,
            "awarded_to": [],
            "awarded_on": None,
            "expected_end": None,
            "updated_on": e.occurred_on.isoformat(),
            "dated": {"updated_on": e.originator_version},
        }

    @on(Challenge.Revised)
    def revised(self, e: Any, doc: Document | None) -> Document | None:
        return _dated({**doc, **_details(e.changes)}, e) if doc else doc

    @on(Challenge.Published)
    def published(self, e: Any, doc: Document | None) -> Document | None:
        return _status(doc, e, "published_on", deadline=e.deadline.isoformat())

    @on(
        *status_only(
            Challenge,
            Challenge.Drafted,
            Challenge.Published,
            Challenge.Closed,
            Challenge.ClosedEarly,
            Challenge.Reopened,
            Challenge.Awarded,
            Challenge.AwardRevoked,
            Challenge.ImplementationStarted,
        )
    )
    def status_changed(self, e: Any, doc: Document | None) -> Document | None:
        """Every event that only moves the challenge on (completed, withdrawn): the domain's list,
        so a new one needs nothing here."""
        return _status(doc, e)

    @on(Challenge.Closed, Challenge.ClosedEarly)
    def closed(self, e: Any, doc: Document | None) -> Document | None:
        """Closed at the deadline or before it (its own status: the deadline had not passed)."""
        return _status(doc, e, "closed_on")

    @on(Challenge.Reopened)
    def reopened(self, e: Any, doc: Document | None) -> Document | None:
        """Open for applications again: the close no longer stands."""
        return _status(_undated(doc, "closed_on"), e)

    @on(Challenge.Awarded)
    def awarded(self, e: Any, doc: Document | None) -> Document | None:
        return _status(doc, e, "awarded_on", awarded_to=plain(e.startup_ids))

    @on(Challenge.AwardRevoked)
    def award_revoked(self, e: Any, doc: Document | None) -> Document | None:
        """No winner any more (nor an implementation): closed again, to be awarded anew."""
        return _status(_undated(doc, "awarded_on"), e, awarded_to=[], expected_end=None)

    @on(Challenge.ImplementationStarted)
    def implementing(self, e: Any, doc: Document | None) -> Document | None:
        return _status(doc, e, expected_end=e.expected_end.isoformat())

    @on(Challenge.DateCorrected)
    def redated(self, e: Any, doc: Document | None) -> Document | None:
        """The corrected event happened on `now`: the dates it set (if they still stand) move."""
        if doc is None:
            return doc
        moved = {name: e.now.isoformat() for name, version in doc["dated"].items() if version == e.corrects}
        return {**doc, **moved} if moved else doc

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

    @on(Shortlist.DecisionWithdrawn)
    def decision_withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        """Undecided again: neither accepted nor rejected (nor left out of a new shortlist as rejected)."""
        if doc is None:
            return doc
        return {**doc, "verdicts": {k: v for k, v in doc["verdicts"].items() if k != str(e.startup_id)}}


def _details(details: dict[str, Any]) -> dict[str, Any]:
    """What the board keeps of a challenge's details (or a revision's changes); the sectors as
    today's events state them, also from those recorded before challenges named several."""
    if "sectors" in details or "sector" in details:
        details = with_sectors(details)
    names = {
        "title": "title",
        "owner": "owner",
        "sectors": "sectors",
        "sector": "sector",
        "language": "language",
        "region_preference": "region",
        "budget_eur": "budget_eur",
    }
    return {names[k]: v for k, v in details.items() if k in names}


def _status(doc: Document | None, e: Any, *dates: str, **values: Any) -> Document | None:
    """The challenge in the status its event leads to (the domain says which: `LEADS_TO`), with
    `dates` set to the event's date."""
    if doc is None:
        return doc
    return _dated({**doc, "status": e.LEADS_TO.value, **values}, e, *dates)


def _dated(doc: Document, e: Any, *dates: str) -> Document:
    """`dates` (and `updated_on`) set to the event's business date, remembering which event set them."""
    names = (*dates, "updated_on")
    on = e.occurred_on.isoformat()
    return {
        **doc,
        **dict.fromkeys(names, on),
        "dated": {**doc["dated"], **dict.fromkeys(names, e.originator_version)},
    }


def _undated(doc: Document | None, name: str) -> Document | None:
    """A date that no longer stands (the close of a reopened challenge, the award revoked)."""
    if doc is None:
        return doc
    return {**doc, name: None, "dated": {k: v for k, v in doc["dated"].items() if k != name}}


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
                **{k: v for k, v in c.items() if k != "dated"},  # which event set a date: ours
                "programme": programmes.get(c["programme_id"] or "", ""),
                "applications": len(applied.get(c["id"], ())),
                "shortlisted": len(shortlisted.get(c["id"], ())),
                "accepted": len(accepted.get(c["id"], ())),
                "awarded": [names.get(s, s) for s in c["awarded_to"]],
            }
        )
    return rows
