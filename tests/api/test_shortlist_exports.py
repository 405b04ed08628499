"""The HTTP API's shortlist export and decision view: media types and file names, the files read
back (csv, openpyxl), who may have them (a startup: neither), and the decision view's latest
decision and history (fast: the small Herne programme, no model)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from services.application.commands import WithdrawDecision
from tests.api.conftest import AUDITOR_KEY, OTHER_STARTUP_KEY, STARTUP_KEY, Api
from tests.conftest import on
from tests.herne import SMART_WASTE_HUNTER, Herne

EXPORT = f"/challenges/{SMART_WASTE_HUNTER}/shortlists/1/export"
DECISIONS = f"/challenges/{SMART_WASTE_HUNTER}/decisions"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def decided(api: Api) -> Api:
    """Shortlist 1 ranked with reasons: Einsatzlotse accepted, Kerbside Ops rejected then that
    rejection withdrawn; shortlist 2 rejects Einsatzlotse later."""
    herne = Herne(api.store).small_programme()
    herne.shortlist_ranked_with_reasons(day=date(2019, 3, 12))
    herne.accepted("einsatzlotse", "passt", day=date(2019, 3, 20))
    herne.rejected("kerbside-ops", "zu früh", day=date(2019, 3, 20))
    herne.record(
        WithdrawDecision(f"{SMART_WASTE_HUNTER}/shortlist-1", "kerbside-ops", "Irrtum"), on(2019, 3, 21)
    )
    herne.shortlisted(herne.candidates("einsatzlotse"), date(2019, 4, 1))
    herne.rejected(
        "einsatzlotse", "Budget", shortlist=f"{SMART_WASTE_HUNTER}/shortlist-2", day=date(2019, 4, 2)
    )
    return api


def test_the_spreadsheet_comes_with_its_media_type_and_name_and_holds_the_candidates(decided: Api) -> None:
    answer = decided.get(EXPORT, params={"format": "xlsx"}, key=AUDITOR_KEY)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == XLSX
    assert (
        answer.headers["content-disposition"] == 'attachment; filename="smart-waste-hunter-shortlist-1.xlsx"'
    )
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    found = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert found["einsatzlotse"]["decision"] == "accepted" and found["einsatzlotse"][
        "score"
    ] == pytest.approx(4.0)
    assert found["kerbside-ops"]["decision"] is None  # withdrawn: undecided again


def test_the_spreadsheet_speaks_german_when_asked(decided: Api) -> None:
    answer = decided.get(EXPORT, params={"format": "xlsx", "lang": "de"})
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rang", "Referenz", "Name")
    assert dict(zip(rows[0], rows[1], strict=True))["Entscheidung"] == "angenommen"


def test_the_csv_is_the_default(decided: Api) -> None:
    answer = decided.get(EXPORT)
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].endswith('shortlist-1.csv"')
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [(r["startup"], r["name"], r["decision"]) for r in rows] == [
        ("einsatzlotse", "Einsatzlotse", "accepted"),
        ("kerbside-ops", "Kerbside Ops", ""),
        ("solarfuchs", "Solarfuchs", ""),
    ]


def test_startups_export_nothing_and_bad_requests_are_named(decided: Api) -> None:
    for key in (STARTUP_KEY, OTHER_STARTUP_KEY):
        assert decided.get(EXPORT, params={"format": "xlsx"}, key=key).status_code == 403
        assert decided.get(DECISIONS, key=key).status_code == 403
    assert decided.get(EXPORT, key=None).status_code == 401
    wrong = decided.get(EXPORT, params={"format": "pdf"})
    assert wrong.status_code == 422 and "format" in wrong.text
    assert decided.get(f"/challenges/{SMART_WASTE_HUNTER}/shortlists/9/export").status_code == 404


def test_the_decision_view_gives_the_latest_decision_and_the_history(decided: Api) -> None:
    answer = decided.get(DECISIONS, key=AUDITOR_KEY)
    assert answer.status_code == 200, answer.text
    view = answer.json()
    rows = {r["startup"]: r for r in view["startups"]}
    einsatzlotse = rows["startup/einsatzlotse"]
    assert einsatzlotse["current"]["verdict"] == "rejected" and einsatzlotse["current"]["number"] == 2
    assert [(h["number"], h["verdict"]) for h in einsatzlotse["history"]] == [
        (1, "accepted"),
        (2, "rejected"),
    ]
    kerbside = rows["startup/kerbside-ops"]
    assert kerbside["current"] is None
    assert [h["verdict"] for h in kerbside["history"]] == ["rejected", "withdrawn"]
    assert decided.get("/challenges/no-such-challenge/decisions").status_code == 404
