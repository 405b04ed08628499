"""The command line's words for the explanations of a candidate's score, in German and English.

The matcher explains every score component as data (component, value, a message key and its
parameters: matching/explain.py); this is where the terminal says them. The language is
`--lang`, else the one the terminal's locale names (LC_ALL, LC_MESSAGES, LANG: `de_DE.UTF-8` is
German), else English, the language of the rest of the command line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

LANGUAGES = ("de", "en")

COMPONENTS: dict[str, dict[str, str]] = {
    "de": {
        "dense": "Bedeutung",
        "lexical": "Wortwahl",
        "neighbours": "wie die Besten",
        "sector": "Branche",
        "capabilities": "Fähigkeiten",
        "region": "Region",
        "stage": "Reifegrad",
        "reranker": "gelernt",
        "feedback": "Rückmeldung",
    },
    "en": {
        "dense": "meaning",
        "lexical": "wording",
        "neighbours": "like the best",
        "sector": "sector",
        "capabilities": "capabilities",
        "region": "region",
        "stage": "stage",
        "reranker": "learnt",
        "feedback": "feedback",
    },
}

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        "dense_far_above": "inhaltlich viel näher an der Ausschreibung als die meisten",
        "dense_above": "inhaltlich näher an der Ausschreibung als die meisten",
        "dense_average": "inhaltlich etwa so nah an der Ausschreibung wie die meisten",
        "dense_below": "inhaltlich ferner von der Ausschreibung als die meisten",
        "dense_not_embedded": "noch nicht eingebettet: nur nach dem Text bewertet",
        "lexical_shared": "gleiche Begriffe wie die Ausschreibung: {terms}",
        "lexical_none": "keine aussagekräftigen Begriffe gemeinsam mit der Ausschreibung",
        "neighbours_far_above": "viel ähnlicher als die meisten den Start-ups, die am besten passen",
        "neighbours_above": "ähnlicher als die meisten den Start-ups, die am besten passen",
        "neighbours_average": "den am besten passenden Start-ups so ähnlich wie die meisten",
        "neighbours_below": "den am besten passenden Start-ups weniger ähnlich als die meisten",
        "neighbours_not_embedded": "noch nicht eingebettet: nicht mit den besten verglichen",
        "level_far_above": "weit über dem Durchschnitt",
        "level_above": "über dem Durchschnitt",
        "level_average": "etwa durchschnittlich",
        "level_below": "unter dem Durchschnitt",
        "sector_fits": "passt zur Branche {sectors}",
        "sector_near": "Branche {own} liegt nah an der Ausschreibung ({sectors})",
        "sector_other": "nicht in der Branche {sectors} (sondern {own})",
        "sector_unstated": "die Ausschreibung nennt keine Branche",
        "capabilities_matched": "bietet Gesuchtes: {matches}",
        "capabilities_none": "keine ihrer Fähigkeiten kommt den {asked} gesuchten nahe",
        "capabilities_near": "ihre Fähigkeiten kommen den {asked} gesuchten näher als bei den meisten, "
        "keine trifft eine genau",
        "capabilities_unasked": "die Ausschreibung nennt keine gesuchten Fähigkeiten",
        "capabilities_not_embedded": "noch nicht eingebettet: Fähigkeiten nicht verglichen",
        "region_in": "{city} liegt in der gewünschten Region {region}",
        "region_out": "{city} liegt nicht in der gewünschten Region {region}",
        "region_open": "die Ausschreibung wünscht keine Region",
        "stage_known": "Reifegrad {stage} (je weiter, desto höher)",
        "stage_unknown": "Reifegrad unbekannt (zählt wie seed)",
        "reranker_none": "noch nichts gelernt: keine Entscheidungen erfasst",
        "reranker_waiting": "noch nichts gelernt: {decisions} Entscheidungen, es braucht Zusagen und Absagen",
        "reranker_neutral": "aus {decisions} Entscheidungen gelernt (Trainingsstand {version}): "
        "ändert hier nichts",
        "reranker_raised": "angehoben: aus {decisions} Entscheidungen zu allen Ausschreibungen gelernt "
        "(Trainingsstand {version}), vor allem wegen {feature}",
        "reranker_lowered": "gesenkt: aus {decisions} Entscheidungen zu allen Ausschreibungen gelernt "
        "(Trainingsstand {version}), vor allem wegen {feature}",
        "feedback_none": "noch keine Entscheidungen zu dieser Ausschreibung",
        "feedback_neutral": "{decisions} Entscheidungen zu dieser Ausschreibung: ändern hier nichts",
        "feedback_raised": "angehoben, weil Sie {startups} für diese Ausschreibung angenommen haben",
        "feedback_lowered": "gesenkt, weil Sie {startups} für diese Ausschreibung abgelehnt haben",
        "feedback_unlike": "gesenkt: unähnlich zu {startups}, die Sie für diese Ausschreibung "
        "angenommen haben",
        "not_counted": "(zählt nicht: Gewicht 0)",
        "and": "und",
        "more": "{n} weitere",
        "learning": "gelernt aus {decisions} Entscheidungen zu allen Ausschreibungen und {feedback} zu "
        "dieser, Trainingsstand {version}",
        "learning_none": "noch nichts gelernt: keine Entscheidungen erfasst",
    },
    "en": {
        "dense_far_above": "in meaning far closer to the challenge than most",
        "dense_above": "in meaning closer to the challenge than most",
        "dense_average": "in meaning about as close to the challenge as most",
        "dense_below": "in meaning further from the challenge than most",
        "dense_not_embedded": "not embedded yet: ranked on its text alone",
        "lexical_shared": "the challenge's own terms: {terms}",
        "lexical_none": "no telling term in common with the challenge",
        "neighbours_far_above": "far more like the best-fitting startups than most",
        "neighbours_above": "more like the best-fitting startups than most",
        "neighbours_average": "as like the best-fitting startups as most",
        "neighbours_below": "less like the best-fitting startups than most",
        "neighbours_not_embedded": "not embedded yet: not compared with the best-fitting",
        "level_far_above": "far above the pool's average",
        "level_above": "above the pool's average",
        "level_average": "about the pool's average",
        "level_below": "below the pool's average",
        "sector_fits": "fits the sector {sectors}",
        "sector_near": "its sector {own} is close to what the challenge is about ({sectors})",
        "sector_other": "not in the sector {sectors} (but {own})",
        "sector_unstated": "the challenge names no sector",
        "capabilities_matched": "offers what is asked for: {matches}",
        "capabilities_none": "none of its capabilities is close to the {asked} asked for",
        "capabilities_near": "its capabilities come closer to the {asked} asked for than most, "
        "though none matches one outright",
        "capabilities_unasked": "the challenge names no capability it asks for",
        "capabilities_not_embedded": "not embedded yet: capabilities not compared",
        "region_in": "{city} lies in the preferred region {region}",
        "region_out": "{city} does not lie in the preferred region {region}",
        "region_open": "the challenge prefers no region",
        "stage_known": "stage {stage} (the further along, the higher)",
        "stage_unknown": "stage unknown (counts as seed)",
        "reranker_none": "nothing learnt yet: no decisions recorded",
        "reranker_waiting": "nothing learnt yet: {decisions} decisions, it needs accepts and rejects",
        "reranker_neutral": "learnt from {decisions} decisions (training set {version}): no change here",
        "reranker_raised": "raised: learnt from {decisions} decisions on all challenges "
        "(training set {version}), mostly for its {feature}",
        "reranker_lowered": "lowered: learnt from {decisions} decisions on all challenges "
        "(training set {version}), mostly for its {feature}",
        "feedback_none": "no decisions on this challenge yet",
        "feedback_neutral": "{decisions} decisions on this challenge: no change here",
        "feedback_raised": "raised because you accepted {startups} for this challenge",
        "feedback_lowered": "lowered because you rejected {startups} for this challenge",
        "feedback_unlike": "lowered: unlike {startups}, which you accepted for this challenge",
        "not_counted": "(not counted: weight 0)",
        "and": "and",
        "more": "{n} more",
        "learning": "learnt from {decisions} decisions on all challenges and {feedback} on this one, "
        "training set {version}",
        "learning_none": "nothing learnt yet: no decisions recorded",
    },
}


def language(asked: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The language asked for, else the locale's if it is German or English, else English."""
    if asked:
        return asked
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = (environ.get(variable) or "")[:2].lower()
        if code:
            return code if code in LANGUAGES else "en"
    return "en"


