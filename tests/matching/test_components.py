"""Fusion, lexical matching, filters, diversity, metrics: the matcher's parts, with no model."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from matching.diversity import mmr
from matching.filters import Filters
from matching.fusion import Weights, fuse, langz
from matching.lexical import Postings, bm25, gram_keys, matched_terms, query_keys
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


def _pool_scores(texts: list[str], query: str, segments: int = 1) -> np.ndarray:
    """BM25 of a query against texts indexed in `segments` postings segments."""
    keys = [gram_keys(t) for t in texts]
    bounds = np.linspace(0, len(texts), segments + 1).astype(int)
    parts = [
        Postings.build(range(a, b), [k for k, _ in keys[a:b]], [c for _, c in keys[a:b]])
        for a, b in itertools.pairwise(bounds)
    ]
    lengths = np.array([int(c.astype(np.int64).sum()) for _, c in keys])
    scores, _ = bm25(parts, query_keys(query), np.ones(len(texts), dtype=bool), lengths)
    return scores


def test_compound_words_match_their_parts() -> None:
    others = [f"Wir verkaufen Blumen der Sorte {i}." for i in range(12)]
    scores = _pool_scores(
        ["Wir holen Sperrmüll ab und planen Touren.", *others], "Digitale Sperrmüllabholung"
    )
    assert scores[0] > scores[1:].max()
    terms = matched_terms(
        "Digitale Sperrmüllabholung", "Wir holen Sperrmüll ab und planen Touren.", lambda w: 1, 13
    )
    assert ("Sperrmüll", "Sperrmüllabholung") in [(p, c) for p, c, _ in terms]


def test_grams_stay_within_words() -> None:
    keys, counts = gram_keys("Tour Tour")
    assert len(keys) == 3 and counts.tolist() == [2, 2, 2]  # " tou", "tour", "our ", twice each
    assert len(gram_keys("ab")[0]) == 1 and len(gram_keys("")[0]) == 0


def test_scores_do_not_depend_on_how_postings_are_segmented() -> None:
    """Each row adds its terms in query order whichever segment holds it: bit-identical scores."""
    texts = [f"Tourenplanung für Entsorger, Variante {i} mit Sperrmüll und Touren" for i in range(40)]
    texts += ["Sperrmüll online anmelden", "Wir verkaufen Blumen"]
    query = "Sperrmüllabholung digital planen, Touren optimieren"
    one = _pool_scores(texts, query, 1)
    assert np.array_equal(one, _pool_scores(texts, query, 3))
    merged = Postings.merge(
        [Postings.build([i], [gram_keys(t)[0]], [gram_keys(t)[1]]) for i, t in enumerate(texts)]
    )
    whole = Postings.build(
        range(len(texts)), [gram_keys(t)[0] for t in texts], [gram_keys(t)[1] for t in texts]
    )
    assert all(
        np.array_equal(getattr(merged, f), getattr(whole, f)) for f in ("keys", "starts", "rows", "tf")
    )


def test_the_pool_sets_the_statistics() -> None:
    """Startups outside the pool count for nothing: not in the scores, not in the frequencies."""
    texts = ["Sperrmüll abholen", "Sperrmüll entsorgen", "Blumen verkaufen"]
    keys = [gram_keys(t) for t in texts]
    postings = [Postings.build(range(3), [k for k, _ in keys], [c for _, c in keys])]
    lengths = np.array([int(c.sum()) for _, c in keys])
    pool = np.array([True, False, True])
    scores, statistics = bm25(postings, query_keys("Sperrmüll"), pool, lengths)
    assert scores[1] == 0 and scores[0] > 0 and statistics.documents == 2
    assert statistics.frequencies.max() == 1  # "Sperrmüll" grams: only in the first, within the pool


def test_common_words_are_no_reasons() -> None:
    frequency = {"plattform": 20, "tourenplanung": 1, "entsorger": 1}
    terms = matched_terms(
        "Plattform für Tourenplanung",
        "Tourenplanung für Entsorger auf einer Plattform",
        lambda w: frequency.get(w.lower(), 0),
        21,
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
