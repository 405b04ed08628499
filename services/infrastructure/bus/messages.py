"""What travels on the bus, as pydantic models: their JSON schemas are the AsyncAPI document's.

Every stored domain event is published as an `EventMessage` on a subject named by its type
(`matchmaker.challenge.published`); other systems send commands (`RegisterStartup`); messages a
consumer cannot process go to a dead-letter subject as `DeadLetter`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from pydantic import BaseModel, ConfigDict, Field

from domain.base import NAMESPACE, event_changes

PREFIX = "matchmaker"


class EventMessage(BaseModel):
    """A domain event as recorded in the event store."""

    model_config = ConfigDict(extra="forbid")

    event_id: UUID = Field(description="Identity of the event: also the broker's deduplication id")
    type: str = Field(
        description="Aggregate kind and event, e.g. challenge.published", examples=["challenge.published"]
    )
    topic: str = Field(
        description="The event class's versioned topic in the store",
        examples=["matchmaker:Challenge.Published@1"],
    )
    aggregate_type: str = Field(examples=["challenge"])
    aggregate_id: UUID
    aggregate_version: int = Field(ge=1)
    position: int = Field(ge=1, description="Position in the store's notification log")
    recorded_at: datetime = Field(description="When the event was recorded")
    occurred_on: date = Field(description="The business date it happened")
    date_assumed: bool = Field(description="The business date is an estimate")
    actor: str
    role: str
    correlation_id: UUID = Field(
        description="The event this one reacts to; its own id when it starts a chain"
    )
    payload: dict[str, Any] = Field(
        description="What the event says happened (its fields beyond this envelope); "
        "personal data (a startup's contact person) is never included"
    )

    @property
    def key(self) -> int:
        """A 63-bit integer for recording that a consumer processed this message."""
        return message_key(self.event_id)


class RegisterStartup(BaseModel):
    """A command from another city system, e.g. the business portal: register a startup."""

    model_config = ConfigDict(extra="forbid")

    command_id: UUID = Field(description="Unique per command: a retried command is processed once")
    source: str = Field(min_length=1, max_length=200, examples=["business-portal"])
    actor: str = Field(min_length=1, max_length=200, description="Who asked, in the sending system")
    name: str
    description: str
    capabilities: list[str] = []
    sectors: list[str] = []
    stage: str | None = None
    city: str | None = None
    founded: int | None = None
    team_size: int | None = None
    languages: list[str] = ["de"]
    website: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None

    def profile(self) -> dict[str, Any]:
        return self.model_dump(exclude={"command_id", "source", "actor"})


class DeadLetter(BaseModel):
    """A message a consumer could not process, with the reason; the consumer went on."""

    consumer: str
    subject: str
    reason: str
    error: str = Field(
        description="The kind of failure, e.g. malformed, unknown type, validation, retries exhausted"
    )
    body: str = Field(description="The message as received (UTF-8, replaced where undecodable)")
    received_at: datetime


def message_key(identity: UUID) -> int:
    return identity.int >> 65


def event_id(aggregate_id: UUID, version: int) -> UUID:
    return uuid5(NAMESPACE, f"event:{aggregate_id}:{version}")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def event_type(event_class: type) -> str:
    """`challenge.published`, `challenge.implementation_started`, `match.suggested`."""
    from domain import KINDS

    aggregate = event_class.__qualname__.split(".")[0]
    kinds = {cls.__name__: k for k, cls in KINDS.items()}
    return f"{kinds.get(aggregate, aggregate.lower())}.{snake(event_class.__name__)}"


REGISTER_STARTUP = "commands.register_startup"


def to_message(event: Any, position: int) -> EventMessage:
    from projections.readmodel import plain

    identity = event_id(event.originator_id, event.originator_version)
    correlation = event.correlation_id or str(identity)
    type_ = event_type(type(event))
    return EventMessage(
        event_id=identity,
        type=type_,
        topic=type(event).TOPIC,
        aggregate_type=type_.split(".")[0],
        aggregate_id=event.originator_id,
        aggregate_version=event.originator_version,
        position=position,
        recorded_at=event.timestamp,
        occurred_on=event.occurred_on,
        date_assumed=event.date_assumed,
        actor=event.actor,
        role=event.role,
        correlation_id=UUID(correlation),
        payload=plain(without_personal_data(event)),
    )


def without_personal_data(event: Any) -> dict[str, Any]:
    """What the event says happened, without personal data: a broker keeps messages where an
    erasure cannot reach them, so contact data never leaves the store this way."""
    from domain.startup import public_profile

    changes = event_changes(event)
    for attribute in getattr(type(event), "PERSONAL_DATA", ()):
        if isinstance(changes.get(attribute), dict):
            changes[attribute] = public_profile(changes[attribute])
    return changes
