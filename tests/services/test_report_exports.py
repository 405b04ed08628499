"""The council report as a document and as files: numbered like the inquiry's questions, German
throughout, and read back (csv, openpyxl, pypdf) with its numbers and headings in them (fast: the
whole Herne history of tests/herne.py, shortlists chosen by the test, no model).

As of 2021-04-27, that history has 4 startups registered, Einsatzlotse's standing application to
Smart Waste Hunter (Binfolio's was withdrawn), Einsatzlotse and Kerbside Ops shortlisted,
Einsatzlotse accepted and awarded; one project since 2018; the Open Data Portal noted; a workshop
held and one postponed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from domain import ChallengeStatus, When, WorkshopStatus
from domain.values import Sector, Stage
from services.application.commands import LaunchProgramme, WithdrawDecision, handle
from services.application.exports import report as exports
from services.application.queries import report as queries
from services.application.reporting import ReportDocument, labels, render
from services.entrypoints.cli.main import app
from services.entrypoints.http import create_app
from services.infrastructure.pdf import PdfUnavailable
from services.infrastructure.store import Store
from tests.api.conftest import KEYS, MANAGER_KEY, STARTUP_KEY, bearer
from tests.conftest import MANAGER
from tests.herne import FIRST_SHORTLIST, SMART_WASTE_HUNTER, Herne

AS_OF = date(2021, 4, 27)
INQUIRY = Path(__file__).resolve().parents[2] / "data" / "seed" / "herne-council-inquiry-2021-0401.txt"
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="no Debian Chromium to print the PDF")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(str(tmp_path_factory.mktemp("report-exports") / "store.db"))
    Herne(store).whole_history()
    yield store
    store.close()


@pytest.fixture(scope="module")
def german(store: Store) -> ReportDocument:
    return exports.council(MANAGER, store, AS_OF, 2018, "de")


def _inquiry_questions() -> dict[int, str]:
    """The questions as the council member numbered them in the seed document."""
    text = INQUIRY.read_text(encoding="utf-8")
    asked = text[text.index("folgender Fragen") : text.index("Die Verwaltung beantwortet")]
    return {int(n): " ".join(q.split()) for n, q in re.findall(r"^\s*(\d)\.\s+(.+?\?)", asked, re.M | re.S)}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\wäöüß]{4,}", text)}


def test_each_section_answers_the_inquiry_question_of_its_number(german: ReportDocument) -> None:
    asked = _inquiry_questions()
    assert sorted(asked) == [1, 2, 3, 4, 5, 6]
    assert [s.number for s in german.sections] == [1, 2, 3, 4, 5, 6]
    for section in german.sections:
        inquiry = _words(asked[section.number])
        shared = inquiry & _words(section.question)
        assert len(shared) >= 0.7 * len(inquiry), (section.number, inquiry - shared)
        assert section.heading.startswith(f"{section.number}. ")


def test_the_text_numbers_its_headings_one_to_six(store: Store) -> None:
    for language in ("de", "en"):
        text = render(queries.council(MANAGER, store, AS_OF), language)
        assert re.findall(r"^(\d)\. ", text, re.M) == ["1", "2", "3", "4", "5", "6"]
    german = render(queries.council(MANAGER, store, AS_OF), "de")
    assert "Stand 27.04.2021" in german and "Start-ups mit Bewerbung: 1; auf Shortlists: 2" in german
    assert re.search(r"Zuschlag an Einsatzlotse am \d\d\.\d\d\.2019", german)


def _english_words() -> set[str]:
    """Words that would be English in a German report: the English report's labels that differ
    from the German ones, and the domain's identifiers (statuses, sectors, stages, activity kinds)."""
    german, english = labels("de"), labels("en")
    found = {english[k] for k in english if isinstance(english[k], str) and english[k] != german[k]}
    for group in ("status", "workshop_status", "activity"):
        found |= {english[group][k] for k in english[group] if english[group][k] != german[group][k]}
    found |= {str(s.value) for s in (*ChallengeStatus, *WorkshopStatus, *Sector, *Stage)}
    found |= set(german["activity"])  # membership, advice, event series, open data, …
    # the words German shares (Programme is German too, a Workshop is one) say nothing
    shared = {w for w in german.values() if isinstance(w, str)} | {"workshop", "data"}
    return found - shared


