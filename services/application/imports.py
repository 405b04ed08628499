"""Import a startup catalogue (CSV or JSON Lines), as often as you like.

Rows are matched to startups by name, so a second run of the same file adds nothing and a changed
row revises the profile. One bad row is reported with its reason and never stops the rest; how the
file is read (encoding, delimiter, header, oversized fields) is catalogue_files' business.
New startups are saved in atomic batches; when a batch collides with another writer, that
batch is redone row by row through the ordinary commands.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from uuid import UUID

from domain import Actor, DomainError, Startup, When
from domain.errors import InvalidValue
from domain.startup import PERSONAL_FIELDS, PROFILE_FIELDS
from domain.values import Sector, slug, text
from services.application import access
from services.application.catalogue_files import UNREADABLE, read_catalogue
from services.application.commands import RegisterStartup, ReviseStartup, handle
from services.application.commands.common import occurrence
from services.errors import Conflict
from services.infrastructure.store import Store

BATCH_SIZE = 200

#: Column names of other catalogues, mapped to profile fields (compared case-insensitively).
ALIASES = {
    "company": "name",
    "startup": "name",
    "year founded": "founded",
    "founded": "founded",
    "headquarters (city)": "city",
    "categories": "capabilities",
    "tags": "capabilities",
    "language": "languages",
    "email": "contact_email",
    "contact": "contact_name",
    "satus": "status",  # sic, in the YC catalogue
}

#: The profile fields a catalogue row may give (besides `status`, which may mark a startup dead).
FIELDS = (*(f for f in PROFILE_FIELDS if f not in PERSONAL_FIELDS), "status", *PERSONAL_FIELDS)
#: Column names a catalogue's header may use, lower-case: the fields and their aliases.
COLUMNS = tuple(dict.fromkeys((*FIELDS, *ALIASES)))

#: Catalogue categories that name one of the programme's sectors.
SECTOR_HINTS = {
    "agriculture": Sector.AGRICULTURE,
    "analytics": Sector.DATA,
    "big data": Sector.DATA,
    "data": Sector.DATA,
    "data mining": Sector.DATA,
    "predictive analytics": Sector.DATA,
    "automotive": Sector.MOBILITY,
    "cars": Sector.MOBILITY,
    "transportation": Sector.MOBILITY,
    "clean technology": Sector.CLIMATE,
    "construction": Sector.BUILDINGS,
    "real estate": Sector.BUILDINGS,
    "education": Sector.EDUCATION,
    "colleges": Sector.EDUCATION,
    "energy": Sector.ENERGY,
    "finance": Sector.FINANCE,
    "financial services": Sector.FINANCE,
    "payments": Sector.FINANCE,
    "insurance": Sector.FINANCE,
    "health care": Sector.HEALTH,
    "health and wellness": Sector.HEALTH,
    "medical": Sector.HEALTH,
    "logistics": Sector.LOGISTICS,
    "shipping": Sector.LOGISTICS,
    "e-commerce": Sector.RETAIL,
    "shopping": Sector.RETAIL,
    "retail": Sector.RETAIL,
    "travel": Sector.TOURISM,
    "hospitality": Sector.TOURISM,
    "hotels": Sector.TOURISM,
    "security": Sector.SAFETY,
    "law enforcement": Sector.SAFETY,
    "government": Sector.E_GOVERNMENT,
    "music": Sector.CULTURE,
    "concerts": Sector.CULTURE,
    "games": Sector.CULTURE,
}


@dataclass
class Rejection:
    row: int
    name: str
    reason: str  # "field: why", as the domain words it
    field: str | None = None


@dataclass
class ImportReport:
    imported: int = 0
    revised: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def summary(self) -> str:
        line = f"imported {self.imported}, unchanged {self.unchanged}, rejected {len(self.rejected)}"
        return f"{line}, revised {self.revised}" if self.revised else line

    @property
    def failed(self) -> bool:
        """Rows were rejected and none was taken: the file, not a row, is probably wrong."""
        return bool(self.rejected) and not (self.imported or self.revised or self.unchanged)

    def rejections(self, most: int = 5) -> str:
        """The rejections counted by reason, commonest first ('' if none): a catalogue of thousands
        of rows needs the reasons, not thousands of lines. Quoted values are left out of the reason
        so that one rule broken by many different values counts as one."""
        if not self.rejected:
            return ""
        counts = Counter(_QUOTED.sub("'…'", r.reason) for r in self.rejected).most_common()
        shown = ", ".join(f"{n} × {reason}" for reason, n in counts[:most])
        rest = len(counts) - most
        more = f", and {rest} other reason{'s' * (rest > 1)}" if rest > 0 else ""
        total = len(self.rejected)
        return f"{total} row{'s' * (total > 1)} rejected: {shown}{more}"


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def read_rows(path: Path, encoding: str | None = None) -> list[tuple[int, dict[str, Any]]]:
    """Rows with their line (JSON Lines) or record (CSV) number; unreadable rows carry their error."""
    return read_catalogue(path, COLUMNS, encoding).rows


def profile_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """Map a catalogue row to a startup profile; raises InvalidValue naming the bad field."""
    if UNREADABLE in row:
        error = row[UNREADABLE]
        raise error if isinstance(error, DomainError) else InvalidValue("row", str(error))
    values = {field_name: row[column] for column, field_name in _columns(tuple(row))}
    status = values.get("status")
    if status and str(status).strip().lower() == "dead":
        raise InvalidValue("status", "the catalogue marks this startup as dead (no longer operating)")
    capabilities = _listed(values.get("capabilities"))
    sectors = _listed(values.get("sectors")) or _sectors_from(capabilities)
    profile = {
        "name": values.get("name"),
        "description": values.get("description"),
        "capabilities": capabilities,
        "sectors": sectors,
        "stage": values.get("stage") or None,
        "city": values.get("city") or None,
        "founded": _whole("founded", values.get("founded")),
        "team_size": _whole("team_size", values.get("team_size")),
        "languages": _listed(values.get("languages")) or ["en"],
        "website": values.get("website") or None,
    }
    # Personal data only where the catalogue holds some: a catalogue without a contact person
    # must not blank out the one a startup gave the programme itself.
    for name in PERSONAL_FIELDS:
        if values.get(name):
            profile[name] = values[name]
    return profile


@lru_cache(maxsize=256)
def _columns(columns: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Which column holds which profile field; the first column wins. Rows of a file share their
    columns, so this is worked out once per file."""
    fields: dict[str, str] = {}
    for column in columns:
        name = str(column).strip().lower()
        fields.setdefault(ALIASES.get(name, name), column)
    return tuple((column, field_name) for field_name, column in fields.items())


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return value  # the domain checks that each item is text
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _sectors_from(categories: list[str]) -> list[str]:
    found = [SECTOR_HINTS[c.lower()].value for c in categories if c.lower() in SECTOR_HINTS]
    return list(dict.fromkeys(found))


