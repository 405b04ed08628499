"""Checked values shared by the aggregates: sectors, stages, languages, texts, e-mail addresses."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from domain.errors import InvalidValue


class Sector(StrEnum):
    """The sectors a city's challenges and startups are filed under."""

    WASTE = "waste"
    ENERGY = "energy"
    MOBILITY = "mobility"
    BUILDINGS = "buildings"
    WATER = "water"
    HEALTH = "health"
    EDUCATION = "education"
    E_GOVERNMENT = "e-government"
    RETAIL = "retail"
    TOURISM = "tourism"
    CLIMATE = "climate"
    SAFETY = "safety"
    DATA = "data"
    FINANCE = "finance"
    LOGISTICS = "logistics"
    AGRICULTURE = "agriculture"
    CULTURE = "culture"


class Stage(StrEnum):
    """How far a startup has come."""

    IDEA = "idea"
    PRE_SEED = "pre-seed"
    SEED = "seed"
    SERIES_A = "series-a"
    GROWTH = "growth"


class Region(StrEnum):
    """Where a challenge prefers its solvers to be, from near to far."""

    RUHRGEBIET = "Ruhrgebiet"
    NRW = "NRW"
    DEUTSCHLAND = "Deutschland"
    EU = "EU"


E = TypeVar("E", bound=StrEnum)
MAX_TAG = 200
WORD = re.compile(r"[a-z0-9]+")
GERMAN_LETTERS = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def choice(field: str, value: str | E, enum: type[E]) -> E:
    """Parse a value of a closed list, naming the allowed values when it is not one of them."""
    if isinstance(value, enum):
        return value
    members = enum._value2member_map_
    member = members.get(value) if isinstance(value, str) else None
    if member is None:
        member = members.get(str(value).strip())
    if member is None:
        allowed = ", ".join(e.value for e in enum)
        raise InvalidValue(field, f"{value!r} is not one of: {allowed}")
    return member  # type: ignore[return-value]


def optional_choice(field: str, value: str | E | None, enum: type[E]) -> E | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return choice(field, value, enum)


def text(field: str, value: str | None, *, max_length: int, required: bool = True) -> str:
    """Trimmed free text (any language); required texts must not be blank."""
    if value is not None and not isinstance(value, str):
        raise InvalidValue(field, f"{value!r} is not text")
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidValue(field, "must not be empty")
    if len(cleaned) > max_length:
        raise InvalidValue(field, f"is {len(cleaned)} characters long, at most {max_length} allowed")
    return cleaned


def tags(
    field: str, values: Iterable[str], *, max_items: int = 30, required: bool = False
) -> tuple[str, ...]:
    """A list of short labels, trimmed, without blanks or repeats, order kept."""
    if isinstance(values, str):
        raise InvalidValue(field, "must be a list, not a single string")
    seen: dict[str, str] = {}
    for raw in values:
        if not isinstance(raw, str):
            raise InvalidValue(field, f"{raw!r} is not text")
        label = raw.strip()
        if len(label) > MAX_TAG:
            raise InvalidValue(field, f"{label[:30]!r}… is longer than {MAX_TAG} characters")
        if label:
            seen.setdefault(label.casefold(), label)
    if required and not seen:
        raise InvalidValue(field, "must name at least one")
    if len(seen) > max_items:
        raise InvalidValue(field, f"has {len(seen)} items, at most {max_items} allowed")
    return tuple(seen.values())


def language(field: str, value: str) -> str:
    code = value.strip().lower() if isinstance(value, str) else ""
    if not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise InvalidValue(field, f"{value!r} is not a two-letter language code such as 'de' or 'en'")
    return code


def email(field: str, value: str | None) -> str | None:
    """An e-mail address as written (trimmed), if its syntax is valid by the e-mail RFCs as the
    `email-validator` package reads them: no control characters, a domain with a dot, no special-use
    domain (.local, .localhost, …). Nothing is looked up on the network, and nothing is normalised,
    so what was stored before stays the same value."""
    if value is None or not value.strip():
        return None
    cleaned = value.strip()
    from email_validator import EmailNotValidError, validate_email  # on first use: slow to import

    try:
        validate_email(cleaned, check_deliverability=False)
    except EmailNotValidError:
        shown = cleaned if len(cleaned) <= 100 else f"{cleaned[:80]}…"
        raise InvalidValue(field, f"{shown!r} is not an e-mail address") from None
    return cleaned


def whole_number(field: str, value: int | None, *, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(field, f"{value!r} is not a whole number")
    if not low <= value <= high:
        raise InvalidValue(field, f"{value} is outside {low}..{high}")
    return value


def year(field: str, value: int | None, *, today: date | None = None) -> int | None:
    latest = (today or date.today()).year
    return whole_number(field, value, low=1800, high=latest)


def slug(value: str, *, max_length: int = 48) -> str:
    """A readable reference from a name: 'Smart Waste Hunter: …' -> 'smart-waste-hunter'."""
    if value.isascii():
        ascii_text = value
    else:
        folded = value.translate(GERMAN_LETTERS)
        ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    words = WORD.findall(ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_length:
            break
        result = candidate
    return result or (words[0][:max_length] if words else "")
