"""Fusion, lexical matching, filters, diversity, metrics: the matcher's parts, with no model."""

from __future__ import annotations

import numpy as np
import pytest

from matching.diversity import mmr
from matching.filters import Filters
from matching.fusion import Weights, fuse, langz
from matching.lexical import KEEP_FITTED, LexicalIndex, lexical_index
from matching.metrics import ndcg_at, recall_at
from matching.profiles import Profile
from matching.regions import in_region, innermost_region


def test_langz_removes_a_same_language_bonus() -> None:
    """German startups all score 0.2 higher (the embedder's language bias); within each language the
    order is the same, so after langz the best of each language tie."""
    base = np.linspace(0, 1, 12)
    scores = np.concatenate([base + 0.2, base])
    languages = ["de"] * 12 + ["en"] * 12
    z = langz(scores, languages)
    assert z[11] == pytest.approx(z[23])
    assert np.argsort(-scores)[0] == 11 and not np.isclose(scores[11], scores[23])


def test_langz_falls_back_to_the_whole_pool_for_a_small_language() -> None:
    scores = np.array([1.0, 2.0, 3.0, 10.0])
    z = langz(scores, ["de", "de", "de", "fr"], min_group=3)
    assert z[3] > z[2]  # the lone French startup is compared with everyone, not with itself


def test_fusion_weighs_components() -> None:
    components = {
        "dense": np.array([1.0, 0.0]),
        "lexical": np.array([0.0, 4.0]),
        "sector": np.array([1.0, 0.0]),
    }
    assert fuse(components, Weights(dense=1, lexical=0.25, sector=1.5)).tolist() == [2.5, 1.0]


def test_compound_words_match_their_parts() -> None:
    others = [f"Wir verkaufen Blumen der Sorte {i}." for i in range(12)]
    index = LexicalIndex(["Wir holen Sperrmüll ab und planen Touren.", *others])
    scores = index.scores("Digitale Sperrmüllabholung")
    assert scores[0] > scores[1]
    terms = index.matched_terms("Digitale Sperrmüllabholung", "Wir holen Sperrmüll ab und planen Touren.")
    assert ("Sperrmüll", "Sperrmüllabholung") in [(p, c) for p, c, _ in terms]


def test_a_pool_is_fitted_once_and_scores_as_a_fresh_fit() -> None:
    pool = [f"Tourenplanung für Entsorger, Variante {i}" for i in range(8)] + ["Sperrmüll online anmelden"]
    kept = lexical_index(pool)
    assert lexical_index(list(pool)) is kept  # the same texts: the fitted index is kept
    query = "Sperrmüllabholung digital planen"
    assert np.array_equal(kept.scores(query), LexicalIndex(pool).scores(query))
    assert lexical_index([*pool, "Noch ein Start-up"]) is not kept  # another pool: fitted anew
    for i in range(KEEP_FITTED):
        lexical_index([f"Pool {i}", *pool])
    assert lexical_index(pool) is not kept  # only the last few are kept


def test_common_words_are_no_reasons() -> None:
    corpus = [f"Plattform für Thema {i}" for i in range(20)] + ["Tourenplanung für Entsorger"]
    index = LexicalIndex(corpus)
    terms = index.matched_terms(
        "Plattform für Tourenplanung", "Tourenplanung für Entsorger auf einer Plattform"
    )
    assert [p for p, _, _ in terms] == ["Tourenplanung"]


def profile(i: int, **values: object) -> Profile:
    return Profile(id=f"s{i}", name=f"S{i}", description="d", **values)  # type: ignore[arg-type]


def test_filters_by_sector_stage_region_and_exclusion() -> None:
    pool = [
        profile(1, sectors=("waste",), stage="seed", city="Bochum"),
        profile(2, sectors=("energy", "waste"), stage="growth", city="Berlin"),
        profile(3, sectors=("waste",), stage="seed", city="Amsterdam"),
        profile(4, sectors=("waste",), stage="seed", city="Herne"),
    ]
    assert Filters(sectors=("waste",)).mask(pool) == [True, True, True, True]
    assert Filters(stages=("seed",)).mask(pool) == [True, False, True, True]
    assert Filters(region="NRW").mask(pool) == [True, False, False, True]
    assert Filters(region="EU", exclude=("s4",)).mask(pool) == [True, True, True, False]


def test_regions_nest() -> None:
    assert innermost_region("Mülheim an der Ruhr") == "Ruhrgebiet"
    assert in_region("Herne", "Deutschland") and not in_region("Berlin", "NRW")
    assert innermost_region("San Francisco") is None and not in_region("San Francisco", "EU")


def test_mmr_trades_relevance_for_novelty() -> None:
    vectors = np.array([[1.0, 0.0], [0.999, 0.045], [0.0, 1.0]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    scores = np.array([1.0, 0.98, 0.6])
    assert mmr(scores, vectors, 2, lam=1.0) == [0, 1]
    assert mmr(scores, vectors, 2, lam=0.5) == [0, 2]


def test_metrics() -> None:
    grades = {"a": 2, "b": 1}
    assert ndcg_at(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert ndcg_at(["c", "a", "b"], grades) < 1.0
    assert recall_at(["a", "x"], ["a", "b"], 20) == 0.5
    assert recall_at(["a"], [], 20) is None
