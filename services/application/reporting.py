"""The council report as readable text, in German or English."""

from __future__ import annotations

from typing import Any

from domain import ChallengeStatus, WorkshopStatus

# The report says in words where each project and planned workshop stands: keyed on the domain's
# statuses (`ChallengeStatus`, and `WorkshopStatus` of the workshops still to come).

LABELS = {
    "de": {
        "title": "Bericht zur Anfrage „Unterstützung/Projekte für Herner Start-Ups“, Stand {as_of}",
        "q1": "1. Wie viele Start-ups haben das Angebot genutzt?",
        "q1_text": "{applied} Start-ups haben sich beworben, {shortlisted} standen auf Shortlists, "
        "{awarded} erhielten den Zuschlag{names}.",
        "q2": "2. Wie steht es um die Kooperation mit den Partnern?",
        "programme": "{name} ({city}), seit {starts_on}: {state}; {challenges_tendered} Ausschreibungen, {workshops_held} Workshops durchgeführt, {workshops_open} geplant oder verschoben",
        "active": "läuft",
        "ended": "beendet am {ended_on}",
        "partner": "Partner {name}: seit {since}{left}",
        "partner_left": ", ausgeschieden am {left_on} ({reason})",
        "q3": "3. Welche Projekte wurden seit {since} angestoßen?",
        "project": "„{title}“ mit {owner}: ausgeschrieben am {published_on}, {applications} Bewerbungen, {status}",
        "no_projects": "Keine.",
        "q4": "4. Welche Projekte sind geplant?",
        "workshop_planned": "Workshop „{theme}“: {status}",
        "nothing_planned": "Nichts geplant.",
        "challenge_planned": "Ausschreibung in Vorbereitung: „{title}“ mit {owner}",
        "held": "Durchgeführte Workshops",
        "workshop_held": "„{theme}“ am {held_on}{outcomes}",
        "q6": "6. Weitere Maßnahmen",
        "activity": "{title} ({activity}, seit {on}): {description}",
        "assumed": "≈ Datum angenommen (in der Quelle nicht genannt)",
        "revoked": "; Zuschlag an {names} am {on} widerrufen ({reason})",
        "recorded_later": "nachgetragen am {days}",
        "corrected": "Datum berichtigt: {on} statt {was} ({reason})",
        "status": {
            ChallengeStatus.DRAFT: "in Vorbereitung",
            ChallengeStatus.PUBLISHED: "Bewerbungsfrist bis {deadline}",
            ChallengeStatus.CLOSED: "Bewerbungsfrist beendet",
            ChallengeStatus.CLOSED_EARLY: "vorzeitig beendet am {closed_early_on}, vor Ablauf der Bewerbungsfrist am {deadline}",
            ChallengeStatus.AWARDED: "Zuschlag an {awarded} am {awarded_on}",
            ChallengeStatus.IMPLEMENTING: "Zuschlag an {awarded} am {awarded_on}; Umsetzung läuft, Abschluss voraussichtlich {expected_end}",
            ChallengeStatus.COMPLETED: "Zuschlag an {awarded}; umgesetzt bis {completed_on}",
            ChallengeStatus.WITHDRAWN: "zurückgezogen",
        },
        "workshop_status": {
            WorkshopStatus.PLANNED: "geplant seit {planned_on}",
            WorkshopStatus.SCHEDULED: "terminiert auf {takes_place_on}",
            WorkshopStatus.POSTPONED: "verschoben am {postponed_on}: {reason}",
        },
    },
    "en": {
        "title": "Report on the inquiry “Support/projects for Herne start-ups”, as of {as_of}",
        "q1": "1. How many start-ups have used the offer?",
        "q1_text": "{applied} start-ups applied, {shortlisted} were shortlisted, {awarded} won the award{names}.",
        "q2": "2. What is the state of the cooperation with the partners?",
        "programme": "{name} ({city}), since {starts_on}: {state}; {challenges_tendered} tenders, {workshops_held} workshops held, {workshops_open} planned or postponed",
        "active": "running",
        "ended": "ended on {ended_on}",
        "partner": "Partner {name}: since {since}{left}",
        "partner_left": ", left on {left_on} ({reason})",
        "q3": "3. Which projects were started since {since}?",
        "project": "“{title}” with {owner}: tendered on {published_on}, {applications} applications, {status}",
        "no_projects": "None.",
        "q4": "4. Which projects are planned?",
        "workshop_planned": "Workshop “{theme}”: {status}",
        "nothing_planned": "Nothing planned.",
        "challenge_planned": "Tender in preparation: “{title}” with {owner}",
        "held": "Workshops held",
        "workshop_held": "“{theme}” on {held_on}{outcomes}",
        "q6": "6. Other measures",
        "activity": "{title} ({activity}, since {on}): {description}",
        "assumed": "≈ date assumed (the source gives none)",
        "revoked": "; award to {names} revoked on {on} ({reason})",
        "recorded_later": "recorded on {days}",
        "corrected": "date corrected: {on}, not {was} ({reason})",
        "status": {
            ChallengeStatus.DRAFT: "in preparation",
            ChallengeStatus.PUBLISHED: "applications until {deadline}",
            ChallengeStatus.CLOSED: "applications closed",
            ChallengeStatus.CLOSED_EARLY: "closed early on {closed_early_on}, before the deadline of {deadline}",
            ChallengeStatus.AWARDED: "awarded to {awarded} on {awarded_on}",
            ChallengeStatus.IMPLEMENTING: "awarded to {awarded} on {awarded_on}; implementation under way, expected to end {expected_end}",
            ChallengeStatus.COMPLETED: "awarded to {awarded}; implemented by {completed_on}",
            ChallengeStatus.WITHDRAWN: "withdrawn",
        },
        "workshop_status": {
            WorkshopStatus.PLANNED: "planned since {planned_on}",
            WorkshopStatus.SCHEDULED: "scheduled for {takes_place_on}",
            WorkshopStatus.POSTPONED: "postponed on {postponed_on}: {reason}",
        },
    },
}


