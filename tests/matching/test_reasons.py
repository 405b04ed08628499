"""Reasons a manager can trust: no negated sentence as the best one, term pairs only between words
that are the same term, and a one-line explanation of every score component."""

from __future__ import annotations

import numpy as np
import pytest

from matching.explain import best_sentence, explanations, negated, negation, reasons, sentences
from matching.learning import Example, Reranker
from matching.lexical import generic, matched_terms, term_relation
from matching.profiles import ChallengeSpec, Profile

# Negation and contrast --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Steuerung von Anlagen oder Lastmanagement bieten wir nicht an, arbeiten aber mit Partnern zusammen.",
        "Eine eigene Disposition von Fahrzeugen bietet die Plattform nicht.",
        "Wir haben keine Lösung für die Tourenplanung.",
        "Keinerlei personenbezogene Daten werden erfasst.",
        "Die Montage erfolgt ohne Elektriker.",
        "Weder Abholung noch Entsorgung gehören zu unserem Angebot.",
        "Tourenplanung haben wir noch nie angeboten.",
        "Eigene Analyseanwendungen entwickeln wir nicht, sondern stellen die Daten bereit.",
        "Statt Touren zu planen, vermitteln wir Umzugshelfer.",
        "Im Gegensatz zu klassischen Routenplanern zeigen wir nur Karten.",
        "Wir sind klein, jedoch spezialisiert auf Blumen.",
    ],
)
def test_german_negated_and_contrastive_sentences(sentence: str) -> None:
    assert negated(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The software is purely analytical and does not handle bookings or vehicle dispatch.",
        "Decarbo does not carry out building surveys itself but can import survey data.",
        "No sensors need to be installed.",
        "We never store personal data.",
        "Crewbeacon works without any infrastructure in the building.",
        "Unlike other tools, we do not plan routes.",
        "Unlike other tools, we focus on flowers.",
        "We don't offer route planning.",
        "It can’t be used for waste collection.",
        "Neither bulky waste nor recycling is covered.",
        "Rather than routing trucks, we sell flowers.",
        "We sell flowers instead of planning routes.",
        "However, waste collection is out of scope.",
    ],
)
def test_english_negated_and_contrastive_sentences(sentence: str) -> None:
    assert negated(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Nie wieder Leerfahrten: wir planen Touren für Entsorger.",
        "Unsere No-Code-Plattform plant Touren für kommunale Entsorger.",
        "Unser Know-how: Tourenplanung für Entsorger.",
        "Nichtraucherschutz und Ohnehin-Kosten sind Begriffe, die wir kennen.",
        "Wir planen nicht nur Touren, sondern auch Sammelstellen.",
        "Wir planen Touren, aber auch Sammelstellen.",
        "Tourenplanung für Sperrmüll, dazu Online-Anmeldung.",
        "No. 1 in route planning for municipal fleets.",
        "Not only routes but also bins are planned.",
        "Our no-code tool plans routes for waste collection.",
        "Knowledge of municipal fleets is our know-how.",
        "Never again empty trips for collection crews.",
        "The app handles bookings and sends reminders.",
    ],
)
def test_plain_statements_are_not_negated(sentence: str) -> None:
    assert not negated(sentence), (sentence, negation(sentence))


def test_the_cue_is_named() -> None:
    assert negation("… bieten wir nicht an.") == "nicht"
    assert negation("We don't do that.") == "n't"
    assert negation("Rather than routes we plan bins.") == "rather than"
    assert negation("Wir planen Touren.") is None


def test_the_best_sentence_is_never_a_negated_one() -> None:
    parts = [
        "Mietwatt rechnet Mieterstrom ab.",
        "Steuerung von Anlagen oder Lastmanagement bieten wir nicht an.",
        "Wir erstellen Abrechnungen für Vermieter.",
    ]
    similarity = np.array([0.80, 0.95, 0.82])
    best = best_sentence(parts, similarity)
    assert best == {"text": parts[2], "similarity": 0.82, "passed_over": 1}
    assert best_sentence(parts[1:2], similarity[1:2]) == {}  # all negated: none, not a negated one
    assert best_sentence(parts, np.array([0.9, 0.5, 0.5])) == {"text": parts[0], "similarity": 0.9}


