"""The council report as files for the council's papers: an HTML document (the web page shows its
body, the PDF is printed from it), CSV, XLSX and PDF.

All of them are made from one `ReportDocument` (services/application/reporting.py), so sections are
numbered like the inquiry's questions and worded in the reader's language everywhere. The
document is rendered here, in the application layer, rather than by the web pages, because the
CLI prints the same PDF and may not import the web entry point; the web page includes
`fragment()` and the PDF prints `html()`, with the same funnel charts (exports/funnel.py).

- CSV: UTF-8 with a byte order mark, comma-separated, one block per section (its heading, its
  paragraphs, then each table under its caption and column labels); counts as plain integers and
  dates as ISO dates, so any tool reads them.
- XLSX: a first sheet with the title, the date and the questions, then one sheet per question
  ("Frage 1" …); counts are numbers and dates are dates (shown as the language writes them).
- PDF: the HTML document printed by headless Chromium (services/infrastructure/pdf.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from domain import Actor
from domain.errors import InvalidValue
from services.application.exports import cells
from services.application.exports.funnel import FunnelChart, funnel_chart
from services.application.exports.timeline import timeline
from services.application.queries import report as queries
from services.application.reporting import ReportDocument, document
from services.infrastructure.pdf import PdfUnavailable, html_to_pdf
from services.infrastructure.store import Store

__all__ = [
    "MEDIA_TYPES",
    "Export",
    "PdfUnavailable",
    "as_csv",
    "as_pdf",
    "as_xlsx",
    "council",
    "export",
    "fragment",
    "html",
    "timeline_fragment",
]

#: The formats the report is exported as, with their media types.
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
#: What a file is called, per language (then the date: ratsbericht-2021-04-27.pdf).
FILE_NAMES = {"de": "ratsbericht", "en": "council-report"}
SHEET = {"de": ("Bericht", "Frage {n}"), "en": ("Report", "Question {n}")}
DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
WIDEST = 70  # a spreadsheet column is at most this wide (characters); longer text wraps

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Export:
    """A file to hand out: its name, media type and bytes."""

    filename: str
    media_type: str
    content: bytes


def council(
    by: Actor,
    store: Store,
    as_of: date,
    since: int = 2018,
    language: str = "de",
    report: Mapping[str, Any] | None = None,
) -> ReportDocument:
    """The council report as of a date, as a document in a language, with the counts over time its
    chart draws (the access policy is the queries'); `report`: the figures, when already read."""
    figures = report if report is not None else queries.council(by, store, as_of, since)
    return replace(document(figures, language), activity=tuple(queries.activity(by, store, as_of)))


def charts(doc: ReportDocument) -> dict[str, FunnelChart]:
    """Each funnel's chart, by its caption."""
    return {f.caption: funnel_chart(f, doc.language) for s in doc.sections for f in s.funnels}


def fragment(doc: ReportDocument, level: int = 2) -> Markup:
    """The document's body (its title a heading of `level`) for a page that has its own frame."""
    body = _templates.get_template("_report_body.html").render(doc=doc, charts=charts(doc), level=level)
    return Markup(body)


def timeline_fragment(doc: ReportDocument) -> Markup:
    """The chart of challenges and applications over time, with its values as a table."""
    return timeline(list(doc.activity), doc.as_of, doc.language, _templates)


def html(doc: ReportDocument) -> str:
    """The report as a standalone HTML document, styled for A4: what the PDF is printed from."""
    return _templates.get_template("report.html").render(
        doc=doc, charts=charts(doc), level=1, timeline=timeline_fragment(doc)
    )


def _plain(value: Any) -> Any:
    return "" if value is None else value.isoformat() if isinstance(value, date) else value


def as_csv(doc: ReportDocument) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([doc.title])
    writer.writerow([])
    for section in doc.sections:
        writer.writerow([section.heading])
        for paragraph in section.paragraphs:
            writer.writerow([paragraph])
        for table in section.tables:
            writer.writerow([table.caption])
            writer.writerow(table.columns)
            writer.writerows([_plain(v) for v in row] for row in table.rows)
        writer.writerow([])
    for note in doc.notes:
        writer.writerow([note])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(doc: ReportDocument) -> bytes:
    book = Workbook()
    overview = book.active
    assert overview is not None
    first, per_question = SHEET[doc.language]
    overview.title = first
    overview.append(cells([doc.title]))
    overview["A1"].font = Font(bold=True, size=14)
    overview.append(cells([doc.as_of]))
    overview["A2"].number_format = DATE_FORMATS[doc.language]
    overview["A2"].alignment = Alignment(horizontal="left")
    overview.append(cells([]))
    for section in doc.sections:
        overview.append(cells([per_question.format(n=section.number), section.question]))
    overview.append(cells([]))
    for note in doc.notes:
        overview.append(cells([note]))
    _fit(overview)
    bold, header = Font(bold=True), PatternFill("solid", fgColor="EEF2F5")
    for section in doc.sections:
        sheet = book.create_sheet(per_question.format(n=section.number))
        sheet.append(cells([section.heading]))
        sheet.cell(1, 1).font = Font(bold=True, size=13)
        for paragraph in section.paragraphs:
            sheet.append(cells([paragraph]))
        for table in section.tables:
            sheet.append(cells([]))
            sheet.append(cells([table.caption]))
            sheet.cell(sheet.max_row, 1).font = bold
            sheet.append(cells(list(table.columns)))
            for cell in sheet[sheet.max_row]:
                cell.font, cell.fill = bold, header
            for row in table.rows:
                sheet.append(cells(list(row)))
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, date):
                        cell.number_format = DATE_FORMATS[doc.language]
                    elif isinstance(cell.value, str) and len(cell.value) > WIDEST:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        _fit(sheet, skip_first=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fit(sheet: Any, skip_first: bool = False) -> None:
    """Columns as wide as their content (up to WIDEST); a sheet's heading row may overflow."""
    widths: dict[int, int] = {}
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if skip_first and number == 1:
            continue
        for cell in row:
            if cell.value is not None:
                length = 10 if isinstance(cell.value, date) else len(str(cell.value))
                widths[cell.column] = max(widths.get(cell.column, 8), min(WIDEST, length + 2))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def as_pdf(doc: ReportDocument) -> bytes:
    return html_to_pdf(html(doc))


WRITERS = {"csv": as_csv, "xlsx": as_xlsx, "pdf": as_pdf}


def export(doc: ReportDocument, format: str) -> Export:
    """The report as a file of a format (csv, xlsx, pdf), named by language and date."""
    if format not in WRITERS:
        raise InvalidValue("format", f"{format!r} is not one of {', '.join(WRITERS)}")
    name = f"{FILE_NAMES[doc.language]}-{doc.as_of.isoformat()}.{format}"
    return Export(name, MEDIA_TYPES[format], WRITERS[format](doc))
