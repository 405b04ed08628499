"""The programme report: what the council asked in inquiry 2021/0401, answerable for any date.

The read model keeps, per programme, challenge, application, workshop, shortlist and startup, a
timeline of what happened on which business date. `council_report(as_of)` folds the timelines up
to that date: how many startups applied and were awarded (question 1), with each programme's
funnel (challenges tendered, applications, shortlisted, accepted, awarded), the state of the
cooperation with each partner (2), the projects started since a year (3), the workshops and
projects planned (4), and the programmes' other activities (5 and 6).

A timeline entry names its event by the event's stored topic (`matchmaker:Challenge.Published@1`),
never by the class's name, so renaming code never changes the report; and the statuses are the
domain's (`ChallengeStatus`, `WorkshopStatus`), reached by the events that declare them (`LEADS_TO`).

Corrections count from the business date they name: a revoked award counts until the day it was
revoked (it is an entry of its own), and a corrected date moves its entry (`on` becomes the
corrected date, the entry keeps what it was as `corrected`), so the report as of any date folds it
where it belongs. Each entry keeps the day it was `recorded`, so that the report can say which
lines were recorded more than a day after they happened.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain import (
    UPCOMING,
    Application,
    Challenge,
    ChallengeStatus,
    Programme,
    Shortlist,
    Startup,
    Verdict,
    Workshop,
    WorkshopStatus,
    leads_to,
    status_only,
)
from domain.challenge import with_sectors
from projections.documents import Document, Documents
from projections.readmodel import ReadModel, on, plain

Entry = dict[str, Any]


def _entry(e: Any, **values: Any) -> Entry:
    return {
        "on": e.occurred_on.isoformat(),
        "assumed": e.date_assumed,
        "recorded": e.timestamp.date().isoformat(),
        "topic": type(e).TOPIC,
        "version": e.originator_version,
        **{k: plain(v) for k, v in values.items()},
    }


def _append(doc: Document | None, entry: Entry) -> Document | None:
    return {**doc, "timeline": [*doc["timeline"], entry]} if doc else doc


def _redated(entry: Entry, e: Any) -> Entry:
    """An entry on its corrected date; `corrected` keeps the date first recorded (`was`), the
    latest reason and the day of the correction."""
    was = entry.get("corrected", {}).get("was", e.was.isoformat())
    corrected = {"was": was, "reason": e.reason, "recorded": e.timestamp.date().isoformat()}
    return {**entry, "on": e.now.isoformat(), "corrected": corrected}


class ProgrammeReport(ReadModel):
    name = "report"
    # Format 2: entries name their event by its topic (format 1: by class name). Format 3: entries
    # keep the day they were recorded, and date corrections move them. Format 4: a challenge's
    # entries keep its `sectors` (main first) beside the main `sector`. Format 5: a shortlist's
    # decisions (accepted, rejected, withdrawn) for the funnel, and its dates corrected.
    document_format = 5

    @on(Programme.Launched)
    def launched(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "programme",
            "id": str(e.originator_id),
            "ref": e.ref,
            "name": e.name,
            "city": e.city,
            "starts_on": e.starts_on.isoformat(),
            "description": e.description,
            "timeline": [_entry(e, partners=e.partners)],
        }

    @on(Programme.PartnerJoined)
    def joined(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, partner=e.partner))

    @on(Programme.PartnerLeft)
    def left(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, partner=e.partner, reason=e.reason))

    @on(Programme.ActivityNoted)
    def activity(self, e: Any, doc: Document | None) -> Document | None:
        return _append(
            doc, _entry(e, title=e.title, activity=e.kind, partners=e.partners, description=e.description)
        )

    @on(Programme.Ended)
    def ended(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, reason=e.reason))

    @on(Challenge.Drafted)
    def drafted(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "challenge",
            "id": str(e.originator_id),
            "ref": e.ref,
            "programme_id": plain(e.programme_id),
            "timeline": [_entry(e, **_named(e.details))],
        }

    @on(Challenge.Revised)
    def revised(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, **_named(e.changes)))

    @on(Challenge.Published)
    def published(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, deadline=e.deadline))

    @on(Challenge.Awarded)
    def awarded(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, startup_ids=e.startup_ids))

    @on(Challenge.ImplementationStarted)
    def implementing(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, expected_end=e.expected_end))

    @on(Challenge.ClosedEarly)
    def closed_early(self, e: Any, doc: Document | None) -> Document | None:
        """The report says the deadline it closed before."""
        return _append(doc, _entry(e, deadline=e.deadline, reason=e.reason))

    @on(Challenge.Reopened)
    def reopened(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, reason=e.reason))

    @on(Challenge.AwardRevoked)
    def award_revoked(self, e: Any, doc: Document | None) -> Document | None:
        """Whose award was revoked and why: the award counts until this entry's date."""
        return _append(doc, _entry(e, startup_ids=e.startup_ids, reason=e.reason))

    @on(
        *status_only(
            Challenge,
            Challenge.Drafted,
            Challenge.Published,
            Challenge.ClosedEarly,
            Challenge.Reopened,
            Challenge.Awarded,
            Challenge.AwardRevoked,
            Challenge.ImplementationStarted,
        )
    )
    def status_changed(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e))

    @on(
        Programme.DateCorrected,
        Challenge.DateCorrected,
        Application.DateCorrected,
        Workshop.DateCorrected,
        Shortlist.DateCorrected,
    )
    def redated(self, e: Any, doc: Document | None) -> Document | None:
        """The corrected event happened on `now`: its entry moves there (the domain keeps it between
        its neighbours, so the timeline stays in business order) and says what it was, and why."""
        if doc is None:
            return doc
        timeline = [
            _redated(entry, e) if entry["version"] == e.corrects else entry for entry in doc["timeline"]
        ]
        return {**doc, "timeline": timeline}

    @on(Application.Submitted)
    def applied(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "application",
            "id": str(e.originator_id),
            "challenge_id": str(e.challenge_id),
            "startup_id": str(e.startup_id),
            "timeline": [_entry(e)],
        }

    @on(Application.Withdrawn)
    def application_withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e))

    @on(Shortlist.Produced)
    def shortlisted(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "shortlist",
            "id": str(e.originator_id),
            "challenge_id": str(e.challenge_id),
            "timeline": [_entry(e, startup_ids=[c["startup_id"] for c in e.candidates])],
        }

    @on(Shortlist.CandidateAccepted, Shortlist.CandidateRejected)
    def decided(self, e: Any, doc: Document | None) -> Document | None:
        """A decision on a candidate: the latest one per startup counts for the funnel."""
        return _append(doc, _entry(e, startup_id=str(e.startup_id), verdict=e.VERDICT.value))

    @on(Shortlist.DecisionWithdrawn)
    def undecided(self, e: Any, doc: Document | None) -> Document | None:
        """A decision taken back: the startup is undecided again (neither accepted nor rejected)."""
        return _append(doc, _entry(e, startup_id=str(e.startup_id), verdict=None))

    @on(Startup.Registered)
    def registered(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "startup",
            "id": str(e.originator_id),
            "ref": e.ref,
            "timeline": [_entry(e, name=e.profile["name"])],
        }

    @on(Startup.ProfileRevised)
    def renamed(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, name=e.changes["name"])) if "name" in e.changes else doc

    @on(Workshop.Planned)
    def planned(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "workshop",
            "id": str(e.originator_id),
            "ref": e.ref,
            "theme": e.theme,
            "programme_id": plain(e.programme_id),
            "timeline": [_entry(e, organisers=e.organisers)],
        }

    @on(Workshop.Scheduled)
    def scheduled(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, takes_place_on=e.takes_place_on, place=e.place))

    @on(Workshop.Postponed, Workshop.Cancelled)
    def postponed(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, reason=e.reason))

    @on(Workshop.Held)
    def held(self, e: Any, doc: Document | None) -> Document | None:
        return _append(doc, _entry(e, participants=e.participants, outcomes=e.outcomes))


