"""The brokers behind the bus, through faststream: NATS JetStream, RabbitMQ, Redis streams, Kafka.

Chosen by the URL's scheme. Each adapter does the same four things its broker's way:
- publish a page of events, each aggregate's events one after another (so they stay in order
  even when a publish is retried), different aggregates concurrently, returning only when the
  broker confirmed every one; the event id is the deduplication id where the broker has one;
- subscribe a consumer so that several workers share its messages (a durable pull consumer,
  a quorum queue, a consumer group);
- retry a failing message a bounded number of times with a growing delay, then give up on it;
- publish dead letters.

Broker defaults that would lose messages are overridden here: the ack policy is NACK_ON_ERROR
(the default rejects on the first error), RabbitMQ messages persist, NATS reconnects forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from faststream import AckPolicy, Context
from faststream.exceptions import NackMessage
from faststream.middlewares import ExceptionMiddleware
from pydantic import BaseModel, ValidationError

from services.infrastructure.bus.messages import PREFIX, DeadLetter, EventMessage

MAX_ATTEMPTS = 5
CONCURRENT_CHAINS = 256
PUBLISH_TIMEOUT = 10.0


def retry_delay(attempt: int) -> float:
    """Seconds before the next delivery: 0.5, 1, 2, 4 …"""
    return min(0.5 * 2 ** (attempt - 1), 30.0)


#: A consumer's handling of one message: (parsed message, attempt) -> None; raises to retry.
Handle = Callable[[BaseModel, str, int], Awaitable[None]]


class Bus(ABC):
    scheme: str = ""

    def __init__(self, url: str, prefix: str = PREFIX) -> None:
        """`prefix` starts every subject (and names the stream, the exchange): tests use their own."""
        self.url = url
        self.prefix = prefix
        self.consumer_of_subject: dict[str, str] = {}
        self.broker: Any = self.make_broker(
            middlewares=[ExceptionMiddleware(handlers={ValidationError: self._invalid})]
        )

    @abstractmethod
    def make_broker(self, middlewares: list[Any]) -> Any: ...

    def subject(self, name: str) -> str:
        """`challenge.published` -> `matchmaker.challenge.published`."""
        return f"{self.prefix}.{name}"

    def dead_letters(self, consumer: str) -> str:
        return self.subject(f"dead_letter.{consumer}")

    # Publishing ----------------------------------------------------------------------------------

    async def publish_events(self, messages: Sequence[EventMessage]) -> None:
        """Each aggregate's events in order, aggregates concurrently; all confirmed, or raise."""
        chains: dict[Any, list[EventMessage]] = defaultdict(list)
        for message in messages:
            chains[message.aggregate_id].append(message)
        gate = asyncio.Semaphore(CONCURRENT_CHAINS)

        async def publish_chain(chain: list[EventMessage]) -> None:
            async with gate:
                for message in chain:
                    await self.publish_event(message)

        await asyncio.gather(*(publish_chain(chain) for chain in chains.values()))

    @abstractmethod
    async def publish_event(self, message: EventMessage) -> None: ...

    @abstractmethod
    async def publish_dead_letter(self, letter: DeadLetter) -> None: ...

    async def send_command(self, command: BaseModel, subject: str) -> None:
        """What another system does to send us a command (used by tests and tools)."""
        await self.publish_raw(command.model_dump_json().encode(), subject, str(uuid4()))

    @abstractmethod
    async def publish_raw(self, body: bytes, subject: str, identity: str) -> None: ...

    # Subscribing ----------------------------------------------------------------------------------

    def subscribe(
        self, consumer: str, subject: str, schema: type[BaseModel], handle: Handle, description: str
    ) -> None:
        self.consumer_of_subject[subject] = consumer
        self._subscribe(consumer, subject, schema, handle, description)

    @abstractmethod
    def _subscribe(
        self, consumer: str, subject: str, schema: type[BaseModel], handle: Handle, description: str
    ) -> None: ...

    @abstractmethod
    def watch(
        self, subject: str, schema: type[BaseModel], callback: Callable[[Any], None], name: str
    ) -> None:
        """Read every message of a subject from its beginning, e.g. the dead letters (for tools and tests)."""

    @abstractmethod
    def document_publishers(self, subjects: Sequence[str]) -> None:
        """Declare what the relay publishes, so that the AsyncAPI document shows each subject's schema."""

    async def _invalid(self, error: ValidationError, message: Any = Context("message")) -> None:  # noqa: B008
        """A message that is not JSON or does not fit its schema: poison, to the dead letters."""
        subject = self.subject_of(message)
        try:
            json.loads(message.body)
            kind = "validation"
        except ValueError:
            kind = "malformed"
        await self.dead_letter(
            self.consumer_of_subject.get(subject, "unknown"), subject, kind, _first_error(error), message.body
        )

    async def dead_letter(self, consumer: str, subject: str, kind: str, reason: str, body: bytes) -> None:
        await self.publish_dead_letter(
            DeadLetter(
                consumer=consumer,
                subject=subject,
                reason=reason,
                error=kind,
                body=body.decode("utf-8", errors="replace"),
                received_at=datetime.now(UTC),
            )
        )

    @abstractmethod
    def subject_of(self, message: Any) -> str: ...

    async def retry(self, attempt: int) -> None:
        """Ask for the message again later (the broker's own way)."""
        await asyncio.sleep(retry_delay(attempt))  # these brokers redeliver at once: wait here
        raise NackMessage()

    # Lifecycle ----------------------------------------------------------------------------------

    async def start(self) -> None:
        await self.broker.start()

    async def stop(self) -> None:
        await self.broker.stop()


