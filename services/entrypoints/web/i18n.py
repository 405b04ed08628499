"""The words of the web pages in German and English, and which language a visitor reads.

Herne's programme managers work in German, so German is the default; `?lang=en` (remembered in a
cookie) or a browser that prefers English switches. Domain values (statuses, sectors, stages,
verdicts, roles) get words too, because the stored values are English identifiers, not words for a
reader.

The words live in gettext catalogues shared with the command line (one domain, `messages`):
services/locale/{de,en}/LC_MESSAGES/messages.po, compiled to messages.mo with Babel, read through
services/application/translations.py. Templates name a label by key: `{{ t.board }}`,
`{{ t['status_' ~ s] }}`, or `{{ t("ranked", n=3, on=day) }}` with `{...}` parameters.

**Adding a label** (both languages, always; tests/test_catalogues.py fails otherwise):

1. Use it: `{{ t.my_key }}` in a template, `t("my_key")` in Python; a key that code composes at
   run time (`'sector_' ~ value`) must also be listed with `N_("sector_new")` in `COMPOSED` below
   (or in services/application/explaining.py), so extraction finds it.
2. Add it to both catalogues, services/locale/de/LC_MESSAGES/messages.po and
   services/locale/en/LC_MESSAGES/messages.po (`msgid "my_key"` / `msgstr "Meine Worte"`), by hand
   or with `pybabel extract` + `pybabel update` (commands in the README, "Translations"), which add
   the new key with an empty msgstr to fill in.
3. Compile and commit the .po and the .mo files: `.venv/bin/pybabel compile -d services/locale -D messages`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from fastapi import Request

from services.application import explaining
from services.application.translations import LANGUAGES, N_, day, moment, number, readable, translations

__all__ = [
    "LABELS",
    "LANGUAGES",
    "Labels",
    "day",
    "language",
    "moment",
    "number",
    "preferred",
    "readable",
]

DEFAULT = "de"
COOKIE = "lang"

# Keys that pages put together at run time (`t['status_' ~ s.status]`): listed so that
# `pybabel extract -k N_` finds them. Sectors, stages and explanations: services/application/explaining.py.
COMPOSED = (
    N_("status_draft"),
    N_("status_published"),
    N_("status_closed"),
    N_("status_awarded"),
    N_("status_implementing"),
    N_("status_completed"),
    N_("status_withdrawn"),
    N_("status_closed early"),
    N_("verdict_accepted"),
    N_("verdict_rejected"),
    N_("role_manager"),
    N_("role_auditor"),
    N_("role_startup"),
    N_("role_system"),
    N_("correction_reopen"),
    N_("correction_hint_reopen"),
    N_("correction_revoke-award"),
    N_("correction_hint_revoke-award"),
    N_("chart_challenges"),
    N_("chart_applications"),
    # a startup's facts (services/entrypoints/web/startups.py FACTS, `t[f]` in startup.html)
    N_("city"),
    N_("stage"),
    N_("founded"),
    N_("team_size"),
    N_("languages"),
    N_("website"),
    N_("contact_name"),
    N_("contact_email"),
    # the events of a history (`t['event_' ~ e.event]` in history.html), by their class names
    N_("event_Submitted"),
    N_("event_Withdrawn"),
    N_("event_DateCorrected"),
    N_("event_Drafted"),
    N_("event_Revised"),
    N_("event_Published"),
    N_("event_Closed"),
    N_("event_ClosedEarly"),
    N_("event_Reopened"),
    N_("event_Awarded"),
    N_("event_AwardRevoked"),
    N_("event_ImplementationStarted"),
    N_("event_ImplementationCompleted"),
    N_("event_Suggested"),
    N_("event_Launched"),
    N_("event_PartnerJoined"),
    N_("event_PartnerLeft"),
    N_("event_ActivityNoted"),
    N_("event_Ended"),
    N_("event_Produced"),
    N_("event_CandidateAccepted"),
    N_("event_CandidateRejected"),
    N_("event_DecisionWithdrawn"),
    N_("event_Finalised"),
    N_("event_Registered"),
    N_("event_ProfileRevised"),
    N_("event_PersonalDataErased"),
    N_("event_Planned"),
    N_("event_Scheduled"),
    N_("event_Postponed"),
    N_("event_Held"),
    N_("event_Cancelled"),
)


class Labels(Mapping[str, str]):
    """The labels of one language, looked up in its catalogue. `t.key`, `t["key"]` and
    `t("key", **params)` (which fills `{param}`s) are the same label; a missing label shows its
    key, so a gap is visible, not blank."""

    def __init__(self, language: str) -> None:
        self._language = language
        self._catalogue = translations(language)

    def __getitem__(self, key: str) -> str:
        return self._catalogue.gettext(key)

    def __call__(self, key: str, **params: Any) -> str:
        return self[key].format(**params) if params else self[key]

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __iter__(self) -> Iterator[str]:
        # gettext keeps a compiled catalogue as a dict; "" is its header, not a label
        return (key for key in self._catalogue._catalog if key)  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Catalogues(Mapping[str, Labels]):
    """`LABELS["de"]["board"]`: every language's labels, as the pages and tests have read them."""

    def __getitem__(self, language: str) -> Labels:
        if language not in LANGUAGES:
            raise KeyError(language)
        return Labels(language)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


