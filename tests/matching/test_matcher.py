"""The matcher end to end with a small fake embedder: ranking, filters, diversity, reasons, learning."""

from __future__ import annotations

import numpy as np

from matching.filters import Filters
from matching.learning import Example, Reranker
from matching.matcher import Matcher, Settings
from matching.profiles import ChallengeSpec, Profile
from matching.vectors import CachedEmbedder, MemoryVectors
from tests.matching.fakes import WordHashEmbedder, cached_fake

CHALLENGE = ChallengeSpec(
    id="c",
    title="Sperrmüll digital",
    description="Sperrmüll online anmelden und Touren planen.",
    required_capabilities=("Tourenplanung", "Online-Anmeldung"),
    sectors=("waste",),
    language="de",
)


def pool() -> list[Profile]:
    fits = [
        Profile(
            id="fit",
            name="Einsatzlotse",
            description="Tourenplanung für Sperrmüll. Wir planen Touren.",
            capabilities=("Tourenplanung",),
            sectors=("waste",),
            language="de",
            city="Dortmund",
            version=3,
        ),
        Profile(
            id="twin",
            name="Einsatzlotse Zwei",
            description="Tourenplanung für Sperrmüll. Touren planen.",
            capabilities=("Tourenplanung",),
            sectors=("waste",),
            language="de",
            city="Bochum",
        ),
        Profile(
            id="booking",
            name="Buchbar",
            description="Abholtermine buchen, online.",
            capabilities=("Online-Anmeldung",),
            sectors=("e-government",),
            language="de",
            city="Wien",
        ),
    ]
    noise = [
        Profile(
            id=f"n{i}",
            name=f"Noise {i}",
            description=f"Blumen und Kaffee Nummer {i}.",
            sectors=("retail",),
            language="de",
            city="Berlin",
            stage=("idea", "growth")[i % 2],
        )
        for i in range(20)
    ]
    return fits + noise


def test_the_fitting_startup_ranks_first_with_checkable_reasons() -> None:
    ranked = Matcher([(cached_fake(), 1.0)]).rank(CHALLENGE, pool(), Settings(top=3))
    assert {r.profile.id for r in ranked} == {"fit", "twin", "booking"} and [r.rank for r in ranked] == [
        1,
        2,
        3,
    ]
    top = next(r for r in ranked if r.profile.id == "fit")
    assert set(top.components) >= {"dense", "lexical", "sector", "capabilities", "region", "stage", "fused"}
    assert top.reasons["matched_terms"] and top.reasons["best_sentence"]["text"]
    assert top.profile.version == 3


def test_filters_apply_after_scoring_the_whole_pool() -> None:
    matcher = Matcher([(cached_fake(), 1.0)])
    ranked = matcher.rank(CHALLENGE, pool(), Settings(top=3, filters=Filters(exclude=("fit",), region="NRW")))
    assert [r.profile.id for r in ranked] == ["twin"]  # only Bochum is in NRW once Dortmund's "fit" is out


def test_diversity_spreads_the_list() -> None:
    matcher = Matcher([(cached_fake(), 1.0)])
    plain = [r.profile.id for r in matcher.rank(CHALLENGE, pool(), Settings(top=2))]
    diverse = [r.profile.id for r in matcher.rank(CHALLENGE, pool(), Settings(top=2, diverse=True))]
    assert set(plain) == {"fit", "twin"}, plain
    assert set(diverse) == {plain[0], "booking"}  # the near-duplicate gave way to another approach


def test_vectors_are_kept_by_content_so_nothing_is_embedded_twice() -> None:
    store = MemoryVectors()
    fake = WordHashEmbedder()
    Matcher([(CachedEmbedder(fake, store), 1.0)]).score(CHALLENGE, pool())
    first = fake.calls
    again = WordHashEmbedder()
    Matcher([(CachedEmbedder(again, store), 1.0)]).score(CHALLENGE, pool())  # a "restart": new process memory
    assert first > 0 and again.calls == 0


