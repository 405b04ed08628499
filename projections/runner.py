"""Keeps a read model current: catches up in pages, then follows new events as they are recorded.

Each page of notifications (filtered to the read model's topics in the database) is decoded,
applied to the affected documents, and committed together with the tracking position in one
transaction. The position advances to the head of the log read before the page, not only to the
last event the read model cared about, so waiting for any position works. Following waits on the
database: a 0.1 s poll on SQLite (it cannot notify), LISTEN/NOTIFY with a 1 s poll as a fallback
on PostgreSQL.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, PersistenceError, Tracking

from projections.catalog import Catalog
from projections.documents import Documents
from projections.readmodel import ReadModel
from projections.storage import PostgresLocation, documents_at, drop_documents, is_postgres
from projections.subscriptions import POSTGRES_POLL, SQLITE_POLL

log = logging.getLogger(__name__)

PAGE = int(os.environ.get("MATCHMAKER_PROJECTION_PAGE") or 2000)  # notifications per transaction
Progress = Callable[[int, int], None]  # (position, head)


class Runner:
    def __init__(
        self,
        app: Application[Any],
        model_class: type[ReadModel],
        location: str,
        catalog: Catalog,
        dependencies: dict[str, Any] | None = None,
        page: int = PAGE,
    ) -> None:
        self.app = app
        self.model_class = model_class
        self.name = model_class.name
        self.location = location
        self.catalog = catalog
        self.dependencies = dependencies or {}
        self.page = page
        self._models: dict[int, ReadModel] = {}
        self._opening = threading.Lock()

    # Generations --------------------------------------------------------------------------------

    def model(self, generation: int | None = None) -> ReadModel:
        """The read model of a generation (the active one by default), opened once."""
        generation = generation or self.catalog.active(self.name)
        with self._opening:
            if generation not in self._models:
                self._models[generation] = self.open(generation)
            return self._models[generation]

    def open(self, generation: int) -> ReadModel:
        view = documents_at(self.location, self.model_class.stored_name(), generation)
        return self.model_class(view=view, **self.dependencies)  # type: ignore[call-arg]

    def forget(self, generation: int) -> None:
        model = self._models.pop(generation, None)
        if model is not None:
            model.view.close()

    def drop(self, generation: int) -> None:
        drop_documents(self.location, self.model_class.stored_name(), generation)

    def close(self) -> None:
        for generation in list(self._models):
            self.forget(generation)

    # Positions ----------------------------------------------------------------------------------

    def position(self, generation: int | None = None) -> int:
        return self.model(generation).view.max_tracking_id(self.app.name) or 0

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    # Catching up ----------------------------------------------------------------------------------

    def catch_up(self, generation: int | None = None, progress: Progress | None = None) -> int:
        """Process every event up to the head of the log as read now; return how many were applied."""
        model = self.model(generation)
        view: Documents = model.view
        position = view.max_tracking_id(self.app.name) or 0
        head = self.head()
        applied = 0
        erased = False
        while position < head:
            notifications = self.app.recorder.select_notifications(
                start=position,
                limit=self.page,
                stop=head,
                topics=model.event_topics,
                inclusive_of_start=False,
            )
            end = notifications[-1].id if len(notifications) == self.page else head
            events = [self.app.mapper.to_domain_event(n) for n in notifications]
            changed = model.apply(events, view.load(model.keys(events))) if events else {}
            try:
                view.commit(changed, Tracking(self.app.name, end))
            except IntegrityError:  # another runner got further meanwhile: continue from there
                position = view.max_tracking_id(self.app.name) or 0
                continue
            erased = erased or any(getattr(type(e), "ERASES_PERSONAL_DATA", False) for e in events)
            position = end
            applied += len(events)
            if progress:
                progress(position, head)
        if erased:  # once, however many pages held erasures: compacting rewrites the whole file
            try:
                view.compact()
            except PersistenceError as error:  # what was applied stays; erasure compacts again
                log.warning("%s: compacting after an erasure failed: %s", self.name, error)
        return applied

    def compact(self) -> None:
        """Remove from the active generation's storage what its documents no longer hold (after
        an erasure, whichever runner applied it)."""
        self.model().view.compact()

    def follow(self, stop: threading.Event, on_error: Callable[[BaseException], None] | None = None) -> None:
        """Catch up, then keep following until `stop` is set. Database errors are logged and retried."""
        follow(self.app, self.location, self.name, self.catch_up, stop, on_error)


def follow(
    app: Application[Any],
    location: str,
    name: str,
    catch_up: Callable[[], object],
    stop: threading.Event,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Call `catch_up` whenever new events may have been recorded, until `stop` is set."""
    waker = Waker(app, location)
    try:
        while not stop.is_set():
            try:
                catch_up()
            except PersistenceError as error:  # a lost connection, a locked file: try again shortly
                log.warning("%s: %s; retrying", name, error)
                if on_error:
                    on_error(error)
                stop.wait(1.0)
                continue
            waker.wait(stop)
    finally:
        waker.close()


class Waker:
    """Waits until new events may have been recorded, or a poll interval has passed.

    On PostgreSQL it LISTENs on the store's channel; if that connection fails, it falls back to
    polling and tries to listen again on the next wait.
    """

    def __init__(self, app: Application[Any], location: str) -> None:
        self.channel = getattr(app.recorder, "channel_name", None)
        self.location = location
        self.connection: Any = None

    def _listen(self) -> Any:
        import psycopg
        from psycopg.sql import SQL, Identifier

        pg = PostgresLocation.parse(self.location)
        connection = psycopg.connect(
            dbname=pg.dbname,
            host=pg.host,
            port=pg.port,
            user=pg.user,
            password=pg.password,
            autocommit=True,
            connect_timeout=5,
        )
        connection.execute(SQL("LISTEN {}").format(Identifier(self.channel)))
        return connection

    def wait(self, stop: threading.Event) -> None:
        if not is_postgres(self.location) or self.channel is None:
            stop.wait(SQLITE_POLL)
            return
        try:
            if self.connection is None:
                self.connection = self._listen()
            for _ in self.connection.notifies(timeout=POSTGRES_POLL, stop_after=1):
                pass
        except Exception as error:  # the listening connection failed: poll, and listen again later
            log.warning("LISTEN failed (%s); polling", error)
            self.close()
            stop.wait(POSTGRES_POLL)

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None