def decode_json(message: Any) -> Any:
    """Bodies are JSON whatever their content type says (other systems may not set one); what is
    not JSON stays bytes and fails validation as malformed."""
    try:
        return json.loads(message.body)
    except ValueError:
        return message.body


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    location = [str(p) for p in first.get("loc", ())]
    where = ".".join(location[1:] if location[:1] == ["body"] else location) or "message"
    return f"{where}: {first.get('msg', 'invalid')}"


# NATS JetStream ----------------------------------------------------------------------------------------


ACK_WAIT = 30  # seconds after which NATS redelivers a message its worker did not acknowledge (it died)


async def _keep_in_progress(msg: Any) -> None:
    """Tell NATS a long handling (a first ranking embeds a whole pool) is alive, so that only a dead
    worker's messages go to another."""
    with contextlib.suppress(Exception):
        while True:
            await asyncio.sleep(ACK_WAIT / 3)
            await msg.in_progress()


class NatsBus(Bus):
    scheme = "nats"
    DUPLICATE_WINDOW = 600.0  # seconds within which a republished event is dropped by the server

    def make_broker(self, middlewares: list[Any]) -> Any:
        from faststream.nats import JStream, NatsBroker

        self.stream = JStream(
            self.prefix.upper().replace(".", "_"),
            subjects=[f"{self.prefix}.>"],
            duplicate_window=self.DUPLICATE_WINDOW,
        )
        return NatsBroker(
            self.url,
            max_reconnect_attempts=-1,
            reconnect_time_wait=1,
            connect_timeout=5,
            logger=None,
            middlewares=middlewares,
            specification_url="nats://localhost:4222",
            description="NATS JetStream; every subject is kept in the stream MATCHMAKER",
        )

    async def publish_event(self, message: EventMessage) -> None:
        await self.broker.publish(
            message,
            self.subject(message.type),
            stream=self.stream.name,
            headers={"Nats-Msg-Id": str(message.event_id)},
            timeout=PUBLISH_TIMEOUT,
        )

    async def publish_dead_letter(self, letter: DeadLetter) -> None:
        await self.broker.publish(
            letter, self.dead_letters(letter.consumer), stream=self.stream.name, timeout=PUBLISH_TIMEOUT
        )

    async def publish_raw(self, body: bytes, subject: str, identity: str) -> None:
        await self.broker.publish(
            body, subject, stream=self.stream.name, headers={"Nats-Msg-Id": identity}, timeout=PUBLISH_TIMEOUT
        )

    def subject_of(self, message: Any) -> str:
        return str(message.raw_message.subject)

    async def retry(self, attempt: int) -> None:
        raise NackMessage(delay=retry_delay(attempt))  # the server redelivers after the delay

    def _subscribe(
        self, consumer: str, subject: str, schema: type[BaseModel], handle: Handle, description: str
    ) -> None:
        from faststream.nats import ConsumerConfig, NatsMessage, PullSub

        async def handler(body: schema, msg: NatsMessage) -> None:  # type: ignore[valid-type]
            try:
                attempt = msg.raw_message.metadata.num_delivered
            except Exception:  # the in-memory test broker has no JetStream metadata
                attempt = 1
            alive = asyncio.create_task(_keep_in_progress(msg))
            try:
                await handle(body, subject, attempt)
            finally:
                alive.cancel()

        handler.__doc__ = description
        handler.__annotations__ = {"body": schema, "msg": NatsMessage, "return": None}
        self.broker.subscriber(
            subject,
            stream=self.stream,
            durable=f"{consumer}--{subject.replace('.', '-')}",
            pull_sub=PullSub(batch_size=8, timeout=1.0),
            config=ConsumerConfig(max_deliver=MAX_ATTEMPTS + 1, ack_wait=ACK_WAIT),
            ack_policy=AckPolicy.NACK_ON_ERROR,
            decoder=decode_json,
            title=f"{subject}:{consumer}",
        )(handler)

    def watch(
        self, subject: str, schema: type[BaseModel], callback: Callable[[Any], None], name: str
    ) -> None:
        from faststream.nats import PullSub

        async def watcher(body: Any) -> None:
            callback(body)

        watcher.__annotations__ = {"body": schema, "return": None}
        self.broker.subscriber(
            subject, stream=self.stream, durable=name, pull_sub=PullSub(timeout=0.5), include_in_schema=False
        )(watcher)

    def document_publishers(self, subjects: Sequence[str]) -> None:
        for subject in subjects:
            self.broker.publisher(
                subject,
                stream=self.stream,
                schema=EventMessage,
                title=f"{subject}:relay",
                description="Published by the relay for every stored event of this type",
            )
        self.broker.publisher(
            self.subject("dead_letter.>"),
            stream=self.stream,
            schema=DeadLetter,
            title="dead letters",
            description="Messages a consumer gave up on, with the reason",
        )


