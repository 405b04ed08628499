"""Files the command line writes (`-o FILE`): whole or not at all, never over a file by surprise.

An export that fails halfway (an unknown reference, a full disk, a lost connection) must not leave a
truncated file where the auditor's previous one was. So the text goes to a temporary file beside the
target, which takes the target's name only after every line was written and flushed to disk; on any
failure the temporary file is removed and the target is as it was. An existing target is replaced
only when the user said so (`--force`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, Literal, TextIO, overload

from domain.errors import InvalidValue

FIELD = "output"


@overload
def atomic_output(
    path: Path, *, force: bool = False, binary: Literal[False] = False
) -> AbstractContextManager[TextIO]: ...
@overload
def atomic_output(
    path: Path, *, force: bool = False, binary: Literal[True]
) -> AbstractContextManager[IO[bytes]]: ...
def atomic_output(path: Path, *, force: bool = False, binary: bool = False) -> AbstractContextManager[Any]:
    """A text file (with `binary`, a byte file: a spreadsheet) to write `path` through; it appears
    under that name only if all went well.

    Every failure is an InvalidValue naming `output`, the path and the reason, in one line.
    """
    return _atomic_output(path, force, binary)


@contextmanager
def _atomic_output(path: Path, force: bool, binary: bool) -> Iterator[IO[Any]]:
    _check(path, force)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.part"
    try:
        # O_EXCL: never write through a file (or link) someone else put there; 0o666 less the umask,
        # as the plain open() this replaces would have made it.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise _cannot(path, error) from None
    try:
        text = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        with open(descriptor, "wb" if binary else "w", **text) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _publish(temporary, path, force)
    except OSError as error:
        raise _cannot(path, error) from None
    finally:
        temporary.unlink(missing_ok=True)


def _check(path: Path, force: bool) -> None:
    """Refuse before anything is written: a folder, a missing folder, a device, an existing file."""
    if path.is_dir():
        raise InvalidValue(FIELD, f"{path} is a folder; name the file to write")
    if not path.parent.is_dir():
        raise InvalidValue(FIELD, f"folder {path.parent} does not exist")
    if path.exists() and not path.is_file():
        raise InvalidValue(FIELD, f"{path} is not a regular file; leave out -o to write to standard output")
    if path.exists() and not force:
        raise InvalidValue(FIELD, f"{path} already exists; add --force to replace it")


def _publish(temporary: Path, path: Path, force: bool) -> None:
    """Give the finished file its name; without `force`, only if no file took that name meanwhile."""
    if force:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # atomic, and fails if the name exists
    except FileExistsError:
        raise InvalidValue(FIELD, f"{path} already exists; add --force to replace it") from None
    except OSError:  # a file system without hard links: the check before writing has to do
        if path.exists():
            raise InvalidValue(FIELD, f"{path} already exists; add --force to replace it") from None
        os.replace(temporary, path)


def _cannot(path: Path, error: OSError) -> InvalidValue:
    reason = error.strerror or type(error).__name__
    return InvalidValue(FIELD, f"cannot write {path}: {reason}")
