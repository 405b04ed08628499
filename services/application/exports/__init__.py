"""Files that leave the tool: a shortlist or the council report as CSV or XLSX.

Each module builds bytes from the application layer's queries, so the CLI, the API
and the web pages hand out the same file and see only what their role may see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: What a spreadsheet cell may not hold (control characters; openpyxl refuses a row with one).
_UNWRITABLE = re.compile(r"[\000-\010\013\014\016-\037]")


def cells(values: Iterable[Any]) -> list[Any]:
    """A row as a spreadsheet can hold it: a control character someone typed into a name or a
    reason becomes U+FFFD, visible in the cell, instead of failing the whole export."""
    return [_UNWRITABLE.sub("\ufffd", value) if isinstance(value, str) else value for value in values]