def test_the_reranker_learns_what_managers_accept() -> None:
    """Managers accept high-sector candidates and reject the rest: the model learns to weigh sector."""
    rng = np.random.default_rng(7)
    examples = []
    for i in range(40):
        sector = float(rng.integers(0, 2))
        features = {
            "dense": float(rng.normal()),
            "lexical": float(rng.normal()),
            "sector": sector,
            "capabilities": 0.0,
            "region": 0.0,
            "stage": 0.5,
        }
        examples.append(Example(features, int(sector == 1.0), f"s{i}"))
    reranker = Reranker.train(examples)
    assert reranker is not None
    described = reranker.describe()
    assert described["coefficients"]["sector"] > 1.0 and described["decisions"] == 40
    components = {name: np.array([0.0, 0.0]) for name in ("dense", "lexical", "capabilities", "region")}
    components |= {"sector": np.array([1.0, 0.0]), "stage": np.array([0.5, 0.5])}
    adjustment = reranker.adjustment(components)
    assert adjustment[0] > adjustment[1]
    assert Reranker.train(examples).version == reranker.version  # same decisions, same version


def test_no_reranker_without_decisions() -> None:
    shown = [Example({"dense": 1.0}, None, "a"), Example({"dense": 0.0}, None, "b")]
    assert Reranker.train(shown) is None
    one = Reranker.train([Example({"dense": 1.0}, 1, "a"), Example({"dense": 0.0}, None, "b")])
    assert one is not None and one.components is None  # too little to learn weights from, enough for feedback


def test_feedback_pulls_up_startups_like_the_accepted_ones() -> None:
    """A manager accepts the German route planner and rejects the flower shop: the next ranking of the
    same challenge moves a similar route planner up, without touching other challenges."""
    profiles = pool()
    examples = [
        Example({}, 1, "sl-1:fit", challenge_id="c", startup_id="fit"),
        Example({}, 0, "sl-1:n1", challenge_id="c", startup_id="n1"),
    ]
    reranker = Reranker.train(examples)
    assert reranker is not None
    matcher = Matcher([(cached_fake(), 1.0)], reranker=reranker)
    components = matcher.score(CHALLENGE, profiles).components
    ids = [p.id for p in profiles]
    feedback = components["feedback"]
    assert feedback[ids.index("twin")] > feedback[ids.index("n2")]
    other = ChallengeSpec(id="other", title="x", description="y")
    assert not matcher.score(other, profiles).components["feedback"].any()


def test_the_reranker_moves_rankings() -> None:
    examples = [
        Example(
            {"dense": 0.0, "lexical": 0.0, "sector": 0.0, "capabilities": 0.0, "region": 0.0, "stage": s},
            int(s > 0.5),
            f"x{i}",
        )
        for i, s in enumerate([0.0, 1.0] * 30)
    ]
    reranker = Reranker.train(examples)
    cold = Matcher([(cached_fake(), 1.0)]).score(CHALLENGE, pool()).components
    warm = Matcher([(cached_fake(), 1.0)], reranker=reranker).score(CHALLENGE, pool()).components
    assert np.allclose(cold["fused"], warm["fused"]) and not np.allclose(cold["final"], warm["final"])


def test_a_lens_scores_a_profile_as_the_pool_would() -> None:
    """Match alerts score one profile against pool statistics: the same fused score as inside the pool."""
    from matching.alerts import ChallengeLens
    from matching.index import from_profiles

    profiles = pool()
    matcher = Matcher([(cached_fake(), 1.0)])
    index = from_profiles(profiles)
    lens = ChallengeLens.prepare(matcher, CHALLENGE, index, index.pool(), top=2)
    inside = matcher.score(CHALLENGE, profiles).components["fused"]
    for i in (0, 2, 5):
        score, _components = lens.score(profiles[i])
        assert abs(score - inside[i]) < 1e-6, (i, score, inside[i])
    assert lens.threshold == sorted(inside)[-2]
