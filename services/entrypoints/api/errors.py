"""Domain and service errors as HTTP answers, every one in FastAPI's validation-error shape.

`{"detail": [{"loc": [where, field], "msg": reason, "type": kind}]}`: bad input 422 (as FastAPI's
own validation), an unknown reference 404, a rule of the programme forbidding the change now 409
(`rule_violation`), a concurrent change or a stale expected version 409 (`conflict`), a role that
may not 403, no or an unknown key 401, too large a body 413 (services/entrypoints/api/bodylimit.py). A
refused request has written nothing.

FastAPI's own validation errors are answered with `loc`, `msg` and `type` only: never with the
`input` or `ctx` pydantic adds, which echo what the client sent (a value JSON cannot carry, a
secret pasted into the wrong field, a megabyte of text).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.errors import DomainError
from services.application.refusals import STATUS, status_and_kind
from services.errors import AccessDenied, Unauthenticated

__all__ = ["READ_ERRORS", "STATUS", "WRITE_ERRORS", "answer", "install", "locate"]


class Suggested(BaseModel):
    """An item the client probably meant (services/application/suggestions.py)."""

    kind: str = Field(description="challenge, startup, programme, workshop, shortlist or application.")
    ref: str = Field(description="Its reference, to use instead.")
    name: str = Field(description="Its name or title, to recognise it by.")


class ErrorItem(BaseModel):
    loc: list[str | int] = Field(description="Where: `path`, `query`, `header` or `body`, then the field.")
    msg: str = Field(description="Why the request was refused, in words.")
    type: str = Field(description="invalid_value, rule_violation, conflict, not_found, forbidden, …")
    suggestions: list[Suggested] | None = Field(
        default=None,
        description="With an unknown reference (404): up to three items the key's role may see whose "
        "reference or name is closest to it (umlauts spelt either way), best first.",
    )


class ErrorBody(BaseModel):
    """Every error: the field and the reason; nothing was written."""

    detail: list[ErrorItem]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "detail": [
                        {
                            "loc": ["body", "deadline"],
                            "msg": "2019-02-01 must be after the publication date 2019-03-01",
                            "type": "rule_violation",
                        }
                    ]
                }
            ]
        }
    }


def _described(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


#: The error answers every endpoint may give, for the OpenAPI document.
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _described("No API key, or one that is not configured."),
    403: _described("The key's role may not read this."),
    404: _described("No such item (or not visible to this role)."),
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    403: _described("The key's role may not make this change."),
    409: _described(
        "A rule of the programme forbids the change now (`rule_violation`), or the item changed "
        "since `expected_version` (`conflict`); nothing was written."
    ),
    413: _described("The body is larger than the server accepts (MATCHMAKER_MAX_BODY); it was not read."),
    422: _described("Malformed input; `loc` names the field."),
}


def locate(error: DomainError, where: str, field: str | None = None) -> DomainError:
    """Mark which request field an error is about (a path parameter, a body field)."""
    error.loc = [where, field or error.field or ""]  # type: ignore[attr-defined]
    return error


def _loc(request: Request, error: DomainError) -> list[str | int]:
    given = getattr(error, "loc", None)
    if given is not None:
        return list(given)
    if isinstance(error, Unauthenticated) or (isinstance(error, AccessDenied) and error.field == "role"):
        return ["header", "Authorization"]  # the key decides the role
    field = error.field
    if field is None:
        return ["body"]
    if field in request.path_params:
        return ["path", field]
    if field in request.query_params:
        return ["query", field]
    return ["body", field]


def answer(request: Request, error: DomainError) -> JSONResponse:
    status, kind = status_and_kind(error)
    item: dict[str, Any] = {"loc": _loc(request, error), "msg": error.reason, "type": kind}
    if status == 404 and (suggested := _suggested(request, error)):
        item["suggestions"] = suggested
    body = {"detail": [item]}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _suggested(request: Request, error: DomainError) -> list[dict[str, str]]:
    """What the requester probably meant by an unknown reference, as the application layer finds
    it for the key's role; nothing when the key or the store cannot say."""
    from services.application.suggestions import for_error
    from services.entrypoints.api.security import authenticate

    try:
        found = for_error(authenticate(request), request.app.state.backend.store, error)
    except Exception:  # no key, no store: the refusal alone
        return []
    return [s.as_record() for s in found]


def http_answer(request: Request, error: StarletteHTTPException) -> JSONResponse:
    """Starlette's own errors (no such route, method not allowed) in the same shape."""
    body = {"detail": [{"loc": ["path"], "msg": str(error.detail), "type": "http_error"}]}
    return JSONResponse(body, status_code=error.status_code, headers=getattr(error, "headers", None))


def validation_answer(request: Request, error: RequestValidationError) -> JSONResponse:
    """FastAPI's validation errors without the values they were about."""
    items = []
    for item in error.errors():
        msg = str(item.get("msg", "malformed"))
        if item.get("type") == "json_invalid" and isinstance(item.get("ctx"), dict):
            msg = f"{msg}: {item['ctx'].get('error', '')}"
        loc = [part if isinstance(part, int) else str(part) for part in item.get("loc", ("body",))]
        items.append({"loc": loc, "msg": msg, "type": str(item.get("type", "invalid_value"))})
    return JSONResponse({"detail": items}, status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, answer)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_answer)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_answer)  # type: ignore[arg-type]