def _mark(t: dict[str, Any], item: dict[str, Any], assumed: str = "dates_assumed") -> str:
    """How a line's dates came about, where that matters to the reader: assumed (≈), recorded more
    than a day after they happened (history recorded afterwards), or corrected (and why)."""
    later = item.get("recorded_later", [])
    notes = [t["recorded_later"].format(days=", ".join(later))] if later else []
    notes += [t["corrected"].format(**c) for c in item.get("corrected", [])]
    return (" ≈" if item[assumed] else "") + (f" ({'; '.join(notes)})" if notes else "")


def _status(t: dict[str, Any], c: dict[str, Any]) -> str:
    """Where a project stands, and whose award was revoked (the award counted until then)."""
    status = t["status"][c["status"]].format(**{**c, "awarded": ", ".join(c["awarded"]) or "-"})
    revoked = c.get("award_revoked")
    if revoked:
        status += t["revoked"].format(**revoked, names=", ".join(c["revoked"]) or "-")
    return status


def render(report: dict[str, Any], language: str = "de") -> str:
    t = LABELS[language]
    lines = [t["title"].format(**report), ""]
    s = report["startups"]
    names = f" ({', '.join(s['awarded_names'])})" if s["awarded_names"] else ""
    lines += [t["q1"], "  " + t["q1_text"].format(**s, names=names), ""]
    lines.append(t["q2"])
    for p in report["programmes"]:
        state = t["active"] if p["active"] else t["ended"].format(**p)
        lines.append("  " + t["programme"].format(**p, state=state))
        for partner in p["partners"]:
            left = t["partner_left"].format(**partner) if partner["left_on"] else ""
            lines.append("    " + t["partner"].format(**partner, left=left))
    lines += ["", t["q3"].format(since=report["since"])]
    for c in report["projects"]:
        lines.append("  " + t["project"].format(**{**c, "status": _status(t, c)}) + _mark(t, c))
    if not report["projects"]:
        lines.append("  " + t["no_projects"])
    lines += ["", t["q4"]]
    for w in report["planned"]["workshops"]:
        last = w["postponements"][-1] if w["postponements"] else {"on": "", "reason": ""}
        status = t["workshop_status"][w["status"]].format(**w, postponed_on=last["on"], reason=last["reason"])
        lines.append("  " + t["workshop_planned"].format(theme=w["theme"], status=status) + _mark(t, w))
    for c in report["planned"]["challenges"]:
        lines.append("  " + t["challenge_planned"].format(**c) + _mark(t, c))
    if not report["planned"]["workshops"] and not report["planned"]["challenges"]:
        lines.append("  " + t["nothing_planned"])
    if report["workshops_held"]:
        lines += ["", t["held"]]
        for w in report["workshops_held"]:
            outcomes = f": {w['outcomes']}" if w["outcomes"] else ""
            lines.append("  " + t["workshop_held"].format(**{**w, "outcomes": outcomes}) + _mark(t, w))
    activities = [a for p in report["programmes"] for a in p["activities"]]
    if activities:
        lines += ["", t["q6"]]
        for a in activities:
            lines.append("  " + t["activity"].format(**a).rstrip() + _mark(t, a, "assumed"))
    lines += ["", t["assumed"]]
    return "\n".join(lines)
