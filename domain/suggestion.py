"""A match suggested by the matcher: a startup that fits open challenges, raised when its profile
is recorded, so that other city services (and the startup) can be told."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.base import Actor, DomainAggregate, When
from domain.errors import InvalidValue
from domain.startup import Startup


def suggestion_ref(startup: Startup) -> str:
    """One suggestion per profile version: the same profile never suggests twice."""
    return f"{startup.ref}/v{startup.version}"


class MatchSuggestion(DomainAggregate):
    TOPIC = "matchmaker:MatchSuggestion@1"
    KIND = "match"
    DATES_CORRECTED = False  # a suggestion has one event, made by the system

    class Event(DomainAggregate.Event):
        pass

    class DateCorrected(Event, DomainAggregate.DateCorrected):
        TOPIC = "matchmaker:MatchSuggestion.DateCorrected@1"

    class Suggested(Event, DomainAggregate.Created):
        TOPIC = "matchmaker:MatchSuggestion.Suggested@1"
        ref: str
        startup_id: UUID
        profile_version: int
        matches: list[dict[str, Any]]
        threshold: float

    Created = Suggested

    def __init__(
        self,
        ref: str,
        startup_id: UUID,
        profile_version: int,
        matches: list[dict[str, Any]],
        threshold: float,
    ) -> None:
        self.ref = ref
        self.startup_id = startup_id
        self.profile_version = profile_version
        self.matches = list(matches)
        self.threshold = threshold

    @classmethod
    def suggest(
        cls, startup: Startup, matches: list[dict[str, Any]], threshold: float, *, by: Actor, when: When
    ) -> MatchSuggestion:
        """`matches`: challenge_id, ref, title and score of each open challenge above the threshold."""
        if not matches:
            raise InvalidValue("matches", "a suggestion names at least one challenge")
        startup.check_active()
        suggestion: MatchSuggestion = cls._start(
            cls.Suggested,
            by,
            when,
            ref=suggestion_ref(startup),
            startup_id=startup.id,
            profile_version=startup.version,
            matches=matches,
            threshold=threshold,
        )
        return suggestion
