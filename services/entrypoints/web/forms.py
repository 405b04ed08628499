"""Form input and its errors: what the pages show next to the field that is wrong.

The rules stay where they are: a form is turned into the API's own request model (pydantic checks
types and ranges) and handed to the API's handler (the domain checks the rest); whichever refuses,
its error names a field, and the page puts the message next to that field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from domain.errors import DomainError, InvalidValue

#: Where an error that names no field of the form is shown: above the form.
FORM = "form"


def field_errors(error: ValidationError | DomainError, fields: tuple[str, ...] = ()) -> dict[str, str]:
    """Messages by field name. An error about a field the form does not have goes to FORM."""
    if isinstance(error, ValidationError):
        found: dict[str, str] = {}
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else FORM
            found.setdefault(name if not fields or name in fields else FORM, item["msg"])
        return found
    loc = getattr(error, "loc", None)
    name = str(loc[-1]) if loc else error.field
    if not name or (fields and name not in fields):
        return {FORM: error.reason}
    return {name: error.reason}


def optional_date(value: str | None, field: str) -> date | None:
    """A date typed into a form (`2019-04-30`), or None when left empty."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValue(field, f"{value.strip()!r} is not a date such as 2019-04-30") from None


def text(form: FormData | Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def given(form: FormData, name: str) -> str | None:
    """A field's value, or None when it was left empty (the model's default applies)."""
    return text(form, name) or None


def checked(form: FormData, name: str) -> bool:
    return text(form, name) in ("on", "true", "1", "yes")


def many(form: FormData, name: str) -> list[str]:
    """Checkboxes or a multiple select of one name."""
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def listed(form: FormData, name: str) -> list[str]:
    """A comma-separated text field as a list."""
    return [part.strip() for part in text(form, name).split(",") if part.strip()]
