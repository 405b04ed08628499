"""What the bus consumers do, independent of the broker (the application's reactions to messages;
services/entrypoints/bus wires them to subjects): each effect exactly once.

Every consumer records the message it processed in the store's tracking table *in the same
transaction* as its effect (`Store.record_processed`): a redelivered message finds its record
and does nothing. Effects are domain events, which the relay publishes in turn:

- the auto-shortlister answers `challenge.published` with a ranked shortlist;
- match alerts answer `startup.registered` and `startup.profile_revised` with a
  `match.suggested` naming the open challenges the startup would make the top of;
- inbound commands from other city systems (`RegisterStartup`) go through the same validation
  as the CLI.

A message that can never succeed (malformed, of a type the consumer does not know, failing
validation) raises `Poison`; the broker wiring sends it to the dead-letter subject with the reason.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain import Actor, Challenge, DomainError, MatchSuggestion, Startup, When
from domain.errors import RuleViolation
from domain.values import slug
from matching.alerts import ChallengeLens
from services.application import commands
from services.application.commands import handle
from services.application.shortlisting import Request, Shortlisting, profile_of, shortlisting_for, spec_of
from services.errors import Conflict
from services.infrastructure.bus.messages import EventMessage, RegisterStartup, message_key
from services.infrastructure.store import Store

AUTO_SHORTLISTER = "auto-shortlister"
MATCH_ALERTS = "match-alerts"
INBOUND = "inbound"
SHORTLIST_TOP = 10
ALERT_TOP = 10  # a startup is suggested for a challenge when it would make its top 10
LENS_SECONDS = 60.0  # how long a challenge's pool statistics are reused for alerts


class Poison(Exception):
    """The message can never be processed; `kind` says why (malformed, unknown type, validation)."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


