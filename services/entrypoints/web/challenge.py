"""A challenge's page: its description, applications and shortlists, and the manager's decisions.

Everything shown comes from the queries the API answers with, asked with the visitor's actor, so
a page shows exactly what the API shows that key (a startup: no shortlists, no drafts). Forms are
shown only when the access policy lets the visitor write (an auditor sees none), and a write goes
through the API's handler as well, so a forced POST meets the same refusal as the API gives.

- **Request a shortlist**: the API's `RequestShortlist` model from the form, ranked by the API's
  handler on the backend's ranking slot (seconds; one ranking at a time).
- **Accept or reject**: one form per candidate with a reason and two buttons (a third, to withdraw
  the decision, once one stands; changing a decision needs a reason too). Without JavaScript
  the browser posts and is redirected back to the candidate (Post/Redirect/Get); with htmx the
  candidate's card is replaced by the answer at once. A refusal (no reason for a rejection) comes
  back as the card with the message next to the reason field, status 422, and nothing written.
- **Corrections** (managers): reopen a closed challenge, revoke an award, each with a reason; the
  close or the award stays in the history. Dates are corrected on the history page.
- **Decisions** (managers, auditors): the latest decision per startup across all the challenge's
  shortlists, with the history of decisions (services/application/queries/decisions.py). After a
  decision through htmx the answer carries, besides the card, the shortlist tabs (their decided
  counts) and this view as out-of-band swaps, so nothing on the page shows the state before it.
- **Exports**: the shown shortlist as CSV or XLSX, the file the API and the command line export,
  headed in the visitor's language.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from domain import Challenge, Startup, When
from domain.errors import DomainError, InvalidValue, RuleViolation
from domain.shortlist import shortlist_ref
from domain.values import Region, Sector, Stage
from services.application import access, shortlisting
from services.application.commands import (
    AcceptCandidate,
    RejectCandidate,
    ReopenChallenge,
    RevokeAward,
    WithdrawDecision,
    handle,
)
from services.application.exports import shortlist as shortlist_exports
from services.application.queries import applications, board, decisions, directory
from services.application.queries import shortlists as shortlist_queries
from services.application.translations import N_
from services.entrypoints.web.backend import Backend, backend
from services.entrypoints.web.charts import component_bars, marked
from services.entrypoints.web.forms import checked, field_errors, given, listed, many, optional_date, text
from services.entrypoints.web.render import PageRoute, is_htmx, page, see_other, status_of
from services.entrypoints.web.session import PATH, Seeing, Visitor, Writing
from services.errors import Conflict, NotFound

router = APIRouter(route_class=PageRoute)
Api = Annotated[Backend, Depends(backend)]

REQUEST_FIELDS = (
    "top",
    "sectors",
    "stages",
    "region",
    "exclude_applied",
    "exclude_rejected",
    "exclude",
    "diverse",
    "occurred_on",
)
DECISION_FIELDS = ("startup", "reason", "verdict")
#: The decisions a candidate's form may post, by the button's value.
DECISIONS = {"accept": AcceptCandidate, "reject": RejectCandidate, "withdraw": WithdrawDecision}
#: The corrections of a challenge its page offers, by their address, and the statuses they undo.
CORRECTIONS = {"reopen": ReopenChallenge, "revoke-award": RevokeAward}
CORRECTABLE = {"reopen": ("closed", "closed early"), "revoke-award": ("awarded", "implementing")}
#: A decision taken back, as the decision view names it (`t['verdict_' ~ h.verdict]`), for extraction.
WITHDRAWN = N_("verdict_withdrawn")
#: Refusals a form shows next to its fields; any other (403 above all) is an error page.
FORM_ERRORS = (ValidationError, InvalidValue, RuleViolation, NotFound, Conflict)


def anchor(startup_ref: str) -> str:
    """The id of a candidate's card, for links and htmx targets."""
    return "candidate-" + startup_ref.removeprefix("startup/")


