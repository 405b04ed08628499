"""The plumbing of a write endpoint: business date, expected version (body or If-Match), finding
the item a path names, dispatching the command, and the answer with the new version."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, TypeVar
from uuid import UUID

from fastapi import Depends, Header, Response

from domain import Actor, DomainAggregate, When
from domain.errors import DomainError, InvalidValue
from services.application import access
from services.application.commands import Change, Command, handle
from services.entrypoints.api.backend import Backend, backend
from services.entrypoints.api.errors import locate
from services.entrypoints.api.models import ChangeOptions, WriteOptions, Written
from services.entrypoints.api.security import Caller

if TYPE_CHECKING:
    from services.infrastructure.store import Store

A = TypeVar("A", bound=DomainAggregate)

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The item\'s version as the client last read it (its ETag, e.g. `"3"`); '
        "refused with 409 if it changed since.",
    ),
]


def when_of(options: WriteOptions | None) -> When | None:
    """The business date of a write; None lets the command take today."""
    if options is None or (options.occurred_on is None and not options.date_assumed):
        return None
    return When(options.occurred_on or date.today(), options.date_assumed)


def expected_version(options: WriteOptions | None, if_match: str | None) -> int | None:
    """The version a change is guarded by: the body's `expected_version` or the If-Match header."""
    body = options.expected_version if isinstance(options, ChangeOptions) else None
    if if_match is None or if_match.strip() == "*":
        return body
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 2**53:
        raise locate(InvalidValue("If-Match", f'{if_match!r} is not a version such as "3"'), "header")
    header = int(raw)
    if body is not None and body != header:
        raise InvalidValue("expected_version", f"{body} differs from the If-Match header's {header}")
    return header


def find(store: Store, cls: type[A], reference: str, where: str, field: str) -> A:
    """The item a request names, with a refusal that names the request's field."""
    try:
        return store.find(cls, reference)
    except DomainError as error:
        raise locate(error, where, field) from None


def identify(store: Store, cls: type[A], reference: str, where: str, field: str) -> UUID:
    """The id of the item a request names (not loaded), with a refusal that names the field."""
    try:
        return store.identify(cls, reference)
    except DomainError as error:
        raise locate(error, where, field) from None


def written(response: Response, aggregate: DomainAggregate, changed: bool, created: bool = False) -> Written:
    """The answer to a write: 201 when it created the item, the new version as ETag too."""
    response.headers["ETag"] = f'"{aggregate.version}"'
    response.status_code = 201 if created else 200
    return Written(
        kind=aggregate.KIND, ref=aggregate.ref, id=aggregate.id, version=aggregate.version, changed=changed
    )


class Writing:
    """What a write endpoint needs besides its path and body: who asks, the store, the response
    (status and ETag) and, for a change, the If-Match header. Endpoints get it as a dependency
    (`Write`, `WriteIfMatch`), build the command and hand it over."""

    def __init__(self, by: Actor, store: Store, response: Response, if_match: str | None = None) -> None:
        self.by, self.store, self.response, self.if_match = by, store, response, if_match

    def create(self, command: Command[A], body: WriteOptions) -> Written:
        """Dispatch a command that creates an item; answer 201 if it did, 200 if it existed."""
        done = handle(self.store, command, by=self.by, when=when_of(body))
        return written(self.response, done.aggregate, done.changed, created=done.created)

    def change(self, command: Change[A], body: WriteOptions | None, *, field: str | None = None) -> Written:
        """Dispatch a command to the item a path parameter names (`field`, default its kind): an
        unknown one is refused naming the path; answer with its version. A role that may not
        change such items is refused first, so that the refusal says nothing of which exist (a
        startup learns of no draft)."""
        kind = command.aggregate.KIND
        access.check_write(self.by, kind)
        aggregate_id = identify(self.store, command.aggregate, command.reference, "path", field or kind)
        done = handle(
            self.store,
            command.naming(str(aggregate_id)),
            by=self.by,
            when=when_of(body),
            expected_version=expected_version(body, if_match=self.if_match),
        )
        return written(self.response, done.aggregate, done.changed)


def write(by: Caller, response: Response, api: Annotated[Backend, Depends(backend)]) -> Writing:
    return Writing(by, api.store, response)


def write_if_match(
    by: Caller, response: Response, api: Annotated[Backend, Depends(backend)], if_match: IfMatch = None
) -> Writing:
    return Writing(by, api.store, response, if_match)


Write = Annotated[Writing, Depends(write)]
WriteIfMatch = Annotated[Writing, Depends(write_if_match)]