#: Fields of the history in the words of whoever recorded them (not labels: not translated).
FREE_TEXT = ("title", "owner", "theme", "outcomes", "description", "reason", "name", "city", "partners")


def _recorded_words(value: object, key: str = "") -> set[str]:
    """Every text the history supplied (names, themes, outcomes, reasons …) in the report."""
    if isinstance(value, dict):
        return {w for k, v in value.items() for w in _recorded_words(v, k)}
    if isinstance(value, list):
        return {w for v in value for w in _recorded_words(v, key)}
    return {value} if isinstance(value, str) and key in (*FREE_TEXT, "awarded_names") else set()


def _untranslated(text: str, report: dict[str, object] | None = None) -> set[str]:
    """The English labels and identifiers in a German text, what the history recorded left out."""
    text = unicodedata.normalize("NFKC", text)  # a PDF's ligatures (ﬀ) as letters
    for recorded in sorted(_recorded_words(report or {}), key=len, reverse=True):
        text = text.replace(recorded, " ")
    return {w for w in _english_words() if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)}


def test_the_german_report_has_no_english_label_in_any_format(store: Store, german: ReportDocument) -> None:
    assert {"open data", "membership", "event series", "Applications"} <= _english_words()
    report = queries.council(MANAGER, store, AS_OF)
    assert "two challenges" in _recorded_words(report)  # the test's history has English outcomes
    text_de = "\n".join(
        [german.title]
        + [s.heading for s in german.sections]
        + [p for s in german.sections for p in s.paragraphs]
        + [str(german.cell(v)) for s in german.sections for t in s.tables for v in (t.caption, *t.columns)]
        + [german.cell(v) for s in german.sections for t in s.tables for row in t.rows for v in row]
    )
    assert "offene Daten" in text_de  # the Open Data Portal's kind, translated
    assert _untranslated(text_de, report) == set()
    assert _untranslated(str(exports.fragment(german)), report) == set()
    assert _untranslated(exports.as_csv(german).decode("utf-8-sig"), report) == set()
    assert _untranslated("Art: open data") == {"open data"}  # the check would see one
    english = exports.council(MANAGER, store, AS_OF, 2018, "en")
    assert "open data" in exports.as_csv(english).decode("utf-8-sig")  # the English one does say it


def test_the_spreadsheet_has_a_sheet_per_question_with_numbers_and_dates(german: ReportDocument) -> None:
    made = exports.export(german, "xlsx")
    assert made.filename == "ratsbericht-2021-04-27.xlsx" and made.media_type == exports.MEDIA_TYPES["xlsx"]
    book = load_workbook(io.BytesIO(made.content))
    assert book.sheetnames == ["Bericht", *(f"Frage {n}" for n in range(1, 7))]
    first = list(book["Frage 1"].iter_rows(values_only=True))
    assert first[0][0].startswith("1. Wie viele Start-up-Unternehmen")
    figures = {row[0]: row[1] for row in first if row and len(row) > 1 and row[1] is not None}
    assert figures["Start-ups registriert"] == 4 and figures["Start-ups beworben"] == 1
    assert figures["Start-ups auf Shortlists"] == 2 and figures["Start-ups mit Zuschlag"] == 1
    assert isinstance(figures["Start-ups beworben"], int)
    projects = list(book["Frage 3"].iter_rows(values_only=True))
    header = projects.index(next(r for r in projects if r[0] == "Projekt"))
    rows = [r for r in projects[header + 1 :] if r[0]]
    assert len(rows) == 1  # projects since 2018: Smart Waste Hunter
    project = dict(zip(projects[header], rows[0], strict=False))
    assert project["Projekt"].startswith("Smart Waste Hunter")
    assert project["ausgeschrieben am"] == datetime(2019, 3, 1) and project["Bewerbungen"] == 1
    assert book["Frage 3"].cell(header + 2, 5).number_format == "DD.MM.YYYY"


