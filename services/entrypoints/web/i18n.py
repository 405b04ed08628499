"""German and English labels of the web pages, and which language a visitor reads.

Herne's programme managers work in German, so German is the default; `?lang=en` (remembered in a
cookie) or a browser that prefers English switches. Domain values (statuses, sectors, verdicts)
get labels here too, because the stored values are English identifiers, not words for a reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request

LANGUAGES = ("de", "en")
DEFAULT = "de"
COOKIE = "lang"

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "app": "Matchmaker Herne",
        "board": "Ausschreibungen",
        "startups": "Start-ups",
        "report": "Programmbericht",
        "login": "Anmelden",
        "logout": "Abmelden",
        "login_title": "Anmeldung",
        "login_hint": "Melden Sie sich mit Ihrem API-Schlüssel an; Ihre Rolle ergibt sich aus dem Schlüssel.",
        "key": "API-Schlüssel",
        "filter": "Filtern",
        "all": "alle",
        "programme": "Programm",
        "status": "Status",
        "sector": "Branche",
        "sectors": "Branchen",
        "owner": "Auftraggeber",
        "deadline": "Frist",
        "published_on": "Veröffentlicht",
        "applications": "Bewerbungen",
        "shortlisted": "Auf Shortlists",
        "accepted": "Angenommen",
        "awarded": "Zuschlag",
        "no_challenges": "Keine Ausschreibungen für diese Filter.",
        "description": "Beschreibung",
        "required_capabilities": "Gesuchte Fähigkeiten",
        "datasets_offered": "Angebotene Daten",
        "budget": "Budget",
        "history": "Verlauf",
        "no_applications": "Noch keine Bewerbungen.",
        "pitch": "Pitch",
        "applied_on": "Beworben am",
        "withdrawn_on": "Zurückgezogen am",
        "shortlists": "Shortlists",
        "shortlist": "Shortlist",
        "no_shortlists": "Noch keine Shortlist.",
        "produced_on": "erstellt am",
        "ranked": "{n} Start-ups bewertet, die am {on} bekannt waren",
        "finalised_on": "abgeschlossen am",
        "request_shortlist": "Shortlist anfordern",
        "request_hint": "Das Ranking mit dem Sprachmodell dauert einige Sekunden.",
        "top": "Anzahl",
        "stages": "Reifegrade",
        "region": "Region",
        "any": "beliebig",
        "exclude_applied": "Bewerber ausschließen",
        "exclude_rejected": "früher Abgelehnte ausschließen",
        "exclude": "Ausschließen (Refs, mit Komma getrennt)",
        "diverse": "Vielfalt (ähnliche Kandidaten seltener)",
        "occurred_on": "Stichtag (leer: heute)",
        "not_shortlistable": "Für diese Ausschreibung können keine Shortlists mehr erstellt werden",
        "rank": "Rang",
        "score": "Punktzahl",
        "components": "Bestandteile der Punktzahl",
        "matched_capabilities": "Passende Fähigkeiten",
        "matched_terms": "Gemeinsame Begriffe",
        "best_sentence": "Passendster Satz",
        "reason": "Begründung",
        "accept": "Annehmen",
        "reject": "Ablehnen",
        "verdict_accepted": "angenommen",
        "verdict_rejected": "abgelehnt",
        "decided_by": "von",
        "on": "am",
        "open": "offen",
        "profile": "Profil",
        "capabilities": "Fähigkeiten",
        "stage": "Reifegrad",
        "city": "Ort",
        "founded": "Gegründet",
        "team_size": "Teamgröße",
        "languages": "Sprachen",
        "website": "Website",
        "contact_name": "Kontaktperson",
        "contact_email": "Kontakt-E-Mail",
        "withheld": "nur für das Start-up selbst und die Stadt sichtbar",
        "shortlistings": "Auf Shortlists",
        "awards": "Zuschläge",
        "none": "Keine.",
        "challenge": "Ausschreibung",
        "registered_on": "Registriert am",
        "as_of": "Stand",
        "show": "Anzeigen",
        "report_chart": "Ausschreibungen und Bewerbungen im Zeitverlauf",
        "chart_challenges": "Ausschreibungen",
        "chart_applications": "Bewerbungen",
        "chart_table": "Die Werte als Tabelle",
        "figures": "Kennzahlen",
        "applied": "beworben",
        "registered": "registriert",
        "events_of": "Ereignisse von",
        "version": "Version",
        "event": "Ereignis",
        "occurred": "geschehen am",
        "recorded": "erfasst am",
        "actor": "wer",
        "role": "Rolle",
        "changes": "was",
        "assumed": "≈ Datum angenommen",
        "recorded_later": "später erfasst",
        "no_events": "Keine Ereignisse bis zu diesem Datum.",
        "error": "Fehler",
        "forbidden": "Nicht erlaubt",
        "not_found": "Nicht gefunden",
        "back": "Zurück zur Übersicht",
        "signed_in_as": "Angemeldet als",
        "read_only": "nur lesend",
        "role_manager": "Programm-Management",
        "role_auditor": "Prüfung",
        "role_startup": "Start-up",
        "role_system": "System",
        "status_draft": "Entwurf",
        "status_published": "ausgeschrieben",
        "status_closed": "Frist beendet",
        "status_awarded": "vergeben",
        "status_implementing": "in Umsetzung",
        "status_completed": "abgeschlossen",
        "status_withdrawn": "zurückgezogen",
        "status_closed early": "vorzeitig beendet",
        "corrections": "Korrekturen",
        "correction_reopen": "Wieder öffnen",
        "correction_hint_reopen": "Die Ausschreibung nimmt wieder Bewerbungen an; "
        "die Schließung bleibt im Verlauf.",
        "correction_revoke-award": "Zuschlag widerrufen",
        "correction_hint_revoke-award": "Die Ausschreibung ist wieder geschlossen und kann neu vergeben "
        "werden; der Zuschlag bleibt im Verlauf und zählt bis zum Widerruf.",
        "withdraw_decision": "Entscheidung zurücknehmen",
        "correct_date": "Datum korrigieren",
        "correct_to": "Richtiges Datum",
        "correct_hint": "Die Korrektur wird als eigenes Ereignis erfasst; dieses Ereignis bleibt im Verlauf.",
        "component_dense": "Bedeutung",
        "component_lexical": "Wortwahl",
        "component_neighbours": "wie die Besten",
        "component_sector": "Branche",
        "component_capabilities": "Fähigkeiten",
        "component_region": "Region",
        "component_stage": "Reifegrad",
        "component_reranker": "gelernt",
        "component_feedback": "Rückmeldung",
        "explanations": "Warum diese Punktzahl",
        "explain_dense_far_above": "inhaltlich viel näher an der Ausschreibung als die meisten",
        "explain_dense_above": "inhaltlich näher an der Ausschreibung als die meisten",
        "explain_dense_average": "inhaltlich etwa so nah an der Ausschreibung wie die meisten",
        "explain_dense_below": "inhaltlich ferner von der Ausschreibung als die meisten",
        "explain_dense_not_embedded": "noch nicht eingebettet: nur nach dem Text bewertet",
        "explain_lexical_shared": "gleiche Begriffe wie die Ausschreibung: {terms}",
        "explain_lexical_none": "keine aussagekräftigen Begriffe gemeinsam mit der Ausschreibung",
        "explain_neighbours_far_above": "viel ähnlicher als die meisten den Start-ups, die am besten passen",
        "explain_neighbours_above": "ähnlicher als die meisten den Start-ups, die am besten passen",
        "explain_neighbours_average": "den am besten passenden Start-ups so ähnlich wie die meisten",
        "explain_neighbours_below": "den am besten passenden Start-ups weniger ähnlich als die meisten",
        "explain_neighbours_not_embedded": "noch nicht eingebettet: nicht mit den besten verglichen",
        "explain_level_far_above": "weit über dem Durchschnitt",
        "explain_level_above": "über dem Durchschnitt",
        "explain_level_average": "etwa durchschnittlich",
        "explain_level_below": "unter dem Durchschnitt",
        "explain_sector_fits": "passt zur Branche {sectors}",
        "explain_sector_near": "Branche {own} liegt nah an der Ausschreibung ({sectors})",
        "explain_sector_other": "nicht in der Branche {sectors} (sondern {own})",
        "explain_sector_unstated": "die Ausschreibung nennt keine Branche",
        "explain_capabilities_matched": "bietet Gesuchtes: {matches}",
        "explain_capabilities_none": "keine ihrer Fähigkeiten kommt den {asked} gesuchten nahe",
        "explain_capabilities_near": "ihre Fähigkeiten kommen den {asked} gesuchten näher als bei den "
        "meisten, keine trifft eine genau",
        "explain_capabilities_unasked": "die Ausschreibung nennt keine gesuchten Fähigkeiten",
        "explain_capabilities_not_embedded": "noch nicht eingebettet: Fähigkeiten nicht verglichen",
        "explain_region_in": "{city} liegt in der gewünschten Region {region}",
        "explain_region_out": "{city} liegt nicht in der gewünschten Region {region}",
        "explain_region_open": "die Ausschreibung wünscht keine Region",
        "explain_stage_known": "Reifegrad {stage} (je weiter, desto höher)",
        "explain_stage_unknown": "Reifegrad unbekannt (zählt wie seed)",
        "explain_reranker_none": "noch nichts gelernt: keine Entscheidungen erfasst",
        "explain_reranker_waiting": "noch nichts gelernt: {decisions} Entscheidungen, es braucht Zusagen "
        "und Absagen",
        "explain_reranker_neutral": "aus {decisions} Entscheidungen gelernt (Trainingsstand {version}): "
        "ändert hier nichts",
        "explain_reranker_raised": "angehoben: aus {decisions} Entscheidungen zu allen Ausschreibungen "
        "gelernt (Trainingsstand {version}), vor allem wegen {feature}",
        "explain_reranker_lowered": "gesenkt: aus {decisions} Entscheidungen zu allen Ausschreibungen "
        "gelernt (Trainingsstand {version}), vor allem wegen {feature}",
        "explain_feedback_none": "noch keine Entscheidungen zu dieser Ausschreibung",
        "explain_feedback_neutral": "{decisions} Entscheidungen zu dieser Ausschreibung: ändern hier nichts",
        "explain_feedback_raised": "angehoben, weil Sie {startups} für diese Ausschreibung angenommen haben",
        "explain_feedback_lowered": "gesenkt, weil Sie {startups} für diese Ausschreibung abgelehnt haben",
        "explain_feedback_unlike": "gesenkt: unähnlich zu {startups}, die Sie für diese Ausschreibung "
        "angenommen haben",
        "explain_not_counted": "(zählt nicht: Gewicht 0)",
        "explain_and": "und",
        "explain_more": "{n} weitere",
        "learning": "Gelernt aus {decisions} Entscheidungen zu allen Ausschreibungen und {feedback} zu "
        "dieser; Trainingsstand {version}",
        "learning_none": "Noch nichts gelernt: keine Entscheidungen erfasst",
        "language": "English",
    },
    "en": {
        "app": "Matchmaker Herne",
        "board": "Challenges",
        "startups": "Startups",
        "report": "Programme report",
        "login": "Log in",
        "logout": "Log out",
        "login_title": "Log in",
        "login_hint": "Log in with your API key; your role comes with the key.",
        "key": "API key",
        "filter": "Filter",
        "all": "all",
        "programme": "Programme",
        "status": "Status",
        "sector": "Sector",
        "sectors": "Sectors",
        "owner": "Owner",
        "deadline": "Deadline",
        "published_on": "Published",
        "applications": "Applications",
        "shortlisted": "Shortlisted",
        "accepted": "Accepted",
        "awarded": "Awarded",
        "no_challenges": "No challenges for these filters.",
        "description": "Description",
        "required_capabilities": "Capabilities sought",
        "datasets_offered": "Data offered",
        "budget": "Budget",
        "history": "History",
        "no_applications": "No applications yet.",
        "pitch": "Pitch",
        "applied_on": "Applied on",
        "withdrawn_on": "Withdrawn on",
        "shortlists": "Shortlists",
        "shortlist": "Shortlist",
        "no_shortlists": "No shortlist yet.",
        "produced_on": "produced on",
        "ranked": "ranked {n} startups known on {on}",
        "finalised_on": "finalised on",
        "request_shortlist": "Request a shortlist",
        "request_hint": "Ranking with the language model takes a few seconds.",
        "top": "How many",
        "stages": "Stages",
        "region": "Region",
        "any": "any",
        "exclude_applied": "leave out applicants",
        "exclude_rejected": "leave out startups rejected before",
        "exclude": "Leave out (refs, comma-separated)",
        "diverse": "Diversity (fewer near-duplicates)",
        "occurred_on": "Business date (empty: today)",
        "not_shortlistable": "No more shortlists can be made for this challenge",
        "rank": "Rank",
        "score": "Score",
        "components": "Score components",
        "matched_capabilities": "Matched capabilities",
        "matched_terms": "Shared terms",
        "best_sentence": "Best-matching sentence",
        "reason": "Reason",
        "accept": "Accept",
        "reject": "Reject",
        "verdict_accepted": "accepted",
        "verdict_rejected": "rejected",
        "decided_by": "by",
        "on": "on",
        "open": "open",
        "profile": "Profile",
        "capabilities": "Capabilities",
        "stage": "Stage",
        "city": "City",
        "founded": "Founded",
        "team_size": "Team size",
        "languages": "Languages",
        "website": "Website",
        "contact_name": "Contact person",
        "contact_email": "Contact e-mail",
        "withheld": "visible to the startup itself and the city only",
        "shortlistings": "Shortlistings",
        "awards": "Awards",
        "none": "None.",
        "challenge": "Challenge",
        "registered_on": "Registered on",
        "as_of": "As of",
        "show": "Show",
        "report_chart": "Challenges and applications over time",
        "chart_challenges": "Challenges",
        "chart_applications": "Applications",
        "chart_table": "The values as a table",
        "figures": "Figures",
        "applied": "applied",
        "registered": "registered",
        "events_of": "Events of",
        "version": "Version",
        "event": "Event",
        "occurred": "happened on",
        "recorded": "recorded at",
        "actor": "who",
        "role": "Role",
        "changes": "what",
        "assumed": "≈ date assumed",
        "recorded_later": "recorded later",
        "no_events": "No events up to this date.",
        "error": "Error",
        "forbidden": "Not allowed",
        "not_found": "Not found",
        "back": "Back to the board",
        "signed_in_as": "Logged in as",
        "read_only": "read only",
        "role_manager": "programme management",
        "role_auditor": "audit",
        "role_startup": "startup",
        "role_system": "system",
        "status_draft": "draft",
        "status_published": "open for applications",
        "status_closed": "deadline passed",
        "status_awarded": "awarded",
        "status_implementing": "being implemented",
        "status_completed": "completed",
        "status_withdrawn": "withdrawn",
        "status_closed early": "closed early",
        "corrections": "Corrections",
        "correction_reopen": "Reopen",
        "correction_hint_reopen": "The challenge takes applications again; the close stays in its history.",
        "correction_revoke-award": "Revoke the award",
        "correction_hint_revoke-award": "The challenge is closed again and may be awarded anew; the award "
        "stays in its history and counts until it was revoked.",
        "withdraw_decision": "Withdraw the decision",
        "correct_date": "Correct the date",
        "correct_to": "Correct date",
        "correct_hint": "The correction is recorded as an event of its own; this event stays in the history.",
        "component_dense": "meaning",
        "component_lexical": "wording",
        "component_neighbours": "like the best",
        "component_sector": "sector",
        "component_capabilities": "capabilities",
        "component_region": "region",
        "component_stage": "stage",
        "component_reranker": "learnt",
        "component_feedback": "feedback",
        "explanations": "Why this score",
        "explain_dense_far_above": "in meaning far closer to the challenge than most",
        "explain_dense_above": "in meaning closer to the challenge than most",
        "explain_dense_average": "in meaning about as close to the challenge as most",
        "explain_dense_below": "in meaning further from the challenge than most",
        "explain_dense_not_embedded": "not embedded yet: ranked on its text alone",
        "explain_lexical_shared": "the challenge's own terms: {terms}",
        "explain_lexical_none": "no telling term in common with the challenge",
        "explain_neighbours_far_above": "far more like the best-fitting startups than most",
        "explain_neighbours_above": "more like the best-fitting startups than most",
        "explain_neighbours_average": "as like the best-fitting startups as most",
        "explain_neighbours_below": "less like the best-fitting startups than most",
        "explain_neighbours_not_embedded": "not embedded yet: not compared with the best-fitting",
        "explain_level_far_above": "far above the pool's average",
        "explain_level_above": "above the pool's average",
        "explain_level_average": "about the pool's average",
        "explain_level_below": "below the pool's average",
        "explain_sector_fits": "fits the sector {sectors}",
        "explain_sector_near": "its sector {own} is close to what the challenge is about ({sectors})",
        "explain_sector_other": "not in the sector {sectors} (but {own})",
        "explain_sector_unstated": "the challenge names no sector",
        "explain_capabilities_matched": "offers what is asked for: {matches}",
        "explain_capabilities_none": "none of its capabilities is close to the {asked} asked for",
        "explain_capabilities_near": "its capabilities come closer to the {asked} asked for than most, "
        "though none matches one outright",
        "explain_capabilities_unasked": "the challenge names no capability it asks for",
        "explain_capabilities_not_embedded": "not embedded yet: capabilities not compared",
        "explain_region_in": "{city} lies in the preferred region {region}",
        "explain_region_out": "{city} does not lie in the preferred region {region}",
        "explain_region_open": "the challenge prefers no region",
        "explain_stage_known": "stage {stage} (the further along, the higher)",
        "explain_stage_unknown": "stage unknown (counts as seed)",
        "explain_reranker_none": "nothing learnt yet: no decisions recorded",
        "explain_reranker_waiting": "nothing learnt yet: {decisions} decisions, it needs accepts and rejects",
        "explain_reranker_neutral": "learnt from {decisions} decisions (training set {version}): "
        "no change here",
        "explain_reranker_raised": "raised: learnt from {decisions} decisions on all challenges "
        "(training set {version}), mostly for its {feature}",
        "explain_reranker_lowered": "lowered: learnt from {decisions} decisions on all challenges "
        "(training set {version}), mostly for its {feature}",
        "explain_feedback_none": "no decisions on this challenge yet",
        "explain_feedback_neutral": "{decisions} decisions on this challenge: no change here",
        "explain_feedback_raised": "raised because you accepted {startups} for this challenge",
        "explain_feedback_lowered": "lowered because you rejected {startups} for this challenge",
        "explain_feedback_unlike": "lowered: unlike {startups}, which you accepted for this challenge",
        "explain_not_counted": "(not counted: weight 0)",
        "explain_and": "and",
        "explain_more": "{n} more",
        "learning": "Learnt from {decisions} decisions on all challenges and {feedback} on this one; "
        "training set {version}",
        "learning_none": "Nothing learnt yet: no decisions recorded",
        "language": "Deutsch",
    },
}


class Labels(Mapping[str, str]):
    """The labels of one language; a missing label shows its key, so a gap is visible, not blank."""

    def __init__(self, language: str) -> None:
        self._labels = LABELS[language]

    def __getitem__(self, key: str) -> str:
        return self._labels.get(key, key)

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


def language(request: Request) -> str:
    """The language asked for: `?lang=`, then the cookie, then the browser's preference, else German."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return preferred(request.headers.get("accept-language", ""))