class _AlreadyProcessed(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    consumer: str
    status: str  # done, duplicate, nothing to do
    detail: str = ""


class Consumers:
    """The consumers of one process, sharing the store and the matcher."""

    def __init__(self, store: Store, shortlisting: Shortlisting | None = None) -> None:
        self.store = store
        self.shortlisting = shortlisting or shortlisting_for(store)
        self._lenses: dict[tuple[str, int], tuple[float, ChallengeLens]] = {}
        self._lock = threading.Lock()

    # The auto-shortlister --------------------------------------------------------------------

    def auto_shortlist(self, message: EventMessage) -> Outcome:
        if message.type != "challenge.published":
            raise Poison(
                "unknown type", f"the auto-shortlister handles challenge.published, not {message.type}"
            )
        if self.store.processed(AUTO_SHORTLISTER, message.key):
            return Outcome(AUTO_SHORTLISTER, "duplicate", str(message.event_id))
        actor = Actor(AUTO_SHORTLISTER, "system", correlation_id=str(message.event_id))
        today = When(date.today())
        try:
            ranking = self.shortlisting.rank(
                str(message.aggregate_id), Request(top=SHORTLIST_TOP), when=today
            )
        except RuleViolation as error:  # e.g. withdrawn meanwhile: nothing to shortlist, and that is final
            self.store.record_processed(AUTO_SHORTLISTER, message.key)
            return Outcome(AUTO_SHORTLISTER, "nothing to do", str(error))

        def save(shortlist: Any) -> None:
            if not self.store.record_processed(AUTO_SHORTLISTER, message.key, shortlist):
                raise _AlreadyProcessed

        try:
            shortlist = handle(
                self.store,
                commands.ProduceShortlist(
                    str(message.aggregate_id),
                    ranking.candidates,
                    matcher=ranking.matcher,
                    settings=ranking.settings,
                ),
                by=actor,
                when=today,
                save=save,
            ).aggregate
        except _AlreadyProcessed:
            return Outcome(AUTO_SHORTLISTER, "duplicate", str(message.event_id))
        return Outcome(AUTO_SHORTLISTER, "done", shortlist.ref)

    # Match alerts --------------------------------------------------------------------------------

    def suggest_matches(self, message: EventMessage) -> Outcome:
        if message.type not in ("startup.registered", "startup.profile_revised"):
            raise Poison(
                "unknown type",
                f"match alerts handle startup.registered and startup.profile_revised, not {message.type}",
            )
        if self.store.processed(MATCH_ALERTS, message.key):
            return Outcome(MATCH_ALERTS, "duplicate", str(message.event_id))
        startup = self.store.load(Startup, message.aggregate_id)
        if not startup.active or startup.version != message.aggregate_version:
            # withdrawn, or revised again: the message about the latest profile will suggest
            self.store.record_processed(MATCH_ALERTS, message.key)
            return Outcome(MATCH_ALERTS, "nothing to do", "the profile has changed since")
        profile = profile_of(startup)
        matches = []
        for lens in self._open_lenses():
            score, components = lens.score(profile)
            if score >= lens.threshold:
                matches.append(
                    {
                        "challenge_id": lens.challenge.id,
                        "title": lens.challenge.title,
                        "score": round(score, 4),
                        "top_threshold": round(lens.threshold, 4),
                        "components": components,
                    }
                )
        if not matches:
            self.store.record_processed(MATCH_ALERTS, message.key)
            return Outcome(MATCH_ALERTS, "nothing to do", "no open challenge it would make the top of")
        matches.sort(key=lambda m: -m["score"])
        actor = Actor(MATCH_ALERTS, "system", correlation_id=str(message.event_id))
        suggestion = MatchSuggestion.suggest(
            startup,
            matches,
            threshold=min(m["top_threshold"] for m in matches),
            by=actor,
            when=When(date.today()),
        )
        try:
            recorded = self.store.record_processed(MATCH_ALERTS, message.key, suggestion)
        except Conflict:  # a suggestion for this profile version exists (another message for it)
            self.store.record_processed(MATCH_ALERTS, message.key)
            return Outcome(MATCH_ALERTS, "nothing to do", "already suggested for this profile version")
        return Outcome(MATCH_ALERTS, "done" if recorded else "duplicate", suggestion.ref)

    def _open_lenses(self) -> list[ChallengeLens]:
        """Lenses of every published challenge whose deadline has not passed, reused for a minute."""
        today = date.today()
        from services.application.readmodels import read_models

        board = read_models(self.store).view("board").all("challenge")  # the board knows what is open
        open_challenges = [
            self.store.load(Challenge, UUID(doc["id"]))
            for doc in board
            if doc["status"] == "published" and (doc["deadline"] or "") >= today.isoformat()
        ]
        lenses = []
        with self._lock:
            for challenge in open_challenges:
                key = (str(challenge.id), challenge.version)
                cached = self._lenses.get(key)
                if cached is None or time.monotonic() - cached[0] > LENS_SECONDS:
                    matcher, index, pool, embedded = self.shortlisting.scores_now()
                    lens = ChallengeLens.prepare(
                        matcher, spec_of(challenge), index, pool, embedded, ALERT_TOP
                    )
                    cached = self._lenses[key] = (time.monotonic(), lens)
                lenses.append(cached[1])
        return lenses

    # Inbound commands ------------------------------------------------------------------------------

    def register_startup(self, command: RegisterStartup) -> Outcome:
        key = message_key(command.command_id)
        if self.store.processed(INBOUND, key):
            return Outcome(INBOUND, "duplicate", str(command.command_id))
        actor = Actor(f"{command.source}: {command.actor}", "system", correlation_id=str(command.command_id))

        def save(startup: Startup) -> None:  # the startup and that this message was processed, at once
            if not self.store.record_processed(INBOUND, key, startup):
                raise _AlreadyProcessed

        try:
            registration = commands.RegisterStartup(command.profile(), command.source, ref=slug(command.name))
            registered = handle(self.store, registration, by=actor, save=save)
        except _AlreadyProcessed:
            return Outcome(INBOUND, "duplicate", str(command.command_id))
        except Conflict:  # the ref is taken by a different startup
            raise Poison(
                "validation", f"name: a different startup is already registered as {slug(command.name)!r}"
            ) from None
        except DomainError as error:
            raise Poison("validation", str(error)) from None
        if not registered.created:  # the same startup registered before
            self.store.record_processed(INBOUND, key)
            return Outcome(INBOUND, "nothing to do", f"{registered.aggregate.ref} was registered already")
        return Outcome(INBOUND, "done", registered.aggregate.ref)
