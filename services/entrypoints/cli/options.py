"""Options every command shares, the session (store and actor), and error reporting."""

from __future__ import annotations

import functools
import getpass
import os
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from domain import Actor, DomainError, InvalidValue, When
from services.bootstrap import bootstrap
from services.entrypoints.cli.listings import Format
from services.errors import AccessDenied, Conflict, NotFound

if TYPE_CHECKING:
    from services.infrastructure.store import Store


def _following(made: Console) -> Console:
    """A console whose width follows the terminal (or COLUMNS) at every print, not as they were
    when it was made: the modules of the command line are imported when a command first runs,
    and in tests one process runs many commands at several widths."""
    made.width = None  # type: ignore[assignment]
    return made


console = _following(Console())
errors = _following(Console(stderr=True, soft_wrap=True))

F = TypeVar("F", bound=Callable[..., Any])

DATE_FORMATS = ["%Y-%m-%d"]

#: The environment variable that sets the default business date (`--on`) of every command, for a
#: session of recording the past: `MATCHMAKER_ON=2022-03-20 matchmaker …`.
WORKING_DATE = "MATCHMAKER_ON"

On = Annotated[
    datetime | None,
    typer.Option(
        "--on",
        formats=DATE_FORMATS,
        help=f"Business date it happened (YYYY-MM-DD; default ${WORKING_DATE}, else today).",
    ),
]
Assumed = Annotated[bool, typer.Option("--assumed", help="The business date is an estimate, not known.")]
ExpectedVersion = Annotated[
    int | None,
    typer.Option("--expected-version", help="Refuse (exit 4) if the item is no longer at this version."),
]
Reason = Annotated[str, typer.Option("--reason", help="Why.")]
Json = Annotated[
    bool, typer.Option("--json", help="Print what the HTTP API answers, as JSON (--format json).")
]
ListingFormat = Annotated[
    Format | None,
    typer.Option(
        "--format", help="table (references never cut), json (as the HTTP API answers) or csv (every column)."
    ),
]

#: Exit codes: 1 rule or input, 3 unknown reference, 4 concurrent change, 5 role may not.
EXIT_CODES: dict[type[DomainError], int] = {NotFound: 3, Conflict: 4, AccessDenied: 5}


class Session:
    """One invocation of the command line: who acts, and the application `bootstrap` built for it
    from the global options (its store opened only if the command needs it)."""

    def __init__(self, store: str | None, actor: Actor, working_date: date | None = None) -> None:
        self.app = bootstrap(store)
        self.actor = actor
        self.working_date = working_date  # MATCHMAKER_ON: the default business date of writes
        self.said_date: date | None = None  # the business date this command said it used
        self._opened_at: int | None = None  # the head of the log when this command opened the store

    @property
    def location(self) -> str:
        return self.app.configuration.store

    @property
    def store(self) -> Store:
        store = self.app.store
        if self._opened_at is None:
            self._opened_at = store.recorder.max_notification_id() or 0
        return store

    def settle(self) -> None:
        """After a command: chain what it recorded into the audit chain, and embed the profiles it
        recorded. On the embedded default (a SQLite store) no worker does either, so every command
        that opened the store does them before exiting; on PostgreSQL `project run` does."""
        if self.app.opened:
            from services.application.readmodels import embed_new_profiles

            self.app.read_models().chain.catch_up()
            recorded = (self.store.recorder.max_notification_id() or 0) > (self._opened_at or 0)
            if self.app.configuration.embedded and recorded:  # a reading command embeds nothing
                with LazyBars(errors) as bars:
                    advance = bars.counter(
                        "embedding the profiles of {total} new events (once; kept for later runs)"
                    )
                    embed_new_profiles(self.store, advance, recorded_after=self._opened_at or 0)

    def close(self) -> None:
        self.app.close()


