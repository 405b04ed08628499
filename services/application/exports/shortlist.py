"""A shortlist as a file for the council's papers: CSV (any tool) or XLSX (a spreadsheet).

One row per candidate: rank, the startup's reference (what a manager types next) and name, each
score component and the fused score, the reasons as text, and the decision with its date and
reason. The rows come from the shortlists query (services/application/queries/shortlists.py), so
the access policy is the query's: a startup may export no shortlist, an auditor may. The CLI,
the API and the web pages all hand out these bytes, so the three cannot differ.

Headers and verdicts are keys (`rank`, `startup`, `dense`, `decided_on`; `accepted`) unless the
caller gives `words` for the labels (`WORDS`; the web pages give the visitor's language, German
by default); reasons that need words of a language
(the score components' explanations) are said by the caller's `explain`, since each entry point
has its own words for them. In the spreadsheet, scores are numbers and dates are dates, so the
council's staff can sort and sum; the header is bold and frozen, columns are as wide as their
content (up to a limit; reasons wrap).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from domain import Actor, Challenge
from domain.errors import InvalidValue
from services.application import explaining
from services.application.exports import cells
from services.application.queries import shortlists as queries
from services.application.queries.readable import named
from services.application.translations import LANGUAGES, N_, label
from services.errors import NotFound
from services.infrastructure.store import Store

#: The formats a shortlist is exported as, with their media types.
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: The score components in the order the pages show them; others follow by name.
COMPONENTS = explaining.SHOWN
#: How a spreadsheet shows dates, by language (its cells stay dates whatever the format).
DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
#: A spreadsheet column is at most this wide (characters); longer text wraps.
WIDEST = 60

Words = Callable[[str], str]
Explain = Callable[[Mapping[str, Any]], str]


#: The label a column's header is looked up by when the caller gives words (scores: by component).
WORDS = {
    "startup": N_("export_startup"),
    "name": N_("export_name"),
    "reasons": N_("export_reasons"),
    "decision": N_("export_decision"),
    "decided_on": N_("export_decided_on"),
}


@dataclass(frozen=True)
class Export:
    """A file to hand out: its name, media type and bytes."""

    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Table:
    """The shortlist as rows of typed values under keyed columns, before it becomes a format."""

    ref: str
    columns: list[str]
    headers: list[str]
    rows: list[list[Any]]
    dates: frozenset[str] = frozenset({"decided_on"})
    numbers: frozenset[str] = frozenset()


def latest_number(by: Actor, store: Store, challenge: str) -> int:
    """The number of the challenge's latest shortlist, for an export that names none."""
    summaries = queries.summaries(by, store, challenge)
    if not summaries:
        found = named(store, Challenge, challenge, "challenge")
        raise NotFound("shortlist", f"challenge {found.ref} has no shortlist yet")
    return max(s["number"] for s in summaries)


def reasons_text(reasons: Mapping[str, Any], explain: Explain | None = None) -> str:
    """A candidate's reasons as lines of text: matched capabilities, shared terms, the best
    sentence, then each component's explanation when the caller can say it."""
    lines = []
    capabilities = reasons.get("matched_capabilities") or []
    if capabilities:
        lines.append("; ".join(f"{m['required']} ≈ {m['offered']}" for m in capabilities))
    terms = reasons.get("matched_terms") or []
    if terms:
        lines.append(", ".join(str(m.get("profile", "")) for m in terms[:8]))
    sentence = (reasons.get("best_sentence") or {}).get("text")
    if sentence:
        lines.append(f"„{sentence}“")
    if reasons.get("picked"):
        lines.append(str(reasons["picked"]))
    if explain is not None:
        lines.extend(explain(e) for e in reasons.get("explanations") or [])
    return "\n".join(lines)


