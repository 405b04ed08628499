"""Where the project's own data files are: the copies under data/ in the repository."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


def data_file(relative: str) -> Path:
    """A file under data/, e.g. `eval-dev/startups.jsonl` (copied from ../shared/eval/dev)."""
    path = DATA / relative
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the repository's data/ folder is incomplete")
    return path