# RabbitMQ ------------------------------------------------------------------------------------------------


class RabbitBus(Bus):
    scheme = "amqp"

    def make_broker(self, middlewares: list[Any]) -> Any:
        from faststream.rabbit import Channel, ExchangeType, RabbitBroker, RabbitExchange

        self.exchange = RabbitExchange(self.prefix, type=ExchangeType.TOPIC, durable=True)
        return RabbitBroker(
            self.url,
            default_channel=Channel(prefetch_count=16),
            logger=None,
            middlewares=middlewares,
            specification_url="amqp://localhost:5672/",
        )

    async def start(self) -> None:
        from faststream.rabbit import QueueType, RabbitQueue

        await self.broker.start()
        await self.broker.declare_exchange(self.exchange)
        letters = RabbitQueue(
            self.subject("dead_letter"),
            durable=True,
            queue_type=QueueType.QUORUM,
            routing_key=self.subject("dead_letter.*"),
        )
        queue = await self.broker.declare_queue(letters)
        await queue.bind(self.exchange.name, routing_key=letters.routing_key)

    async def publish_event(self, message: EventMessage) -> None:
        await self.broker.publish(
            message,
            exchange=self.exchange,
            routing_key=self.subject(message.type),
            persist=True,
            message_id=str(message.event_id),
            timeout=PUBLISH_TIMEOUT,
        )

    async def publish_dead_letter(self, letter: DeadLetter) -> None:
        await self.broker.publish(
            letter,
            exchange=self.exchange,
            routing_key=self.dead_letters(letter.consumer),
            persist=True,
            timeout=PUBLISH_TIMEOUT,
        )

    async def publish_raw(self, body: bytes, subject: str, identity: str) -> None:
        await self.broker.publish(
            body,
            exchange=self.exchange,
            routing_key=subject,
            persist=True,
            message_id=identity,
            timeout=PUBLISH_TIMEOUT,
        )

    def subject_of(self, message: Any) -> str:
        return str(message.raw_message.routing_key)

    def _subscribe(
        self, consumer: str, subject: str, schema: type[BaseModel], handle: Handle, description: str
    ) -> None:
        from faststream.rabbit import QueueType, RabbitMessage, RabbitQueue

        queue = RabbitQueue(
            f"{self.prefix}.{consumer}.{subject}",
            durable=True,
            queue_type=QueueType.QUORUM,
            routing_key=subject,
        )

        async def handler(body: schema, msg: RabbitMessage) -> None:  # type: ignore[valid-type]
            attempt = int(msg.headers.get("x-delivery-count") or 0) + 1
            await handle(body, subject, attempt)

        handler.__doc__ = description
        handler.__annotations__ = {"body": schema, "msg": RabbitMessage, "return": None}
        self.broker.subscriber(
            queue,
            self.exchange,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            title=f"{subject}:{consumer}",
            decoder=decode_json,
        )(handler)

    def watch(
        self, subject: str, schema: type[BaseModel], callback: Callable[[Any], None], name: str
    ) -> None:
        from faststream.rabbit import QueueType, RabbitQueue

        async def watcher(body: Any) -> None:
            callback(body)

        watcher.__annotations__ = {"body": schema, "return": None}
        queue = RabbitQueue(
            f"{self.prefix}.{name}", durable=True, queue_type=QueueType.QUORUM, routing_key=subject
        )
        self.broker.subscriber(queue, self.exchange, include_in_schema=False)(watcher)

    def document_publishers(self, subjects: Sequence[str]) -> None:
        for subject in subjects:
            self.broker.publisher(
                exchange=self.exchange, routing_key=subject, schema=EventMessage, title=f"{subject}:relay"
            )


