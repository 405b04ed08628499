"""Large pools: candidates from the inverted file, then exact scores. Shrunk here (a few lists of a
few rows) so that a pool of hundreds takes the path 200,000 startups take in production."""

from __future__ import annotations

import random
from collections.abc import Iterator
from unittest.mock import patch

import numpy as np
import pytest

from matching import candidates
from matching.index import Builder, PoolIndex, from_profiles, record_of
from matching.matcher import Matcher, Settings
from matching.profiles import ChallengeSpec, Profile
from tests.matching.fakes import cached_fake

WORDS = (
    "Sperrmüll Touren Abholung Container Sensor Energie Wärme Gebäude Verkehr Parken Blumen Kaffee "
    "Schule Lernen Wasser Pumpe Daten Karte Bürger Portal Termin Route Flotte Lager Paket"
).split()
CHALLENGE = ChallengeSpec(
    id="c",
    title="Sperrmüll digital",
    description="Bürger melden Sperrmüll per Portal an, Touren und Abholung werden geplant.",
    required_capabilities=("Tourenplanung",),
    sectors=("waste",),
)


def profiles(count: int, seed: int = 7) -> list[Profile]:
    rng = random.Random(seed)
    return [
        Profile(
            id=f"s{i}",
            name=f"Startup {i}",
            description=" ".join(rng.choices(WORDS, k=12)) + ".",
            capabilities=(rng.choice(WORDS), "Tourenplanung" if i % 5 == 0 else "Vertrieb"),
            sectors=(rng.choice(["waste", "energy", "mobility"]),),
            language=rng.choice(["de", "en"]),
        )
        for i in range(count)
    ]


@pytest.fixture
def small_lists() -> Iterator[None]:
    # Four of eight lists probed: the fake vectors have no clusters, and with three probes the
    # lists missed members of high dense score that the neighbours component now raises into the
    # exact top 10 (6 of 10 found instead of 8).
    settings = {"LISTS": 8, "STRIDE": 5, "PROBES": 4, "CANDIDATES": 40, "SAMPLE": 150, "EXACT_LIMIT": 100}
    with patch.multiple(candidates, **settings):  # type: ignore[arg-type]
        yield


def test_above_the_limit_the_identity_names_the_candidates(small_lists: None) -> None:
    matcher = Matcher([(cached_fake(), 1.0)])
    assert matcher.identity(50)["candidates"] == {"name": "exact"}
    assert matcher.identity(500)["candidates"]["name"] == "ivf"


def test_candidates_find_what_the_exact_ranking_finds(small_lists: None) -> None:
    pool = profiles(600)
    matcher = Matcher([(cached_fake(), 1.0)])
    approximate = [r.profile.id for r in matcher.rank(CHALLENGE, pool, Settings(top=10), explain_top=False)]
    with patch.object(candidates, "EXACT_LIMIT", 10_000):
        exact = [r.profile.id for r in matcher.rank(CHALLENGE, pool, Settings(top=10), explain_top=False)]
    assert len(approximate) == 10
    assert len(set(approximate) & set(exact)) >= 8, (approximate, exact)


def test_an_index_grown_piece_by_piece_ranks_bit_for_bit_as_one_built_at_once(small_lists: None) -> None:
    """The candidates, the sample and every score are the same however the rows and their vectors
    arrived: what an audit's recomputation in another process relies on."""
    pool = profiles(600)
    matcher = Matcher([(cached_fake(), 1.0)])
    whole = from_profiles(pool)
    grown = PoolIndex()
    for start in range(0, len(pool), 97):  # segments of rows, and vectors filled in between
        builder = Builder(grown)
        for profile in pool[start : start + 97]:
            builder.version(profile.id, profile.version, 0, whole_day(), record_of(profile), True)
        grown.apply(builder.build())
        grown.records.update(builder.records)
        matcher.fill(grown, np.arange(start, grown.row_count)[::2])  # every other row now...
        if grown.row_count > 100:  # ...ranked in between: rows join the lists as their vectors come
            blocks, _ = grown.vectors_for(matcher.primary.fingerprint)
            now = grown.pool()
            embedded = blocks.has(grown.row_count)[now.rows]
            matcher.rank_pool(CHALLENGE, grown, now, Settings(top=10), embedded, explain_top=False)
            assert grown.inverted and grown.inverted[matcher.primary.fingerprint].waiting
        matcher.fill(grown, np.arange(start, grown.row_count)[::-1])
    first = matcher.rank_pool(CHALLENGE, whole, whole.pool(), Settings(top=10))
    second = matcher.rank_pool(CHALLENGE, grown, grown.pool(), Settings(top=10))
    assert [(r.profile.id, r.score, r.components) for r in first] == [
        (r.profile.id, r.score, r.components) for r in second
    ]
    assert [r.reasons for r in first] == [r.reasons for r in second]


def whole_day():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(1, 1, 1)
