"""Log-in and log-out: the API's keys, kept in a cookie (see services/entrypoints/web/session.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from services.entrypoints.web.forms import text
from services.entrypoints.web.render import PageRoute, page, see_other
from services.entrypoints.web.session import PATH, Writing, actor_of, check_origin, log_in, log_out, safe_next

router = APIRouter(route_class=PageRoute)


@router.get("")
@router.get("/")
def home() -> RedirectResponse:
    return see_other(f"{PATH}/challenges")


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", next=safe_next(request.query_params.get("next")), errors={})


@router.post("/login")
async def login(request: Request) -> Response:
    """A known key logs in with its role; an unknown one is refused next to the field."""
    check_origin(request)
    form = await request.form()
    key, target = text(form, "key"), safe_next(text(form, "next"))
    if not key or actor_of(request, key) is None:
        reason = "enter your API key" if not key else "this API key is not configured"
        return page(request, "login.html", status=422, next=target, errors={"key": reason})
    response = see_other(target)
    log_in(request, response, key)
    return response


@router.post("/logout")
def logout(_: Writing) -> RedirectResponse:
    response = see_other(f"{PATH}/login")
    log_out(response)
    return response
