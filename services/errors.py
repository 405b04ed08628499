"""Errors of the application layer, on top of the domain's (which name field and reason)."""

from __future__ import annotations

from domain.errors import DomainError


class NotFound(DomainError):
    """No aggregate answers to the reference given. `kind` and `reference` say what was looked for
    (when known), so that an entry point can suggest what was probably meant
    (services/application/suggestions.py)."""

    def __init__(
        self, field: str | None, reason: str, *, kind: str | None = None, reference: str | None = None
    ) -> None:
        super().__init__(field, reason)
        self.kind = kind
        self.reference = reference


class Conflict(DomainError):
    """Someone else changed the same thing meanwhile; the request was not applied."""


class AccessDenied(DomainError):
    """The actor's role may not make this change."""


class Unauthenticated(DomainError):
    """No key, or a key nobody configured: answered 401, nothing read or written."""
