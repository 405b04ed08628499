"""What the matcher reads: a challenge and startup profiles as plain values, and their texts.

The matcher knows nothing of aggregates or stores: the service layer and the evaluation both hand
it these values, so the same ranking runs on the live programme and on a labelled folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Profile:
    """A startup as the matcher sees it; `version` is the profile version the ranking used."""

    id: str
    name: str
    description: str
    capabilities: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    stage: str | None = None
    city: str | None = None
    language: str = "en"
    version: int = 1

    @property
    def text(self) -> str:
        """Name, description and capabilities: the text embedded and indexed (measured best on dev)."""
        return f"{self.name}. {self.description} {' '.join(self.capabilities)}".strip()

    @classmethod
    def from_record(cls, record: dict[str, Any], *, version: int = 1) -> Profile:
        """From a catalogue record (the eval folders' startups.jsonl, or a stored profile)."""
        languages = record.get("languages") or [record.get("language") or "en"]
        return cls(
            id=str(record["id"]),
            name=str(record.get("name") or ""),
            description=str(record.get("description") or ""),
            capabilities=tuple(record.get("capabilities") or ()),
            sectors=tuple(record.get("sectors") or ()),
            stage=record.get("stage"),
            city=record.get("city"),
            language=str(languages[0]),
            version=version,
        )


@dataclass(frozen=True)
class ChallengeSpec:
    """A challenge as the matcher sees it."""

    id: str
    title: str
    description: str
    required_capabilities: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()  # what the manager stated: several, one or none, main first
    language: str = "de"
    region_preference: str | None = None
    version: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return f"{self.title}. {self.description} {' '.join(self.required_capabilities)}".strip()

    @property
    def sector(self) -> str | None:
        """The main stated sector (the first), if any."""
        return self.sectors[0] if self.sectors else None

    @classmethod
    def from_record(cls, record: dict[str, Any], *, version: int = 1) -> ChallengeSpec:
        """From a challenge's details or an eval folder's line: `sectors` (a list) or, as recorded
        before challenges could name several, `sector` (one or none)."""
        return cls(
            id=str(record["id"]),
            title=str(record.get("title") or ""),
            description=str(record.get("description") or ""),
            required_capabilities=tuple(record.get("required_capabilities") or ()),
            sectors=sectors_of(record),
            language=str(record.get("language") or "de"),
            region_preference=record.get("region_preference"),
            version=version,
        )


def sectors_of(record: dict[str, Any]) -> tuple[str, ...]:
    """The sectors a challenge's record names: `sectors`, else the single `sector`, else none."""
    listed = record.get("sectors")
    if listed:
        return tuple(str(s) for s in listed)
    return (str(record["sector"]),) if record.get("sector") else ()