def number_of(raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    if not raw.strip().isdigit():
        raise InvalidValue("shortlist", f"{raw!r} is not a shortlist number")
    return int(raw)


def shortlist_of(api: Backend, visitor: Visitor, challenge: str, number: int) -> dict[str, Any]:
    """A shortlist as the API shows it, with bars and marked sentences for its candidates' cards."""
    view = shortlist_queries.shortlist(visitor.actor, api.store, challenge, number)
    profiles = {
        row["id"]: row["profile"] for row in directory.directory(visitor.actor, api.store)
    }  # the directory as this visitor may see it
    bars = component_bars(view["candidates"])
    for candidate in view["candidates"]:
        description = profiles.get(str(candidate["startup_id"]), {}).get("description", "")
        sentence = (candidate["reasons"].get("best_sentence") or {}).get("text", "")
        candidate["bars"] = bars[candidate["startup"]]
        candidate["description"] = marked(description, sentence)
        candidate["anchor"] = anchor(candidate["startup"])
    return view


def gather(api: Backend, visitor: Visitor, challenge: str, number: int | None) -> dict[str, Any]:
    """Everything the challenge page shows this visitor."""
    by = visitor.actor
    state = board.challenge(by, api.store, challenge)
    ref = state["ref"]
    found: dict[str, Any] = {
        "challenge": state,
        "applications": applications.applications(by, api.store, challenge=ref),
        "shortlists": [],
        "shortlist": None,
        "may_request": False,
        "not_shortlistable": None,
        "may_decide": False,
        "corrections": [],
        "decisions": None,
    }
    if visitor.may_write("challenge"):  # managers: the corrections that apply to its status
        found["corrections"] = [name for name, undone in CORRECTABLE.items() if state["status"] in undone]
    if visitor.may_read("shortlist"):
        summaries = sorted(shortlist_queries.summaries(by, api.store, ref), key=lambda s: s["number"])
        found["shortlists"] = summaries
        if summaries:
            shown = number or summaries[-1]["number"]
            found["shortlist"] = shortlist_of(api, visitor, ref, shown)
            found["decisions"] = decisions.decisions(by, api.store, ref)
    if visitor.may_write("shortlist"):
        found["not_shortlistable"] = shortlist_queries.not_shortlistable(by, api.store, ref)
        found["may_request"] = found["not_shortlistable"] is None
        found["may_decide"] = found["shortlist"] is not None and not found["shortlist"]["finalised_on"]
    return found


def challenge_page(
    request: Request,
    api: Backend,
    visitor: Visitor,
    challenge: str,
    number: int | None,
    *,
    status: int = 200,
    request_form: dict[str, Any] | None = None,
    request_errors: dict[str, str] | None = None,
    decision: dict[str, Any] | None = None,
    correction: dict[str, Any] | None = None,
) -> HTMLResponse:
    return page(
        request,
        "challenge.html",
        status=status,
        **gather(api, visitor, challenge, number),
        request_form=request_form or {"top": "10"},
        request_errors=request_errors or {},
        decision=decision or {},
        correction=correction or {},
        sectors=[s.value for s in Sector],
        stages=[s.value for s in Stage],
        regions=[r.value for r in Region],
    )


@router.get("/challenges/{challenge}")
def show(request: Request, challenge: str, visitor: Seeing, api: Api) -> HTMLResponse:
    number = number_of(request.query_params.get("shortlist"))
    return challenge_page(request, api, visitor, challenge, number)


@router.get("/challenges/{challenge}/shortlists/{number}/export")
def export(request: Request, challenge: str, number: str, visitor: Seeing, api: Api) -> Response:
    """The shortlist as a file (`?format=csv|xlsx`), headed and explained in the visitor's language;
    what a startup may not read it may not download either (the query refuses it)."""
    made = shortlist_exports.export(
        visitor.actor,
        api.store,
        challenge,
        number_of(number) or 0,
        request.query_params.get("format", "csv"),
        language=visitor.lang,
    )
    disposition = f'attachment; filename="{made.filename}"'
    return Response(made.content, media_type=made.media_type, headers={"Content-Disposition": disposition})


def requested(form: FormData) -> tuple[shortlisting.Request, When | None]:
    """What the form asks to rank, and its business date; the application names a wrong field."""
    top = given(form, "top")
    try:
        count = int(text(form, "top")) if top is not None else shortlisting.Request.top
    except ValueError:
        raise InvalidValue("top", f"{text(form, 'top')!r} is not a whole number") from None
    request = shortlisting.Request(
        top=count,
        sectors=tuple(many(form, "sectors")),
        stages=tuple(many(form, "stages")),
        region=given(form, "region"),
        exclude_applied=checked(form, "exclude_applied"),
        exclude_rejected=checked(form, "exclude_rejected"),
        exclude=tuple(listed(form, "exclude")),
        diverse=checked(form, "diverse"),
    )
    on = optional_date(given(form, "occurred_on"), "occurred_on")
    return request, When(on) if on else None


@router.post("/challenges/{challenge}/shortlists")
async def request_shortlist(request: Request, challenge: str, visitor: Writing, api: Api) -> Response:
    form = await request.form()
    try:
        access.check_write(visitor.actor, "shortlist")
        request_, when = requested(form)
        made = await api.rank(
            partial(
                shortlisting.request_and_view, api.store, challenge, request_, by=visitor.actor, when=when
            )
        )
    except FORM_ERRORS as error:
        shown = {
            **{name: text(form, name) for name in REQUEST_FIELDS},
            "sectors": many(form, "sectors"),
            "stages": many(form, "stages"),
        }
        errors = field_errors(error, REQUEST_FIELDS)
        again = partial(challenge_page, request, api, visitor, challenge, None, status=status_of(error))
        return await run_in_threadpool(again, request_form=shown, request_errors=errors)
    ref = made["challenge"].removeprefix("challenge/")
    return see_other(f"{PATH}/challenges/{ref}?shortlist={made['number']}#shortlist")


def decide(api: Backend, visitor: Visitor, challenge: str, number: int, form: FormData) -> None:
    """Accept, reject or withdraw a decision: the command the API's decision endpoints dispatch,
    through the same dispatcher (which asks the access policy and the domain)."""
    decision = DECISIONS.get(text(form, "verdict"))
    if decision is None:
        raise InvalidValue("verdict", "choose accept, reject or withdraw")
    shortlist = shortlist_ref(api.store.find(Challenge, challenge), number)
    try:
        startup = str(api.store.identify(Startup, text(form, "startup")))
    except DomainError as error:
        error.loc = ["form", "startup"]  # type: ignore[attr-defined]  # shown next to the form's field
        raise
    handle(api.store, decision(shortlist, startup, text(form, "reason")), by=visitor.actor)


def candidate_card(
    request: Request,
    api: Backend,
    visitor: Visitor,
    challenge: str,
    number: int,
    startup: str,
    *,
    status: int = 200,
    decision: dict[str, Any] | None = None,
) -> HTMLResponse:
    """One candidate's card, as htmx puts it in place of the old one."""
    found = gather(api, visitor, challenge, number)
    cards = found["shortlist"]["candidates"]
    card = next((c for c in cards if startup in (str(c["startup_id"]), c["startup"])), None)
    if card is None:
        raise NotFound("startup", f"{startup!r} is not a candidate on this shortlist")
    return page(request, "_candidate.html", status=status, c=card, decision=decision or {}, oob=True, **found)


@router.post("/challenges/{challenge}/shortlists/{number}/decisions")
async def decision(request: Request, challenge: str, number: str, visitor: Writing, api: Api) -> Response:
    shortlist = number_of(number) or 0
    form = await request.form()
    startup = text(form, "startup")
    try:
        await run_in_threadpool(decide, api, visitor, challenge, shortlist, form)
    except FORM_ERRORS as error:
        errors = field_errors(error, DECISION_FIELDS)
        refused, status = (
            {"startup": startup, "reason": text(form, "reason"), "errors": errors},
            status_of(error),
        )
    else:
        if not is_htmx(request):  # Post/Redirect/Get, back to the candidate
            ref = board.challenge(visitor.actor, api.store, challenge)["ref"]
            return see_other(
                f"{PATH}/challenges/{ref}?shortlist={shortlist}#{anchor(startup_ref(api, visitor, startup))}"
            )
        refused, status = None, 200
    if is_htmx(request) and startup:  # the card alone, in place of the old one
        card = partial(candidate_card, request, api, visitor, challenge, shortlist, startup)
        return await run_in_threadpool(card, status=status, decision=refused)
    whole = partial(challenge_page, request, api, visitor, challenge, shortlist)
    return await run_in_threadpool(whole, status=status, decision=refused)


def startup_ref(api: Backend, visitor: Visitor, startup: str) -> str:
    try:
        return str(directory.startup(visitor.actor, api.store, startup)["ref"])
    except DomainError:
        return startup


async def correct(request: Request, api: Backend, visitor: Visitor, challenge: str, action: str) -> Response:
    """Reopen or revoke the award, with the form's reason, through the dispatcher the API's
    endpoints use; a refusal comes back as the page with the message next to the form's field."""
    form = await request.form()
    reason = text(form, "reason")

    def run() -> None:
        handle(api.store, CORRECTIONS[action](challenge, reason), by=visitor.actor)

    try:
        await run_in_threadpool(run)
    except FORM_ERRORS as error:
        shown = {"action": action, "reason": reason, "errors": field_errors(error, ("reason",))}
        again = partial(challenge_page, request, api, visitor, challenge, None, status=status_of(error))
        return await run_in_threadpool(again, correction=shown)
    ref = board.challenge(visitor.actor, api.store, challenge)["ref"]
    return see_other(f"{PATH}/challenges/{ref}#corrections")


@router.post("/challenges/{challenge}/reopen")
async def reopen(request: Request, challenge: str, visitor: Writing, api: Api) -> Response:
    return await correct(request, api, visitor, challenge, "reopen")


@router.post("/challenges/{challenge}/revoke-award")
async def revoke_award(request: Request, challenge: str, visitor: Writing, api: Api) -> Response:
    return await correct(request, api, visitor, challenge, "revoke-award")
