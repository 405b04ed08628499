"""References are what a manager types next: every listing shows them whole, at 80 and at 120
columns, names wrap instead; a shortlist shows each startup's reference beside its name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.application.commands import DraftChallenge
from services.entrypoints.cli.main import app
from services.infrastructure.store import Store
from tests.conftest import on
from tests.herne import DATA_HUB, SMART_WASTE_HUNTER, Herne

runner = CliRunner()

#: A challenge whose reference is long: it must never be cut at 80 columns.
LONG_TITLE = "Smart Energy Monitoring for municipal buildings"
LONG_REF = "smart-energy-monitoring-for-municipal-buildings"  # as long as references get


def invoke(store: Path, *args: str, columns: int = 200) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["--store", str(store), "--actor", "Test Manager", "--role", "manager", *args],
        env={"COLUMNS": str(columns), "MATCHMAKER_ON": ""},
    )
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def herne_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small programme with Hausgespräch registered, a long-titled challenge drafted, and
    shortlist 2 of Smart Waste Hunter picked by hand with Hausgespräch on it (no model involved)."""
    path = tmp_path_factory.mktemp("references") / "store.db"
    store = Store(str(path))
    herne = Herne(store).small_programme_shortlisted()
    herne.startup_registered("Hausgespräch", date(2019, 1, 5), city="Herne", sectors=["buildings"])
    details = {"title": LONG_TITLE, "owner": "HGW Herne", "sector": "buildings", "description": "Heizung."}
    drafted = herne.record(DraftChallenge(details, DATA_HUB), on(2019, 2, 3))
    assert drafted.ref == LONG_REF
    herne.shortlist_picked_by_hand("hausgespraech", "einsatzlotse", day=date(2019, 3, 13))
    store.close()
    return path


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(
    ("listing", "refs"),
    [
        (["challenge", "list"], [LONG_REF, SMART_WASTE_HUNTER, "smart-energy-plattform"]),
        (["startup", "list"], ["hausgespraech", "einsatzlotse", "kerbside-ops", "solarfuchs"]),
        (["programme", "list"], [DATA_HUB]),
        (["workshop", "list"], ["gebaeude-und-wohnungswirtschaft"]),
        (["application", "list"], [f"{SMART_WASTE_HUNTER}/einsatzlotse"]),
        (["shortlists"], [f"{SMART_WASTE_HUNTER}/shortlist-1", f"{SMART_WASTE_HUNTER}/shortlist-2"]),
    ],
)
def test_every_listing_shows_whole_references(
    herne_store: Path, listing: list[str], refs: list[str], columns: int
) -> None:
    code, output = invoke(herne_store, *listing, columns=columns)
    assert code == 0, output
    assert "…" not in "".join(line.split("│")[1] for line in output.splitlines() if line.startswith("│"))
    for ref in refs:
        assert ref in output, f"{ref} cut at {columns} columns:\n{output}"
    assert all(len(line) <= columns for line in output.splitlines()), output


def test_names_wrap_and_left_out_columns_are_said(herne_store: Path) -> None:
    code, output = invoke(herne_store, "challenge", "list", columns=80)
    assert code == 0
    assert LONG_REF in output and "Smart Energy" in output  # the title wraps beside it
    assert "not shown at this width:" in output and "--format csv" in output
    code, wide = invoke(herne_store, "challenge", "list", columns=250)
    assert "not shown at this width" not in wide and "HGW Herne" in wide


@pytest.mark.parametrize("columns", [80, 120])
def test_a_shortlist_shows_each_startups_reference_beside_its_name(herne_store: Path, columns: int) -> None:
    output = _rendered_shortlist(herne_store, columns)
    assert "Hausgespräch" in output and "hausgespraech" in output
    assert "Einsatzlotse" in output and "einsatzlotse" in output


def _rendered_shortlist(path: Path, columns: int) -> str:
    """The shortlist's table as `matchmaker shortlist` prints it after recording (and the demo)."""
    from rich.console import Console

    from domain import Actor, Shortlist
    from services.entrypoints.cli import options
    from services.entrypoints.cli.shortlists import shortlist_table

    console = Console(width=columns, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    session = options.Session(str(path), Actor("Test Manager", "manager"))
    token = options._session.set(session)
    try:
        console.print(shortlist_table(session.store.find(Shortlist, f"{SMART_WASTE_HUNTER}/shortlist-2")))
    finally:
        options._session.reset(token)
        session.close()
    return console.export_text()