# Folding the timelines up to a date ------------------------------------------------------------------


def _until(doc: Document, as_of: str) -> list[Entry]:
    return [entry for entry in doc["timeline"] if entry["on"] <= as_of]


def _recorded_late(entry: Entry) -> str | None:
    """The day an entry was recorded, if that was more than a day after the day it happened
    (history recorded afterwards, or a date corrected to an earlier one): the report says so."""
    recorded = entry.get("recorded")
    if recorded is None or (date.fromisoformat(recorded) - date.fromisoformat(entry["on"])).days <= 1:
        return None
    return recorded


def _noted(state: dict[str, Any], entry: Entry) -> None:
    """What a report line says of how its dates were recorded: later than they happened, corrected."""
    if (recorded := _recorded_late(entry)) and recorded not in state["recorded_later"]:
        state["recorded_later"].append(recorded)
    if "corrected" in entry:
        state["corrected"].append({"on": entry["on"], **entry["corrected"]})


def _programme(doc: Document, as_of: str) -> dict[str, Any] | None:
    entries = _until(doc, as_of)
    if not entries:
        return None
    partners: dict[str, dict[str, Any]] = {}
    activities, ended = [], None
    for entry in entries:
        match entry["topic"]:
            case Programme.Launched.TOPIC:
                for partner in entry["partners"]:
                    partners[partner] = _partner(partner, entry["on"])
            case Programme.PartnerJoined.TOPIC:
                partners[entry["partner"]] = _partner(entry["partner"], entry["on"])
            case Programme.PartnerLeft.TOPIC:
                partners[entry["partner"]] |= {"left_on": entry["on"], "reason": entry["reason"]}
            case Programme.ActivityNoted.TOPIC:
                keys = ("title", "activity", "partners", "description", "on", "assumed")
                activity = {**{k: entry[k] for k in keys}, "recorded_later": [], "corrected": []}
                _noted(activity, entry)
                activities.append(activity)
            case Programme.Ended.TOPIC:
                ended = entry["on"]
    return {
        "id": doc["id"],
        "ref": doc["ref"],
        "name": doc["name"],
        "city": doc["city"],
        "starts_on": doc["starts_on"],
        "description": doc["description"],
        "active": ended is None,
        "ended_on": ended,
        "partners": list(partners.values()),
        "activities": activities,
    }


