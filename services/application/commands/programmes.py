"""Commands on programmes: launch, partners joining and leaving, activities, end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain import Actor, Programme, When
from domain.values import slug, text
from services.application.commands.base import Change, Create
from services.infrastructure.store import Store


@dataclass(frozen=True)
class LaunchProgramme(Create[Programme]):
    aggregate = Programme
    name: str
    city: str
    partners: list[str]
    starts_on: date | None = None
    description: str = ""
    ref: str | None = None

    def make(self, store: Store, by: Actor, when: When) -> Programme:
        return Programme.launch(
            ref=slug(self.ref or text("name", self.name, max_length=200)),
            name=self.name,
            city=self.city,
            partners=self.partners,
            starts_on=self.starts_on,
            description=self.description,
            by=by,
            when=when,
        )

    def same(self, existing: Programme, made: Programme) -> bool:
        return (existing.name, existing.city) == (made.name, made.city)


@dataclass(frozen=True)
class JoinProgramme(Change[Programme]):
    aggregate = Programme
    programme: str
    partner: str

    def apply(self, programme: Programme, by: Actor, when: When, store: Store) -> None:
        programme.join(self.partner, by=by, when=when)


@dataclass(frozen=True)
class LeaveProgramme(Change[Programme]):
    aggregate = Programme
    programme: str
    partner: str
    reason: str

    def apply(self, programme: Programme, by: Actor, when: When, store: Store) -> None:
        programme.leave(self.partner, self.reason, by=by, when=when)


@dataclass(frozen=True)
class NoteActivity(Change[Programme]):
    aggregate = Programme
    programme: str
    title: str
    kind: str
    partners: list[str]
    description: str = ""

    def apply(self, programme: Programme, by: Actor, when: When, store: Store) -> None:
        programme.note_activity(self.title, self.kind, self.partners, self.description, by=by, when=when)


@dataclass(frozen=True)
class EndProgramme(Change[Programme]):
    aggregate = Programme
    programme: str
    reason: str

    def apply(self, programme: Programme, by: Actor, when: When, store: Store) -> None:
        programme.end(self.reason, by=by, when=when)