def test_reasons_prefer_a_sentence_that_states_what_the_startup_does() -> None:
    challenge = ChallengeSpec(id="c", title="Lastmanagement", description="Steuerung von Anlagen.")
    description = (
        "Mietwatt rechnet Mieterstrom ab. Steuerung von Anlagen oder Lastmanagement bieten wir "
        "nicht an, arbeiten aber mit Partnern zusammen."
    )
    profile = Profile(id="p", name="Mietwatt", description=description)
    assert len(sentences(description)) == 2
    vectors = np.array([[0.6, 0.8], [1.0, 0.0]], dtype=np.float32)
    found = reasons(
        challenge,
        profile,
        terms=[],
        required_vectors=np.zeros((0, 2), dtype=np.float32),
        offered_vectors=np.zeros((0, 2), dtype=np.float32),
        challenge_vector=np.array([1.0, 0.0], dtype=np.float32),
        sentence_vectors=vectors,
        components={"dense": 0.3},
    )
    assert found["best_sentence"]["text"] == "Mietwatt rechnet Mieterstrom ab."
    assert found["best_sentence"]["passed_over"] == 1


# Term pairs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("Sperrmüll", "Sperrmüllabholung", "compound"),
        ("Planung", "Tourenplanung", "compound"),
        ("Touren", "Abholtouren", "compound"),
        ("Anmeldung", "Online-Anmeldung", "compound"),
        ("Entsorgungswirtschaft", "entsorgung", "compound"),  # "entsorgung herne": a name in lower case
        ("Touren", "Tour", "stem"),
        ("routes", "routing", "stem"),
        ("Sensoren", "sensors", "stem"),
        ("Energie", "energy", "stem"),
        ("planen", "Planung", "stem"),
        ("dokumentiert", "dokumentieren", "stem"),
        ("Abfall", "waste", "translation"),
        ("Stromzähler", "meter", "translation"),
        ("smart", "Smart", "same"),
        ("erkennt", "nennt", None),
        ("stellen", "Schnittstellen", None),  # a verb is no part of a noun
        ("erstellen", "Schnittstellen", None),
        ("darunter", "Hunter", None),
        ("Gemeinden", "gemeinsam", None),
        ("start", "Start-up", None),
    ],
)
def test_words_pair_only_when_they_are_the_same_term(a: str, b: str, relation: str | None) -> None:
    assert term_relation(a, b) == relation
    assert term_relation(b, a) == relation


def test_letters_in_common_are_no_shared_term() -> None:
    terms = matched_terms(
        "Die Software erkennt Sperrmüll auf Fotos und plant Abholtouren.",
        "Kunden nennen uns den Termin; wir planen Touren für die Sperrmüllabholung.",
        lambda w: 1,
        100,
    )
    pairs = {(p.lower(), c.lower()) for p, c, _ in terms}
    assert ("touren", "abholtouren") in pairs and ("sperrmüllabholung", "sperrmüll") in pairs
    assert not any(c == "erkennt" for _, c in pairs)


def test_generic_and_pool_common_words_are_no_reasons_on_either_side() -> None:
    assert generic("Smart") and generic("intelligente") and generic("Plattformen") and generic("Digitale")
    assert not generic("Sperrmüll") and not generic("Tourenplanung")
    frequency = {"abholung": 30, "tourenplanung": 1}
    terms = matched_terms(
        "Smart Waste Hunter: digitale Abholung und Tourenplanung",
        "Smart city: intelligente Tourenplanung und digitale Abholung",
        lambda w: frequency.get(w.lower(), 0),
        100,
    )
    assert [(p, c) for p, c, _ in terms] == [("Tourenplanung", "Tourenplanung")]


# Explanations -----------------------------------------------------------------------------------

CHALLENGE = ChallengeSpec(
    id="c",
    title="Sperrmüll digital",
    description="Sperrmüll online anmelden und Touren planen.",
    required_capabilities=("Tourenplanung",),
    sectors=("waste", "mobility"),
    region_preference="NRW",
)
PROFILE = Profile(
    id="fit",
    name="Einsatzlotse",
    description="Tourenplanung für Sperrmüll.",
    capabilities=("Tourenplanung",),
    sectors=("waste", "software"),
    stage="seed",
    city="Dortmund",
)
COMPONENTS = {
    "dense": 1.7,
    "lexical": 0.8,
    "sector": 1.0,
    "capabilities": 2.1,
    "region": 1.0,
    "stage": 0.5,
    "fused": 4.0,
    "reranker": 0.0,
    "feedback": 0.0,
    "final": 4.0,
}


def by_component(found: list[dict]) -> dict[str, dict]:
    return {e["component"]: e for e in found}


