"""The base of every read model: a `Projection` of the `eventsourcing` library whose state is
one JSON document per aggregate it follows.

Handlers are small functions from (event, current document) to the new document, registered per
event class with `@on(...)`. The library's `process_event` (one event, one transaction) works, so
the stock `ProjectionRunner` can drive a read model; our `Runner` feeds pages of events to `apply`
and commits each page with its tracking position in one transaction, which is what makes
catch-up fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from projections.documents import Document, Documents

Handler = Callable[[Any, Any, Document | None], Document | None]


def on(*event_classes: type) -> Callable[[Handler], Handler]:
    """Mark a read-model method as the handler of these event classes."""

    def mark(handler: Handler) -> Handler:
        handler.handles = event_classes  # type: ignore[attr-defined]
        return handler

    return mark


class ReadModel(Projection[Documents]):
    name: ClassVar[str] = ""
    #: The shape of the documents the handlers write: raise it when that changes. Documents of
    #: another format are stored apart (`stored_name`), so a generation written by an earlier
    #: version is never read as this one; this format's generation is built from the first event
    #: when it is first used (no `matchmaker project rebuild` needed), and an earlier version
    #: still running keeps its own.
    document_format: ClassVar[int] = 1
    handlers: ClassVar[dict[type, Handler]] = {}
    event_topics: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        handlers: dict[type, Handler] = {}
        for base in reversed(cls.__mro__):
            for attribute in vars(base).values():
                for event_class in getattr(attribute, "handles", ()):
                    handlers[event_class] = attribute
        cls.handlers = handlers
        # Our runner selects only these from the log; the library's ProjectionRunner gets every event
        # (`topics` empty), so that it records tracking for the events a read model ignores as well.
        cls.event_topics = tuple(sorted({c.TOPIC for c in handlers}))  # type: ignore[attr-defined]
        cls.topics = ()

    @classmethod
    def stored_name(cls) -> str:
        """What its generations are stored under: its name, with the format from the second on."""
        return cls.name if cls.document_format == 1 else f"{cls.name}_f{cls.document_format}"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """One event, one transaction: the library's `ProjectionRunner` calls this."""
        key = str(domain_event.originator_id)
        self.view.commit(self.apply([domain_event], self.view.load([key])), tracking)

    def apply(self, events: Sequence[Any], documents: dict[str, Document]) -> dict[str, Document | None]:
        """Apply events in order to the documents of their aggregates; return the changed ones."""
        changed: dict[str, Document | None] = {}
        for event in events:
            handler = self.handlers.get(type(event))
            if handler is None:
                continue
            key = str(event.originator_id)
            new = handler(self, event, documents.get(key))
            if new is None:
                documents.pop(key, None)
            else:
                documents[key] = new
            changed[key] = new
        return changed

    @staticmethod
    def keys(events: Iterable[Any]) -> set[str]:
        """The documents a page needs from storage: not those of aggregates the page creates."""
        created = {e.originator_id for e in events if e.originator_version == 1}
        return {str(e.originator_id) for e in events if e.originator_id not in created}


def plain(value: Any) -> Any:
    """Values as JSON keeps them: ids and dates as strings, containers recursively."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is UUID:
        return str(value)
    if kind is dict:
        return {k if type(k) is str else str(plain(k)): plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def stamp(event: Any) -> dict[str, Any]:
    """When and by whom, as every timeline entry records it."""
    return {
        "on": event.occurred_on.isoformat(),
        "assumed": event.date_assumed,
        "recorded": event.timestamp.isoformat(),
        "actor": event.actor,
        "role": event.role,
        "version": event.originator_version,
    }