def _partner(name: str, since: str) -> dict[str, Any]:
    return {"name": name, "since": since, "left_on": None, "reason": ""}


#: The status each challenge or workshop event leads to, by topic, as the domain declares it.
CHALLENGE_STATUS: dict[str, ChallengeStatus] = leads_to(Challenge)  # type: ignore[assignment]
WORKSHOP_STATUS: dict[str, WorkshopStatus] = leads_to(Workshop)  # type: ignore[assignment]


#: What the report keeps of a challenge's details.
NAMED = ("title", "owner", "sectors", "sector")


def _named(details: dict[str, Any]) -> dict[str, Any]:
    """What the report keeps of a challenge's details (or a revision's changes): the sectors as
    today's events state them, also from events recorded before challenges named several."""
    if "sectors" in details or "sector" in details:
        details = with_sectors(details)
    return {k: details[k] for k in NAMED if k in details}


def _challenge(doc: Document, as_of: str) -> dict[str, Any] | None:
    entries = _until(doc, as_of)
    if not entries:
        return None
    state: dict[str, Any] = {
        "id": doc["id"],
        "ref": doc["ref"],
        "programme_id": doc["programme_id"],
        "awarded_to": [],
        "published_on": None,
        "deadline": None,
        "closed_on": None,
        "closed_early_on": None,
        "awarded_on": None,
        "award_revoked": None,
        "expected_end": None,
        "completed_on": None,
        "dates_assumed": False,
        "recorded_later": [],
        "corrected": [],
    }
    for entry in entries:
        topic = entry["topic"]
        state.update({k: entry[k] for k in NAMED if k in entry})
        if topic in CHALLENGE_STATUS:
            state["status"] = CHALLENGE_STATUS[topic].value
        state["dates_assumed"] |= entry["assumed"]
        _noted(state, entry)
        match topic:
            case Challenge.Published.TOPIC:
                state |= {"published_on": entry["on"], "deadline": entry["deadline"]}
            case Challenge.Closed.TOPIC:
                state |= {"closed_on": entry["on"], "closed_early_on": None}
            case Challenge.ClosedEarly.TOPIC:
                state |= {
                    "closed_on": entry["on"],
                    "closed_early_on": entry["on"],
                    "deadline": entry["deadline"],
                }
            case Challenge.Reopened.TOPIC:
                state |= {"closed_on": None, "closed_early_on": None}
            case Challenge.Awarded.TOPIC:
                state |= {"awarded_to": entry["startup_ids"], "awarded_on": entry["on"]}
            case Challenge.AwardRevoked.TOPIC:
                revoked = {"on": entry["on"], "startup_ids": entry["startup_ids"], "reason": entry["reason"]}
                state |= {
                    "awarded_to": [],
                    "awarded_on": None,
                    "expected_end": None,
                    "award_revoked": revoked,
                }
                state.pop("implementation_started_on", None)
            case Challenge.ImplementationStarted.TOPIC:
                state |= {"expected_end": entry["expected_end"], "implementation_started_on": entry["on"]}
            case Challenge.ImplementationCompleted.TOPIC:
                state["completed_on"] = entry["on"]
    return state


