"""A client of the matchmaker's bus that knows nothing of the project but its AsyncAPI document.

    python plain_client.py NATS_URL ASYNCAPI_JSON SUBJECT [--count N]

It finds the message schema of the subject's channel in the document, reads the subject's
messages from JetStream with nats-py, checks each against the schema with jsonschema, and prints
each decoded message as one JSON line (with the schema's name).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import nats
from jsonschema import Draft202012Validator


def schema_for(document: dict, subject: str) -> tuple[str, dict]:
    """The payload schema of the messages the document says are published on `subject`."""
    wanted = subject.rstrip(">").rstrip("*").rstrip(".")
    for channel in document["channels"].values():
        if not channel["address"].startswith(wanted):
            continue
        for message in channel["messages"].values():
            resolved = document
            for part in message["$ref"].removeprefix("#/").split("/"):
                resolved = resolved[part]
            payload = resolved["payload"]
            if "$ref" in payload:
                name = payload["$ref"].rsplit("/", 1)[-1]
                return name, document["components"]["schemas"][name]
    raise SystemExit(f"the document has no channel for {subject}")


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("asyncapi")
    parser.add_argument("subject")
    parser.add_argument("--count", type=int, default=1)
    args = parser.parse_args()
    document = json.loads(Path(args.asyncapi).read_text())
    name, schema = schema_for(document, args.subject)
    validator = Draft202012Validator(schema)
    connection = await nats.connect(args.url)
    subscription = await connection.jetstream().subscribe(args.subject, ordered_consumer=True)
    for _ in range(args.count):
        message = await subscription.next_msg(timeout=120)
        body = json.loads(message.data)
        errors = sorted(validator.iter_errors(body), key=str)
        if errors:
            print(f"{message.subject}: {errors[0].message}", file=sys.stderr)
            return 1
        print(json.dumps({**body, "schema": name}))
    await connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
