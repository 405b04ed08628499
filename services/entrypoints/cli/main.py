"""`matchmaker`: the command line of the programme, on the same service layer as every entry point.

Each command's module is imported only when the command runs (services/entrypoints/cli/lazy.py):
`matchmaker --help` imports none of them, `matchmaker challenge list` only challenges.py's share.
"""

from __future__ import annotations

from typing import Annotated

import typer

from services.entrypoints.cli.lazy import Lazy, LazyGroup

#: Every command of the root, in the order `--help` lists them: the module that makes it, and
#: the line its help shows (tests/cli/test_startup.py keeps the lines equal to the modules' own).
COMMANDS: dict[str, Lazy] = {
    "programme": Lazy("programmes", "Programmes of a city and their partners.", group=True),
    "challenge": Lazy("challenges", "Challenges a city tenders with its companies.", group=True),
    "startup": Lazy("startups", "Startups and their profiles.", group=True),
    "workshop": Lazy("workshops", "Workshops: planned, scheduled, postponed, held, cancelled.", group=True),
    "apply": Lazy("applications", "A startup applies to a published challenge before its deadline."),
    "application": Lazy("applications", "Applications of startups to challenges.", group=True),
    "import": Lazy("imports", "Import catalogues.", group=True),
    "shortlist": Lazy(
        "shortlists",
        "Rank startups for a challenge and record the shortlist (or record hand-picked candidates).",
    ),
    "accept": Lazy(
        "shortlists",
        "Accept a candidate of a shortlist; accepting a rejected one changes the decision, saying why.",
    ),
    "reject": Lazy(
        "shortlists", "Reject a candidate of a shortlist, saying why (also when it changes an acceptance)."
    ),
    "withdraw-decision": Lazy(
        "shortlists",
        "Take back a decision entered by mistake, saying why: the candidate is undecided again, and the "
        "decision stays in the shortlist's history.",
    ),
    "finalise": Lazy("shortlists", "Finalise a shortlist: no more decisions on it."),
    "shortlists": Lazy(
        "shortlists", "Every shortlist with its challenge, matcher and decisions (not for startups)."
    ),
    "export": Lazy(
        "exports", "Files for the council's papers: a shortlist as CSV or a spreadsheet.", group=True
    ),
    "evaluate": Lazy(
        "evaluate",
        "Rank every startup of a labelled folder for each of its challenges and score the rankings.",
    ),
    "history": Lazy(
        "items",
        "An item's events in order (who, when, what); with --as-of also its state on that date (managers "
        "and auditors).",
    ),
    "show": Lazy(
        "items",
        "An item's current state as the reader may see it, or its state as of a date (managers and "
        "auditors).",
    ),
    "correct-date": Lazy(
        "items",
        "Correct the business date of a wrongly dated event (a manager's correction, recorded as an event "
        "of its own that names the event it corrects; the event keeps its place in the history).",
    ),
    "report": Lazy("report", "Reports from the read models.", group=True),
    "project": Lazy("projections", "Read models: run, rebuild, status.", group=True),
    "audit": Lazy(
        "audit", "Auditors: history, tamper check, replay, shortlist recomputation, export.", group=True
    ),
    "serve": Lazy("bus", "Relay, consumers and read models in one process."),
    "worker": Lazy(
        "bus", "Consumers only; several workers share the messages (durable consumers, queues, groups)."
    ),
    "api": Lazy("api", "Serve the HTTP API."),
    "demo": Lazy(
        "demo", "Record the Herne story (council inquiry 2021/0401) and the startup catalogue, and show it."
    ),
}


class Root(LazyGroup):
    lazy = COMMANDS


app = typer.Typer(
    cls=Root,
    help="Event-sourced matchmaking of city challenges and startups.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


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
    from domain import Actor, DomainError
    from services.entrypoints.cli.options import default_actor, errors, session, working_date

    try:
        who = Actor(actor or default_actor(), role, acts_for=acts_for)  # type: ignore[arg-type]
        default_on = working_date()  # MATCHMAKER_ON, checked before any command runs
    except DomainError as error:
        errors.print(f"[bold red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    session.begin(context, store, who, default_on)


if __name__ == "__main__":
    app()
