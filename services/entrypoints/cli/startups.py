"""`matchmaker startup …`: register, revise, withdraw, erase contact data, list."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from domain import Startup
from services.application.commands import startups
from services.entrypoints.cli.options import (
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

app = typer.Typer(help="Startups and their profiles.", no_args_is_help=True)

Description = Annotated[str | None, typer.Option(help="What the startup does.")]
Capabilities = Annotated[list[str] | None, typer.Option("--capability", help="A capability (repeat).")]
Sectors = Annotated[list[str] | None, typer.Option("--sector", help="A sector, main first (repeat).")]
StageOpt = Annotated[str | None, typer.Option("--stage", help="idea, pre-seed, seed, series-a, growth.")]
City = Annotated[str | None, typer.Option(help="Where it sits.")]
Founded = Annotated[int | None, typer.Option(help="Year founded.")]
TeamSize = Annotated[int | None, typer.Option(help="People in the team.")]
Languages = Annotated[list[str] | None, typer.Option("--language", help="Working language, profile's first.")]
Website = Annotated[str | None, typer.Option(help="Web address.")]
ContactName = Annotated[str | None, typer.Option(help="Contact person (personal data).")]
ContactEmail = Annotated[str | None, typer.Option(help="Contact e-mail (personal data).")]


def _profile(**given: Any) -> dict[str, Any]:
    names = {"capability": "capabilities", "sector": "sectors", "language": "languages"}
    return {names.get(k, k): v for k, v in given.items() if v is not None}


@command(app, "register")
def register(
    name: str,
    description: Annotated[str, typer.Option(help="What the startup does.")],
    capability: Capabilities = None,
    sector: Sectors = None,
    stage: StageOpt = None,
    city: City = None,
    founded: Founded = None,
    team_size: TeamSize = None,
    language: Languages = None,
    website: Website = None,
    contact_name: ContactName = None,
    contact_email: ContactEmail = None,
    on: On = None,
    assumed: Assumed = False,
) -> None:
    """Register a startup (registering the same profile again changes nothing)."""
    profile = _profile(
        name=name,
        description=description,
        capability=capability,
        sector=sector,
        stage=stage,
        city=city,
        founded=founded,
        team_size=team_size,
        language=language,
        website=website,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    startup, created = startups.register(
        session.store, profile, source="cli", by=session.actor, when=when(on, assumed)
    )
    done(f"startup {startup.ref} {'registered' if created else 'already registered; nothing changed'}")


@command(app, "revise")
def revise(
    startup: str,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    description: Description = None,
    capability: Capabilities = None,
    sector: Sectors = None,
    stage: StageOpt = None,
    city: City = None,
    founded: Founded = None,
    team_size: TeamSize = None,
    language: Languages = None,
    website: Website = None,
    contact_name: ContactName = None,
    contact_email: ContactEmail = None,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Revise a startup's profile; only what differs is recorded."""
    changes = _profile(
        name=name,
        description=description,
        capability=capability,
        sector=sector,
        stage=stage,
        city=city,
        founded=founded,
        team_size=team_size,
        language=language,
        website=website,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    before = session.store.find(Startup, startup).version
    s = startups.revise(
        session.store,
        startup,
        changes,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(
        f"startup {s.ref} revised (version {s.version})"
        if s.version > before
        else "nothing differs; nothing recorded"
    )


@command(app, "withdraw")
def withdraw(
    startup: str,
    reason: Reason,
    on: On = None,
    assumed: Assumed = False,
    expected_version: ExpectedVersion = None,
) -> None:
    """Withdraw a startup from the programme."""
    s = startups.withdraw(
        session.store,
        startup,
        reason,
        by=session.actor,
        when=when(on, assumed),
        expected_version=expected_version,
    )
    done(f"startup {s.ref} withdrawn")


@command(app, "erase")
def erase(startup: str, reason: Reason, on: On = None) -> None:
    """Erase the contact person's name and email on request (GDPR): no read model, export, replay
    or snapshot shows them again; the rest of the history stays verifiable."""
    s = startups.erase_personal_data(session.store, startup, reason, by=session.actor, when=when(on))
    done(f"contact data of startup {s.ref} erased; its key is destroyed")


@command(app, "list")
def list_startups(sector: Annotated[str | None, typer.Option(help="Only this sector.")] = None) -> None:
    """The startup directory: profile, applications, shortlistings, awards."""
    from projections.directory import directory_rows
    from services.application.readmodels import read_models

    rows = [
        {
            **r,
            "applied": len(r["applications"]),
            "shortlisted": len(r["shortlistings"]),
            "won": len(r["awards"]),
        }
        for r in directory_rows(read_models(session.store).view("directory"))
        if sector in (None, *r["profile"]["sectors"])
    ]
    console.print(
        listing_table(
            "Startup directory",
            rows,
            [
                "ref",
                "profile.name",
                "profile.city",
                "profile.sectors",
                "profile.stage",
                "applied",
                "shortlisted",
                "won",
                "withdrawn_on",
            ],
        )
    )
