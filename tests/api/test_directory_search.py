"""The API's directory listing searched, filtered and paged: the small Herne programme and a crowd
of 60 startups (tests/web/conftest.py `crowd`), no model. The matching read model is caught up
once, as a server's warm-up or first shortlist does, so the search uses its lexical index."""

from __future__ import annotations

from typing import Any

import pytest

from services.application.readmodels import read_models
from tests.api.conftest import STARTUP_KEY, Api, refused
from tests.herne import Herne
from tests.web.conftest import crowd


@pytest.fixture
def crowded(api: Api) -> Api:
    Herne(api.store).small_programme()
    crowd(api.store, 60)
    read_models(api.store).runners["matching"].catch_up()
    return api


def listing(api: Api, query: str, key: str | None = None) -> dict[str, Any]:
    response = api.get(f"/startups?{query}", key) if key else api.get(f"/startups?{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_pages_of_25_with_the_total_and_no_startup_twice(crowded: Api) -> None:
    first, last = listing(crowded, ""), listing(crowded, "page=3")
    assert (first["count"], first["page"], first["page_size"], first["pages"]) == (63, 1, 25, 3)
    assert len(first["items"]) == 25 and len(last["items"]) == 13
    every = [s["ref"] for p in (1, 2, 3) for s in listing(crowded, f"page={p}")["items"]]
    assert len(every) == len(set(every)) == 63
    assert listing(crowded, "page=4")["items"] == []  # past the last page: nothing, the total still said
    assert listing(crowded, "page_size=200")["pages"] == 1


def test_search_uses_the_lexical_index_and_finds_words_inside_compounds(crowded: Api) -> None:
    found = listing(crowded, "search=Sperrmüll")
    assert found["matched_by"] == "lexical index"
    refs = [s["ref"] for s in found["items"]]
    # twelve crowd startups name it as a capability; Einsatzlotse only in its description
    assert found["count"] == 13 and "einsatzlotse" in refs
    assert refs[-1] == "einsatzlotse"  # name and capability hits come first
    assert [s["ref"] for s in listing(crowded, "search=Tourenplanun")["items"]] == ["einsatzlotse"]
    assert listing(crowded, "search=Photovoltaik")["items"][0]["ref"] == "solarfuchs"
    assert listing(crowded, "search=Quantencomputer")["count"] == 0


def test_filters_combine_with_the_search(crowded: Api) -> None:
    ruhr = listing(crowded, "region=Ruhrgebiet&page_size=200")["items"]
    assert ruhr and all(s["profile"]["city"] in ("Herne", "Bochum") for s in ruhr)
    german_seed = listing(crowded, "language=de&stage=seed&page_size=200")["items"]
    assert german_seed and all(
        "de" in s["profile"]["languages"] and s["profile"]["stage"] == "seed" for s in german_seed
    )
    waste_in_ruhr = listing(crowded, "search=Sperrmüll&sector=waste&region=Ruhrgebiet")
    assert {s["profile"]["city"] for s in waste_in_ruhr["items"]} <= {"Herne", "Bochum"}
    assert waste_in_ruhr["count"] == 5  # Einsatzlotse (Bochum) and four crowd startups


def test_a_startup_searches_without_seeing_others_contacts(crowded: Api) -> None:
    found = listing(crowded, "search=Photovoltaik", STARTUP_KEY)["items"]
    assert found[0]["ref"] == "solarfuchs" and "contact_name" not in found[0]["profile"]


def test_malformed_parameters_are_refused_and_write_nothing(crowded: Api) -> None:
    before = crowded.events()
    for query, field in (
        ("page=0", "page"),
        ("page_size=201", "page_size"),
        ("sector=nope", "sector"),
        ("region=Mars", "region"),
        ("language=deutsch", "language"),
        ("search=" + "x" * 201, "search"),
    ):
        error = refused(crowded, crowded.get(f"/startups?{query}"), 422, before)
        assert error["loc"][-1] == field, (query, error)