# Redis streams ------------------------------------------------------------------------------------------


class RedisBus(Bus):
    scheme = "redis"
    RECLAIM_AFTER_MS = 3000  # a message unacknowledged this long is taken over and retried
    reclaim = True  # the in-memory test broker cannot model XAUTOCLAIM and delivers to both readers

    def make_broker(self, middlewares: list[Any]) -> Any:
        from faststream.redis import RedisBroker

        self.groups: list[tuple[str, str]] = []
        return RedisBroker(
            self.url, logger=None, middlewares=middlewares, specification_url="redis://localhost:6379"
        )

    async def start(self) -> None:
        import redis.asyncio as redis

        client = redis.from_url(self.url)
        try:
            for stream, group in self.groups:  # groups read a stream from its start, history included
                try:
                    await client.xgroup_create(stream, group, id="0", mkstream=True)
                except redis.ResponseError as error:
                    if "BUSYGROUP" not in str(error):
                        raise
        finally:
            await client.aclose()
        await self.broker.start()

    async def publish_event(self, message: EventMessage) -> None:
        await self.broker.publish(
            message, stream=self.subject(message.type), headers={"message_id": str(message.event_id)}
        )

    async def publish_dead_letter(self, letter: DeadLetter) -> None:
        await self.broker.publish(letter, stream=self.dead_letters(letter.consumer))

    async def publish_raw(self, body: bytes, subject: str, identity: str) -> None:
        await self.broker.publish(body, stream=subject, headers={"message_id": identity})

    def subject_of(self, message: Any) -> str:
        channel = message.raw_message.get("channel", "")
        return channel.decode() if isinstance(channel, bytes) else str(channel)

    def watch(
        self, subject: str, schema: type[BaseModel], callback: Callable[[Any], None], name: str
    ) -> None:
        from faststream.redis import StreamSub

        async def watcher(body: Any) -> None:
            callback(body)

        watcher.__annotations__ = {"body": schema, "return": None}
        self.groups.append((subject, name))
        self.broker.subscriber(stream=StreamSub(subject, group=name, consumer=name), include_in_schema=False)(
            watcher
        )

    def document_publishers(self, subjects: Sequence[str]) -> None:
        for subject in subjects:
            self.broker.publisher(stream=subject, schema=EventMessage, title=f"{subject}:relay")

    def _subscribe(
        self, consumer: str, subject: str, schema: type[BaseModel], handle: Handle, description: str
    ) -> None:
        from faststream.redis import RedisStreamMessage, StreamSub

        self.groups.append((subject, consumer))
        worker = f"{consumer}-{os.getpid()}"

        async def handler(body: schema, msg: RedisStreamMessage) -> None:  # type: ignore[valid-type]
            attempt = int(await msg.get_delivery_count() or 1)
            await handle(body, subject, attempt)

        handler.__doc__ = description
        handler.__annotations__ = {"body": schema, "msg": RedisStreamMessage, "return": None}
        self.broker.subscriber(
            stream=StreamSub(subject, group=consumer, consumer=worker, max_records=8),
            ack_policy=AckPolicy.NACK_ON_ERROR,
            decoder=decode_json,
            title=f"{subject}:{consumer}",
        )(handler)
        if not self.reclaim:
            return
        # Redis does not redeliver a nacked entry: a second reader takes over idle ones (XAUTOCLAIM).
        self.broker.subscriber(
            stream=StreamSub(
                subject, group=consumer, consumer=f"{worker}-reclaim", min_idle_time=self.RECLAIM_AFTER_MS
            ),
            ack_policy=AckPolicy.NACK_ON_ERROR,
            decoder=decode_json,
            include_in_schema=False,
        )(handler)