def table(
    by: Actor,
    store: Store,
    challenge: str,
    number: int | None = None,
    explain: Explain | None = None,
    words: Words | None = None,
) -> Table:
    """The shortlist's candidates as rows (the latest shortlist when `number` is None), headed
    and decided in `words` when given."""
    shown = queries.shortlist(by, store, challenge, number or latest_number(by, store, challenge))
    candidates = shown["candidates"]
    present = {k for c in candidates for k in c["components"]}
    components = [c for c in COMPONENTS if c in present] + sorted(present - set(COMPONENTS))
    columns = ["rank", "startup", "name", *components, "score", "reasons", "decision", "decided_on", "reason"]
    rows = []
    for c in candidates:
        decision = c["decision"] or {}
        rows.append(
            [
                c["rank"],
                str(c["startup"]).removeprefix("startup/"),
                c["name"],
                *(c["components"].get(k) for k in components),
                c["score"],
                reasons_text(c["reasons"], explain),
                _verdict(decision.get("verdict"), words),
                date.fromisoformat(decision["on"]) if decision.get("on") else None,
                decision.get("reason") or "",
            ]
        )
    headers = [_header(c, components, words) for c in columns]
    return Table(shown["ref"], columns, headers, rows, numbers=frozenset({*components, "score"}))


def _header(column: str, components: list[str], words: Words | None) -> str:
    if words is None:
        return column
    return words("component_" + column if column in components else WORDS.get(column, column))


def _verdict(verdict: str | None, words: Words | None) -> str:
    if not verdict:
        return ""
    return words("verdict_" + verdict) if words else verdict


def as_csv(found: Table) -> bytes:
    """Comma-separated, UTF-8 with a byte order mark (so that spreadsheet programs read umlauts),
    dates as ISO dates, scores with a point."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(found.headers)
    for row in found.rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(found: Table, date_format: str = "YYYY-MM-DD") -> bytes:
    """One sheet named after the shortlist: a bold, frozen header row with a filter, numbers as
    numbers (three decimals), dates as dates, columns as wide as their content, reasons wrapped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(found.ref)
    sheet.append(found.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in found.rows:
        sheet.append(cells(row))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(found.columns, start=1):
        letter = get_column_letter(index)
        column_cells = sheet[letter][1:]
        if column in found.numbers:
            for cell in column_cells:
                cell.number_format = "0.000"
        elif column in found.dates:
            for cell in column_cells:
                cell.number_format = date_format
        elif column == "reasons":
            for cell in column_cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = _width(
            found.headers[index - 1], found.rows, index - 1, column in found.dates
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _width(header: str, rows: Sequence[Sequence[Any]], index: int, is_date: bool) -> float:
    """As wide as the header and the longest line of any value in the column, up to `WIDEST`."""
    longest = len(header)
    for row in rows:
        value = row[index]
        if value is None:
            continue
        text = "0000-00-00" if is_date else f"{value:.3f}" if isinstance(value, float) else str(value)
        longest = max(longest, *(len(line) for line in text.splitlines() or [""]))
    return min(longest + 2, WIDEST)


def explained(explanation: Mapping[str, Any], language: str) -> str:
    """An explanation in the catalogues' words, the startups it names by name."""
    params = dict(explanation.get("params") or {})
    if params.get("names"):
        params["startups"] = params["names"]
    return explaining.explanation_text({**explanation, "params": params}, language)


def _sheet_title(ref: str) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\ ."""
    title = ref.rsplit("/", 1)[-1]
    return "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "shortlist"


def export(
    by: Actor,
    store: Store,
    challenge: str,
    number: int | None = None,
    format: str = "csv",
    *,
    language: str | None = None,
    words: Words | None = None,
    explain: Explain | None = None,
) -> Export:
    """The shortlist as a file in `format` (csv or xlsx), named after its reference
    (`smart-waste-hunter-shortlist-1.xlsx`). With a `language` (de, en) the headers, verdicts and
    explanations are in its words (the shared catalogues) and a spreadsheet's dates in its usual
    form (de: 27.04.2021); `words` and `explain` say them otherwise."""
    if format not in MEDIA_TYPES:
        raise InvalidValue("format", f"{format!r} is not an export format; use csv or xlsx")
    date_format = "YYYY-MM-DD"
    if language is not None:
        if language not in LANGUAGES:
            raise InvalidValue("lang", f"{language!r} is not one of {', '.join(LANGUAGES)}")
        words = words or partial(label, language=language)
        explain = explain or partial(explained, language=language)
        date_format = DATE_FORMATS.get(language, date_format)
    found = table(by, store, challenge, number, explain, words)
    content = as_csv(found) if format == "csv" else as_xlsx(found, date_format)
    return Export(f"{found.ref.replace('/', '-')}.{format}", MEDIA_TYPES[format], content)