LABELS: Mapping[str, Labels] = _Catalogues()


def language(request: Request) -> str:
    """The language asked for: `?lang=`, then the cookie, then the browser's preference, else German."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return preferred(request.headers.get("accept-language", ""))


def preferred(header: str) -> str:
    """The first of de/en by the weights of an Accept-Language header (`en-GB,en;q=0.9,de;q=0.8`)."""
    best, weight = DEFAULT, 0.0
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower()[:2]
        try:
            q = float(params.strip().removeprefix("q=")) if params.strip().startswith("q=") else 1.0
        except ValueError:
            continue
        if code in LANGUAGES and q > weight:
            best, weight = code, q
    return best


def explanation_text(
    explanation: Mapping[str, Any], lang: str, weights: Mapping[str, float] | None = None
) -> str:
    """A score component's explanation (matching/explain.py) as a line in the visitor's language;
    the startups it names are given by name in its `names` parameter."""
    names = list((explanation.get("params") or {}).get("names") or [])
    ids = list((explanation.get("params") or {}).get("startups") or [])
    by_id = dict(zip(ids, names, strict=False))
    name_of: Callable[[str], str] = lambda startup: by_id.get(startup, startup)  # noqa: E731
    return explaining.explanation_text(explanation, lang, name_of, weights)


def learning_text(reranker: Mapping[str, Any] | None, lang: str) -> str:
    """What the shortlist's ranking learnt from decisions, with its training set's version."""
    return explaining.learning_text(reranker, lang)


def value_name(value: str | None, kind: str, lang: str) -> str:
    """A stored identifier in words: `{{ s | named('sector', lang) }}` shows `buildings` as
    "Gebäude & Wohnen"; an unknown one as it is."""
    return explaining.value_name(kind, value, lang) if value else ""


def values_named(values: list[str] | tuple[str, ...] | None, kind: str, lang: str) -> str:
    """Stored identifiers in words, comma-separated: `{{ r.sectors | all_named('sector', lang) }}`."""
    return ", ".join(explaining.value_name(kind, v, lang) for v in (values or []))


def extract_labels(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Mapping[str, Any]
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extractor for the templates (babel.cfg): every label a template names by a constant
    key, `t.key`, `t['key']` or `t('key', …)`, from the parsed template, not by pattern, so that
    `pybabel extract` and tests/test_catalogues.py know every label the pages use."""
    from jinja2 import Environment, nodes

    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    tree = Environment(extensions=["jinja2.ext.do"]).parse(source)
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Call)):
        if isinstance(node, nodes.Call):
            target, key = node.node, node.args[0] if node.args else None
        elif isinstance(node, nodes.Getattr):
            target, key = node.node, nodes.Const(node.attr)
        else:
            target, key = node.node, node.arg
        named = isinstance(target, nodes.Name) and target.name == "t"
        if named and isinstance(key, nodes.Const) and isinstance(key.value, str):
            yield node.lineno, None, key.value, []
