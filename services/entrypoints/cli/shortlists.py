"""`matchmaker shortlist`, `accept`, `reject`, `withdraw-decision`, `finalise`, `shortlists`: ranked
shortlists with reasons, and the decisions taken on them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from domain import Candidate, Shortlist, Startup
from domain.errors import InvalidValue
from services.application.commands import (
    AcceptCandidate,
    FinaliseShortlist,
    ProduceShortlist,
    RejectCandidate,
    WithdrawDecision,
)
from services.application.queries import shortlists as queries
from services.entrypoints.cli import messages
from services.entrypoints.cli.listings import chosen, print_listing, ref, value
from services.entrypoints.cli.options import (
    Assumed,
    Json,
    LazyBars,
    ListingFormat,
    On,
    Reason,
    command,
    console,
    done,
    errors,
    session,
    when,
)
from services.entrypoints.cli.writes import changes, dispatch

BAR = "▏▎▍▌▋▊▉█"


def register(app: typer.Typer) -> None:
    command(app, "shortlist")(shortlist)
    changes(app, "accept", "{startup} accepted on {ref}")(accept)
    changes(app, "reject", "{startup} rejected on {ref}")(reject)
    changes(app, "withdraw-decision", "decision on {startup} withdrawn from {ref}; undecided again")(
        withdraw_decision
    )
    changes(app, "finalise", "shortlist {ref} finalised")(finalise)
    command(app, "shortlists")(list_shortlists)


def shortlist(
    challenge: str,
    top: Annotated[int, typer.Option(help="How many candidates.")] = 10,
    sector: Annotated[
        list[str] | None, typer.Option("--sector", help="Only startups in this sector (repeat).")
    ] = None,
    stage: Annotated[
        list[str] | None, typer.Option("--stage", help="Only startups at this stage (repeat).")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Only startups in Ruhrgebiet, NRW, Deutschland or EU.")
    ] = None,
    exclude_applied: Annotated[bool, typer.Option(help="Leave out startups that applied.")] = False,
    exclude_rejected: Annotated[
        bool, typer.Option(help="Leave out startups rejected for it before.")
    ] = False,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Leave out this startup (repeat).")
    ] = None,
    diverse: Annotated[bool, typer.Option(help="Maximal marginal relevance: fewer near-duplicates.")] = False,
    wait: Annotated[
        bool,
        typer.Option(help="Embed profiles not embedded yet first, instead of ranking them on text alone."),
    ] = False,
    pick: Annotated[
        list[str] | None, typer.Option("--pick", help="Hand-pick startups instead of ranking.")
    ] = None,
    on: On = None,
    assumed: Assumed = False,
    lang: Annotated[
        str | None,
        typer.Option(help="Language of the explanations: de or en (default: the locale's, else en)."),
    ] = None,
) -> None:
    """Rank startups for a challenge and record the shortlist (or record hand-picked candidates)."""
    if lang is not None and lang not in messages.LANGUAGES:
        known = ", ".join(messages.LANGUAGES)
        raise typer.BadParameter(f"{lang!r} is not one of {known}", param_hint="--lang")
    if pick:
        _hand_picked(challenge, pick, on, assumed)
        return
    from services.application.shortlisting import Preparing, Request, shortlisting_for

    request = Request(
        top=top,
        sectors=tuple(sector or ()),
        stages=tuple(stage or ()),
        region=region,
        exclude_applied=exclude_applied,
        exclude_rejected=exclude_rejected,
        exclude=tuple(exclude or ()),
        diverse=diverse,
        wait=wait,
    )
    with LazyBars(errors) as bars:
        result, ranking = shortlisting_for(session.store).request(
            challenge,
            request,
            by=session.actor,
            when=when(on, assumed),
            progress=relative(bars.counter("embedding the profiles of {total} new events first (--wait)…")),
            preparing=Preparing(
                indexing=relative(
                    bars.counter("indexing {total} new events for the matcher (once after an import)…")
                ),
                embedding=counting(bars.counter("embedding texts that have no vector kept yet…")),
            ),
        )
    console.print(shortlist_table(result, lang))
    settings = result.settings
    console.print(
        f"ranked {settings['pool_size']:,} startups known on {settings['pool_as_of']}", highlight=False
    )
    if ranking.not_embedded:
        console.print(
            f"[yellow]![/] {ranking.not_embedded:,} of them are not embedded yet and were ranked on their "
            "text alone: `matchmaker project run embeddings` embeds them, `--wait` waits for it",
            highlight=False,
        )
    done(
        f"shortlist {result.ref} recorded (model {result.matcher['models'][0]['fingerprint']}, "
        f"re-ranker {(result.matcher.get('reranker') or {}).get('version', 'none: no decisions yet')})"
    )


def relative(advance: Callable[[int, int | None], None]) -> Callable[[int, int], None]:
    """(position, head) in the log as (done, total) counted from the first position heard."""
    first: list[int] = []

    def heard(position: int, head: int) -> None:
        if not first:
            first.append(position if position < head else head)
        advance(position - first[0], head - first[0])

    return heard


def counting(advance: Callable[[int, int | None], None]) -> Callable[[int], None]:
    """Batches of n as a running count with no known total."""
    done = [0]

    def heard(batch: int) -> None:
        done[0] += batch
        advance(done[0], None)

    return heard


def _hand_picked(challenge: str, pick: list[str], on: Any, assumed: bool) -> None:
    store = session.store
    picked = [store.find(Startup, s) for s in pick]
    twice = sorted({f"{s.ref} ({s.name})" for s in picked if sum(p.id == s.id for p in picked) > 1})
    if twice:
        raise InvalidValue("pick", f"{', '.join(twice)} picked more than once; pick each startup once")
    candidates = [
        Candidate(
            startup_id=s.id, rank=i, score=0.0, profile_version=s.version, reasons={"picked": "by hand"}
        )
        for i, s in enumerate(picked, start=1)
    ]
    settings = {"picked": [s.ref for s in picked]}
    result = dispatch(
        ProduceShortlist(challenge, candidates, {"name": "manual"}, settings), on, assumed
    ).aggregate
    done(f"shortlist {result.ref} recorded with {len(candidates)} hand-picked candidates")


def bar(value: float, low: float, high: float, width: int = 6) -> str:
    share = min(max((value - low) / (high - low), 0.0), 1.0)
    eighths = round(share * width * 8)
    return (BAR[-1] * (eighths // 8) + (BAR[eighths % 8 - 1] if eighths % 8 else "")).ljust(width)


def shortlist_table(shortlist: Shortlist, lang: str | None = None) -> Group:
    """The ranked candidates with bars, reasons and decisions, what was learnt from decisions
    (with the training set's version), and a line per score component of each candidate."""
    store = session.store
    language = messages.language(lang)
    learnt = messages.learning_text(shortlist.matcher.get("reranker"), language) if _ranked(shortlist) else ""
    table = Table(
        title=f"Shortlist {shortlist.ref}",
        title_justify="left",
        show_lines=True,
        caption=learnt or None,
        caption_justify="left",
    )
    startups = {c.startup_id: store.load(Startup, c.startup_id) for c in shortlist.candidates}
    widest = max((len(s.ref) for s in startups.values()), default=7)
    table.add_column("#", justify="right")
    table.add_column("startup (ref)", min_width=max(widest, 13), overflow="fold")  # the ref is typed next
    table.add_column("score", justify="right")
    table.add_column("components")
    table.add_column("reasons")
    for candidate in shortlist.candidates:
        startup = startups[candidate.startup_id]
        profile = startup.profile
        c = candidate.components
        components = Text()
        for name, low, high in (
            ("dense", -3, 4),
            ("lexical", -3, 4),
            ("neighbours", -3, 4),
            ("sector", 0, 1),
            ("capabilities", -3, 4),
        ):
            if name == "neighbours" and name not in c:  # recorded before it was a component
                continue
            components.append(f"{name[:4]} {bar(c.get(name, 0.0), low, high)} {c.get(name, 0.0):+.2f}\n")
        if c.get("reranker") or c.get("feedback"):
            components.append(f"learn {c.get('reranker', 0.0) + c.get('feedback', 0.0):+.2f}\n")
        reasons = Text()
        for match in candidate.reasons.get("matched_capabilities", [])[:3]:
            reasons.append(
                f"✓ {match['required']} ≈ {match['offered']} ({match['similarity']:.2f})\n", style="green"
            )
        terms = candidate.reasons.get("matched_terms", [])[:4]
        if terms:
            reasons.append("terms: " + ", ".join(_term(t) for t in terms) + "\n")
        sentence = candidate.reasons.get("best_sentence", {}).get("text")
        if sentence:
            shown = sentence if len(sentence) <= 180 else sentence[:179] + "…"
            reasons.append(f"“{shown}”", style="italic")
        who = Text(f"{profile['name']}\n", style="bold")
        who.append(f"{startup.ref}\n", style="cyan")
        who.append(
            f"{profile.get('city') or '?'} · {profile['languages'][0]} · {', '.join(profile['sectors'][:2])}"
        )
        decision = shortlist.decisions.get(candidate.startup_id)
        if decision is not None:
            accepted = decision.verdict == "accepted"
            verdict = "✓ accepted" if accepted else "✗ rejected"
            who.append(f"\n{verdict}: {decision.reason}", style="green" if accepted else "red")
        table.add_row(str(candidate.rank), who, f"{candidate.score:.2f}", components, reasons)
    return Group(table, *_explained(shortlist, language))


def _term(term: dict[str, Any]) -> str:
    """A shared term: the word once if both texts spell it alike (case aside), else both."""
    profile, challenge = term["profile"], term["challenge"]
    return profile if profile.lower() == challenge.lower() else f"{profile}~{challenge}"


def _ranked(shortlist: Shortlist) -> bool:
    return shortlist.matcher.get("name") == "hybrid"


def _explained(shortlist: Shortlist, lang: str) -> list[Text]:
    """Each candidate's score components, one line each, in the language (shortlists recorded
    before components were explained have none)."""
    store = session.store
    names: dict[str, tuple[str, str]] = {}

    def named(startup_id: str) -> tuple[str, str]:
        """A startup's name and ref (an id that names no startup any more: shown as it is)."""
        if startup_id not in names:
            try:
                startup = store.load(Startup, UUID(startup_id))
                names[startup_id] = (startup.name, startup.ref)
            except Exception:
                names[startup_id] = (startup_id, "")
        return names[startup_id]

    def name_of(startup_id: str) -> str:
        return named(startup_id)[0]

    weights = shortlist.matcher.get("weights") or {}
    labels = messages.COMPONENTS[lang]
    width = max(len(label) for label in labels.values())
    out = []
    for candidate in shortlist.candidates:
        explanations = candidate.reasons.get("explanations") or []
        if not explanations:
            continue
        name, ref = named(str(candidate.startup_id))
        lines = Text(f"#{candidate.rank} {name}" + (f" ({ref})" if ref else "") + "\n", style="bold")
        for e in explanations:
            label = labels.get(e["component"], e["component"])
            text = messages.explanation_text(e, lang, name_of, weights)
            lines.append(f"  {label:<{width}} {e['value']:+6.2f}  ", style="dim")
            lines.append(f"{text}\n")
        out.append(lines)
    return out


def accept(
    shortlist: str,
    startup: str,
    reason: Annotated[str, typer.Option(help="Why (required when it changes a rejection).")] = "",
) -> AcceptCandidate:
    """Accept a candidate of a shortlist; accepting a rejected one changes the decision, saying why."""
    return AcceptCandidate(shortlist, startup, reason)


def reject(shortlist: str, startup: str, reason: Reason) -> RejectCandidate:
    """Reject a candidate of a shortlist, saying why (also when it changes an acceptance)."""
    return RejectCandidate(shortlist, startup, reason)


def withdraw_decision(shortlist: str, startup: str, reason: Reason) -> WithdrawDecision:
    """Take back a decision entered by mistake, saying why: the candidate is undecided again, and
    the decision stays in the shortlist's history."""
    return WithdrawDecision(shortlist, startup, reason)


def finalise(shortlist: str) -> FinaliseShortlist:
    """Finalise a shortlist: no more decisions on it."""
    return FinaliseShortlist(shortlist)


def list_shortlists(format: ListingFormat = None, as_json: Json = False) -> None:
    """Every shortlist with its challenge, matcher and decisions (not for startups)."""
    summaries = queries.summaries(session.actor, session.store)
    rows = [
        {
            **r,
            "on": r["produced_on"],
            "candidates_n": r["candidates"],
            "final": r["finalised_on"] or "",
        }
        for r in summaries
    ]
    print_listing(
        console,
        "Shortlists",
        rows,
        [
            ref(),
            value("on"),
            value("matcher.name", "matcher"),
            value("candidates_n", "candidates"),
            value("decided"),
            value("final"),
        ],
        chosen(format, as_json),
        data=summaries,
    )