def _workshop(doc: Document, as_of: str) -> dict[str, Any] | None:
    entries = _until(doc, as_of)
    if not entries:
        return None
    state: dict[str, Any] = {
        "theme": doc["theme"],
        "ref": doc["ref"],
        "programme_id": doc["programme_id"],
        "status": WORKSHOP_STATUS[entries[0]["topic"]].value,
        "planned_on": entries[0]["on"],
        "takes_place_on": None,
        "postponements": [],
        "held_on": None,
        "outcomes": "",
        "dates_assumed": False,
        "recorded_later": [],
        "corrected": [],
    }
    for entry in entries:
        topic = entry["topic"]
        state["dates_assumed"] |= entry["assumed"]
        _noted(state, entry)
        if topic in WORKSHOP_STATUS:
            state["status"] = WORKSHOP_STATUS[topic].value
        match topic:
            case Workshop.Scheduled.TOPIC:
                state |= {"takes_place_on": entry["takes_place_on"], "place": entry["place"]}
            case Workshop.Postponed.TOPIC:
                state["postponements"].append({"on": entry["on"], "reason": entry["reason"]})
                state["takes_place_on"] = None
            case Workshop.Held.TOPIC:
                state |= {
                    "held_on": entry["on"],
                    "participants": entry["participants"],
                    "outcomes": entry["outcomes"],
                }
            case Workshop.Cancelled.TOPIC:
                state |= {"cancelled_on": entry["on"], "reason": entry["reason"]}
    return state


def _accepted(entries: list[Entry]) -> set[str]:
    """The startups whose latest decision across a challenge's shortlists accepts them (by business
    date, then the day it was recorded): accepted on one shortlist and rejected on a later one is
    rejected; a withdrawn decision leaves the startup undecided."""
    latest: dict[str, Any] = {}
    for entry in sorted(entries, key=lambda e: (e["on"], e["recorded"])):
        latest[entry["startup_id"]] = entry["verdict"]
    return {s for s, verdict in latest.items() if verdict == Verdict.ACCEPTED}


