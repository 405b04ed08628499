"""Every listing prints as a table, JSON (as the HTTP API answers; `--json` is `--format json`) or
CSV (every column, in full, for a spreadsheet)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_references import LONG_REF, herne_store, invoke  # noqa: F401  (the fixture)

LISTINGS = [
    ["challenge", "list"],
    ["startup", "list"],
    ["programme", "list"],
    ["workshop", "list"],
    ["application", "list"],
    ["shortlists"],
]


@pytest.mark.parametrize("listing", LISTINGS)
def test_json_is_the_same_as_the_json_flag(herne_store: Path, listing: list[str]) -> None:  # noqa: F811
    code, formatted = invoke(herne_store, *listing, "--format", "json")
    assert code == 0, formatted
    code, flagged = invoke(herne_store, *listing, "--json")
    assert code == 0, flagged
    assert json.loads(formatted) == json.loads(flagged) and json.loads(formatted)


@pytest.mark.parametrize("listing", LISTINGS)
def test_csv_has_a_header_and_a_row_per_item_with_whole_refs(herne_store: Path, listing: list[str]) -> None:  # noqa: F811
    code, printed = invoke(herne_store, *listing, "--format", "csv", columns=40)
    assert code == 0, printed
    rows = list(csv.DictReader(io.StringIO(printed)))
    items = json.loads(invoke(herne_store, *listing, "--json")[1])
    assert len(rows) == len(items)
    assert [r["ref"] for r in rows] == [i["ref"] for i in items]  # whole, whatever the width


def test_csv_of_the_board_keeps_every_column_and_the_umlauts(herne_store: Path) -> None:  # noqa: F811
    code, printed = invoke(herne_store, "challenge", "list", "--format", "csv", columns=40)
    assert code == 0
    rows = {r["ref"]: r for r in csv.DictReader(io.StringIO(printed))}
    assert rows["smart-waste-hunter"]["title"] == "Smart Waste Hunter: Intelligente Sperrmüllprozesse"
    assert rows["smart-waste-hunter"]["owner"] == "entsorgung herne AöR"
    assert rows[LONG_REF]["status"] == "draft"
    assert list(rows[LONG_REF]) == [
        "ref",
        "title",
        "status",
        "deadline",
        "applied",
        "shortlisted",
        "accepted",
        "awarded",
        "owner",
        "programme",
    ]


def test_a_list_value_is_joined_in_csv(herne_store: Path) -> None:  # noqa: F811
    code, printed = invoke(herne_store, "programme", "list", "--format", "csv")
    assert code == 0
    (programme,) = csv.DictReader(io.StringIO(printed))
    assert programme["partners"] == "Gründerallianz Ruhr" and programme["ref"] == "data-hub-programm"


def test_an_unknown_format_is_a_usage_error(herne_store: Path) -> None:  # noqa: F811
    code, output = invoke(herne_store, "challenge", "list", "--format", "xml")
    assert code == 2 and "xml" in output
