"""Finding startups in the directory: search text, filters, pages.

The text is matched with the matcher's own lexical index (character 4-grams within words, BM25;
matching/lexical.py) as the matching read model keeps it for the shortlists: a search catches it
up with the events since it last read (none, mostly) and scores the query against it, so no
request indexes the pool again. A startup is found when its name, reference or a capability
contains every word of the query, or when its profile holds all of the query's grams but a
quarter (`missing`): "Sperrmüll" finds "Sperrmüllabholung", "Müll" finds "Müllabfuhr" and
"Tourenplanun" still finds "Tourenplanung", but "Tourenplanung" does not find "Maßnahmenplanung".
Found startups come name and capability hits first, then by BM25; without a text, by name.

Until the matching read model has been built (a new store before its first shortlist), building it
is not a search's job: the text is then matched against names, references and capabilities only,
and the answer says so (`matched_by`). A server asks for it to be built on a thread meanwhile
(`build=True`), so that its later searches use it; a command that exits does not.

Filters are exact: sector (any of a startup's), stage, region (a city in the region, regions
nesting as the shortlist filter reads them) and working language.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from domain.errors import InvalidValue
from domain.values import Region, Sector, Stage, choice, language
from services.infrastructure.store import Store

PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
MAX_TEXT = 200
#: How many of the query's 4-grams a profile may lack and still be found by the index: a quarter,
#: at least one. Asked for "Sperrmüll" (8 grams), a profile saying "Sperrmüllabholung" lacks one
#: ("üll "); asked for "Tourenplanung" (12), one saying "Maßnahmenplanung" lacks five.
MISSING = 0.25
INDEX = "lexical index"
NAMES = "names and capabilities"


@dataclass(frozen=True)
class Search:
    """What a reader asks of the directory; every part optional, page 1 of 25 by default."""

    text: str = ""
    sector: str | None = None
    stage: str | None = None
    region: str | None = None
    language: str | None = None
    page: int = 1
    page_size: int = PAGE_SIZE

    def checked(self) -> Search:
        """The same search with its values checked (an unknown sector is refused, naming the
        allowed ones) and blanks as None."""
        text = (self.text or "").strip()
        if len(text) > MAX_TEXT:
            raise InvalidValue("search", f"is {len(text)} characters long, at most {MAX_TEXT} allowed")
        if self.page < 1:
            raise InvalidValue("page", f"{self.page} is not a page: pages start at 1")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidValue("page_size", f"{self.page_size} is outside 1..{MAX_PAGE_SIZE}")

        def blank(value: str | None) -> str | None:
            return value.strip() if value and value.strip() else None

        sector, stage, region = blank(self.sector), blank(self.stage), blank(self.region)
        spoken = blank(self.language)
        return replace(
            self,
            text=text,
            sector=choice("sector", sector, Sector).value if sector else None,
            stage=choice("stage", stage, Stage).value if stage else None,
            region=choice("region", region, Region).value if region else None,
            language=language("language", spoken) if spoken else None,
        )


@dataclass(frozen=True)
class Found:
    """One page of what a search found, how many in all, and how its text was matched (None
    without text)."""

    items: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    matched_by: str | None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    def as_record(self) -> dict[str, Any]:
        return {
            "count": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "pages": self.pages,
            "matched_by": self.matched_by,
            "items": self.items,
        }


def searched(
    store: Store,
    entries: Iterable[dict[str, Any]],
    asked: Search,
    seen: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    build: bool = False,
) -> Found:
    """The page of `entries` (directory rows) that `asked` finds, each as `seen` shows it; `build`:
    start building the lexical index on a thread if there is none yet."""
    asked = asked.checked()
    kept = [e for e in entries if _filtered(e["profile"], asked)]
    matched_by = None
    if asked.text:
        scores = _index_scores(store, asked.text, build)
        matched_by = NAMES if scores is None else INDEX
        ranked = []
        for entry in kept:
            named = _names_hold(entry, asked.text)
            score, held = (scores or {}).get(entry["id"], (0.0, False))
            if named or held:
                ranked.append((not named, -score, entry["profile"].get("name", "").casefold(), entry))
        ranked.sort(key=lambda r: r[:3])
        kept = [r[3] for r in ranked]
    else:
        kept.sort(key=lambda e: (str(e["profile"].get("name") or "").casefold(), e["ref"]))
    first = (asked.page - 1) * asked.page_size
    page = [seen(e) for e in kept[first : first + asked.page_size]]
    return Found(page, len(kept), asked.page, asked.page_size, matched_by)


def _filtered(profile: dict[str, Any], asked: Search) -> bool:
    if asked.sector and asked.sector not in (profile.get("sectors") or ()):
        return False
    if asked.stage and profile.get("stage") != asked.stage:
        return False
    if asked.language and asked.language not in (profile.get("languages") or ()):
        return False
    if asked.region:
        from matching.regions import in_region  # numpy: not for commands that never filter

        return in_region(profile.get("city"), asked.region)
    return True


def folded_text(text: str) -> str:
    """Lower case, umlauts and ß spelt out, accents dropped: "Müll" and "muell" compare equal."""
    spelt = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", spelt) if not unicodedata.combining(c))


def _names_hold(entry: dict[str, Any], text: str) -> bool:
    """Whether the name, the reference or the capabilities together contain every query word."""
    profile = entry["profile"]
    names = [str(profile.get("name") or ""), str(entry.get("ref") or "")]
    haystack = folded_text(" ".join(names + [str(c) for c in profile.get("capabilities") or ()]))
    return all(word in haystack for word in folded_text(text).split())


def _index_scores(store: Store, text: str, build: bool) -> dict[str, tuple[float, bool]] | None:
    """Per startup id: its BM25 score for the text and whether its profile holds enough of the
    text's 4-grams to be found, from the matching read model's index (every startup's latest profile,
    withdrawn ones too, as the directory lists them); None while no index has been built."""
    import numpy as np

    from matching import lexical
    from services.application.readmodels import read_models

    runner = read_models(store).runners["matching"]
    if runner.position() == 0:
        if build:
            store.attached("directory search: building the index", lambda: _started(runner.catch_up))
        return None
    runner.catch_up()  # the events since it last read, if any: a few, not the world
    index = runner.model().refresh()
    query = lexical.query_keys(text)
    last = index.last_entry.values()
    known = np.flatnonzero(last >= 0)
    size = index.row_count
    if not len(query) or not len(known) or not size:
        return {}
    rows = index.entries["row"].values()[last[known]].astype(np.int64)
    mask = np.zeros(size, dtype=bool)
    mask[rows] = True
    scores, _ = lexical.bm25(index.grams, query, mask, index.column("length", size))
    held = np.zeros(size, dtype=np.int64)  # per row: how many of the query's grams it holds
    for segment in index.grams:
        found = segment.gather(query)[2].astype(np.int64)
        held += np.bincount(found[found < size], minlength=size)
    enough = held[rows] >= max(1, len(query) - missing(len(query)))
    return {
        index.startups[int(s)]: (float(scores[r]), bool(e))
        for s, r, e in zip(known.tolist(), rows.tolist(), enough.tolist(), strict=True)
    }


def missing(grams: int) -> int:
    """How many of a query's grams a found profile may lack."""
    return max(1, int(grams * MISSING))


def _started(work: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=work, name="lexical index", daemon=True)
    thread.start()
    return thread
