"""Filters a programme manager sets on a shortlist."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from matching.index import Pool, PoolIndex
from matching.profiles import Profile
from matching.regions import REGIONS, in_region


@dataclass(frozen=True)
class Filters:
    sectors: tuple[str, ...] = ()  # keep startups active in one of these sectors
    stages: tuple[str, ...] = ()  # keep startups at one of these stages
    region: str | None = None  # keep startups located in this region (Ruhrgebiet, NRW, Deutschland, EU)
    exclude: tuple[str, ...] = field(default=())  # startup ids left out (applied, rejected, conflicts)
    exclusion_reasons: tuple[tuple[str, str], ...] = ()  # (startup id, why) for the record

    def keeps(self, profile: Profile) -> bool:
        if self.sectors and not set(self.sectors) & set(profile.sectors):
            return False
        if self.stages and profile.stage not in self.stages:
            return False
        if self.region and not in_region(profile.city, self.region):
            return False
        return profile.id not in self.exclude

    def mask(self, profiles: Sequence[Profile]) -> list[bool]:
        excluded = set(self.exclude)
        return [self.keeps(p) and p.id not in excluded for p in profiles]

    def pool_mask(self, index: PoolIndex, pool: Pool) -> np.ndarray:
        """`keeps` for every member of a pool at once, from the index's columns."""
        keep = np.ones(len(pool), dtype=bool)
        rows = pool.rows
        if self.sectors:
            bits = 0
            for sector in self.sectors:
                if sector in index.sectors:
                    bits |= 1 << index.sectors.index(sector)
            keep &= (index.column("sectors")[rows] & np.uint64(bits)) != 0
        if self.stages:
            codes = [index.stages.index(s) for s in self.stages if s in index.stages]
            keep &= np.isin(index.column("stage")[rows], codes)
        if self.region:
            levels = index.column("region")[rows]
            limit = REGIONS.index(self.region) if self.region in REGIONS else -1
            keep &= (levels >= 0) & (levels <= limit)
        if self.exclude:
            excluded = [index.startup_index[s] for s in self.exclude if s in index.startup_index]
            keep &= ~np.isin(pool.startups, excluded)
        return keep

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["exclusion_reasons"] = [list(pair) for pair in self.exclusion_reasons]
        return {k: list(v) if isinstance(v, tuple) else v for k, v in record.items()}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Filters:
        """The filters a shortlist recorded, to apply them again (audit)."""
        return cls(
            sectors=tuple(record.get("sectors") or ()),
            stages=tuple(record.get("stages") or ()),
            region=record.get("region"),
            exclude=tuple(record.get("exclude") or ()),
            exclusion_reasons=tuple(tuple(pair) for pair in record.get("exclusion_reasons") or ()),  # type: ignore[misc]
        )