# Kafka ---------------------------------------------------------------------------------------------------


class KafkaBus(Bus):
    scheme = "kafka"

    def make_broker(self, middlewares: list[Any]) -> Any:
        from faststream.kafka import KafkaBroker

        self.attempts: dict[tuple[str, int, int], int] = defaultdict(int)
        # kafka://a:9092,b:9092 names every bootstrap server: aiokafka wants them as a list.
        servers = self.url.removeprefix("kafka://").split("/", 1)[0].split(",")
        return KafkaBroker(
            servers,
            enable_idempotence=True,
            logger=None,
            middlewares=middlewares,
            specification_url="kafka://localhost:9092",
        )

    async def publish_event(self, message: EventMessage) -> None:
        await self.broker.publish(
            message,
            self.subject(message.type),
            key=str(message.aggregate_id).encode(),
            headers={"message_id": str(message.event_id)},
        )

    async def publish_dead_letter(self, letter: DeadLetter) -> None:
        await self.broker.publish(letter, self.dead_letters(letter.consumer))

    async def publish_raw(self, body: bytes, subject: str, identity: str) -> None:
        await self.broker.publish(body, subject, headers={"message_id": identity})

    def subject_of(self, message: Any) -> str:
        return str(message.raw_message.topic)

    def watch(
        self, subject: str, schema: type[BaseModel], callback: Callable[[Any], None], name: str
    ) -> None:
        async def watcher(body: Any) -> None:
            callback(body)

        watcher.__annotations__ = {"body": schema, "return": None}
        self.broker.subscriber(subject, group_id=name, auto_offset_reset="earliest", include_in_schema=False)(
            watcher
        )

    def document_publishers(self, subjects: Sequence[str]) -> None:
        for subject in subjects:
            self.broker.publisher(subject, schema=EventMessage, title=f"{subject}:relay")

    def _subscribe(
        self, consumer: str, subject: str, schema: type[BaseModel], handle: Handle, description: str
    ) -> None:
        from faststream.kafka import KafkaMessage

        async def handler(body: schema, msg: KafkaMessage) -> None:  # type: ignore[valid-type]
            record = msg.raw_message
            key = (str(record.topic), int(record.partition), int(record.offset))
            self.attempts[key] += 1  # Kafka keeps no delivery count: this process counts its own
            await handle(body, subject, self.attempts[key])
            self.attempts.pop(key, None)

        handler.__doc__ = description
        handler.__annotations__ = {"body": schema, "msg": KafkaMessage, "return": None}
        self.broker.subscriber(
            subject,
            group_id=consumer,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.ACK,
            decoder=decode_json,
            title=f"{subject}:{consumer}",
        )(handler)


BUSES: dict[str, type[Bus]] = {"nats": NatsBus, "amqp": RabbitBus, "redis": RedisBus, "kafka": KafkaBus}


def bus_for(url: str, prefix: str | None = None) -> Bus:
    """The bus for the URL's scheme; subjects start with MATCHMAKER_BUS_PREFIX (default: matchmaker)."""
    prefix = prefix or os.environ.get("MATCHMAKER_BUS_PREFIX") or PREFIX
    scheme = url.split("://", 1)[0]
    if scheme not in BUSES:
        raise ValueError(
            f"MATCHMAKER_BROKER_URL: {scheme!r} is not one of {', '.join(s + '://' for s in BUSES)}"
        )
    return BUSES[scheme](url, prefix)


async def retry_or_give_up(
    bus: Bus, consumer: str, subject: str, attempt: int, error: Exception, body: bytes
) -> None:
    """A transient failure: deliver again later, or after MAX_ATTEMPTS send it to the dead letters."""
    if attempt >= MAX_ATTEMPTS:
        await bus.dead_letter(
            consumer, subject, "retries exhausted", f"{type(error).__name__}: {error}", body
        )
        return
    await bus.retry(attempt)
