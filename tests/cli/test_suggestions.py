""" "Did you mean …": an unknown reference gets the closest three items the reader may see, found by
reference or name, umlauts spelt either way; from the command line and in the API's 404 detail.
Refusals name a startup by its reference and name, never by its id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from domain import Actor
from services.application.suggestions import closest, did_you_mean, suggestions
from services.entrypoints.http import create_app
from services.infrastructure.store import Store
from tests.api.conftest import KEYS, MANAGER_KEY, STARTUP_KEY, bearer
from tests.cli.test_references import LONG_REF, herne_store, invoke  # noqa: F401  (the fixture)

MANAGER = Actor("Petra Programm", "manager")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

ITEMS = [
    ("startup", "hausgespraech", "Hausgespräch"),
    ("startup", "einsatzlotse", "Einsatzlotse"),
    ("startup", "kerbside-ops", "Kerbside Ops"),
    ("startup", "strassenfeger", "Straßenfeger"),
    ("challenge", "smart-waste-hunter", "Smart Waste Hunter: Intelligente Sperrmüllprozesse"),
]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hausgesprach", "hausgespraech"),  # the umlaut left out
        ("Hausgespräch", "hausgespraech"),  # the name as written
        ("hausgespräch", "hausgespraech"),
        ("Strassenfeger", "strassenfeger"),  # ß spelt ss
        ("strasenfeger", "strassenfeger"),
        ("Einsatz Lotse", "einsatzlotse"),  # a name, spaced
        ("einsatzlotze", "einsatzlotse"),  # a typo
        ("startup/kerbside", "kerbside-ops"),  # kind-prefixed, cut short
        ("Sperrmüll", "smart-waste-hunter"),  # a word of the title
    ],
)
def test_the_closest_item_comes_first(typed: str, meant: str) -> None:
    found = closest(typed, ITEMS)
    assert found and found[0].ref == meant, found


def test_at_most_three_and_nothing_for_what_is_like_nothing() -> None:
    assert len(closest("s", ITEMS * 3)) <= 3
    assert closest("zzzzqqq", ITEMS) == []
    assert closest("", ITEMS) == []


def test_what_a_person_reads_names_ref_and_name() -> None:
    assert did_you_mean(closest("hausgesprach", ITEMS)) == "did you mean hausgespraech (Hausgespräch)?"
    assert did_you_mean([]) == ""


def test_suggestions_come_from_what_the_reader_may_see(herne_store: Path) -> None:  # noqa: F811
    store = Store(str(herne_store))
    try:
        assert [s.ref for s in suggestions(MANAGER, store, "startup", "hausgesprach")][:1] == [
            "hausgespraech"
        ]
        drafts = suggestions(MANAGER, store, "challenge", "smart-energy")
        assert {LONG_REF, "smart-energy-plattform"} <= {s.ref for s in drafts}
        startup = Actor("Eva Einsatz", "startup", acts_for="einsatzlotse")
        assert not {LONG_REF, "smart-energy-plattform"} & {
            s.ref for s in suggestions(startup, store, "challenge", "smart-energy")
        }  # drafts are the city's internal work
    finally:
        store.close()


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ["startup", "revise", "hausgesprach", "--city", "Herne"],
            "did you mean hausgespraech (Hausgespräch)?",
        ),
        (["history", "startup/kerbsid"], "did you mean kerbside-ops (Kerbside Ops)?"),
        (["challenge", "publish", "smart-wast-hunter", "--deadline", "2099-01-01"], "smart-waste-hunter ("),
        (
            ["accept", "smart-waste-hunter/shortlist-9", "einsatzlotse"],
            "did you mean smart-waste-hunter/shortlist-1, smart-waste-hunter/shortlist-2?",
        ),
    ],
)
def test_the_command_line_suggests(herne_store: Path, command: list[str], said: str) -> None:  # noqa: F811
    code, output = invoke(herne_store, *command)
    assert code == 3, output
    assert said in " ".join(output.split()), output


def test_nothing_suggested_when_nothing_is_close(herne_store: Path) -> None:  # noqa: F811
    code, output = invoke(herne_store, "history", "qqqqzzzz")
    assert code == 3 and "nothing is known as 'qqqqzzzz'" in output and "did you mean" not in output


def test_a_refusal_names_a_startup_by_ref_and_name_never_by_id(herne_store: Path) -> None:  # noqa: F811
    code, output = invoke(herne_store, "accept", "smart-waste-hunter/shortlist-1", "solarfuchs")
    assert code == 1
    assert (
        "startup solarfuchs (Solarfuchs) is not a candidate on shortlist smart-waste-hunter/shortlist-1"
        in (" ".join(output.split()))
    )
    code, output = invoke(
        herne_store, "withdraw-decision", "smart-waste-hunter/shortlist-1", "kerbside-ops", "--reason", "x"
    )
    assert code == 1 and "no decision on startup kerbside-ops (Kerbside Ops) stands" in " ".join(
        output.split()
    )
    assert not UUID.search(output)


@pytest.fixture(scope="module")
def api(herne_store: Path) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(str(herne_store), KEYS)) as client:
        yield client


def test_the_api_suggests_in_its_404_detail(api: TestClient) -> None:
    response = api.get("/startups/hausgesprach", headers=bearer(MANAGER_KEY))
    assert response.status_code == 404
    (item,) = response.json()["detail"]
    assert item["type"] == "not_found" and "hausgesprach" in item["msg"]
    assert item["suggestions"][0] == {"kind": "startup", "ref": "hausgespraech", "name": "Hausgespräch"}
    nothing = api.get("/startups/qqqqzzzz", headers=bearer(MANAGER_KEY)).json()["detail"][0]
    assert "suggestions" not in nothing


def test_the_api_suggests_only_what_the_role_may_see(api: TestClient) -> None:
    response = api.get("/challenges/smart-energy", headers=bearer(STARTUP_KEY))
    assert response.status_code == 404
    refs = {s["ref"] for s in response.json()["detail"][0].get("suggestions", [])}
    assert not refs & {LONG_REF, "smart-energy-plattform"}


def test_a_startup_picked_twice_is_named_not_numbered(herne_store: Path) -> None:  # noqa: F811
    code, output = invoke(
        herne_store, "shortlist", "smart-waste-hunter", "--pick", "solarfuchs", "--pick", "Solarfuchs"
    )
    assert code == 1 and "solarfuchs (Solarfuchs) picked more than once" in output
    assert not UUID.search(output)
