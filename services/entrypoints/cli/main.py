"""`matchmaker`: the command line of the programme, on the same service layer as every entry point."""

from __future__ import annotations

import os
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from domain import KINDS, Actor, DomainError, Shortlist, When
from services.application.commands import ApplyToChallenge, CorrectDate, WithdrawApplication
from services.application.queries import applications as application_queries
from services.application.queries import history as history_queries
from services.application.queries import items
from services.entrypoints.cli import (
    api,
    audit,
    bus,
    challenges,
    decisions,
    evaluate,
    exports,
    imports,
    programmes,
    projections,
    report,
    shortlists,
    startups,
    workshops,
)
from services.entrypoints.cli.listings import chosen, name, print_listing, ref, text, value
from services.entrypoints.cli.options import (
    DATE_FORMATS,
    Json,
    ListingFormat,
    Reason,
    command,
    console,
    default_actor,
    errors,
    reports_errors,
    session,
    working_date,
)
from services.entrypoints.cli.render import as_json, progress_bar, state_table
from services.entrypoints.cli.writes import changes, creates

app = typer.Typer(
    help="Event-sourced matchmaking of city challenges and startups.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(programmes.app, name="programme")
app.add_typer(challenges.app, name="challenge")
decisions.register(challenges.app)
app.add_typer(startups.app, name="startup")
app.add_typer(workshops.app, name="workshop")
application_app = typer.Typer(help="Applications of startups to challenges.", no_args_is_help=True)
app.add_typer(application_app, name="application")
app.add_typer(imports.app, name="import")
shortlists.register(app)
evaluate.register(app)
app.add_typer(projections.app, name="project")
app.add_typer(report.app, name="report")
bus.register(app)
api.register(app)
app.add_typer(audit.app, name="audit")
exports.register(app)


@app.callback()
def main(
    context: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(
            envvar="MATCHMAKER_STORE", help="SQLite file (default ./var/matchmaker.db) or postgresql:// URL."
        ),
    ] = None,
    actor: Annotated[
        str | None, typer.Option(envvar="MATCHMAKER_ACTOR", help="Who acts (default: your user).")
    ] = None,
    role: Annotated[
        str, typer.Option(envvar="MATCHMAKER_ROLE", help="manager, startup, auditor or system.")
    ] = "manager",
    acts_for: Annotated[
        str | None,
        typer.Option(
            envvar="MATCHMAKER_ACTS_FOR",
            help="The startup (its ref) a person of the startup role speaks for, as a startup's key names.",
        ),
    ] = None,
) -> None:
    """Record everything that happens in a city's startup programme as events, and read it back."""
    try:
        who = Actor(actor or default_actor(), role, acts_for=acts_for)  # type: ignore[arg-type]
        default_on = working_date()  # MATCHMAKER_ON, checked before any command runs
    except DomainError as error:
        errors.print(f"[bold red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    session.begin(context, store, who, default_on)


@creates(app, "apply", "submitted")
def apply(
    challenge: str, startup: str, pitch: Annotated[str, typer.Option(help="A short pitch.")]
) -> ApplyToChallenge:
    """A startup applies to a published challenge before its deadline."""
    return ApplyToChallenge(challenge, startup, pitch)


@changes(application_app, "withdraw", "application {ref} withdrawn")
def withdraw_application(application: str, reason: Reason) -> WithdrawApplication:
    """Withdraw an application."""
    return WithdrawApplication(application, reason)


#: The kinds of item whose events' dates a manager may correct (not a startup's: it acts itself).
Kind = StrEnum(  # type: ignore[misc]
    "Kind", {kind: kind for kind, cls in KINDS.items() if cls.DATES_CORRECTED}
)


@changes(app, "correct-date", "event {event} of {kind} {item} now dated {now}")
def correct_date(
    kind: Annotated[Kind, typer.Argument(help="What the item is.")],
    item: Annotated[str, typer.Argument(help="Its ref (e.g. smart-waste-hunter) or UUID.")],
    event: Annotated[int, typer.Argument(help="The event's number, as `matchmaker history` lists it.")],
    to: Annotated[datetime, typer.Option("--to", formats=DATE_FORMATS, help="The date it should have had.")],
    reason: Reason,
) -> CorrectDate:
    """Correct the business date of a wrongly dated event (a manager's correction, recorded as an
    event of its own that names the event it corrects; the event keeps its place in the history)."""
    return CorrectDate(kind.value, item, event, to.date(), reason)


@command(application_app, "list")
def list_applications(
    challenge: Annotated[str | None, typer.Option(help="Only for this challenge.")] = None,
    format: ListingFormat = None,
    as_json: Json = False,
) -> None:
    """Every application (a startup: its own), or those to one challenge; its ref names the
    challenge and the startup (`smart-waste-hunter/einsatzlotse`)."""
    rows = application_queries.applications(session.actor, session.store, challenge)
    print_listing(
        console,
        "Applications",
        rows,
        [ref(), name("startup"), value("on"), text("pitch"), value("withdrawn_on", "withdrawn")],
        chosen(format, as_json),
    )


AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=DATE_FORMATS, help="The state at the end of this business date."),
]


