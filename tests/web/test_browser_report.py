"""In Chromium: the German council report page as a document (headings numbered like the inquiry's
questions, the funnel chart with its accessible name), its PDF downloaded from the page's link and
read with pypdf, and the page as printed (no navigation, no forms, each question on a new page).
The fixtures are tests/web/conftest.py's (skipped without Chromium, failed in CI); the story is the
whole Herne history of tests/herne.py (no model), so the server starts in about a second.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from services.application.queries import report as queries
from services.entrypoints.http import create_app
from tests.api.conftest import KEYS
from tests.conftest import MANAGER
from tests.herne import Herne
from tests.services.test_report_exports import _untranslated
from tests.web.conftest import Server, log_in, need_chromium, serving

REPORT = "/ui/report?as_of=2021-04-27"


@pytest.fixture(scope="module")
def report_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    need_chromium()
    app = create_app(str(tmp_path_factory.mktemp("report") / "herne.db"), KEYS)
    Herne(app.state.backend.store).whole_history()
    with serving(app) as served:
        yield served


def test_the_german_report_page_is_a_document_with_its_funnel(chromium: Any, report_server: Server) -> None:
    page = log_in(chromium, report_server)
    try:
        page.goto(report_server.url + REPORT)
        assert page.locator("h1").inner_text() == "Programmbericht"
        title = page.locator("article.council-report h2.report-title").inner_text()
        assert title.startswith("Bericht zur Anfrage 2021/0401") and title.endswith("Stand 27.04.2021")
        headings = page.locator("article.council-report section.question h3").all_inner_texts()
        assert [h.split(".")[0] for h in headings] == ["1", "2", "3", "4", "5", "6"]
        assert headings[0] == "1. Wie viele Start-up-Unternehmen haben dieses Angebot bisher genutzt?"
        assert headings[2] == "3. Welche zusätzlichen Projekte wurden seit dem Jahr 2018 angestoßen?"

        funnel = page.get_by_role("img", name="Vom Aufruf zum Zuschlag: Data-Hub-Programm")
        assert funnel.count() == 1 and funnel.is_visible()
        assert funnel.locator("desc").text_content() == (
            "Ausschreibungen: 1; Bewerbungen: 1; auf Shortlists: 2; angenommen: 1; Zuschlag: 1"
        )
        assert funnel.locator("g.step rect").count() == 5
        box = funnel.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100  # drawn, not collapsed
        assert page.locator("section#question-1 table caption").all_inner_texts() == [
            "Kennzahlen",
            "Vom Aufruf zum Zuschlag: Data-Hub-Programm",
        ]
        assert page.locator("pre").count() == 0  # no preformatted block any more

        body = page.locator("main").inner_text()
        report = queries.council(MANAGER, report_server.app.state.backend.store, date(2021, 4, 27))
        assert "offene Daten" in body and _untranslated(body, report) == set()
    finally:
        page.context.close()


def test_the_pdf_link_downloads_the_report_with_its_numbers(
    chromium: Any, report_server: Server, tmp_path: Path
) -> None:
    page = log_in(chromium, report_server)
    try:
        page.goto(report_server.url + REPORT)
        assert page.locator("p.downloads a").all_inner_texts() == ["CSV", "XLSX", "PDF"]
        with page.expect_download() as downloading:
            page.locator("a.download-pdf").click()
        download = downloading.value
        assert download.suggested_filename == "ratsbericht-2021-04-27.pdf"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        pages = PdfReader(io.BytesIO(saved.read_bytes())).pages
        text = " ".join(unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in pages)).split())
        assert "1. Wie viele Start-up-Unternehmen" in text and "6. Welche weiteren Maßnahmen" in text
        assert "Start-ups beworben 1" in text and "Start-ups mit Zuschlag 1" in text
        assert re.search(r"Ausschreibungen\s*1", text)  # the funnel's first step, drawn in the PDF
    finally:
        page.context.close()


def test_the_printed_report_leaves_out_navigation_and_forms(chromium: Any, report_server: Server) -> None:
    page = log_in(chromium, report_server)
    try:
        page.goto(report_server.url + REPORT)
        assert page.locator("header.top nav").is_visible() and page.locator("main form").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("header.top").is_visible()
        assert not page.locator("main form").is_visible() and not page.locator("p.downloads").is_visible()
        breaks = page.locator("section.question").evaluate_all(
            "sections => sections.map(s => getComputedStyle(s).breakBefore)"
        )
        assert breaks == ["auto", "page", "page", "page", "page", "page"]
        assert page.get_by_role("img", name="Vom Aufruf zum Zuschlag: Data-Hub-Programm").is_visible()
    finally:
        page.context.close()
