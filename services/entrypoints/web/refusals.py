"""A refusal's reason in the visitor's language.

The domain and the application layer refuse in English (`say why the candidate is rejected`):
one language for logs, the API and the command line, and tests that read the rules. The pages
translate at their boundary: a known reason is matched by its pattern and said with the catalogue's
`refusal_*` words, its values (dates, statuses, verdicts, kinds of things) in the visitor's
language too; an unknown reason is shown as it is. A new refusal that pages show gets a pattern
here and its words in both catalogues (tests/web/test_german.py finds the ones the pages reach).
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from services.application.explaining import value_name
from services.application.translations import N_, day, label

#: The language of the page being rendered: the refusals in macros (_fields.html), which see no
#: page context, are said in it. Set by render.page for the time of one render.
reader: ContextVar[str] = ContextVar("reader", default="de")

ISO = r"\d{4}-\d{2}-\d{2}"
QUOTED = r"'[^']*'|\"[^\"]*\""

#: (the English reason as a pattern, its catalogue key); named groups fill the words' `{name}`s.
KNOWN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(f"^{pattern}$"), key)
    for pattern, key in (
        (r"say why the candidate is rejected", N_("refusal_reason_rejected")),
        (r"say why the decision changes \(it was (?P<verdict>\w+)\)", N_("refusal_reason_changed")),
        (r"must not be empty", N_("refusal_empty")),
        (r"must name at least one", N_("refusal_none_named")),
        (rf"(?P<value>{QUOTED}) is not a date such as {ISO}", N_("refusal_not_a_date")),
        (rf"(?P<value>{QUOTED}) is not one of:? (?P<allowed>.+)", N_("refusal_not_one_of")),
        (r"(?P<value>.+) is not a whole number", N_("refusal_not_a_number")),
        (r"(?P<value>\S+) is outside (?P<low>-?\d+)\.\.(?P<high>-?\d+)", N_("refusal_outside")),
        (r"is (?P<length>\d+) characters long, at most (?P<most>\d+) allowed", N_("refusal_too_long")),
        (r"(?P<value>.+) is not a shortlist number", N_("refusal_not_a_shortlist")),
        (r"(?P<value>\S+) is not a page: pages start at 1", N_("refusal_not_a_page")),
        (r"there is no page (?P<path>\S+)", N_("refusal_no_page")),
        (rf"no published challenge is known as (?P<ref>{QUOTED})", N_("refusal_no_published_challenge")),
        (rf"no (?P<kind>\w+) is known as (?P<ref>{QUOTED})", N_("refusal_unknown")),
        (rf"(?P<ref>{QUOTED}) is not a candidate on this shortlist", N_("refusal_not_a_candidate")),
        (r"challenge (?P<ref>\S+) has no shortlist yet", N_("refusal_no_shortlist")),
        (r"choose accept, reject or withdraw", N_("refusal_choose_verdict")),
        (rf"(?P<title>{QUOTED}) is (?P<status>[\w ]+), not open for applications", N_("refusal_not_open")),
        (rf"(?P<ref>\S+) was finalised on (?P<on>{ISO})", N_("refusal_finalised")),
        (rf"(?P<on>{ISO}) is not before the deadline \((?P<deadline>{ISO})\)", N_("refusal_after_deadline")),
        (r"give the date the event should have had", N_("refusal_date_needed")),
        (rf"event (?P<version>\d+) is already dated (?P<on>{ISO})", N_("refusal_already_dated")),
        (
            rf"(?P<now>{ISO}) is after the day of the correction \((?P<on>{ISO})\)",
            N_("refusal_after_correction"),
        ),
        (rf"(?P<on>{ISO}) is in the future; record what has happened, up to today", N_("refusal_future")),
        (rf"(?P<value>.+) did not exist yet on (?P<on>{ISO})", N_("refusal_not_yet")),
        (rf"(?P<value>{QUOTED}) is not an event number", N_("refusal_not_an_event")),
        (
            r"only a closed challenge can be reopened; this one is (?P<status>[\w ]+)",
            N_("refusal_not_closed"),
        ),
        (
            rf"only an award not yet implemented can be revoked; (?P<title>{QUOTED}) is (?P<status>[\w ]+)",
            N_("refusal_not_revocable"),
        ),
        (r"name at least one startup to award", N_("refusal_award_whom")),
        (r"an auditor may read the programme's history but not change it", N_("refusal_auditor")),
        (
            r"a startup may change only its own profile and applications, not a (?P<kind>\w+)",
            N_("refusal_startup_writes"),
        ),
        (r"dates are corrected by programme managers, not by startups", N_("refusal_startup_dates")),
        (r"histories and past states are for managers and auditors", N_("refusal_histories")),
        (r"a startup may not read (?P<kind>\w+)s", N_("refusal_startup_reads")),
        (r"the form is stale or came from another site; reload the page", N_("refusal_stale_form")),
        (r"a form from another site may not write here", N_("refusal_foreign_form")),
    )
)
#: The kinds of things a reason may name (`no startup is known as …`).
KINDS = (
    N_("kind_challenge"),
    N_("kind_startup"),
    N_("kind_shortlist"),
    N_("kind_application"),
    N_("kind_programme"),
    N_("kind_workshop"),
)
SUGGESTION = re.compile(r"^(?P<reason>.*?);? did you mean (?P<names>.+)\?$")


def _words(name: str, value: str, language: str) -> str:
    """A matched value in the language: dates as the language writes them, identifiers named."""
    if name in {"on", "now", "deadline"}:
        return day(value, language)
    if name in {"status", "verdict", "kind"}:
        return value_name(name, value.strip(), language)
    if name == "allowed":
        return ", ".join(_any_name(v.strip(), language) for v in value.split(","))
    return value


def _any_name(value: str, language: str) -> str:
    for kind in ("sector", "stage", "status", "verdict", "role"):
        named = value_name(kind, value, language)
        if named != value:
            return named
    return value


def said(reason: str, language: str) -> str:
    """The reason in the language, or as it is when no pattern knows it (and in English, the
    language it was given in)."""
    if language == "en":
        return reason
    suggestion = SUGGESTION.match(reason)
    if suggestion:
        head = said(suggestion["reason"], language)
        return label("refusal_did_you_mean", language).format(reason=head, names=suggestion["names"])
    for pattern, key in KNOWN:
        found = pattern.match(reason.strip())
        if found:
            values = {name: _words(name, v, language) for name, v in found.groupdict().items()}
            return label(key, language).format(**values)
    return reason


def in_reader_language(reason: object) -> str:
    """The Jinja filter `refusal`: a reason in the language of the page being rendered."""
    return said(str(reason), reader.get())