def test_the_csv_holds_the_numbers_under_the_numbered_headings(german: ReportDocument) -> None:
    made = exports.export(german, "csv")
    assert made.content.startswith("\ufeff".encode()) and made.media_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(made.content.decode("utf-8-sig"))))
    headings = [r[0] for r in rows if r and re.match(r"\d\. ", r[0])]
    assert [h[0] for h in headings] == ["1", "2", "3", "4", "5", "6"]
    assert ["Start-ups mit Zuschlag", "1"] in rows and ["angenommen", "1"] in rows
    assert any(r[:1] == ["Open Data Portal"] and "2018-04-01" in r for r in rows)  # dates as ISO values


def _funnel(store: Store, day: date) -> dict[str, int]:
    """The funnel of the one programme that tendered a challenge."""
    programmes = queries.council(MANAGER, store, day)["programmes"]
    [programme] = [p for p in programmes if p["funnel"]["challenges"]]
    return dict(programme["funnel"])


def test_the_funnel_of_the_data_hub_programme(store: Store) -> None:
    assert _funnel(store, AS_OF) == FUNNEL | {"accepted": 1, "awarded": 1}
    assert _funnel(store, date(2019, 4, 5))["accepted"] == 0  # shortlisted, not decided yet


FUNNEL = {"challenges": 1, "applications": 1, "shortlisted": 2, "accepted": 0, "awarded": 0}


def test_the_funnel_counts_the_latest_decision_per_startup(tmp_path: Path) -> None:
    """Accepted, then the decision withdrawn: undecided; accepted on the first shortlist, then
    rejected on a later one: rejected."""
    store = Store(str(tmp_path / "store.db"))
    herne = Herne(store)
    herne.programme_launched()
    herne.startups_registered("Einsatzlotse", "Kerbside Ops")
    herne.smart_waste_hunter_drafted()
    herne.smart_waste_hunter_published()
    herne.applied("einsatzlotse")
    refs = ("einsatzlotse", "kerbside-ops")
    herne.shortlisted(herne.candidates(*refs), date(2019, 4, 5))
    herne.accepted("einsatzlotse", "fits")
    herne.accepted("kerbside-ops", "maybe")
    assert _funnel(store, date(2019, 4, 6)) == FUNNEL | {"accepted": 2}
    withdrawn = WithdrawDecision(FIRST_SHORTLIST, "kerbside-ops", "entered by mistake")
    herne.record(withdrawn, When(date(2019, 4, 8)))
    assert _funnel(store, date(2019, 4, 8)) == FUNNEL | {"accepted": 1}
    herne.shortlisted(herne.candidates(*refs), date(2019, 4, 9))
    second = f"{SMART_WASTE_HUNTER}/shortlist-2"
    herne.rejected("einsatzlotse", "changed our mind", shortlist=second, day=date(2019, 4, 10))
    assert _funnel(store, date(2019, 4, 10)) == FUNNEL
    assert _funnel(store, date(2019, 4, 9)) == FUNNEL | {"accepted": 1}  # as it stood the day before
    store.close()


@needs_chromium
def test_the_pdf_shows_the_numbered_report_with_its_numbers_and_funnel(
    store: Store, german: ReportDocument
) -> None:
    made = exports.export(german, "pdf")
    assert made.content.startswith(b"%PDF") and made.filename == "ratsbericht-2021-04-27.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(made.content)).pages)
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    for section in german.sections:
        assert section.heading[:40] in flat, section.heading
    assert "Stand 27.04.2021" in flat
    assert "Start-ups beworben 1" in flat and "Start-ups mit Zuschlag 1" in flat
    assert "Vom Aufruf zum Zuschlag: Data-Hub-Programm" in flat  # the funnel's caption
    assert "offene Daten" in flat
    assert _untranslated(flat, queries.council(MANAGER, store, AS_OF)) == set()
    # the chart over time, as the page draws it: its title and the counts at its lines' ends
    assert german.activity and "Ausschreibungen und Bewerbungen im Zeitverlauf" in flat
    last = german.activity[-1]
    assert f"Ausschreibungen: {last.challenges}" in flat and f"Bewerbungen: {last.applications}" in flat