class LazyBars:
    """Progress bars on a console that appear only once there is something to count: a command
    with nothing to wait for prints nothing, not even an empty line (its standard error stays
    clean). Each `counter` is one bar; its description may name the total (`{total}`)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress: Any = None

    def __enter__(self) -> LazyBars:
        return self

    def counter(self, description: str) -> Callable[[int, int | None], None]:
        """A callback (done, total) for one bar; a total of 0 shows nothing, None an open count."""
        task: list[Any] = []

        def advance(done: int, total: int | None) -> None:
            if not task:
                if total is not None and total <= 0:
                    return
                if self.progress is None:
                    from services.entrypoints.cli.render import progress_bar

                    self.progress = progress_bar(self.console)
                    self.progress.start()
                task.append(self.progress.add_task(description.format(total=total), total=total))
            self.progress.update(task[0], completed=done, total=total)

        return advance

    def __exit__(self, *_: object) -> None:
        if self.progress is not None:
            self.progress.stop()


_session: ContextVar[Session] = ContextVar("session")


class _Current:
    """The session of the invocation being run: made by the root command's callback and closed
    when the invocation ends, so that nothing outlives one invocation (tests invoke the app many
    times in one process)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_session.get(), name)

    def begin(
        self, context: typer.Context, store: str | None, actor: Actor, working_date: date | None = None
    ) -> Session:
        """The root callback's: a new session for this invocation, closed when it ends."""
        session = Session(store, actor, working_date)
        _session.set(session)
        context.call_on_close(session.close)
        return session


def default_actor() -> str:
    return os.environ.get("MATCHMAKER_ACTOR") or getpass.getuser()


session = _Current()


def working_date(environ: Mapping[str, str] | None = None) -> date | None:
    """The default business date MATCHMAKER_ON sets, or None; a bad value is refused naming it."""
    raw = (os.environ if environ is None else environ).get(WORKING_DATE, "").strip()
    if not raw:
        return None
    try:
        on = datetime.strptime(raw, DATE_FORMATS[0]).date()
    except ValueError:
        raise InvalidValue(WORKING_DATE, f"{raw!r} is not a date such as 2022-03-20") from None
    if on > date.today():
        raise InvalidValue(WORKING_DATE, f"{raw} is in the future; record what has happened, up to today")
    try:
        When(on)
    except DomainError as error:  # before the earliest date recorded
        raise InvalidValue(WORKING_DATE, error.reason) from None
    return on


def when(on: datetime | date | None, assumed: bool = False) -> When | None:
    """The business date of a write: --on, else MATCHMAKER_ON, else today (None: the service
    layer's today). A date other than today is said once, on stderr, with where it came from."""
    current = _session.get(None)
    source = "--on"
    if on is None and current is not None and current.working_date is not None:
        on, source = current.working_date, WORKING_DATE
    if on is None:
        return When(date.today(), assumed) if assumed else None
    chosen = When(on.date() if isinstance(on, datetime) else on, assumed)
    if chosen.on != date.today() and current is not None and current.said_date != chosen.on:
        current.said_date = chosen.on
        mark = ", assumed" if assumed else ""
        errors.print(f"business date {chosen.on.isoformat()} ({source}{mark})", highlight=False, style="dim")
    return chosen


def day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def reports_errors(func: F) -> F:
    """Show a domain error as one clear line and exit non-zero; nothing was written."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            session.settle()
            return result
        except DomainError as error:
            errors.print(f"[bold red]error[/] {escape(f'{error}{_suggested(error)}')}", highlight=False)
            raise typer.Exit(EXIT_CODES.get(type(error), 1)) from None
        except FileNotFoundError as error:
            errors.print(f"[bold red]error[/] {error}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _suggested(error: DomainError) -> str:
    """For an unknown reference: `; did you mean hausgespraech (Hausgespräch)?`, the closest items
    the reader may see (services/application/suggestions.py); else nothing."""
    if not isinstance(error, NotFound) or not getattr(error, "reference", None):
        return ""
    from services.application.suggestions import did_you_mean, for_error

    try:
        found = for_error(session.actor, session.store, error)
    except DomainError:  # the store cannot be read (a bad location): the error alone
        return ""
    return f"; {did_you_mean(found)}" if found else ""


def command(group: typer.Typer, name: str | None = None, **settings: Any) -> Callable[[F], F]:
    """Register a command on a Typer group, with domain errors reported cleanly."""

    def register(func: F) -> F:
        group.command(name, **settings)(reports_errors(func))
        return func

    return register


def done(message: str) -> None:
    console.print(f"[green]✓[/] {message}", highlight=False)
