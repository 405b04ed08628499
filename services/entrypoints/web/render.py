"""Pages from Jinja2 templates, and what a page shows when a request is refused.

Templates autoescape everything (profiles and reasons are typed by other people). Page handlers
raise what the API's handlers raise; `PageRoute` turns it into a page instead of JSON: no log-in
sends the visitor to the log-in form, a refusal (403, 404, 409, 422) shows an error page with the
reason and the status code of the API, so a page and the API never disagree on what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape

from domain.errors import DomainError, InvalidValue
from services.application.refusals import status_and_kind
from services.entrypoints.web import i18n, refusals
from services.entrypoints.web.session import PATH, LoginNeeded, Visitor, login_url

TEMPLATES = Path(__file__).parent / "templates"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


environment.filters["day"] = i18n.day  # Babel: 27.04.2021 in German, 27 Apr 2021 in English
environment.filters["number"] = i18n.number  # Babel: 1.234 in German, 1,234 in English
environment.filters["named"] = i18n.value_name  # {{ r.stage | named('stage', lang) }}
environment.filters["all_named"] = i18n.values_named  # {{ r.sectors | all_named('sector', lang) }}
environment.filters["moment"] = i18n.moment  # an event's recording time, to the second
environment.filters["readable"] = i18n.readable  # a stored value: ISO dates as the language writes them
environment.filters["refusal"] = refusals.in_reader_language  # a refusal's reason in the page's language
environment.filters["explained"] = i18n.explanation_text
environment.filters["learnt"] = i18n.learning_text


def switch_language(request: Request, lang: str) -> str:
    """The same page in the other language."""
    query = dict(request.query_params)
    query["lang"] = lang
    return f"{request.url.path}?{urlencode(query)}"


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A whole page (or, for htmx, a fragment) in the visitor's language."""
    visitor: Visitor | None = getattr(request.state, "visitor", None)
    lang = visitor.lang if visitor else i18n.language(request)
    other = "en" if lang == "de" else "de"
    reading = refusals.reader.set(lang)  # the error macros say refusals in it
    try:
        html = environment.get_template(template).render(
            request=request,
            visitor=visitor,
            t=i18n.Labels(lang),
            lang=lang,
            other_language=switch_language(request, other),
            root=PATH,
            **context,
        )
    finally:
        refusals.reader.reset(reading)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, lang, path=PATH, samesite="lax", max_age=365 * 24 * 3600)
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def see_other(url: str) -> RedirectResponse:
    """Post/Redirect/Get: after a write, the browser asks for the page anew."""
    return RedirectResponse(url, status_code=303)


def status_of(error: Exception) -> int:
    """The status code the API answers this refusal with (pydantic's errors: 422)."""
    return status_and_kind(error)[0]


def refused(request: Request, error: DomainError) -> HTMLResponse:
    """The API's status code for the error, and its reason in words."""
    status, kind = status_and_kind(error)
    return page(request, "error.html", status=status, error=error, kind=kind)


class PageRoute(APIRoute):
    """A route whose refusals are pages: the route class of every router of services/entrypoints/web."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_page(request: Request) -> Response:
            try:
                return await handle(request)
            except LoginNeeded:
                target = login_url(request)
                if is_htmx(request):  # htmx would put the log-in page into the fragment
                    return Response(status_code=200, headers={"HX-Redirect": target})
                return see_other(target)
            except DomainError as error:
                return refused(request, error)
            except RequestValidationError as error:  # a malformed path or query parameter
                first = error.errors()[0] if error.errors() else {"loc": ["path"], "msg": "malformed"}
                return refused(request, InvalidValue(str(first["loc"][-1]), str(first["msg"])))

        return handle_page
