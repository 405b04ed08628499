"""The directory's search, filters and pages, in the application layer's query and on the pages
(the board's search and pages too): the small Herne programme and a crowd of 60 startups, no
model, no browser (tests/web/test_browser.py drives them in Chromium)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from domain import When
from services.application.commands import DraftChallenge
from services.application.queries import board, directory
from services.application.readmodels import read_models
from services.infrastructure.store import Store
from tests.conftest import MANAGER
from tests.herne import Herne, challenge_details
from tests.web.conftest import Browser, crowd

BUILDING = "directory search: building the index"


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    store = Store(str(tmp_path / "store.db"))
    Herne(store).small_programme()
    crowd(store, 60)
    yield store
    store.close()


def refs(found: directory.Found) -> list[str]:
    return [e["ref"] for e in found.items]


def test_without_an_index_the_text_is_matched_in_names_and_capabilities_and_nothing_is_built(
    store: Store,
) -> None:
    runner = read_models(store).runners["matching"]
    found = directory.find(MANAGER, store, directory.Search(text="tourenplanung"))
    assert found.matched_by == directory.NAMES and refs(found) == ["einsatzlotse"]
    # a word only in Einsatzlotse's description is not found that way
    assert directory.find(MANAGER, store, directory.Search(text="entsorger")).total == 0
    assert runner.position() == 0  # a command's search does not build the index


def test_a_server_search_builds_the_index_once_on_a_thread_then_uses_it(store: Store) -> None:
    runner = read_models(store).runners["matching"]
    first = directory.find(MANAGER, store, directory.Search(text="entsorger"), build=True)
    assert first.matched_by == directory.NAMES
    store.attached(BUILDING, lambda: pytest.fail("no thread was started")).join(timeout=60)
    assert runner.position() > 0
    kept = runner.model().index
    second = directory.find(MANAGER, store, directory.Search(text="entsorger"), build=True)
    assert second.matched_by == directory.INDEX and refs(second) == ["einsatzlotse"]
    directory.find(MANAGER, store, directory.Search(text="Sperrmüll"))
    assert runner.model().index is kept  # the kept index, not a new one per search


def test_the_index_search_finds_compounds_and_ranks_name_and_capability_hits_first(store: Store) -> None:
    read_models(store).runners["matching"].catch_up()
    found = directory.find(MANAGER, store, directory.Search(text="Sperrmüll", page_size=50))
    assert found.matched_by == directory.INDEX and found.total == 13
    assert refs(found)[-1] == "einsatzlotse"  # only its description says Sperrmüll
    assert refs(directory.find(MANAGER, store, directory.Search(text="drinking water")))[:1] == ["crowd-04"]
    assert directory.find(MANAGER, store, directory.Search(text="Quantencomputer")).total == 0


def test_a_word_is_found_inside_a_compound_not_by_sharing_its_ending(store: Store) -> None:
    Herne(store).startup_registered("Flutplan", description="Maßnahmenplanung für Starkregen.")
    Herne(store).startup_registered("Abfuhrwerk", description="Müllabfuhr mit Elektrofahrzeugen.")
    read_models(store).runners["matching"].catch_up()
    assert refs(directory.find(MANAGER, store, directory.Search(text="Tourenplanung"))) == ["einsatzlotse"]
    assert "abfuhrwerk" in refs(directory.find(MANAGER, store, directory.Search(text="Müll", page_size=50)))
    assert refs(directory.find(MANAGER, store, directory.Search(text="Maßnahmenplanung"))) == ["flutplan"]


def test_filters_and_pages(store: Store) -> None:
    everyone = directory.find(MANAGER, store, directory.Search())
    assert (everyone.total, everyone.pages, len(everyone.items)) == (63, 3, 25)
    assert refs(everyone)[:3] == ["crowd-01", "crowd-02", "crowd-03"]  # by name
    ruhr = directory.find(MANAGER, store, directory.Search(region="Ruhrgebiet", page_size=200))
    assert ruhr.total == 21 and {e["profile"]["city"] for e in ruhr.items} == {"Herne", "Bochum"}
    nrw = directory.find(MANAGER, store, directory.Search(region="NRW", page_size=200))
    assert nrw.total == 31  # regions nest: Köln is in NRW, and so is the Ruhr
    energy_seed = directory.find(MANAGER, store, directory.Search(sector="energy", stage="seed"))
    assert all(e["profile"]["sectors"] == ["energy"] for e in energy_seed.items)
    assert all(e["profile"]["stage"] == "seed" for e in energy_seed.items)
    dutch = directory.find(MANAGER, store, directory.Search(language="nl", page_size=200))
    assert refs(dutch) == ["kerbside-ops"]


@pytest.mark.parametrize(
    ("asked", "field"),
    [
        (directory.Search(page=0), "page"),
        (directory.Search(page_size=0), "page_size"),
        (directory.Search(sector="space"), "sector"),
        (directory.Search(stage="unicorn"), "stage"),
        (directory.Search(region="Mars"), "region"),
        (directory.Search(language="deutsch"), "language"),
        (directory.Search(text="x" * 201), "search"),
    ],
)
def test_a_malformed_search_is_refused_naming_its_field(
    store: Store, asked: directory.Search, field: str
) -> None:
    with pytest.raises(Exception, match=r".") as refused:
        directory.find(MANAGER, store, asked)
    assert getattr(refused.value, "field", None) == field


def test_the_board_searches_titles_and_texts_and_pages(store: Store) -> None:
    Herne(store).record(
        DraftChallenge(
            challenge_details(
                title="Hitzeschutz",
                owner="Stadt Herne",
                description="Verschattung und Kühlung von Schulhöfen.",
                required_capabilities=["Fassadenbegrünung"],
                datasets_offered=["Hitzekarte"],
            )
        ),
        When(date(2019, 6, 1)),
    )

    def found(text: str) -> list[str]:
        return [r["ref"] for r in board.find(MANAGER, store, text=text).items]

    assert found("Smart Waste Hunter") == ["smart-waste-hunter"]  # the title
    assert found("plattform stadtwerke") == ["smart-energy-plattform"]  # each word somewhere
    # words of the description, the capabilities asked for and the data offered, umlauts either way
    assert found("Schulhoefen") == found("begrünung") == found("Hitzekarte") == ["hitzeschutz"]
    assert found("Quanten") == []
    second = board.find(MANAGER, store, page=2, page_size=2)
    assert (second.total, second.pages, len(second.items)) == (3, 2, 1)


# The pages ---------------------------------------------------------------------------------------


@pytest.fixture
def crowded(web: Browser) -> Browser:
    crowd(web.store, 60)
    read_models(web.store).runners["matching"].catch_up()
    return web.login()


def rows(html: str) -> list[str]:
    return re.findall(r'<td data-label="[^"]*"><a href="/ui/startups/([^"]+)"', html)


def test_the_directory_page_shows_25_a_page_with_links_that_keep_the_search(crowded: Browser) -> None:
    page = crowded.get("/ui/startups?region=Ruhrgebiet&page_size=5").text
    assert len(rows(page)) == 5 and "1–5 von 21" in page and "Seite 1 von 5" in page
    assert 'href="/ui/startups?region=Ruhrgebiet&amp;page_size=5&amp;page=2"' in page
    assert 'Start-ups <span class="count">(21)</span>' in page
    first = crowded.get("/ui/startups").text
    assert len(rows(first)) == 25 and "Seite 1 von 3" in first


def test_the_directory_page_searches_in_german_and_says_how(crowded: Browser) -> None:
    page = crowded.get("/ui/startups?search=Sperrm%C3%BCll&sector=waste").text
    assert 'data-matched-by="index"' in page and "gesucht im lexikalischen Index" in page
    assert rows(page)[-1] == "einsatzlotse" and len(rows(page)) == 13
    assert "Abfall &amp; Kreislaufwirtschaft" in page and ">waste<" not in page  # sectors in German
    assert 'value="Sperrmüll"' in page  # the form keeps what was asked


def test_a_malformed_filter_is_shown_next_to_its_field(crowded: Browser) -> None:
    response = crowded.get("/ui/startups?page=zwei")
    assert response.status_code == 422
    assert re.search(r'data-field="page"[^>]*>[^<]*ist keine ganze Zahl', response.text)


def test_the_board_page_searches_and_pages(crowded: Browser) -> None:
    found = crowded.get("/ui/challenges?search=Hunter").text
    assert "Smart Waste Hunter" in found and "Smart Energy" not in found
    paged = crowded.get("/ui/challenges?page_size=1&page=2").text
    assert "Seite 2 von 2" in paged and 'rel="prev"' in paged and "data-label" in paged