def _names(values: list[str], more: int, lang: str) -> str:
    words = MESSAGES[lang]
    if more:
        values = [*values, words["more"].format(n=more)]
    if len(values) <= 1:
        return "".join(values)
    return f"{', '.join(values[:-1])} {words['and']} {values[-1]}"


def explanation_text(
    explanation: Mapping[str, Any],
    lang: str,
    name_of: Callable[[str], str] = str,
    weights: Mapping[str, float] | None = None,
) -> str:
    """One explanation as a line in the language; `name_of` names a startup by its id, `weights`
    (the shortlist's fusion weights) mark a component that did not count."""
    params = dict(explanation.get("params") or {})
    words = MESSAGES[lang]
    for key in ("terms", "sectors", "own"):
        if isinstance(params.get(key), list):
            params[key] = ", ".join(params[key]) or "–"
    if "matches" in params:
        params["matches"] = ", ".join(f"{m['required']} ≈ {m['offered']}" for m in params["matches"])
    if "startups" in params:
        named = [name_of(s) for s in params["startups"]]
        params["startups"] = _names(named, int(params.get("more", 0)), lang)
    if "feature" in params:
        params["feature"] = COMPONENTS[lang].get(params["feature"], params["feature"])
    template = words.get(explanation.get("key", ""), explanation.get("key", ""))
    try:
        text = template.format(**params)
    except (KeyError, IndexError, ValueError):
        text = template
    component = explanation.get("component", "")
    if weights is not None and component in weights and weights[component] == 0:
        text = f"{text} {words['not_counted']}"
    return text


def learning_text(reranker: Mapping[str, Any] | None, lang: str) -> str:
    """What the ranking learnt from decisions, and its training set's version."""
    decisions, feedback = (reranker or {}).get("decisions", 0), (reranker or {}).get("feedback_decisions", 0)
    if not reranker or not (decisions or feedback):
        return MESSAGES[lang]["learning_none"]
    version = reranker["version"]
    return MESSAGES[lang]["learning"].format(decisions=decisions, feedback=feedback, version=version)
