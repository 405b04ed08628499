"""The labelled challenges as managers really fill them in: the variants `evaluate --variant` ranks.

A manager picks a sector from a list in a hurry, real challenges span several sectors, and a busy
municipal employee writes two sentences and no capabilities. Each variant rewrites every challenge
of a labelled folder the same fixed way, so that figures on them can be compared run to run:

- `clean`: the challenge as labelled;
- `no-sector`: no sector named;
- `neighbour-sector`: the sector replaced by a plausible neighbour (`NEIGHBOUR`, fixed);
- `multi-sector`: the sector widened to two, the labelled one and its neighbour;
- `terse`: the title and the first two sentences of the description, no capabilities, no sector.
"""

from __future__ import annotations

import re
from dataclasses import replace

from matching.profiles import ChallengeSpec

#: The sector a hurried manager might pick instead of the right one: each sector's nearest
#: neighbour in the catalogue's own co-occurrence, read by hand (a bulky-waste challenge filed
#: under logistics, a housing one under energy). Fixed, so variants compare across runs.
NEIGHBOUR = {
    "waste": "logistics",
    "energy": "climate",
    "mobility": "logistics",
    "buildings": "energy",
    "water": "climate",
    "health": "safety",
    "education": "culture",
    "e-government": "data",
    "retail": "tourism",
    "tourism": "culture",
    "climate": "energy",
    "safety": "health",
    "data": "e-government",
    "finance": "e-government",
    "logistics": "mobility",
    "agriculture": "water",
    "culture": "tourism",
}
VARIANTS = ("clean", "no-sector", "neighbour-sector", "multi-sector", "terse")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9\"„(])")


def first_sentences(text: str, count: int = 2) -> str:
    return " ".join(_SENTENCE_END.split(text.strip())[:count])


def variant_of(challenge: ChallengeSpec, variant: str) -> ChallengeSpec:
    """The challenge as the variant rewrites it; an unknown variant is refused by name."""
    stated = challenge.sectors
    if variant == "clean":
        return challenge
    if variant == "no-sector":
        return replace(challenge, sectors=())
    if variant == "neighbour-sector":
        return replace(challenge, sectors=tuple(NEIGHBOUR.get(s, s) for s in stated[:1]))
    if variant == "multi-sector":
        return replace(
            challenge, sectors=tuple(dict.fromkeys([*stated[:1], *(NEIGHBOUR.get(s, s) for s in stated[:1])]))
        )
    if variant == "terse":
        return replace(
            challenge,
            description=first_sentences(challenge.description),
            required_capabilities=(),
            sectors=(),
        )
    raise ValueError(f"variant: {variant!r} is not one of {', '.join(VARIANTS)}")
