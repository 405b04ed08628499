"""Reading a catalogue file into rows, whichever tool wrote it.

Catalogues arrive from Excel on a German desktop (cp1252, columns separated by semicolons), from
"Unicode text" exports (UTF-16 with a byte-order mark), from web tools (UTF-8, often with a BOM) and
as JSON Lines. The encoding and the delimiter are therefore found out rather than assumed, and what
was found is reported so that a wrong guess can be noticed and overridden (`encoding=`).

A problem of the whole file (unreadable, undecodable under the encoding named, a header naming none
of the expected columns) is one InvalidValue naming the file, raised before anything is imported. A
problem of one row (a field too large, a line that is not JSON) rejects that row only: the row
carries the error under UNREADABLE and the importer reports it with the row's number.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.errors import InvalidValue

#: The largest field a row may hold, in characters (the csv module's own default limit).
MAX_FIELD = 128 * 1024
#: Delimiters a spreadsheet writes: comma, semicolon (Excel where the comma is the decimal mark), tab.
DELIMITERS = ",;\t"
#: The key under which a row that could not be read carries its InvalidValue.
UNREADABLE = "__error__"
JSON_LINES = (".jsonl", ".ndjson", ".json")
SAMPLE = 64 * 1024  # characters the delimiter is guessed from

#: Byte-order marks, longest first: UTF-32's little-endian mark begins with UTF-16's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Without a mark: UTF-8 if the bytes are valid UTF-8 (they rarely are by accident), else Windows'
#: cp1252 (latin-1 plus € and typographic quotes where latin-1 has control codes), else latin-1,
#: which decodes any byte (cp1252 leaves five undefined).
FALLBACKS = ("utf-8", "cp1252", "latin-1")


@dataclass(frozen=True)
class Catalogue:
    """A file's rows, numbered as the import reports them, and how the file was read."""

    rows: list[tuple[int, dict[str, Any]]]
    encoding: str
    delimiter: str | None = None  # None for JSON Lines


def read_catalogue(path: Path, columns: Sequence[str], encoding: str | None = None) -> Catalogue:
    """The rows of a CSV or JSON Lines file; `columns` are the (lower-case) names a header may use."""
    text, used = decode(_bytes(path), path.name, encoding)
    if path.suffix.lower() in JSON_LINES:
        return Catalogue(list(_json_lines(text)), used)
    delimiter = _delimiter(text, path.name, columns)
    return Catalogue(list(_csv_rows(text, delimiter)), used, delimiter)


def _bytes(path: Path) -> bytes:
    if not path.exists():
        raise InvalidValue("file", f"{path} does not exist")
    if not path.is_file():
        raise InvalidValue("file", f"{path} is not a file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InvalidValue("file", f"cannot read {path}: {error.strerror or error}") from None


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text and the codec it was decoded with: the one named, else found from the bytes."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            known = "utf-8, cp1252, utf-16, latin-1"
            raise InvalidValue("encoding", f"{encoding!r} is not an encoding (try {known})") from None
        if codec == "utf-8" and raw.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"  # the mark is not part of the first column's name
        return _strictly(raw, name, codec), codec
    for mark, codec in BOMS:
        if raw.startswith(mark):
            return _strictly(raw, name, codec), codec
    if b"\x00" in raw:
        raise InvalidValue(
            "file",
            f"{name} holds NUL bytes but no byte-order mark (UTF-16 without one?); "
            "name its encoding, e.g. --encoding utf-16-le",
        )
    for codec in FALLBACKS:
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")


def _strictly(raw: bytes, name: str, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        line = raw[: error.start].decode(codec, errors="replace").count("\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        raise InvalidValue(
            "file", f"{name} is not valid {codec}: byte 0x{byte} at offset {error.start} (line {line})"
        ) from None


def _delimiter(text: str, name: str, columns: Sequence[str]) -> str:
    """csv.Sniffer's guess, confirmed by the header: the first delimiter, the guess first, under which
    the header names an expected column. A header that names none under any is refused."""
    sample = text[:SAMPLE]
    if len(text) > SAMPLE and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:  # a single column, or too little to tell
        guess = ","
    expected = set(columns)
    for delimiter in [guess, *(d for d in DELIMITERS if d != guess)]:
        if any(_name(c) in expected for c in _header(sample, delimiter)):
            return delimiter
    header = _header(sample, guess)
    if not header:  # an empty file: nothing to import, nothing wrong
        return guess
    found = ", ".join(repr(c[:40]) for c in header[:12])
    found += f" and {len(header) - 12} more" if len(header) > 12 else ""
    listed = ", ".join(columns)
    raise InvalidValue(
        "file", f"{name}: the header names none of the expected columns ({listed}); found {found}"
    )


def _header(sample: str, delimiter: str) -> list[str]:
    _allow_fields(len(sample))
    return next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), [])


def _name(column: Any) -> str:
    return str(column).strip().lower()


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Numbered as csv.DictReader numbers them (blank lines skipped); a row with a field over
    MAX_FIELD carries its error instead of its values, but keeps its name for the report."""
    _allow_fields(len(text))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # the parser resumes with the next line
            yield number, {UNREADABLE: InvalidValue("row", f"not valid CSV ({error})")}
            continue
        yield number, _sized(row)


def _sized(row: dict[Any, Any]) -> dict[Any, Any]:
    for column, value in row.items():
        size = sum(map(len, value)) if isinstance(value, list) else len(value or "")
        if size > MAX_FIELD:
            field = "extra values" if column is None else str(column)
            error = InvalidValue(field, f"{size} characters, more than the {MAX_FIELD} a field may hold")
            kept = {k: v for k, v in row.items() if isinstance(v, str) and len(v) <= MAX_FIELD}
            return {**kept, UNREADABLE: error}  # the name stays, for the report
    return row


_limit = threading.Lock()


def _allow_fields(size: int) -> None:
    """Let the csv module parse fields as long as the whole text, so that it finds every record's
    end and an oversized field rejects its row, not the rest of the file (MAX_FIELD is checked by
    _sized instead). The csv limit is one setting for the whole process, so it is only ever raised."""
    with _limit:
        if csv.field_size_limit() <= size:
            csv.field_size_limit(size + 1)


def _json_lines(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(io.StringIO(text), start=1):  # \n, \r\n or \r; not U+2028
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield (
                number,
                {UNREADABLE: InvalidValue("row", f"not valid JSON ({error.msg} at column {error.colno})")},
            )
            continue
        yield (
            number,
            value if isinstance(value, dict) else {UNREADABLE: InvalidValue("row", "not a JSON object")},
        )
