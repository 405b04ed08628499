"""Pages of a long listing (the directory, the board): the page asked for in the query string, and
the links to the others, with the search and filters kept."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request

from domain.errors import InvalidValue
from services.application.queries.startup_search import Found

#: The query parameters of paging, refused next to their fields like the filters.
PAGING = ("page", "page_size")


def whole(request: Request, name: str, default: int) -> int:
    """A whole number from the query string (a page number), refused next to its field if not one."""
    value = request.query_params.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise InvalidValue(name, f"{value!r} is not a whole number")
    return int(value)


def paged(request: Request, number: int) -> str:
    """This page's address with another page number: the search and filters kept."""
    return f"{request.url.path}?{urlencode({**request.query_params, 'page': number})}"


def page_links(found: Found) -> list[int | None]:
    """The page numbers to link: the first, the last and two either side of the current one, None
    where numbers are left out (shown as an ellipsis)."""
    near = {1, found.pages, *range(found.page - 2, found.page + 3)}
    numbers = sorted(n for n in near if 1 <= n <= found.pages)
    links: list[int | None] = []
    for number in numbers:
        if links and number - (links[-1] or 0) > 1:
            links.append(None)
        links.append(number)
    return links
