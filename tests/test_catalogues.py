"""The gettext catalogues (services/locale) against the code that uses them.

The compiled .mo files are what the program reads, the .po files what people edit: a .mo that lags
behind its .po shows old words. Every label a template or the Python code names must have words in
both languages, or a German page shows a bare key; and every stored identifier a page names
(sectors, stages, statuses, verdicts, roles) must be in both, since those come from the domain, not
from a literal that extraction could find.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from domain import Role
from domain.challenge import ChallengeStatus
from domain.shortlist import Verdict
from domain.values import Sector, Stage
from services.application.translations import DOMAIN, LANGUAGES, LOCALE

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"N_": None, "label": (1,)}  # as babel.cfg's command names them: -k N_ -k label
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def catalogue(language: str) -> dict[str, str]:
    """The .po file's translations (key → words), fuzzy ones left out as gettext leaves them out."""
    with (LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and not m.fuzzy}


def used_keys() -> dict[str, str]:
    """Every key the templates and the Python code name, with where, found as `pybabel extract`
    finds them (babel.cfg)."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, str] = {}
    for filename, lineno, key, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.setdefault(str(key), f"{filename}:{lineno}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_says_what_its_po_file_says(language: str) -> None:
    compiled = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with compiled.open("rb") as mo:
        read = {k: v for k, v in gettext.GNUTranslations(mo)._catalog.items() if k}  # type: ignore[attr-defined]
    assert read == catalogue(language), (
        "a .mo file lags behind its .po: run `.venv/bin/pybabel compile -d services/locale -D messages`"
    )


def test_every_label_used_has_words_in_both_languages() -> None:
    used = used_keys()
    assert len(used) > 150  # the extraction found the pages' labels at all
    for language in LANGUAGES:
        words = catalogue(language)
        missing = {key: where for key, where in used.items() if not words.get(key)}
        assert not missing, f"labels without {language} words (add them to services/locale): {missing}"


def test_the_catalogues_hold_no_label_nothing_uses() -> None:
    used = set(used_keys())
    for language in LANGUAGES:
        unused = set(catalogue(language)) - used
        assert not unused, f"{language} labels no template or code names (or list them with N_): {unused}"


def test_german_asks_for_no_placeholder_the_english_does_not_fill() -> None:
    """Code fills a label's `{placeholders}` alike in both languages: German may leave one out
    (a refused date need not repeat what was typed) but never ask for one that is not given."""
    german, english = catalogue("de"), catalogue("en")
    assert set(german) == set(english)
    for key, words in german.items():
        assert set(PLACEHOLDER.findall(words)) <= set(PLACEHOLDER.findall(english[key])), key


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("sector_", Sector),
        ("stage_", Stage),
        ("status_", ChallengeStatus),
        ("verdict_", Verdict),
        ("role_", Role),
    ],
)
def test_every_stored_identifier_a_page_names_has_words(prefix: str, values: type) -> None:
    for language in LANGUAGES:
        words = catalogue(language)
        missing = [v.value for v in values if not words.get(prefix + v.value)]
        assert not missing, f"{language}: {prefix}{missing}"
    german = catalogue("de")
    assert german["sector_buildings"] == "Gebäude & Wohnen"
    assert german["stage_pre-seed"].startswith("Vorgründung")


def test_the_components_explained_are_the_matchers_in_its_order() -> None:
    from matching.explain import EXPLAINED
    from services.application.explaining import SHOWN

    assert SHOWN == EXPLAINED
