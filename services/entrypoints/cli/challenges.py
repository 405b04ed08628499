"""`matchmaker challenge …`: draft, revise, publish, close, award, implementation, withdraw, list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from domain import Challenge
from services.application.commands import challenges
from services.entrypoints.cli.options import (
    DATE_FORMATS,
    Assumed,
    ExpectedVersion,
    On,
    Reason,
    command,
    console,
    done,
    session,
    when,
)
from services.entrypoints.cli.render import listing_table

app = typer.Typer(help="Challenges a city tenders with its companies.", no_args_is_help=True)

Title = Annotated[str | None, typer.Option(help="Title.")]
Owner = Annotated[str | None, typer.Option(help="Owner organisation, e.g. 'entsorgung herne AöR'.")]
SectorOpt = Annotated[str | None, typer.Option("--sector", help="waste, energy, mobility, buildings, …")]
Description = Annotated[str | None, typer.Option(help="What is sought (required before publishing).")]
Capabilities = Annotated[
    list[str] | None, typer.Option("--capability", help="A required capability (repeat).")
]
Datasets = Annotated[list[str] | None, typer.Option("--dataset", help="A dataset offered (repeat).")]
Budget = Annotated[int | None, typer.Option("--budget", help="Budget in euros.")]
Language = Annotated[str | None, typer.Option(help="Language of the texts: de, en, …")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="Ruhrgebiet, NRW, Deutschland or EU.")]


def _details(**given: Any) -> dict[str, Any]:
    names = {
        "capability": "required_capabilities",
        "dataset": "datasets_offered",
        "budget": "budget_eur",
        "region": "region_preference",
    }
    return {names.get(k, k): v for k, v in given.items() if v is not None}


@command(app, "draft")
def draft(
    title: str,
    owner: Annotated[str, typer.Option(help="Owner organisation, e.g. 'entsorgung herne AöR'.")],
    sector: Annotated[str, typer.Option(help="waste, energy, mobility, buildings, …")],
    description: Description = None,
    capability: Capabilities = None,
    dataset: Datasets = None,
    budget: Budget = None,
    language: Language = "de",
    region: RegionOpt = None,
    programme: Annotated[str | None, typer.Option(help="The programme it belongs to.")] = None,
    ref: Annotated[str | None, typer.Option(help="Reference (default: from the title).")] = None,
    on: On = None,
    assumed: Assumed = False,
) -> None:
    """Draft a challenge."""
    details = _details(
        title=title,
        owner=owner,
        sector=sector,
        description=description,
        capability=capability,
        dataset=dataset,
        budget=budget,
        language=language,
        region=region,
    )
    challenge, created = challenges.draft(
        session.store, details, programme=programme, ref=ref, by=session.actor, when=when(on, assumed)
    )
    done(f"challenge {challenge.ref} {'drafted' if created else 'already drafted; nothing changed'}")


@command(app, "revise")
def revise(
    challenge: str,
    title: Title = None,
    owner: Owner = None,
    sector: SectorOpt = None,
    description: Description = None,
    capability: Capabilities = None,
    dataset: Datasets = None,
    budget: Budget = None,
    language: Language = None,
    region: RegionOpt = None,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Revise a draft or published challenge; only what differs is recorded."""
    changes = _details(
        title=title,
        owner=owner,
        sector=sector,
        description=description,
        capability=capability,
        dataset=dataset,
        budget=budget,
        language=language,
        region=region,
    )
    before = session.store.find(Challenge, challenge).version
    c = challenges.revise(
        session.store,
        challenge,
        changes,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(
        f"challenge {c.ref} revised (version {c.version})"
        if c.version > before
        else "nothing differs; nothing recorded"
    )


@command(app, "publish")
def publish(
    challenge: str,
    deadline: Annotated[datetime, typer.Option(formats=DATE_FORMATS, help="Application deadline.")],
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Publish (tender) a challenge with an application deadline."""
    c = challenges.publish(
        session.store,
        challenge,
        deadline.date(),
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"challenge {c.ref} published; applications until {deadline.date().isoformat()}")


@command(app, "close")
def close(
    challenge: str,
    reason: Annotated[str, typer.Option(help="Why.")] = "",
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Close a published challenge to applications."""
    c = challenges.close(
        session.store,
        challenge,
        reason,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"challenge {c.ref} closed")


@command(app, "award")
def award(
    challenge: str,
    startups: list[str],
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Award a closed challenge to startups that applied or were shortlisted."""
    c = challenges.award(
        session.store,
        challenge,
        startups,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"challenge {c.ref} awarded to {', '.join(startups)}")


@command(app, "start-implementation")
def start_implementation(
    challenge: str,
    expected_end: Annotated[datetime, typer.Option(formats=DATE_FORMATS, help="When it should be done.")],
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Implementation of an awarded challenge starts."""
    c = challenges.start_implementation(
        session.store,
        challenge,
        expected_end.date(),
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"implementation of {c.ref} started; expected end {expected_end.date().isoformat()}")


@command(app, "complete")
def complete(
    challenge: str,
    summary: Annotated[str, typer.Option(help="What was delivered.")] = "",
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Implementation of a challenge is completed."""
    c = challenges.complete_implementation(
        session.store,
        challenge,
        summary,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"implementation of {c.ref} completed")


@command(app, "withdraw")
def withdraw(
    challenge: str,
    reason: Reason,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Withdraw a challenge that was not awarded."""
    c = challenges.withdraw(
        session.store,
        challenge,
        reason,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"challenge {c.ref} withdrawn")


@command(app, "list")
def list_challenges(
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    programme: Annotated[str | None, typer.Option(help="Only programmes whose name contains this.")] = None,
    sector: Annotated[str | None, typer.Option(help="Only this sector.")] = None,
) -> None:
    """The challenge board: status, deadline, applications, shortlisted, accepted, awarded."""
    from projections.board import board_rows
    from services.application.readmodels import read_models

    rows = [
        r
        for r in board_rows(read_models(session.store).view("board"))
        if status in (None, r["status"])
        and sector in (None, r["sector"])
        and (programme is None or programme.casefold() in r["programme"].casefold())
    ]
    console.print(
        listing_table(
            "Challenge board",
            rows,
            [
                "ref",
                "title",
                "owner",
                "programme",
                "status",
                "deadline",
                "applications",
                "shortlisted",
                "accepted",
                "awarded",
            ],
        )
    )
