"""Reasons a programme manager can check in seconds: which capabilities match, which words, which
sentence, and a one-line explanation of every score component.

- **Best sentence**: the profile sentence closest in meaning to the challenge among those that say
  what the startup does. A sentence that is negated ("… bieten wir nicht an", "does not handle
  bookings") or contrastive ("Unlike other tools …", "statt …") is never shown as the best
  sentence, however close its words are to the challenge: it is close *because* it names what
  the challenge asks for, and says the startup does not do it. If every sentence is negated,
  there is no best sentence.
- **Explanations**: per component, structured data (component, value, a message key and its
  parameters) that each entry point renders in the reader's language with its own labels
  (`services/entrypoints/cli/messages.py`, `services/entrypoints/web/i18n.py`). Startups named in
  an explanation (the ones a manager accepted or rejected) are given by id: the entry points look
  up their names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from matching.profiles import ChallengeSpec, Profile
from matching.structured import capability_matches

if TYPE_CHECKING:  # the matcher hands its re-ranker over; explaining needs no scikit-learn import
    from matching.learning import Reranker

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9\"„(])")
#: Cosine of two e5 capability vectors from which they are shown as matching. e5 cosines are
#: compressed: on the dev set, the best pair per required capability scores 0.85 (median) for
#: strong fits and 0.83 for the rest, whose 90th percentile is 0.86; from 0.87 on, pairs such as
#: "mobile Auftragsdokumentation" ~ "mobile work orders" (0.88) are right far more often than not.
CAPABILITY_MATCH = 0.87

# Negation and contrast ------------------------------------------------------------------------------

#: Words: a hyphenated word or a contraction is one token, so "no-code", "Know-how" and
#: "Nichtraucher" are not "no", "know" or "nicht".
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
NEGATIONS = frozenset(
    """nicht nichts kein keine keinen keinem keiner keines keinerlei ohne weder nie niemals nimmer
    niemand nirgends nirgendwo keineswegs keinesfalls mitnichten
    not no never without neither nor none nothing nobody nowhere cannot""".split()
)
#: Words that set what follows against something else: the sentence may well name what the
#: challenge asks for as what others do, or what the startup does instead.
CONTRASTS = frozenset(
    """statt anstatt anstelle stattdessen jedoch allerdings hingegen dagegen wohingegen aber
    unlike instead however whereas but""".split()
)
CONTRAST_PHRASES = (
    ("im", "gegensatz"),
    ("im", "unterschied"),
    ("anders", "als"),
    ("an", "stelle"),
    ("rather", "than"),
    ("as", "opposed", "to"),
    ("in", "contrast"),
    ("contrary", "to"),
    ("other", "than"),
)
#: Negation words in phrases that affirm: "nicht nur … sondern auch" says what the startup does
#: twice; "Nie wieder Leerfahrten" and "no more paper lists" promise what it achieves.
AFFIRMING = (
    ("nicht", "nur"),
    ("nicht", "bloß"),
    ("nicht", "allein"),
    ("nicht", "zuletzt"),
    ("nie", "wieder"),
    ("nie", "mehr"),
    ("kein", "wunder"),
    ("not", "only"),
    ("not", "just"),
    ("not", "merely"),
    ("not", "least"),
    ("never", "again"),
    ("no", "more"),
    ("no", "matter"),
    ("no", "doubt"),
)
#: "but also", "aber auch": adds, does not contrast.
ADDING = frozenset({"auch", "also", "ebenso", "too"})


def tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in TOKEN.findall(text)]


def negation(sentence: str) -> str | None:
    """The word or phrase that makes a sentence negated or contrastive, or None if it states
    plainly what it says (German and English)."""
    words = tokens(sentence)
    for i, word in enumerate(words):
        after = words[i + 1 : i + 4]
        if any(tuple(words[i : i + len(p)]) == p for p in AFFIRMING):
            continue
        if word in NEGATIONS:
            if word == "no" and after and after[0].isdigit():  # "No. 1 in route planning"
                continue
            return word
        if word.endswith("n't"):
            return "n't"
        if word in CONTRASTS:
            if word in ("aber", "but", "jedoch") and after and after[0] in ADDING:
                continue
            return word
        for phrase in CONTRAST_PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                return " ".join(phrase)
    return None


def negated(sentence: str) -> bool:
    """Whether a sentence says what is not (so), or sets something against something else."""
    return negation(sentence) is not None


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text) if len(s.strip()) > 3]


def best_sentence(parts: Sequence[str], similarity: np.ndarray) -> dict[str, Any]:
    """The sentence most similar to the challenge among those that are not negated or
    contrastive (the first of equals); {} when there is none. `passed_over` counts the negated
    sentences that were more similar."""
    stated = [i for i, s in enumerate(parts) if not negated(s)]
    if not stated or not len(similarity):
        return {}
    i = stated[int(np.argmax(similarity[stated]))]
    best: dict[str, Any] = {"text": parts[i], "similarity": round(float(similarity[i]), 3)}
    closer = int(np.count_nonzero(similarity > similarity[i]))  # all of them negated
    if closer:
        best["passed_over"] = closer
    return best


# Reasons -------------------------------------------------------------------------------------------


def reasons(
    challenge: ChallengeSpec,
    profile: Profile,
    *,
    terms: list[tuple[str, str, float]],
    required_vectors: np.ndarray,
    offered_vectors: np.ndarray,
    challenge_vector: np.ndarray,
    sentence_vectors: np.ndarray,
    components: dict[str, float],
    embedded: bool = True,
    reranker: Reranker | None = None,
) -> dict[str, Any]:
    """Everything a manager needs to check a candidate: matched capabilities, terms, best sentence,
    scores, and what each score component means for this candidate.

    A profile not embedded yet was ranked on its text alone: no capability or sentence is matched.
    """
    matched = (
        []
        if not embedded
        else capability_matches(
            challenge.required_capabilities,
            required_vectors,
            profile.capabilities,
            offered_vectors,
            CAPABILITY_MATCH,
        )
    )
    parts = sentences(profile.description)
    best: dict[str, Any] = {}
    if parts and len(sentence_vectors):
        best = best_sentence(parts, sentence_vectors @ challenge_vector)
    return {
        "matched_capabilities": [{"required": r, "offered": o, "similarity": s} for r, o, s in matched],
        "matched_terms": [{"profile": p, "challenge": c, "similarity": s} for p, c, s in terms],
        "best_sentence": best,
        "components": {k: round(v, 4) for k, v in components.items()},
        "explanations": explanations(
            challenge, profile, components, terms=terms, matched=matched, embedded=embedded, reranker=reranker
        ),
        **({} if embedded else {"not_embedded": "ranked on its text alone: its vectors are not made yet"}),
    }


# Explanations --------------------------------------------------------------------------------------

#: The components explained, in the order they are shown.
EXPLAINED = (
    "dense",
    "lexical",
    "neighbours",
    "sector",
    "capabilities",
    "region",
    "stage",
    "reranker",
    "feedback",
)
#: Not components of their own: the sums.
SUMS = ("fused", "final")
#: Where a z-scored component (dense; within the startup's language) counts as far above, above,
#: about or below the pool's average.
LEVELS = ((1.5, "far_above"), (0.5, "above"), (-0.5, "average"))
#: A learned adjustment smaller than this moved nothing worth saying.
NEGLIGIBLE = 0.005
NAMED = 3  # startups named in an explanation at most


def level(value: float) -> str:
    for threshold, name in LEVELS:
        if value >= threshold:
            return name
    return "below"


def explanation(component: str, value: float, key: str, **params: Any) -> dict[str, Any]:
    return {"component": component, "value": round(float(value), 4), "key": key, "params": params}


def explanations(
    challenge: ChallengeSpec,
    profile: Profile,
    components: dict[str, float],
    *,
    terms: Sequence[tuple[str, str, float]] = (),
    matched: Sequence[tuple[str, str, float]] = (),
    embedded: bool = True,
    reranker: Reranker | None = None,
) -> list[dict[str, Any]]:
    """One explanation per score component the candidate has: `key` names the message (e.g.
    `dense_above`, `feedback_raised`), `params` fill it in. Message keys are
    `<component>_<case>`; every entry point has a message for each."""
    value = {name: float(components.get(name, 0.0)) for name in EXPLAINED}
    out = []
    if "dense" in components:
        key = f"dense_{level(value['dense'])}" if embedded else "dense_not_embedded"
        out.append(explanation("dense", value["dense"], key))
    if "lexical" in components:
        words = list(dict.fromkeys(p for p, _, _ in terms))[:4]
        out.append(
            explanation(
                "lexical", value["lexical"], "lexical_shared" if words else "lexical_none", terms=words
            )
        )
    if "neighbours" in components:  # the second query: the centroid of the best-ranked startups
        key = f"neighbours_{level(value['neighbours'])}" if embedded else "neighbours_not_embedded"
        out.append(explanation("neighbours", value["neighbours"], key))
    if "sector" in components:
        out.append(_sector(challenge, profile, value["sector"]))
    if "capabilities" in components:
        if not embedded:
            out.append(explanation("capabilities", value["capabilities"], "capabilities_not_embedded"))
        elif not challenge.required_capabilities:
            out.append(explanation("capabilities", value["capabilities"], "capabilities_unasked"))
        elif matched:
            pairs = [{"required": r, "offered": o} for r, o, _ in matched]
            out.append(
                explanation(
                    "capabilities",
                    value["capabilities"],
                    "capabilities_matched",
                    matches=pairs,
                    asked=len(challenge.required_capabilities),
                )
            )
        else:  # none close enough to name a pair: closer than most, or not
            key = "capabilities_near" if value["capabilities"] >= LEVELS[1][0] else "capabilities_none"
            out.append(
                explanation(
                    "capabilities", value["capabilities"], key, asked=len(challenge.required_capabilities)
                )
            )
    if "region" in components:
        region, city = challenge.region_preference, profile.city or ""
        key = "region_open" if not region else ("region_in" if value["region"] > 0 else "region_out")
        out.append(explanation("region", value["region"], key, region=region or "", city=city))
    if "stage" in components:
        key = "stage_known" if profile.stage else "stage_unknown"
        out.append(explanation("stage", value["stage"], key, stage=profile.stage or ""))
    if "reranker" in components:
        out.append(_learned_across(reranker, components))
    if "feedback" in components:
        out.append(_feedback(challenge, reranker, value["feedback"]))
    for name, score in components.items():  # a component added later: at least where it stands
        if name not in EXPLAINED and name not in SUMS:
            out.append(explanation(name, score, f"level_{level(score)}"))
    return out


def _sector(challenge: ChallengeSpec, profile: Profile, value: float) -> dict[str, Any]:
    """Stated sectors in common first; a score without one came from the sector affinity the
    matcher inferred from the texts."""
    stated = list(challenge.sectors)
    shared = [s for s in profile.sectors if s in stated]
    own = list(profile.sectors)
    if shared:
        return explanation("sector", value, "sector_fits", sectors=shared, main=own[0] in shared)
    if value > 0:
        return explanation("sector", value, "sector_near", sectors=stated, own=own)
    if stated:
        return explanation("sector", value, "sector_other", sectors=stated, own=own)
    return explanation("sector", value, "sector_unstated", own=own)


def _learned_across(reranker: Reranker | None, components: dict[str, float]) -> dict[str, Any]:
    """The cross-challenge model: how many decisions, which training set, and which component
    moved this candidate most."""
    value = float(components.get("reranker", 0.0))
    if reranker is None or reranker.components is None:
        decisions = reranker.decisions if reranker is not None else 0
        key = "reranker_waiting" if decisions else "reranker_none"
        return explanation("reranker", value, key, decisions=decisions)
    params = {"decisions": reranker.decisions, "version": reranker.version}
    contributions = reranker.contributions(components)
    if abs(value) < NEGLIGIBLE or not contributions:
        return explanation("reranker", value, "reranker_neutral", **params)
    sign = 1.0 if value > 0 else -1.0
    feature = max(contributions, key=lambda f: sign * contributions[f])
    key = "reranker_raised" if value > 0 else "reranker_lowered"
    return explanation("reranker", value, key, feature=feature, **params)


def _feedback(challenge: ChallengeSpec, reranker: Reranker | None, value: float) -> dict[str, Any]:
    """The per-challenge model: raised for resembling the startups accepted for this challenge,
    lowered for resembling those rejected; named by id (latest decision on each counts)."""
    latest: dict[str, int | None] = {}
    for example in reranker.feedback.get(challenge.id, []) if reranker is not None else []:
        latest[example.startup_id] = example.label
    accepted = [s for s, label in latest.items() if label == 1]
    rejected = [s for s, label in latest.items() if label == 0]
    decisions = len(accepted) + len(rejected)
    if abs(value) < NEGLIGIBLE:
        key = "feedback_neutral" if decisions else "feedback_none"
        return explanation("feedback", value, key, decisions=decisions)
    if value > 0:
        key, named = "feedback_raised", accepted
    elif rejected:
        key, named = "feedback_lowered", rejected
    else:  # only acceptances (and candidates shown without a decision): unlike those accepted
        key, named = "feedback_unlike", accepted
    return explanation(
        "feedback", value, key, startups=named[:NAMED], more=max(0, len(named) - NAMED), decisions=decisions
    )
