"""Errors that say which field is wrong and why, so every entry point can show them as they are."""

from __future__ import annotations


class DomainError(Exception):
    """A request that cannot be carried out; nothing was written."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


class InvalidValue(DomainError):
    """A value is malformed or out of range (bad input)."""


class RuleViolation(DomainError):
    """The value is well-formed, but a rule of the programme forbids the change now."""
