"""How an HTTP answer names each refusal: its status code and kind.

The API answers with it in JSON and the pages with an error page of the same status, so a page and
the API never disagree on what a refusal means.
"""

from __future__ import annotations

from domain.errors import DomainError, InvalidValue, RuleViolation
from services.errors import AccessDenied, Conflict, NotFound, Unauthenticated
from services.infrastructure.pdf import PdfUnavailable

STATUS: dict[type[DomainError], tuple[int, str]] = {
    InvalidValue: (422, "invalid_value"),
    RuleViolation: (409, "rule_violation"),
    Conflict: (409, "conflict"),
    NotFound: (404, "not_found"),
    AccessDenied: (403, "forbidden"),
    Unauthenticated: (401, "unauthenticated"),
    PdfUnavailable: (503, "unavailable"),  # no browser to print with: the server's lack, not the caller's
}


def status_and_kind(error: Exception) -> tuple[int, str]:
    """The status code and kind of a refusal (anything unnamed, such as pydantic's errors: 422)."""
    return next((STATUS[cls] for cls in type(error).__mro__ if cls in STATUS), (422, "invalid_value"))
