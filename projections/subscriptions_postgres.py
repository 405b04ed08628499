"""The polling subscriptions on PostgreSQL (projections/subscriptions.py says why they poll):
apart, so that a SQLite store never imports the PostgreSQL driver."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Subscription
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresProcessRecorder, PostgresSubscription

from projections.subscriptions import POSTGRES_POLL, _Ticking


class PollingPostgresSubscription(_Ticking, PostgresSubscription):
    interval = POSTGRES_POLL


class PollingPostgresApplicationRecorder(PostgresApplicationRecorder):
    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Subscription[Any]:
        return PollingPostgresSubscription(recorder=self, gt=gt, topics=topics)


class PollingPostgresProcessRecorder(PostgresProcessRecorder):
    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Subscription[Any]:
        return PollingPostgresSubscription(recorder=self, gt=gt, topics=topics)
