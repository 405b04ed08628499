"""The bus as a FastStream app, for its AsyncAPI document:
`faststream docs gen services.entrypoints.bus.app:app -o docs/asyncapi.json`
(and `--yaml -o docs/asyncapi.yaml`).

Wired for documentation only (no store, no consumers run); the broker is NATS JetStream, the
embedded default. docs/ holds the generated document; a test keeps it in sync with this.
"""

from __future__ import annotations

from faststream import FastStream
from faststream.specification import AsyncAPI

from services.entrypoints.bus.wiring import wire
from services.infrastructure.bus.brokers import NatsBus

VERSION = "1.0.0"

bus = NatsBus("nats://127.0.0.1:4222")
wire(bus, consumers=None)
app = FastStream(
    bus.broker,
    specification=AsyncAPI(
        title="matchmaker message bus",
        version=VERSION,
        description=(
            "Every domain event of the matchmaker, published by its relay on a subject named by its type "
            "(matchmaker.<aggregate>.<event>), each an EventMessage; commands other city systems send "
            "(matchmaker.commands.*); dead letters (matchmaker.dead_letter.<consumer>)."
        ),
    ),
)