def test_without_chromium_the_pdf_is_refused_naming_the_browser(
    german: ReportDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHMAKER_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfUnavailable, match="needs Chromium.*no-chromium"):
        exports.export(german, "pdf")


def test_without_chromium_the_web_pages_pdf_link_answers_503_as_the_api_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHMAKER_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with TestClient(create_app(str(tmp_path / "store.db"), KEYS)) as client:
        Herne(Store(str(tmp_path / "store.db"))).small_programme()
        client.post("/ui/login", data={"key": MANAGER_KEY})
        page = client.get("/ui/report/export?format=pdf&as_of=2021-04-27")
        api = client.get("/reports/council/export?format=pdf&as_of=2021-04-27", headers=bearer(MANAGER_KEY))
    assert page.status_code == api.status_code == 503
    assert "Chromium" in page.text and "Chromium" in api.text


def test_the_cli_writes_each_format_whole_and_keeps_an_existing_file(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["--store", store.location, "report", "--as-of", "2021-04-27", *args])
        return result.exit_code, result.output

    out = tmp_path / "bericht.xlsx"
    assert run("--format", "xlsx", "-o", str(out))[0] == 0
    assert load_workbook(out).sheetnames[1] == "Frage 1"
    code, said = run("--format", "xlsx", "-o", str(out))
    assert code == 1 and "already exists" in said and "--force" in said
    assert run("--format", "csv", "-o", str(out.with_suffix(".csv")))[0] == 0
    assert "Frage" not in out.with_suffix(".csv").read_text(encoding="utf-8-sig")  # headings, not sheet names
    code, text = run()
    assert code == 0 and re.findall(r"^(\d)\. ", text, re.M) == ["1", "2", "3", "4", "5", "6"]
    code, said = run("council", "--format", "docx")
    assert code == 1 and "'docx' is not one of" in said
    if CHROMIUM.exists():
        pdf = tmp_path / "bericht.pdf"
        assert run("council", "--format", "pdf", "--lang", "en", "-o", str(pdf))[0] == 0
        assert pdf.read_bytes().startswith(b"%PDF")


def test_the_api_hands_out_the_same_files(store: Store) -> None:
    with TestClient(create_app(store.location, KEYS)) as client:
        path = "/reports/council/export?as_of=2021-04-27"
        xlsx = client.get(f"{path}&format=xlsx", headers=bearer(STARTUP_KEY))  # public, as the answers are
        assert xlsx.status_code == 200 and xlsx.headers["content-type"] == exports.MEDIA_TYPES["xlsx"]
        assert xlsx.headers["content-disposition"] == 'attachment; filename="ratsbericht-2021-04-27.xlsx"'
        figures = [r for r in load_workbook(io.BytesIO(xlsx.content))["Frage 1"].iter_rows(values_only=True)]
        assert ("Start-ups mit Zuschlag", 1) in [r[:2] for r in figures]
        english = client.get(f"{path}&format=csv&lang=en", headers=bearer(MANAGER_KEY))
        assert english.headers["content-type"].startswith("text/csv")
        assert "council-report-2021-04-27.csv" in english.headers["content-disposition"]
        assert "1. How many start-ups have used this offer so far?" in english.content.decode("utf-8-sig")
        assert client.get(f"{path}&format=docx", headers=bearer(MANAGER_KEY)).status_code == 422
        assert client.get(f"{path}&format=csv").status_code == 401


def test_a_control_character_typed_into_a_name_does_not_fail_the_spreadsheet(tmp_path: Path) -> None:
    """Found by schemathesis: a programme named with a control character made openpyxl refuse the
    whole report (HTTP 500). The cell shows U+FFFD where the character was."""
    store = Store(str(tmp_path / "store.db"))
    Herne(store).whole_history()
    launch = LaunchProgramme("Daten\x01Programm", city="Herne", partners=[])
    handle(store, launch, by=MANAGER, when=When(date(2020, 1, 1)))
    made = exports.export(exports.council(MANAGER, store, AS_OF, 2018, "de"), "xlsx")
    book = load_workbook(io.BytesIO(made.content))
    texts = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert any("Daten\ufffdProgramm" in text for text in texts)
    assert not any("\x01" in text for text in texts)
    store.close()
