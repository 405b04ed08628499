"""Sector as evidence: the affinity inferred from the best-ranked startups, and what a stated
sector adds to it (matching/sectors.py), on small hand-made pools."""

from __future__ import annotations

import numpy as np
import pytest

from matching import sectors
from matching.profiles import ChallengeSpec
from matching.variants import NEIGHBOUR, VARIANTS, variant_of

WASTE, ENERGY, BUILDINGS = 0, 1, 2
NAMES = ["waste", "energy", "buildings"]


def _masks(*codes: tuple[int, ...]) -> np.ndarray:
    return np.array([sum(1 << c for c in row) for row in codes], dtype=np.uint64)


# Six startups: three in waste, two in energy (one also in buildings), one in buildings.
MAIN = np.array([WASTE, WASTE, WASTE, ENERGY, ENERGY, BUILDINGS], dtype=np.int16)
MASKS = _masks((WASTE,), (WASTE,), (WASTE,), (ENERGY,), (ENERGY, BUILDINGS), (BUILDINGS,))


def test_memberships_are_one_for_the_main_sector_and_a_half_for_the_others() -> None:
    membership = sectors.memberships(MAIN, MASKS, 3)
    assert membership[4].tolist() == [0.0, 1.0, 0.5]
    assert membership[0].tolist() == [1.0, 0.0, 0.0]


def test_without_a_stated_sector_the_best_ranked_startups_say_what_the_challenge_is_about() -> None:
    base = np.array([3.0, 2.9, 2.8, 0.1, 0.0, -1.0])  # the texts point to the waste startups
    score, affinity = sectors.sector_evidence([], base, MAIN, MASKS, 3)
    assert affinity.argmax() == WASTE and affinity[WASTE] == pytest.approx(0.75)  # (1 - stated share)
    assert score[:3].min() > score[3:].max()


def test_a_wrong_stated_sector_costs_little_and_a_right_one_confirms() -> None:
    base = np.array([3.0, 2.9, 2.8, 0.1, 0.0, -1.0])
    _, none = sectors.sector_evidence([], base, MAIN, MASKS, 3)
    wrong, wrong_affinity = sectors.sector_evidence([ENERGY], base, MAIN, MASKS, 3)
    right, right_affinity = sectors.sector_evidence([WASTE], base, MAIN, MASKS, 3)
    # a stated sector the texts do not support adds (almost) nothing: the waste startups stay on top
    assert wrong[:3].min() > wrong[3:].max()
    assert wrong_affinity[ENERGY] - none[ENERGY] < 0.05
    # a plausible one adds its share
    assert right_affinity[WASTE] == pytest.approx(1.0)
    assert right[0] > wrong[0]


def test_a_gate_would_have_ranked_the_wrong_sector_first_evidence_does_not() -> None:
    """The old sector score (1 for the stated sector) against the evidence, with a stated sector
    that is a neighbour of the real one."""
    base = np.array([1.0, 0.9, 0.8, 0.7, 0.6, -1.0])
    gate = base + 2.0 * np.where(MAIN == ENERGY, 1.0, 0.0)
    evidence, _ = sectors.sector_evidence([ENERGY], base, MAIN, MASKS, 3)
    assert int(np.argmax(gate)) in (3, 4)
    assert int(np.argmax(base + 2.0 * evidence)) == 0


def test_several_stated_sectors_each_count_as_far_as_plausible() -> None:
    base = np.array([0.2, 0.1, 0.0, 3.0, 2.9, 2.8])  # energy and buildings startups on top
    _, affinity = sectors.sector_evidence([ENERGY, BUILDINGS], base, MAIN, MASKS, 3)
    assert affinity[ENERGY] > affinity[BUILDINGS] > affinity[WASTE]
    assert sectors.strongest(affinity, NAMES)[:2] == ["energy", "buildings"]


def test_an_empty_pool_or_vocabulary_gives_no_affinity() -> None:
    score, affinity = sectors.sector_evidence([], np.zeros(0), MAIN[:0], MASKS[:0], 3)
    assert len(score) == 0 and affinity.tolist() == [0.0, 0.0, 0.0]


CHALLENGE = ChallengeSpec(
    id="c",
    title="Wärme im Quartier",
    description="Die WoWi sucht eine Lösung für MFH. Zweiter Satz hier. Dritter Satz wird weggelassen.",
    required_capabilities=("Fernablesung",),
    sectors=("buildings",),
)


def test_the_variants_rewrite_a_challenge_as_documented() -> None:
    assert variant_of(CHALLENGE, "clean") == CHALLENGE
    assert variant_of(CHALLENGE, "no-sector").sectors == ()
    assert variant_of(CHALLENGE, "neighbour-sector").sectors == (NEIGHBOUR["buildings"],)
    assert variant_of(CHALLENGE, "multi-sector").sectors == ("buildings", "energy")
    terse = variant_of(CHALLENGE, "terse")
    assert terse.description == "Die WoWi sucht eine Lösung für MFH. Zweiter Satz hier."
    assert terse.required_capabilities == () and terse.sectors == ()
    with pytest.raises(ValueError, match="variant: 'dirty' is not one of"):
        variant_of(CHALLENGE, "dirty")
    assert set(VARIANTS) == {"clean", "no-sector", "neighbour-sector", "multi-sector", "terse"}


def test_every_sector_has_a_neighbour_other_than_itself() -> None:
    from domain.values import Sector

    assert set(NEIGHBOUR) == {s.value for s in Sector}
    assert all(NEIGHBOUR[s] != s and NEIGHBOUR[s] in NEIGHBOUR for s in NEIGHBOUR)
