"""One item by any reference (a ref, `kind/ref`, a name, a UUID), as the reader may see it: what
the CLI's `show` prints and the API's item endpoints answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import Actor
from services.application import access
from services.application.queries import applications, board, calendar, directory, programmes
from services.application.queries.readable import describe
from services.infrastructure.store import Store

#: The reading of each kind that has a policy of its own; any other (a shortlist, a suggestion) is
#: shown whole to whom may read its kind at all.
READS: dict[str, Callable[[Actor, Store, str], dict[str, Any]]] = {
    "challenge": board.challenge,
    "startup": directory.startup,
    "programme": programmes.programme,
    "workshop": calendar.workshop,
    "application": applications.application_named,
}


def item(by: Actor, store: Store, reference: str) -> dict[str, Any]:
    aggregate = store.repository.get(store.resolve(reference))
    read = READS.get(aggregate.KIND)
    if read is not None:
        return read(by, store, reference)
    access.check_read(by, aggregate.KIND)
    return describe(store, aggregate)