@command(app, "history")
def history(reference: str, as_of: AsOf = None, json_output: Json = False) -> None:
    """An item's events in order (who, when, what); with --as-of also its state on that date
    (managers and auditors)."""
    audit.print_history(reference, as_of, json_output)


@command(app, "show")
def show(reference: str, as_of: AsOf = None, json_output: Json = False) -> None:
    """An item's current state as the reader may see it, or its state as of a date (managers and
    auditors)."""
    if as_of is None:
        fields = items.item(session.actor, session.store, reference)
    else:
        fields = history_queries.state(session.actor, session.store, reference, as_of.date())
    if json_output:
        print(as_json(fields))
        return
    suffix = f" as of {as_of.date().isoformat()}" if as_of else ""
    console.print(state_table(f"{fields['kind']} {fields['ref']}{suffix}", fields))


@app.command("demo")
@reports_errors
def demo(
    fresh: Annotated[bool, typer.Option(help="Delete the SQLite store first and record anew.")] = False,
) -> None:
    """Record the Herne story (council inquiry 2021/0401) and the startup catalogue, and show it."""
    from services.application.demo import PAIRED_DEV_CHALLENGE, already_told, tell
    from services.entrypoints.cli.shortlists import shortlist_table

    location = session.location
    if fresh:
        if not session.app.configuration.embedded:
            raise typer.BadParameter(
                "--fresh deletes a SQLite file; on PostgreSQL use an empty schema instead"
            )
        session.close()
        for suffix in ("", "-wal", "-shm"):
            Path(location + suffix).unlink(missing_ok=True)
    store = session.store
    if already_told(store):
        console.print(f"The Herne story is already recorded in {location}; use --fresh to record it anew.")
    else:
        steps: list[tuple[When, str]] = []
        with _progress() as progress:
            task = progress.add_task("embedding startup profiles (once; kept for later runs)", total=None)
            tell(
                store,
                lambda w, text: steps.append((w, text)),
                lambda done, total: progress.update(task, completed=done, total=total),
            )
        console.rule(f"The Herne story, recorded in {location}")
        for step_when, text in sorted(steps, key=lambda s: s[0].on):
            mark = "≈" if step_when.assumed else " "
            console.print(f"[cyan]{step_when.on.isoformat()}{mark}[/] {text}", highlight=False)
        console.print("≈ date assumed: the council document gives none", style="dim")
    for challenge in PAIRED_DEV_CHALLENGE:
        console.print(shortlist_table(store.find(Shortlist, f"{challenge}/shortlist-1")))
    console.rule("Smart Waste Hunter, as the council saw it on 2021-04-27")
    console.print(
        state_table(
            "challenge smart-waste-hunter as of 2021-04-27",
            history_queries.state(session.actor, store, "challenge/smart-waste-hunter", date(2021, 4, 27)),
        )
    )
    console.print(
        "Try: matchmaker history smart-waste-hunter --as-of 2019-04-01 · matchmaker challenge list · "
        "matchmaker workshop list · matchmaker history smart-waste-hunter/shortlist-1",
        style="dim",
        highlight=False,
    )


def _progress() -> Progress:
    return progress_bar(console, transient=not os.environ.get("MATCHMAKER_KEEP_PROGRESS"))


if __name__ == "__main__":
    app()
