"""The words of the pages and the command line in German and English: gettext catalogues.

The catalogues are services/locale/{de,en}/LC_MESSAGES/messages.po, compiled with Babel to the
.mo files next to them (`pybabel compile -d services/locale`). A message id is a short key
("board", "status_published", "explain_dense_above"), not the English sentence: the English
catalogue is a translation like the German one, so changing an English wording never orphans the
German one, and the templates keep naming labels by key. Both entry points (web, CLI) and the
report read the same catalogues through this module, which is why it lives in the application
layer that all of them may import.

A key that a catalogue lacks comes back as the key itself (gettext's own fallback), so a gap shows
on the page instead of an empty space, and tests/test_catalogues.py fails on it.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import cache
from pathlib import Path

LANGUAGES = ("de", "en")
DOMAIN = "messages"
LOCALE = Path(__file__).resolve().parents[1] / "locale"


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """The compiled catalogue of a language (de or en), read once per process."""
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for {language!r}; known: {', '.join(LANGUAGES)}")
    found = gettext.translation(DOMAIN, localedir=LOCALE, languages=[language])
    assert isinstance(found, gettext.GNUTranslations)
    return found


def label(key: str, language: str) -> str:
    """The words for a key in a language; the key itself when the catalogue has none."""
    return translations(language).gettext(key)


def N_(key: str) -> str:
    """Marks a key that code puts together at run time (`"status_" + status`), so that
    `pybabel extract -k N_` finds it; returns the key unchanged."""
    return key


_LOCALES = {"de": "de_DE", "en": "en_GB"}


def day(value: date | datetime | str | None, lang: str) -> str:
    """A date as the reader's language writes it (Babel's medium format): 27.04.2021 in German,
    27 Apr 2021 in English. Times of day are left out: pages and messages speak of days."""
    from babel.dates import format_date

    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    try:
        on = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:  # not a date after all: shown as it is rather than failing the page
        return str(value)
    return format_date(on, format="medium", locale=_LOCALES.get(lang, "de_DE"))


def number(value: float | int, lang: str, digits: int | None = None, signed: bool = False) -> str:
    """A number with the language's separators: 1.234 and 0,75 in German, 1,234 and 0.75 in
    English; `digits` fixes the places after the point (scores: 2), `signed` shows a plus too."""
    from babel.numbers import format_decimal

    pattern = None
    if digits is not None:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        if signed:
            pattern = f"+{pattern};-{pattern}"
    return format_decimal(value, format=pattern, locale=_LOCALES.get(lang, "de_DE"))


def moment(value: datetime | str | None, lang: str) -> str:
    """A point in time to the second, as the language writes it: 29.11.2026, 20:54:32 in German,
    29 Nov 2026, 20:54:32 in English (when an event was recorded)."""
    from babel.dates import format_datetime

    if value is None or value == "":
        return ""
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return format_datetime(at, format="medium", locale=_LOCALES.get(lang, "de_DE"))


def readable(value: object, lang: str) -> str:
    """A stored value shown as data (a history's changes): an ISO date or time as the language
    writes it, anything else as it is."""
    text = str(value)
    try:
        if len(text) == 10:
            return day(date.fromisoformat(text), lang)
        if len(text) > 10 and text[10] in "T ":
            return moment(datetime.fromisoformat(text), lang)
    except ValueError:
        pass
    return text
