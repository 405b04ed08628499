"""`matchmaker startup list` searched, filtered and paged as the page and the API are (the same
application-layer query): the small Herne programme and a crowd of 60 startups, no model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.application.readmodels import read_models
from services.infrastructure.store import Store
from tests.cli.test_references import invoke
from tests.herne import Herne
from tests.web.conftest import crowd


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("directory") / "store.db"
    store = Store(str(path))
    Herne(store).small_programme()
    crowd(store, 60)
    store.close()
    return path


def refs(store: Path, *args: str) -> list[str]:
    code, printed = invoke(store, "startup", "list", *args, "--format", "json")
    assert code == 0, printed
    return [item["ref"] for item in json.loads(printed)]


def test_pages_of_25_and_the_line_that_says_which(crowded: Path) -> None:
    assert len(refs(crowded)) == 25 and len(refs(crowded, "--page", "3")) == 13
    code, printed = invoke(crowded, "startup", "list", "--page", "2")
    assert code == 0 and "26–50 of 63 · page 2 of 3" in printed


def test_search_and_filters_before_and_after_the_index_is_built(crowded: Path) -> None:
    code, printed = invoke(crowded, "startup", "list", "--search", "entsorger")
    assert code == 0 and "none of 0" in printed and "no lexical index yet" in printed
    assert refs(crowded, "--search", "tourenplanung") == ["einsatzlotse"]  # its capability
    store = Store(str(crowded))
    read_models(store).runners["matching"].catch_up()  # as `project rebuild matching` or a shortlist
    store.close()
    code, printed = invoke(crowded, "startup", "list", "--search", "entsorger")
    assert code == 0 and "searched in the lexical index" in printed and "einsatzlotse" in printed
    ruhr_waste = refs(crowded, "--search", "Sperrmüll", "--region", "Ruhrgebiet", "--language", "de")
    assert ruhr_waste and "einsatzlotse" in ruhr_waste and len(ruhr_waste) < 13


def test_an_unknown_stage_is_refused_naming_the_stages(crowded: Path) -> None:
    code, printed = invoke(crowded, "startup", "list", "--stage", "unicorn")
    assert code != 0 and "idea, pre-seed, seed, series-a, growth" in printed
