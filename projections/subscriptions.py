"""Subscriptions to the event store that also work where the database cannot notify.

The stock SQLite recorder of `eventsourcing` does not implement `subscribe()`, so the library's
`ProjectionRunner` and `ApplicationSubscription` fail on it. These recorders subscribe by polling
the notification log every POLL seconds. PostgreSQL notifies through LISTEN/NOTIFY; a notification
can be missed (the listening connection drops, upstream issue #305), so its subscription polls
too, less often. The store selects them with `<APP>_APPLICATION_RECORDER_TOPIC`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import ListenNotifySubscription, Subscription
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteProcessRecorder

SQLITE_POLL = 0.1  # seconds between pulls on SQLite: new events show within this
POSTGRES_POLL = 1.0  # seconds between pulls on PostgreSQL when no notification arrives


class _Ticking:
    """Wakes a listen-notify subscription every `interval` seconds, as if notified."""

    interval: float

    def __init__(self, recorder: Any, gt: int | None = None, topics: Sequence[str] = ()) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)  # type: ignore[call-arg]
        self._stop_ticking = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True, name="subscription-poll")
        self._ticker.start()

    def _tick(self) -> None:
        while not self._stop_ticking.wait(self.interval):
            self._has_been_notified.set()  # type: ignore[attr-defined]

    def stop(self) -> None:
        self._stop_ticking.set()
        super().stop()  # type: ignore[misc]

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        try:
            super().__exit__(*args, **kwargs)  # type: ignore[misc]
        finally:
            self._ticker.join()


class PollingSubscription(_Ticking, ListenNotifySubscription[SQLiteApplicationRecorder]):
    interval = SQLITE_POLL


class PollingSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Subscription[Any]:
        return PollingSubscription(recorder=self, gt=gt, topics=topics)


class PollingSQLiteProcessRecorder(SQLiteProcessRecorder):
    """The store's recorder: events, the tracking of what consumers processed, and a polling subscription."""

    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Subscription[Any]:
        return PollingSubscription(recorder=self, gt=gt, topics=topics)


SQLITE_RECORDER_TOPIC = "projections.subscriptions:PollingSQLiteApplicationRecorder"
POSTGRES_RECORDER_TOPIC = "projections.subscriptions_postgres:PollingPostgresApplicationRecorder"
SQLITE_PROCESS_RECORDER_TOPIC = "projections.subscriptions:PollingSQLiteProcessRecorder"
POSTGRES_PROCESS_RECORDER_TOPIC = "projections.subscriptions_postgres:PollingPostgresProcessRecorder"

#: The PostgreSQL recorders live in subscriptions_postgres.py, so that a SQLite store never imports
#: the PostgreSQL driver; their old topics (`projections.subscriptions:…`) still find them.
_POSTGRES = (
    "PollingPostgresSubscription",
    "PollingPostgresApplicationRecorder",
    "PollingPostgresProcessRecorder",
)


def __getattr__(name: str) -> Any:
    if name in _POSTGRES:
        from projections import subscriptions_postgres

        return getattr(subscriptions_postgres, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
