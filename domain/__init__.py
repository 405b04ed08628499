"""The programme's aggregates and their events: pure, no I/O, no model."""

from domain.application import Application
from domain.base import Actor, DomainAggregate, Role, When, event_classes, identity, leads_to, status_only
from domain.challenge import Challenge, ChallengeStatus
from domain.errors import DomainError, InvalidValue, RuleViolation
from domain.programme import Programme
from domain.shortlist import Candidate, Shortlist, Verdict
from domain.startup import Startup
from domain.suggestion import MatchSuggestion
from domain.workshop import UPCOMING, Workshop, WorkshopStatus

#: Every aggregate class, keyed by the kind that prefixes its identity.
KINDS: dict[str, type[DomainAggregate]] = {
    cls.KIND: cls
    for cls in (Programme, Challenge, Startup, Application, Workshop, Shortlist, MatchSuggestion)
}

__all__ = [
    "KINDS",
    "UPCOMING",
    "Actor",
    "Application",
    "Candidate",
    "Challenge",
    "ChallengeStatus",
    "DomainAggregate",
    "DomainError",
    "InvalidValue",
    "MatchSuggestion",
    "Programme",
    "Role",
    "RuleViolation",
    "Shortlist",
    "Startup",
    "Verdict",
    "When",
    "Workshop",
    "WorkshopStatus",
    "event_classes",
    "identity",
    "leads_to",
    "status_only",
]
