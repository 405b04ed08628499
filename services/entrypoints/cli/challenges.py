"""`matchmaker challenge …`: draft, revise, publish, close, reopen, award, revoke an award,
implementation, withdraw, list."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from domain import ChallengeStatus
from services.application.queries import board as queries
from services.entrypoints.cli.lazy import LazyModule
from services.entrypoints.cli.listings import chosen, name, print_listing, ref, value
from services.entrypoints.cli.options import (
    DATE_FORMATS,
    Json,
    ListingFormat,
    Reason,
    command,
    console,
    session,
)
from services.entrypoints.cli.writes import changes, creates, revised

if TYPE_CHECKING:
    from services.application import commands
    from services.application.commands import Done
else:  # imported when a write runs: a listing needs none of it
    commands = LazyModule("services.application.commands")

app = typer.Typer(help="Challenges a city tenders with its companies.", no_args_is_help=True)

Title = Annotated[str | None, typer.Option(help="Title.")]
Owner = Annotated[str | None, typer.Option(help="Owner organisation, e.g. 'entsorgung herne AöR'.")]
Sectors = Annotated[
    list[str] | None,
    typer.Option("--sector", help="A sector it spans: waste, energy, mobility, … (repeat, main first)."),
]
RevisedSectors = Annotated[
    list[str] | None,
    typer.Option(
        "--sector", help="A sector it spans, main first (repeat; replaces them all; --sector '' for none)."
    ),
]
Description = Annotated[str | None, typer.Option(help="What is sought (required before publishing).")]
Capabilities = Annotated[
    list[str] | None, typer.Option("--capability", help="A required capability (repeat).")
]
Datasets = Annotated[list[str] | None, typer.Option("--dataset", help="A dataset offered (repeat).")]
Budget = Annotated[int | None, typer.Option("--budget", help="Budget in euros.")]
Language = Annotated[str | None, typer.Option(help="Language of the texts: de, en, …")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="Ruhrgebiet, NRW, Deutschland or EU.")]


def _details(given: dict[str, Any]) -> dict[str, Any]:
    """A challenge's details from the options given (a command's locals), named as the domain names them."""
    names = {
        "title": "title",
        "owner": "owner",
        "sector": "sectors",
        "description": "description",
        "capability": "required_capabilities",
        "dataset": "datasets_offered",
        "budget": "budget_eur",
        "language": "language",
        "region": "region_preference",
    }
    return {names[k]: v for k, v in given.items() if k in names and v is not None}


@creates(app, "draft", "drafted")
def draft(
    title: str,
    owner: Annotated[str, typer.Option(help="Owner organisation, e.g. 'entsorgung herne AöR'.")],
    sector: Sectors = None,
    description: Description = None,
    capability: Capabilities = None,
    dataset: Datasets = None,
    budget: Budget = None,
    language: Language = "de",
    region: RegionOpt = None,
    programme: Annotated[str | None, typer.Option(help="The programme it belongs to.")] = None,
    ref: Annotated[str | None, typer.Option(help="Reference (default: from the title).")] = None,
) -> commands.DraftChallenge:
    """Draft a challenge, in the sectors it spans (several, or none if none fits)."""
    return commands.DraftChallenge(_details(locals()), programme, ref)


@changes(app, "revise", revised)
def revise(
    challenge: str,
    title: Title = None,
    owner: Owner = None,
    sector: RevisedSectors = None,
    description: Description = None,
    capability: Capabilities = None,
    dataset: Datasets = None,
    budget: Budget = None,
    language: Language = None,
    region: RegionOpt = None,
) -> commands.ReviseChallenge:
    """Revise a draft or published challenge; only what differs is recorded."""
    return commands.ReviseChallenge(challenge, _details(locals()))


@changes(app, "publish", "challenge {ref} published; applications until {deadline}")
def publish(
    challenge: str,
    deadline: Annotated[datetime, typer.Option(formats=DATE_FORMATS, help="Application deadline.")],
) -> commands.PublishChallenge:
    """Publish (tender) a challenge with an application deadline."""
    return commands.PublishChallenge(challenge, deadline.date())


def closed(result: Done[Any]) -> str:
    """An early close says so, with the deadline it came before."""
    challenge = result.aggregate
    if challenge.status is ChallengeStatus.CLOSED_EARLY:
        return (
            f"challenge {challenge.ref} closed early on {challenge.closed_on.isoformat()}, "
            f"before the deadline of {challenge.deadline.isoformat()}"
        )
    return f"challenge {challenge.ref} closed"


@changes(app, "close", closed)
def close(challenge: str, reason: Annotated[str, typer.Option(help="Why.")] = "") -> commands.CloseChallenge:
    """Close a published challenge to applications."""
    return commands.CloseChallenge(challenge, reason)


@changes(app, "reopen", "challenge {ref} reopened")
def reopen(challenge: str, reason: Reason) -> commands.ReopenChallenge:
    """Undo the close of a challenge, saying why (the close stays in its history)."""
    return commands.ReopenChallenge(challenge, reason)


@changes(app, "award", "challenge {ref} awarded to {startups}")
def award(challenge: str, startups: list[str]) -> commands.AwardChallenge:
    """Award a closed challenge to startups that applied or were shortlisted."""
    return commands.AwardChallenge(challenge, startups)


@changes(app, "revoke-award", "award of challenge {ref} revoked; it is {status} again")
def revoke_award(challenge: str, reason: Reason) -> commands.RevokeAward:
    """Undo an award entered by mistake (or that the winner stepped back from), saying why: the
    challenge is closed again and may be awarded anew; the award stays in its history."""
    return commands.RevokeAward(challenge, reason)


@changes(app, "start-implementation", "implementation of {ref} started; expected end {expected_end}")
def start_implementation(
    challenge: str,
    expected_end: Annotated[datetime, typer.Option(formats=DATE_FORMATS, help="When it should be done.")],
) -> commands.StartImplementation:
    """Implementation of an awarded challenge starts."""
    return commands.StartImplementation(challenge, expected_end.date())


@changes(app, "complete", "implementation of {ref} completed")
def complete(
    challenge: str, summary: Annotated[str, typer.Option(help="What was delivered.")] = ""
) -> commands.CompleteImplementation:
    """Implementation of a challenge is completed."""
    return commands.CompleteImplementation(challenge, summary)


@changes(app, "withdraw", "challenge {ref} withdrawn")
def withdraw(challenge: str, reason: Reason) -> commands.WithdrawChallenge:
    """Withdraw a challenge that was not awarded."""
    return commands.WithdrawChallenge(challenge, reason)


@command(app, "list")
def list_challenges(
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    programme: Annotated[str | None, typer.Option(help="Only this programme (its ref).")] = None,
    sector: Annotated[str | None, typer.Option(help="Only this sector.")] = None,
    format: ListingFormat = None,
    as_json: Json = False,
) -> None:
    """The challenge board: status, deadline, applications, shortlisted, accepted, awarded (a
    startup: published challenges, without who was shortlisted or accepted)."""
    rows = queries.board(session.actor, session.store, programme, status, sector)
    print_listing(
        console,
        "Challenge board",
        rows,
        [
            ref(),
            name("title"),
            value("status"),
            value("deadline"),
            value("applications", "applied"),
            value("shortlisted"),
            value("accepted"),
            name("awarded"),
            name("owner"),
            value("programme"),
        ],
        chosen(format, as_json),
    )


# `challenge decisions` (services/entrypoints/cli/decisions.py) is a command of this group.
from services.entrypoints.cli import decisions  # noqa: E402

decisions.register(app)