def council_report(view: Documents, as_of: date, since: int = 2018) -> dict[str, Any]:
    """The council's questions 1–6 answered from the history up to the end of `as_of`."""
    day = as_of.isoformat()
    docs = view.all()
    kinds: dict[str, list[Document]] = {}
    for doc in docs:
        kinds.setdefault(doc["kind"], []).append(doc)
    names: dict[str, str] = {}
    for startup in kinds.get("startup", []):
        entries = _until(startup, day)
        if entries:
            names[startup["id"]] = next(e["name"] for e in reversed(entries) if "name" in e)
    programmes = [p for p in (_programme(d, day) for d in kinds.get("programme", [])) if p]
    programme_names = {p["id"]: p["name"] for p in programmes}
    challenges = [c for c in (_challenge(d, day) for d in kinds.get("challenge", [])) if c]
    workshops = [w for w in (_workshop(d, day) for d in kinds.get("workshop", [])) if w]
    applied: dict[str, set[str]] = {}
    for application in kinds.get("application", []):
        entries = _until(application, day)
        if entries and entries[-1]["topic"] != Application.Withdrawn.TOPIC:
            applied.setdefault(application["challenge_id"], set()).add(application["startup_id"])
    shortlisted_by: dict[str, set[str]] = {}
    verdicts: dict[str, list[Entry]] = {}
    for shortlist in kinds.get("shortlist", []):
        for entry in _until(shortlist, day):
            if "startup_ids" in entry:
                shortlisted_by.setdefault(shortlist["challenge_id"], set()).update(entry["startup_ids"])
            elif "verdict" in entry:
                verdicts.setdefault(shortlist["challenge_id"], []).append(entry)
    shortlisted = {s for group in shortlisted_by.values() for s in group}
    accepted_by = {c: _accepted(entries) for c, entries in verdicts.items()}
    awarded = {s for c in challenges for s in c["awarded_to"]}
    projects = []
    for c in sorted(challenges, key=lambda c: (c["published_on"] or "9999", c["ref"])):
        if c["published_on"] and int(c["published_on"][:4]) >= since:
            projects.append(
                {
                    **c,
                    "programme": programme_names.get(c["programme_id"] or "", ""),
                    "applications": len(applied.get(c["id"], ())),
                    "awarded": [names.get(s, s) for s in c["awarded_to"]],
                    "revoked": [names.get(s, s) for s in (c["award_revoked"] or {}).get("startup_ids", [])],
                }
            )
    for w in workshops:
        w["programme"] = programme_names.get(w["programme_id"] or "", "")
    for p in programmes:
        p["challenges_tendered"] = sum(
            1 for c in challenges if c["programme_id"] == p["id"] and c["published_on"]
        )
        p["workshops_held"] = sum(
            1 for w in workshops if w["programme_id"] == p["id"] and w["status"] == WorkshopStatus.HELD
        )
        p["workshops_open"] = sum(
            1 for w in workshops if w["programme_id"] == p["id"] and w["status"] in UPCOMING
        )
        tendered = [c for c in challenges if c["programme_id"] == p["id"] and c["published_on"]]
        p["funnel"] = {
            "challenges": len(tendered),
            "applications": sum(len(applied.get(c["id"], ())) for c in tendered),
            "shortlisted": sum(len(shortlisted_by.get(c["id"], ())) for c in tendered),
            "accepted": sum(len(accepted_by.get(c["id"], ())) for c in tendered),
            "awarded": sum(len(c["awarded_to"]) for c in tendered),
        }
    programmes.sort(key=lambda p: (-p["challenges_tendered"] - p["workshops_held"], p["starts_on"]))
    return {
        "as_of": day,
        "since": since,
        "startups": {
            "applied": len({s for group in applied.values() for s in group}),
            "shortlisted": len(shortlisted),
            "accepted": len({s for group in accepted_by.values() for s in group}),
            "awarded": len(awarded),
            "awarded_names": sorted(names.get(s, s) for s in awarded),
            "registered": len(names),
        },
        "programmes": programmes,
        "projects": projects,
        "planned": {
            "workshops": [w for w in workshops if w["status"] in UPCOMING],
            "challenges": [c for c in challenges if c["status"] == ChallengeStatus.DRAFT],
        },
        "workshops_held": [w for w in workshops if w["status"] == WorkshopStatus.HELD],
        "workshops_cancelled": [w for w in workshops if w["status"] == WorkshopStatus.CANCELLED],
    }
