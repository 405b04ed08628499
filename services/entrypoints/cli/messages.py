"""The command line's words for the explanations of a candidate's score, in German and English.

The matcher explains every score component as data (component, value, a message key and its
parameters: matching/explain.py); the words are in the gettext catalogues the web pages share
(services/locale, read through services/application/translations.py and explaining.py). The
language is `--lang`, else the one the terminal's locale names (LC_ALL, LC_MESSAGES, LANG:
`de_DE.UTF-8` is German), else English, the language of the rest of the command line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from services.application.explaining import SHOWN, explanation_text, learning_text, value_name
from services.application.translations import LANGUAGES

__all__ = ["COMPONENTS", "LANGUAGES", "explanation_text", "language", "learning_text"]


class _Components(Mapping[str, Mapping[str, str]]):
    """`COMPONENTS[lang][component]`: a score component's short name, read from the catalogue
    when first asked (a command that explains nothing does not load it)."""

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return {name: value_name("component", name, lang) for name in SHOWN}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


COMPONENTS: Mapping[str, Mapping[str, str]] = _Components()


def language(asked: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The language asked for, else the locale's if it is German or English, else English."""
    if asked:
        return asked
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = (environ.get(variable) or "")[:2].lower()
        if code:
            return code if code in LANGUAGES else "en"
    return "en"