def test_every_component_has_a_one_line_explanation() -> None:
    found = explanations(
        CHALLENGE,
        PROFILE,
        COMPONENTS,
        terms=[("Tourenplanung", "Tourenplanung", 1.0)],
        matched=[("Tourenplanung", "Tourenplanung", 0.99)],
    )
    assert [e["component"] for e in found] == [
        "dense",
        "lexical",
        "sector",
        "capabilities",
        "region",
        "stage",
        "reranker",
        "feedback",
    ]
    e = by_component(found)
    assert e["dense"]["key"] == "dense_far_above" and e["dense"]["value"] == 1.7
    assert e["lexical"] == {
        "component": "lexical",
        "value": 0.8,
        "key": "lexical_shared",
        "params": {"terms": ["Tourenplanung"]},
    }
    assert e["sector"]["key"] == "sector_fits"
    assert e["sector"]["params"] == {"sectors": ["waste"], "main": True}
    assert e["capabilities"]["key"] == "capabilities_matched"
    pairs = [{"required": "Tourenplanung", "offered": "Tourenplanung"}]
    assert e["capabilities"]["params"]["matches"] == pairs
    assert e["region"]["key"] == "region_in"
    assert e["region"]["params"] == {"region": "NRW", "city": "Dortmund"}
    assert e["stage"]["key"] == "stage_known" and e["stage"]["params"] == {"stage": "seed"}
    assert e["reranker"]["key"] == "reranker_none" and e["reranker"]["params"] == {"decisions": 0}
    assert e["feedback"]["key"] == "feedback_none"


def test_sector_explanations_use_the_stated_sectors_and_the_inferred_affinity() -> None:
    other = Profile(id="o", name="O", description="d", sectors=("energy",))
    assert by_component(explanations(CHALLENGE, other, {"sector": 0.4}))["sector"] == {
        "component": "sector",
        "value": 0.4,
        "key": "sector_near",
        "params": {"sectors": ["waste", "mobility"], "own": ["energy"]},
    }
    assert by_component(explanations(CHALLENGE, other, {"sector": 0.0}))["sector"]["key"] == "sector_other"
    unstated = ChallengeSpec(id="u", title="t", description="d")
    assert by_component(explanations(unstated, other, {"sector": 0.0}))["sector"]["key"] == "sector_unstated"


def learned() -> Reranker:
    examples = []
    for i in range(12):
        sector = float(i % 2)
        features = {"dense": 0.1 * i, "lexical": 0.0, "sector": sector, "capabilities": 0.0, "region": 0.0}
        features["stage"] = 0.5
        startup = f"s{i}"
        examples.append(Example(features, int(sector == 1.0), f"sl-1:{startup}", "c", startup))
    reranker = Reranker.train(examples)
    assert reranker is not None
    return reranker


def test_the_learned_components_say_from_what_they_learned() -> None:
    reranker = learned()
    contributions = reranker.contributions({**COMPONENTS, "sector": 1.0})
    assert max(contributions, key=lambda f: contributions[f]) == "sector"
    found = by_component(
        explanations(CHALLENGE, PROFILE, {**COMPONENTS, "reranker": 0.3, "feedback": 0.4}, reranker=reranker)
    )
    assert found["reranker"]["key"] == "reranker_raised"
    assert found["reranker"]["params"] == {
        "decisions": 12,
        "version": reranker.version,
        "feature": "sector",
    }
    feedback = found["feedback"]
    assert feedback["key"] == "feedback_raised"
    assert feedback["params"] == {"startups": ["s1", "s3", "s5"], "more": 3, "decisions": 12}
    lowered = by_component(
        explanations(CHALLENGE, PROFILE, {**COMPONENTS, "feedback": -0.4}, reranker=reranker)
    )
    assert lowered["feedback"]["key"] == "feedback_lowered"
    assert lowered["feedback"]["params"]["startups"] == ["s0", "s2", "s4"]
    other = ChallengeSpec(id="other", title="t", description="d")
    assert by_component(explanations(other, PROFILE, COMPONENTS, reranker=reranker))["feedback"]["key"] == (
        "feedback_none"
    )


def test_a_component_added_later_is_still_explained() -> None:
    found = explanations(
        CHALLENGE, PROFILE, {"neighbours": 0.7, "novel": -1.0, "fused": 1.0, "final": 1.0}, embedded=True
    )
    assert [(e["component"], e["key"]) for e in found] == [
        ("neighbours", "neighbours_above"),
        ("novel", "level_below"),
    ]
