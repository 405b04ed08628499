"""Correcting a wrongly dated event of any item: the one command that is not about one kind."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from domain import KINDS, Actor, DomainAggregate, InvalidValue, When
from services.application import access
from services.application.commands.base import Change
from services.infrastructure.store import Store


@dataclass(frozen=True)
class CorrectDate(Change[DomainAggregate]):
    """Give event number `event` of an item (`kind`, `item` by ref, name or UUID) the business
    date it should have had. Recorded as an event of its own that names the one it corrects."""

    kind: str
    item: str
    event: int
    now: date
    reason: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidValue("kind", f"{self.kind!r} is not one of {', '.join(sorted(KINDS))}")
        if isinstance(self.event, bool) or not isinstance(self.event, int) or self.event < 1:
            raise InvalidValue("event", f"{self.event!r} is not an event number (1, 2, …)")

    @property  # type: ignore[override]
    def aggregate(self) -> type[Any]:
        return KINDS[self.kind]

    @property
    def reference(self) -> str:
        return self.item

    def naming(self, reference: str) -> CorrectDate:
        return replace(self, item=reference)

    def apply(self, aggregate: DomainAggregate, by: Actor, when: When, store: Store) -> None:
        access.check_may_correct_dates(by)
        aggregate.correct_date(self.event, self.now, self.reason, by=by, when=when)
