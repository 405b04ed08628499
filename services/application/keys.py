"""API keys from configuration: who a bearer token is, and in which role they act (the API and
the pages accept the same keys, so this is the application's, not one entry point's).

Two sources, merged (a key named in both must mean the same):

- `MATCHMAKER_API_KEYS`: `key=role:name` entries separated by commas, e.g.
  `k1=manager:Petra Programm,k2=auditor:Anna Audit,k3=startup:acme-gmbh`. A startup key names the
  startup's ref, optionally followed by the person: `k4=startup:acme-gmbh:Alex Acme`.
- `MATCHMAKER_API_KEYS_FILE`: a TOML file of `[[keys]]` tables with `key`, `role`, `name` and, for
  the startup role, `startup` (keeps keys out of the environment and process listings).

Keys are secrets: they are compared in constant time and never shown.
"""

from __future__ import annotations

import hmac
import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from domain import Actor, DomainError, Role

#: Roles a key may carry: `system` is for the bus consumers, not for people.
KEY_ROLES = (Role.MANAGER, Role.AUDITOR, Role.STARTUP)


class KeyConfigError(ValueError):
    """The key configuration cannot be read; the API refuses to start rather than guess."""


class Keys:
    """Bearer tokens and the actors they stand for."""

    def __init__(self, entries: Mapping[str, Actor] | None = None) -> None:
        self._entries = dict(entries or {})

    def __len__(self) -> int:
        return len(self._entries)

    def actor_for(self, token: str) -> Actor | None:
        """The actor of a token, compared in constant time with every key (no timing oracle)."""
        found = None
        presented = token.encode()
        for key, actor in self._entries.items():
            if hmac.compare_digest(presented, key.encode()):
                found = actor
        return found

    def roles(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for actor in self._entries.values():
            counts[actor.role.value] = counts.get(actor.role.value, 0) + 1
        return counts

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Keys:
        """Keys from MATCHMAKER_API_KEYS and MATCHMAKER_API_KEYS_FILE (either, both, or none)."""
        environ = os.environ if environ is None else environ
        pairs = list(parse_list(environ.get("MATCHMAKER_API_KEYS", "")))
        path = environ.get("MATCHMAKER_API_KEYS_FILE")
        if path:
            pairs += list(parse_file(Path(path)))
        return cls(merged(pairs))


def actor(role: str, name: str, startup: str | None = None) -> Actor:
    """The actor a key stands for; a startup key must name its startup."""
    if role not in KEY_ROLES:
        raise KeyConfigError(f"role {role!r} is not one of {', '.join(KEY_ROLES)}")
    if role == Role.STARTUP and not (startup or "").strip():
        raise KeyConfigError("a startup key must name the startup it speaks for (startup:<ref>)")
    try:
        return Actor(name, Role(role), acts_for=startup.strip() if startup else None)
    except DomainError as error:
        raise KeyConfigError(str(error)) from None


def parse_list(text: str) -> Iterable[tuple[str, Actor]]:
    """`key=role:name,…`; for startups `key=startup:<ref>[:name]`."""
    for number, entry in enumerate(text.split(","), start=1):
        if not entry.strip():
            continue
        key, equals, spec = entry.strip().partition("=")
        role, colon, rest = spec.partition(":")
        if not (equals and colon and key.strip() and rest.strip()):
            raise KeyConfigError(f"MATCHMAKER_API_KEYS entry {number} is not key=role:name")
        role = role.strip()
        if role == Role.STARTUP:
            startup, _, person = rest.partition(":")
            yield key.strip(), actor(role, person.strip() or startup.strip(), startup)
        else:
            yield key.strip(), actor(role, rest.strip())


def parse_file(path: Path) -> Iterable[tuple[str, Actor]]:
    """A TOML file of `[[keys]]` tables: key, role, name, and startup for the startup role."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise KeyConfigError(f"MATCHMAKER_API_KEYS_FILE {path}: {error}") from None
    tables: Any = document.get("keys", [])
    if not isinstance(tables, list):
        raise KeyConfigError(f"{path}: `keys` must be an array of tables ([[keys]])")
    for number, table in enumerate(tables, start=1):
        key = table.get("key") if isinstance(table, dict) else None
        if not isinstance(key, str) or not key.strip():
            raise KeyConfigError(f"{path}: keys entry {number} has no `key`")
        role, startup = str(table.get("role", "")), table.get("startup")
        name = str(table.get("name") or startup or "")
        yield key.strip(), actor(role, name, str(startup) if startup is not None else None)


def merged(pairs: Iterable[tuple[str, Actor]]) -> dict[str, Actor]:
    entries: dict[str, Actor] = {}
    for key, who in pairs:
        if key in entries and entries[key] != who:
            raise KeyConfigError("one key is configured twice for different actors")
        entries[key] = who
    return entries
