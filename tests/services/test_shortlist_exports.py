"""A shortlist as CSV and XLSX: the files are read back (csv, openpyxl) and hold the candidates'
refs, names, scores and decisions, typed as the council's staff expect (fast: the small Herne
programme with a shortlist ranked with reasons, no model)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest
from openpyxl import load_workbook

from domain import Actor
from services.application.exports import shortlist as exports
from services.errors import AccessDenied, NotFound
from services.infrastructure.store import Store
from tests.conftest import AUDITOR, MANAGER
from tests.herne import BEST_SENTENCE, SMART_WASTE_HUNTER, Herne

EINSATZLOTSE = Actor("Eva Einsatz", "startup", acts_for="einsatzlotse")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(str(tmp_path_factory.mktemp("exports") / "store.db"))
    herne = Herne(store).small_programme()
    herne.shortlist_ranked_with_reasons(day=date(2019, 3, 12))
    herne.accepted("einsatzlotse", "passt genau", day=date(2019, 3, 20))
    herne.rejected("solarfuchs", "Energie, nicht Abfall", day=date(2019, 3, 21))
    yield store
    store.close()


def test_the_spreadsheet_holds_the_candidates_as_numbers_and_dates(store: Store) -> None:
    made = exports.export(MANAGER, store, SMART_WASTE_HUNTER, 1, "xlsx")
    assert made.filename == "smart-waste-hunter-shortlist-1.xlsx"
    assert made.media_type == exports.MEDIA_TYPES["xlsx"]
    sheet = load_workbook(io.BytesIO(made.content)).active
    assert sheet.title == "shortlist-1" and sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("rank", "startup", "name")
    assert header[-5:] == ("score", "reasons", "decision", "decided_on", "reason")
    assert {"dense", "lexical", "capabilities"} <= set(header)
    by_ref = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert list(by_ref) == ["einsatzlotse", "kerbside-ops", "solarfuchs"]
    einsatzlotse = by_ref["einsatzlotse"]
    assert einsatzlotse["name"] == "Einsatzlotse" and einsatzlotse["rank"] == 1
    assert einsatzlotse["score"] == pytest.approx(4.0) and einsatzlotse["lexical"] == pytest.approx(3.9)
    assert einsatzlotse["decision"] == "accepted" and einsatzlotse["reason"] == "passt genau"
    assert einsatzlotse["decided_on"].date() == date(2019, 3, 20)  # a date cell, not text
    reasons = einsatzlotse["reasons"]
    assert BEST_SENTENCE in reasons and "Tourenplanung ≈ Tourenplanung" in reasons
    assert by_ref["solarfuchs"]["decision"] == "rejected"
    assert by_ref["kerbside-ops"]["decision"] is None and by_ref["kerbside-ops"]["decided_on"] is None
    score_column = header.index("score") + 1
    assert sheet.cell(2, score_column).number_format == "0.000"
    assert sheet.column_dimensions["C"].width >= len("Kerbside Ops")
    assert sheet["A1"].font.bold


def test_the_csv_reads_back_with_the_same_rows_and_words_for_the_header(store: Store) -> None:
    german = {
        "export_startup": "Referenz",
        "score": "Punktzahl",
        "component_dense": "Bedeutung",
        "export_decision": "Entscheidung",
        "verdict_accepted": "angenommen",
    }
    made = exports.export(
        AUDITOR, store, SMART_WASTE_HUNTER, format="csv", words=lambda key: german.get(key, key)
    )  # no number: the latest shortlist
    assert made.media_type.startswith("text/csv") and made.filename.endswith("shortlist-1.csv")
    text = made.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Referenz"] for r in rows] == ["einsatzlotse", "kerbside-ops", "solarfuchs"]
    assert [float(r["Punktzahl"]) for r in rows] == pytest.approx([4.0, 2.0, 1.333])
    assert rows[0]["export_decided_on"] == "2019-03-20" and rows[2]["reason"] == "Energie, nicht Abfall"
    assert rows[0]["Entscheidung"] == "angenommen" and float(rows[0]["Bedeutung"]) == pytest.approx(2.6)


def test_a_startup_exports_no_shortlist_and_an_unknown_one_is_named(store: Store) -> None:
    with pytest.raises(AccessDenied):
        exports.export(EINSATZLOTSE, store, SMART_WASTE_HUNTER, 1, "xlsx")
    with pytest.raises(NotFound):
        exports.export(MANAGER, store, "smart-energy-plattform", None, "csv")
    with pytest.raises(NotFound):
        exports.export(MANAGER, store, SMART_WASTE_HUNTER, 7, "csv")
