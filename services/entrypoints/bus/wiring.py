"""Which consumer listens to what, and how a message's outcome turns into ack, retry or dead letter."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from pydantic import BaseModel

from domain import KINDS
from domain.base import DomainAggregate
from services.application.consumers import AUTO_SHORTLISTER, INBOUND, MATCH_ALERTS, Consumers, Poison
from services.infrastructure.bus.brokers import Bus, retry_or_give_up
from services.infrastructure.bus.messages import REGISTER_STARTUP, EventMessage, RegisterStartup, event_type

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subscription:
    consumer: str
    subject: str
    schema: type[BaseModel]
    method: str
    description: str


SUBSCRIPTIONS = (
    Subscription(
        AUTO_SHORTLISTER,
        "challenge.published",
        EventMessage,
        "auto_shortlist",
        "Ranks and records a shortlist for every newly published challenge.",
    ),
    Subscription(
        MATCH_ALERTS,
        "startup.registered",
        EventMessage,
        "suggest_matches",
        "Suggests the open challenges a newly registered startup would make the top 10 of.",
    ),
    Subscription(
        MATCH_ALERTS,
        "startup.profile_revised",
        EventMessage,
        "suggest_matches",
        "Suggests the open challenges a startup with a revised profile would make the top 10 of.",
    ),
    Subscription(
        INBOUND,
        REGISTER_STARTUP,
        RegisterStartup,
        "register_startup",
        "Registers a startup for another city system (e.g. the business portal), validated like the CLI.",
    ),
)


def event_types() -> list[str]:
    """The type of every kind of domain event the relay publishes."""
    subjects = set()
    for aggregate in KINDS.values():
        for value in vars(aggregate).values():
            if (
                isinstance(value, type)
                and issubclass(value, DomainAggregate.Event)
                and getattr(value, "TOPIC", "")
            ):
                subjects.add(event_type(value))
    return sorted(subjects)


def wire(bus: Bus, consumers: Consumers | None, names: set[str] | None = None) -> None:
    """Subscribe the consumers (all, or those named) and document what the relay publishes."""
    for subscription in SUBSCRIPTIONS:
        if names is None or subscription.consumer in names:
            bus.subscribe(
                subscription.consumer,
                bus.subject(subscription.subject),
                subscription.schema,
                _handler(bus, consumers, subscription),
                subscription.description,
            )
    bus.document_publishers([bus.subject(t) for t in event_types()])


def _handler(bus: Bus, consumers: Consumers | None, subscription: Subscription):  # type: ignore[no-untyped-def]
    async def handle(message: BaseModel, subject: str, attempt: int) -> None:
        if consumers is None:
            raise RuntimeError("this bus was wired for its documentation only")
        body = message.model_dump_json().encode()
        try:
            outcome = await asyncio.to_thread(getattr(consumers, subscription.method), message)
            log.info("%s: %s %s", outcome.consumer, outcome.status, outcome.detail)
        except Poison as poison:
            await bus.dead_letter(subscription.consumer, subject, poison.kind, poison.reason, body)
        except Exception as error:  # the store is busy, the model failed: retry, a bounded number of times
            log.warning("%s: attempt %d failed: %s", subscription.consumer, attempt, error)
            await retry_or_give_up(bus, subscription.consumer, subject, attempt, error, body)

    return handle