def _whole(field_name: str, value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise InvalidValue(field_name, f"{value!r} is not a whole number") from None


Row = tuple[int, dict[str, Any], str]  # record number, profile, outcome


def import_startups(
    store: Store,
    path: Path,
    *,
    by: Actor,
    when: When | None = None,
    batch_size: int = BATCH_SIZE,
    rows: list[tuple[int, dict[str, Any]]] | None = None,
    encoding: str | None = None,
    progress: Callable[[int], None] = lambda advance: None,
) -> ImportReport:
    access.check_write(by, "catalogue")  # importing is the programme's work, not a startup's
    when = occurrence(when, by)
    source = path.name
    report = ImportReport()
    known = set(store.created_ids(Startup))
    batch: dict[UUID, tuple[Startup, list[Row]]] = {}
    with fewer_collections():
        _import_rows(
            store,
            rows if rows is not None else read_rows(path, encoding),
            batch,
            known,
            report,
            source,
            by,
            when,
            batch_size,
            progress,
        )
    return report


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run CPython's cyclic garbage collector less often during an import.

    An import creates many short-lived objects while a batch of aggregates stays alive; with the
    default thresholds the collector rescans that batch again and again (measured: about a tenth
    of the import's time). Nothing here forms reference cycles that need prompt collection.
    """
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], 50_000), previous[1], previous[2])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _import_rows(
    store: Store,
    rows: list[tuple[int, dict[str, Any]]],
    batch: dict[UUID, tuple[Startup, list[Row]]],
    known: set[UUID],
    report: ImportReport,
    source: str,
    by: Actor,
    when: When,
    batch_size: int,
    progress: Callable[[int], None],
) -> None:
    for number, row in rows:
        try:
            _import_row(store, number, row, batch, known, report, source, by, when)
        except DomainError as error:
            name = str(row.get("name") or row.get("Company") or row.get("company") or "?")
            report.rejected.append(Rejection(number, name, str(error), error.field))
        progress(1)
        if len(batch) >= batch_size:
            _flush(store, batch, report, source, by, when)
    _flush(store, batch, report, source, by, when)


def _import_row(
    store: Store,
    number: int,
    row: dict[str, Any],
    batch: dict[UUID, tuple[Startup, list[Row]]],
    known: set[UUID],
    report: ImportReport,
    source: str,
    by: Actor,
    when: When,
) -> None:
    """Register a new startup or revise a known one in the batch; the domain validates the profile."""
    profile = profile_from_row(row)
    ref = slug(text("name", profile["name"], max_length=200))
    startup_id = Startup.create_id(ref)
    if startup_id in batch:
        startup, batch_rows = batch[startup_id]
    elif startup_id in known:
        startup, batch_rows = store.load(Startup, startup_id), []
    else:
        startup = Startup.register(ref=ref, profile=profile, source=source, by=by, when=when)
        batch[startup_id] = (startup, [(number, startup.profile, "imported")])
        known.add(startup_id)
        report.imported += 1
        return
    outcome = "revised" if startup.revise(profile, by=by, when=when) else "unchanged"
    setattr(report, outcome, getattr(report, outcome) + 1)
    if startup_id in batch or outcome == "revised":
        batch[startup_id] = (startup, [*batch_rows, (number, startup.profile, outcome)])


def _flush(
    store: Store,
    batch: dict[UUID, tuple[Startup, list[Row]]],
    report: ImportReport,
    source: str,
    by: Actor,
    when: When,
) -> None:
    """Save a batch in one transaction; if another writer interfered, redo it row by row."""
    if not batch:
        return
    try:
        store.save_all(*(startup for startup, _ in batch.values()))
    except Conflict:
        for _, rows in batch.values():
            for number, profile, outcome in rows:
                setattr(report, outcome, getattr(report, outcome) - 1)
                _one_by_one(store, report, number, profile, source, by, when)
    batch.clear()


def _one_by_one(
    store: Store,
    report: ImportReport,
    number: int,
    profile: dict[str, Any],
    source: str,
    by: Actor,
    when: When,
) -> None:
    try:
        created = handle(store, RegisterStartup(profile, source=source), by=by, when=when).created
        report.imported += int(created)
        report.unchanged += int(not created)
    except Conflict:
        try:
            handle(store, ReviseStartup(slug(profile["name"]), profile), by=by, when=when)
            report.revised += 1
        except DomainError as error:
            report.rejected.append(Rejection(number, profile["name"], str(error), error.field))
