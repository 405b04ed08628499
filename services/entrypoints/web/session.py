"""Who is looking at a page: the API key in a log-in cookie, and the token that guards its forms.

The pages accept the same keys as the API (services/application/keys.py) and nothing else, so a key has
the same role in a browser as with `Authorization: Bearer`. After log-in the key is kept in a
cookie that scripts cannot read (HttpOnly), that the browser sends only to /ui and only from our
own pages (SameSite=Strict), and over HTTPS only when the page came over HTTPS. Nothing is kept on
the server, so every worker process of `matchmaker api --workers N` knows every visitor.

**CSRF.** Every form that writes carries a token derived from the key in the cookie
(HMAC-SHA256 of a fixed label under the key): a foreign site cannot read it, and a token works only
with the cookie it was made for. Every POST must bring it, and a POST whose `Origin` header names
another site is refused as well; SameSite=Strict already keeps the cookie off cross-site requests.
The log-in form has no session to tie a token to, so it relies on the Origin check alone.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request, Response

from domain import Actor
from services.application import access
from services.entrypoints.web.i18n import Labels, language
from services.errors import AccessDenied

COOKIE = "matchmaker_key"
PATH = "/ui"
CSRF_FIELD = "csrf"
_CSRF_LABEL = b"matchmaker web form v1"


class LoginNeeded(Exception):
    """No valid log-in cookie: the page sends the visitor to the log-in form."""


@dataclass(frozen=True)
class Visitor:
    """The actor behind a page request, the form token of their session, and their language."""

    actor: Actor
    csrf: str
    lang: str

    @property
    def t(self) -> Labels:
        return Labels(self.lang)

    def may_write(self, kind: str) -> bool:
        """Whether the access policy lets this visitor change things of this kind: pages show a
        form only when the command behind it would be allowed."""
        try:
            access.check_write(self.actor, kind)
        except AccessDenied:
            return False
        return True

    def may_read(self, kind: str) -> bool:
        return access.may_read(self.actor, kind)

    @property
    def reads_histories(self) -> bool:
        try:
            access.check_history(self.actor)
        except AccessDenied:
            return False
        return True


def csrf_token(key: str) -> str:
    return hmac.new(key.encode(), _CSRF_LABEL, hashlib.sha256).hexdigest()


def actor_of(request: Request, key: str) -> Actor | None:
    return request.app.state.keys.actor_for(key)  # type: ignore[no-any-return]


def current_visitor(request: Request) -> Visitor:
    """The dependency of every page: the visitor, or LoginNeeded."""
    key = request.cookies.get(COOKIE, "")
    who = actor_of(request, key) if key else None
    if who is None:
        raise LoginNeeded()
    visitor = Visitor(who, csrf_token(key), language(request))
    request.state.visitor = visitor
    return visitor


async def writing_visitor(request: Request) -> Visitor:
    """The dependency of every form that writes: the visitor, after the CSRF checks."""
    visitor = current_visitor(request)
    check_origin(request)
    form = await request.form()
    given = str(form.get(CSRF_FIELD, ""))
    if not hmac.compare_digest(given.encode(), visitor.csrf.encode()):
        raise AccessDenied(CSRF_FIELD, "the form is stale or came from another site; reload the page")
    return visitor


def check_origin(request: Request) -> None:
    """Refuse a POST whose Origin (sent by browsers on every POST) is not this site."""
    origin = request.headers.get("origin")
    if origin is None:  # not a browser, or one that sends no Origin on same-site forms
        return
    ours = f"{request.url.scheme}://{request.url.netloc}"
    if origin != ours:
        raise AccessDenied("origin", "a form from another site may not write here")


def log_in(request: Request, response: Response, key: str) -> None:
    response.set_cookie(
        COOKIE,
        key,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def log_out(response: Response) -> None:
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict")


def login_url(request: Request) -> str:
    """The log-in page, returning to the page asked for (after a form: to the board, since a
    form's address answers POST only)."""
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        back = f"{PATH}/challenges"
    return f"{PATH}/login?next={quote(back, safe='')}"


def safe_next(target: str | None) -> str:
    """Only our own pages as the target after log-in (no open redirect)."""
    if not target:
        return f"{PATH}/challenges"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(PATH) or target.startswith("//"):
        return f"{PATH}/challenges"
    return target


#: For page handlers: `visitor: Seeing` (reads) and `visitor: Writing` (forms that write).
Seeing = Annotated[Visitor, Depends(current_visitor)]
Writing = Annotated[Visitor, Depends(writing_visitor)]
