"""The command line's tests read no working date from the shell that runs them."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_working_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """MATCHMAKER_ON exported in a developer's shell would change every command's default date."""
    monkeypatch.delenv("MATCHMAKER_ON", raising=False)
