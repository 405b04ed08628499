"""In Chromium: a manager clicks the shortlist's spreadsheet link on the challenge page, and the
downloaded file opens with openpyxl and holds the candidates (the fixtures: tests/web/conftest.py;
skipped without Chromium, failed in CI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.web.conftest import Server, log_in


def test_the_spreadsheet_link_downloads_the_shortlist(
    chromium: Any, herne_server: Server, tmp_path: Path
) -> None:
    page = log_in(chromium, herne_server)
    try:
        page.goto(f"{herne_server.url}/ui/challenges/smart-waste-hunter")
        link = page.locator("a.download[data-format=xlsx]")
        assert link.inner_text() == "Als Tabelle herunterladen (XLSX)"
        with page.expect_download() as downloading:
            link.click()
        download = downloading.value
        assert download.suggested_filename == "smart-waste-hunter-shortlist-1.xlsx"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        rows = list(load_workbook(saved).active.iter_rows(values_only=True))
        assert rows[0][:3] == ("Rang", "Referenz", "Name")
        found = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        assert list(found) == ["einsatzlotse", "kerbside-ops", "solarfuchs"]
        assert found["einsatzlotse"]["Name"] == "Einsatzlotse" and found["einsatzlotse"]["Rang"] == 1
        assert found["einsatzlotse"]["Punktzahl"] == 4.0 and found["solarfuchs"]["Wortwahl"] == -0.3
    finally:
        page.context.close()


def test_the_shortlist_prints_its_cards_without_the_screens_controls(
    chromium: Any, herne_server: Server
) -> None:
    page = log_in(chromium, herne_server)
    try:
        page.goto(f"{herne_server.url}/ui/challenges/smart-waste-hunter")
        assert page.locator("a.download[data-format=xlsx]").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("a.download[data-format=xlsx]").is_visible()
        assert not page.locator("#shortlist-tabs").is_visible()
        assert not page.locator("form.decide").first.is_visible()
        assert page.locator("article.candidate").count() == 3
        assert page.locator("#candidate-einsatzlotse").is_visible()
        assert page.locator("section.decisions").is_visible()
    finally:
        page.context.close()