def preferred(header: str) -> str:
    """The first of de/en by the weights of an Accept-Language header (`en-GB,en;q=0.9,de;q=0.8`)."""
    best, weight = DEFAULT, 0.0
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower()[:2]
        try:
            q = float(params.strip().removeprefix("q=")) if params.strip().startswith("q=") else 1.0
        except ValueError:
            continue
        if code in LANGUAGES and q > weight:
            best, weight = code, q
    return best


def _names(values: list[str], more: int, t: Labels) -> str:
    if more:
        values = [*values, t["explain_more"].format(n=more)]
    if len(values) <= 1:
        return "".join(values)
    return f"{', '.join(values[:-1])} {t['explain_and']} {values[-1]}"


def explanation_text(
    explanation: Mapping[str, Any], lang: str, weights: Mapping[str, float] | None = None
) -> str:
    """A score component's explanation (matching/explain.py: a message key and its parameters,
    the startups it names given by name in `names`) as a line in the visitor's language; a
    component the shortlist's fusion weights did not count says so."""
    t = Labels(lang)
    params = dict(explanation.get("params") or {})
    for key in ("terms", "sectors", "own"):
        if isinstance(params.get(key), list):
            params[key] = ", ".join(params[key]) or "–"
    if "matches" in params:
        params["matches"] = ", ".join(f"{m['required']} ≈ {m['offered']}" for m in params["matches"])
    if "startups" in params:
        named = list(params.get("names") or params["startups"])
        params["startups"] = _names(named, int(params.get("more", 0)), t)
    if "feature" in params:
        params["feature"] = t["component_" + str(params["feature"])]
    key = "explain_" + str(explanation.get("key", ""))
    template = t[key]
    try:
        text = template.format(**params)
    except (KeyError, IndexError, ValueError):
        text = template
    component = explanation.get("component", "")
    if weights is not None and component in weights and weights[component] == 0:
        text = f"{text} {t['explain_not_counted']}"
    return text


def learning_text(reranker: Mapping[str, Any] | None, lang: str) -> str:
    """What the shortlist's ranking learnt from decisions, with its training set's version."""
    t = Labels(lang)
    decisions = (reranker or {}).get("decisions", 0)
    feedback = (reranker or {}).get("feedback_decisions", 0)
    if not reranker or not (decisions or feedback):
        return t["learning_none"]
    return t["learning"].format(decisions=decisions, feedback=feedback, version=reranker["version"])
