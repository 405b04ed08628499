""" "Did you mean …": the items closest to a reference nobody answers to, for every entry point.

A manager types `hausgesprach` (no umlaut), `Einsatz Lotse` (a name, spaced) or `smart-wast-hunter`
(a typo); the store knows `hausgespraech`, `einsatzlotse`, `smart-waste-hunter`. Both sides are
compared in the same normalised form (German letters transliterated as references are made: ä→ae,
ö→oe, ü→ue, ß→ss; other accents dropped; lower case; words joined by hyphens), and each item is
offered under its reference, its display name, and its name with the umlauts merely stripped (what
someone typing on a keyboard without them writes). rapidfuzz's weighted ratio scores them; the
best three above a threshold are suggested.

The candidates come from the read models through the queries, as the reader may see them: a
startup is never told the reference of a draft challenge it may not read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from domain.values import slug

if TYPE_CHECKING:
    from domain import Actor
    from services.infrastructure.store import Store

#: How many items are suggested at most.
LIMIT = 3
#: Below this score (0–100, rapidfuzz's weighted ratio) an item is not like what was typed.
THRESHOLD = 70.0


@dataclass(frozen=True)
class Suggestion:
    """An item someone probably meant: its kind, its reference (to type) and its name (to recognise)."""

    kind: str
    ref: str
    name: str
    score: float

    def __str__(self) -> str:
        return f"{self.ref} ({self.name})" if self.name else self.ref

    def as_record(self) -> dict[str, Any]:
        return {"kind": self.kind, "ref": self.ref, "name": self.name}


def normalised(text: str) -> str:
    """The form both sides are compared in: a reference as it would be made from the text."""
    return slug(text, max_length=200)


def stripped(text: str) -> str:
    """The text with accents and umlauts dropped instead of transliterated (ä→a), as typed on a
    keyboard without them."""
    return normalised(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


def closest(
    typed: str, items: Iterable[tuple[str, str, str]], limit: int = LIMIT, threshold: float = THRESHOLD
) -> list[Suggestion]:
    """The items (kind, ref, name) closest to what was typed, best first, at most `limit`."""
    from rapidfuzz import fuzz, process

    choices: dict[tuple[int, str], str] = {}
    listed = list(items)
    for number, (_, ref, name) in enumerate(listed):
        for form in {normalised(ref), normalised(name), stripped(name)}:
            if form:
                choices[(number, form)] = form
    head, _, rest = typed.strip().partition("/")
    wanted = normalised(rest if head in KNOWN and rest else typed)  # `startup/hausgesprach` too
    if not wanted:
        return []
    best: dict[int, float] = {}
    for _, score, (number, _) in process.extract(
        wanted, choices, scorer=fuzz.WRatio, limit=None, score_cutoff=threshold
    ):
        best[number] = max(best.get(number, 0.0), score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], listed[item[0]][1]))[:limit]
    return [Suggestion(listed[n][0], listed[n][1], listed[n][2], round(s, 1)) for n, s in ranked]


def suggestions(
    by: Actor, store: Store, kind: str | None, typed: str, limit: int = LIMIT
) -> list[Suggestion]:
    """The items of a kind (or of every kind, for a reference of no particular kind) the reader
    may see that are closest to what was typed; none when nothing comes close or nothing can be read."""
    head, _, rest = typed.strip().partition("/")
    if kind in (None, "", "reference") and head in KNOWN and rest:  # `startup/hausgesprach`
        kind = head
    kinds = [kind] if kind in KNOWN else list(KNOWN) if kind in (None, "", "reference") else []
    items: list[tuple[str, str, str]] = []
    for each in kinds:
        try:
            items.extend(KNOWN[each](by, store))
        except Exception:
            continue
    return closest(typed, items, limit) if items else []


def for_error(by: Actor, store: Store, error: Exception, limit: int = LIMIT) -> list[Suggestion]:
    """Suggestions for a NotFound that says what was typed and of what kind; none for any other."""
    typed = getattr(error, "reference", None)
    if not typed:
        return []
    return suggestions(by, store, getattr(error, "kind", None), typed, limit)


def did_you_mean(found: list[Suggestion]) -> str:
    """The suggestions as a person reads them: `did you mean hausgespraech (Hausgespräch)?`."""
    if not found:
        return ""
    mixed = len({s.kind for s in found}) > 1  # then each says what it is
    return "did you mean " + ", ".join(f"{s.kind} {s}" if mixed else str(s) for s in found) + "?"


# The items of each kind, as (kind, ref, name), from the read models through the queries ----------


def _challenges(by: Actor, store: Store) -> list[tuple[str, str, str]]:
    from services.application.queries.board import board

    return [("challenge", r["ref"], r.get("title") or "") for r in board(by, store)]


def _startups(by: Actor, store: Store) -> list[tuple[str, str, str]]:
    from services.application.queries.directory import directory

    return [("startup", r["ref"], (r.get("profile") or {}).get("name") or "") for r in directory(by, store)]


def _programmes(by: Actor, store: Store) -> list[tuple[str, str, str]]:
    from services.application.queries.programmes import programmes

    return [("programme", r["ref"], r.get("name") or "") for r in programmes(by, store)]


def _workshops(by: Actor, store: Store) -> list[tuple[str, str, str]]:
    from services.application.queries.calendar import calendar

    return [("workshop", r["ref"], r.get("theme") or "") for r in calendar(by, store)]


def _shortlists(by: Actor, store: Store) -> list[tuple[str, str, str]]:
    from services.application.queries.shortlists import summaries

    return [("shortlist", r["ref"], "") for r in summaries(by, store)]


def _applications(by: Actor, store: Store) -> list[tuple[str, str, str]]:
    from services.application.queries.applications import applications

    return [("application", r["ref"], r.get("startup") or "") for r in applications(by, store)]


KNOWN: dict[str, Callable[[Actor, Store], list[tuple[str, str, str]]]] = {
    "challenge": _challenges,
    "startup": _startups,
    "programme": _programmes,
    "workshop": _workshops,
    "shortlist": _shortlists,
    "application": _applications,
}
